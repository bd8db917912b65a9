"""Security headers on every page, API answer and the generated report."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .harness import Browser

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("path", ["/login", "/api/invites", "/i/no-such-token", "/nowhere"])
async def test_pages_and_api_carry_the_security_headers(
    browsers: Callable[[], Browser], path: str
) -> None:
    response = await browsers().get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


async def test_pages_load_only_our_own_script_and_style(
    browsers: Callable[[], Browser],
) -> None:
    page = await browsers().get("/login")
    assert '<script src="/static/app.js" defer></script>' in page.text
    assert "<script>" not in page.text
    assert "style=" not in page.text
    assert "http" not in page.text.split("<body>")[0].replace("http-equiv", "")


async def test_static_files_are_served(browsers: Callable[[], Browser]) -> None:
    browser = browsers()
    script = await browser.get("/static/app.js")
    assert script.status_code == 200
    assert "followRun" in script.text
    assert (await browser.get("/static/app.css")).status_code == 200
