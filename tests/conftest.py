"""Fixtures every test can use: an isolated ticketlake home, Postgres and Chromium gates.

Postgres tests run against ``TICKETLAKE_TEST_POSTGRES`` (``.ci/run`` sets it). When it is unset
they skip with a visible reason; when it is set but the server does not answer they fail, so CI
can never pass by skipping them. Browser tests follow the same rule with
``TICKETLAKE_TEST_BROWSER=1`` and Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def ticketlake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ``$TICKETLAKE_HOME``; nothing touches ``~/.ticketlake``."""
    home = tmp_path / "tlhome"
    home.mkdir()
    monkeypatch.setenv("TICKETLAKE_HOME", str(home))
    monkeypatch.delenv("TICKETLAKE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TICKETLAKE_MASTER_KEY", raising=False)
    return home


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A reachable Postgres URL, or a visible skip (a failure when CI asked for Postgres)."""
    url = os.environ.get("TICKETLAKE_TEST_POSTGRES", "").strip()
    if not url:
        pytest.skip("TICKETLAKE_TEST_POSTGRES is not set: Postgres tests skipped")
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5):
            pass
    except psycopg.OperationalError as exc:
        pytest.fail(f"TICKETLAKE_TEST_POSTGRES is set but the server does not answer: {exc}")
    return url


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Debian's chromium binary, or a visible skip (a failure when CI asked for the browser)."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("TICKETLAKE_TEST_BROWSER") == "1":
            pytest.fail("TICKETLAKE_TEST_BROWSER=1 but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed: browser tests skipped")
    return path


@pytest.fixture
def chromium(chromium_executable: str) -> Iterator[Browser]:
    """Debian's Chromium, headless, launched by Playwright for one test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def build_dir() -> Path:
    """The repository's build/ folder (screenshots, benchmark output)."""
    path = Path(__file__).resolve().parent.parent / "build"
    path.mkdir(exist_ok=True)
    return path
