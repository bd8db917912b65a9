"""Teamwork's wire conventions: RFC 3339 UTC times, lenient query values, error bodies.

Internally every instant is an ``int`` of milliseconds since the Unix epoch ("ms"). v3, Desk and
Spaces serve times as ``2021-01-08T12:50:45Z`` (reference B4's documentation sample); query
times come as ``yyyy-mm-dd`` or RFC 3339, v1's ``updatedAfterDate`` as ``YYYYMMDDHHMMSS``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from starlette.responses import Response

from ticketlake.sim.responses import json_response

DAY_MS = 86_400_000
Api = Literal["v3", "v1", "desk", "spaces", "launchpad"]
TITLES = {400: "bad request", 401: "unexpected error", 403: "forbidden", 404: "not found",
          405: "method not allowed", 429: "too many requests"}  # fmt: skip
NOT_AUTHORIZED = "401: Not authorized"


class ApiError(Exception):
    """An error answer in the shape of the API that gives it."""

    def __init__(self, status: int, detail: str, api: Api = "v3") -> None:
        super().__init__(detail)
        self.status, self.detail, self.api = status, detail, api
        self.headers: dict[str, str] = {}

    def response(self) -> Response:
        """v3, Desk and Spaces: ``{"errors":[{id,title,detail}]}`` (B4, observed live; the
        Desk and Spaces shapes are UNCONFIRMED); v1: ``{"MESSAGE","STATUS":"Error"}``; the
        launchpad: ``{"status":"error","message"}``."""
        if self.api == "v1":
            body: object = {"MESSAGE": self.detail, "STATUS": "Error"}
        elif self.api == "launchpad":
            body = {"status": "error", "message": self.detail}
        else:
            title = TITLES.get(self.status, "unexpected error")
            body = {"errors": [{"id": uuid.uuid4().hex, "title": title, "detail": self.detail}]}
        response = json_response(body, self.status)
        response.headers.update(self.headers)
        return response


def unauthorized(api: Api) -> ApiError:
    """The 401 every wrong credential and every nonexistent site gets (B4)."""
    return ApiError(401, NOT_AUTHORIZED, api)


def fmt(ms: int | None) -> str | None:
    """An instant as ``2026-10-30T14:05:09Z`` (None stays null)."""
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms // 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fmt_date(ms: int | None) -> str | None:
    """The UTC date of an instant, ``2026-10-30``."""
    return None if ms is None else (fmt(ms) or "")[:10]


def fmt_v1(ms: int | None) -> str:
    """v1's ``YYYYMMDD`` dates (empty when unset, as v1 leaves them)."""
    return "" if ms is None else (fmt(ms) or "")[:10].replace("-", "")


def parse_time(text: str, what: str, api: Api = "v3") -> int:
    """A query time in ms: ``yyyy-mm-dd``, RFC 3339 (zone-less is UTC) or v1's
    ``YYYYMMDDHHMMSS``/``YYYYMMDD``; 400 naming the parameter otherwise."""
    t = text.strip().replace(" ", "+")
    try:
        if t.isdigit() and len(t) in (8, 14):
            parsed = dt.datetime.strptime(t, "%Y%m%d%H%M%S" if len(t) == 14 else "%Y%m%d")
        else:
            parsed = dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ApiError(400, f"invalid value for {what}: {text!r}", api) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return int(parsed.timestamp() * 1000)


def parse_bool(text: str | None) -> bool:
    """A boolean parameter in any case (``true``, ``True``, ``1``, ``yes``)."""
    return (text or "").strip().lower() in ("true", "1", "yes", "on")


def parse_int(text: str | None, default: int, what: str, api: Api = "v3") -> int:
    """An integer parameter (``default`` when absent or empty); 400 otherwise."""
    if text is None or not text.strip():
        return default
    try:
        return int(text.strip())
    except ValueError as exc:
        raise ApiError(400, f"invalid value for {what}: {text!r}", api) from exc


def parse_ids(text: str | None) -> set[int] | None:
    """A comma-separated list of IDs (``None`` when absent)."""
    if not text:
        return None
    return {int(p) for p in text.split(",") if p.strip().lstrip("-").isdigit()}


def ref(ident: int | None, kind: str) -> dict[str, object] | None:
    """A relationship ``{"id", "type"}`` (null for no ID)."""
    return None if ident is None else {"id": ident, "type": kind}
