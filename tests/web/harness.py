"""Drive the web app in-process like a browser would: cookies, CSRF tokens from the pages,
and a record of every response so tests can prove no submitted secret ever comes back."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from fastapi import FastAPI

ORIGIN = "http://127.0.0.1:8080"
OPERATOR = "alice"
OPERATOR_PASSWORD = "operator-password-42"
PUBLIC_IP = "93.184.216.34"

# Every secret value any web test submits; no response may ever contain one of them.
SECRETS = (
    "s3cret-Pa55word-ok",
    "wrong-Pa55word-1",
    "tw-api-key-8c1f0e",
    "tw-client-secret-77aa",
    OPERATOR_PASSWORD,
    "sim-Secret-1*Zp",  # the simulated Autotask tenant's secret and tracking identifier
    "SIMTICKETLAKE7QX2M4K8P3RZ5WA",
)


def resolver(host: str, port: int) -> list[str]:
    """DNS for the tests: ``*.intranet.test`` is private, everything else public."""
    return ["10.1.2.3"] if host.endswith("intranet.test") else [PUBLIC_IP]


class Browser:
    """An in-process client with a cookie jar that records every response it gets."""

    def __init__(self, app: FastAPI, seen: list[httpx.Response]) -> None:
        self.seen = seen
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=ORIGIN,
            follow_redirects=False,
            event_hooks={"response": [self._record]},
        )

    async def _record(self, response: httpx.Response) -> None:
        await response.aread()
        self.seen.append(response)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(path, **kwargs)

    async def csrf(self, path: str) -> str:
        """The CSRF token of the form on a page."""
        page = await self.get(path)
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found, f"no CSRF token on {path} ({page.status_code})"
        return found.group(1)

    async def post_form(
        self,
        path: str,
        data: Mapping[str, str | Sequence[str]],
        *,
        token_from: str | None = None,
    ) -> httpx.Response:
        """Submit a form the way its page would (with the page's CSRF token)."""
        token = await self.csrf(token_from or path)
        return await self.http.post(path, data={**data, "csrf": token})

    async def api(
        self, method: str, path: str, *, json: Any = None, token_from: str = "/connections"
    ) -> httpx.Response:
        """Call the JSON API as the page script does (X-CSRF-Token on unsafe methods)."""
        headers = {}
        if method != "GET":
            headers["X-CSRF-Token"] = await self.csrf(token_from)
        return await self.http.request(method, path, json=json, headers=headers)

    async def login(
        self, name: str = OPERATOR, password: str = OPERATOR_PASSWORD
    ) -> httpx.Response:
        return await self.post_form(
            "/login", {"name": name, "password": password}, token_from="/login"
        )

    async def invite(self, connection: str, source: str = "teamdynamix") -> str:
        """Create an invite as the logged-in operator; return the link's path."""
        page = await self.post_form(
            "/invites",
            {"source": source, "connection": connection, "hours": "24"},
            token_from="/connections",
        )
        assert page.status_code == 201, page.text
        found = re.search(r'id="invite-link" readonly value="([^"]+)"', page.text)
        assert found
        return found.group(1).removeprefix(ORIGIN)

    async def open_invite(self, link: str) -> httpx.Response:
        """Open an invite link and press Begin."""
        return await self.post_form(link, {}, token_from=link)

    async def aclose(self) -> None:
        await self.http.aclose()


def run_id(response: httpx.Response) -> str:
    """The check run a "Save and test" redirected to."""
    location = response.headers["location"]
    assert location.startswith("/connect/checks/"), location
    return location.rsplit("/", 1)[1]


def tdx_form(password: str = "", **overrides: str) -> dict[str, str | list[str]]:
    """A TeamDynamix form as a browser posts it (checkbox = hidden false + true)."""
    data: dict[str, str | list[str]] = {
        "base_url": "https://acme.teamdynamix.com/TDWebApi",
        "app_id": "627",
        "auth_mode": "password",
        "username": "cioanalytics",
        "password": password,
        "report_id": "",
        "time_entries": ["false", "true"],
        "ticket_tasks": ["false"],
        "timezone": "America/Chicago",
    }
    data.update(overrides)
    return data
