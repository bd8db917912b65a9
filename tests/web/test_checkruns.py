"""Each check appears as it completes: the API's long poll answers as soon as one lands."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from .fakes import GOOD_PASSWORD, PasswordRunner
from .flow import customer_for
from .harness import Browser, run_id, tdx_form

pytestmark = pytest.mark.anyio


@pytest.fixture
def runner() -> PasswordRunner:
    return PasswordRunner(gate=asyncio.Queue())


async def test_results_arrive_one_by_one_as_checks_complete(
    browsers: Callable[[], Browser], runner: PasswordRunner
) -> None:
    assert runner.gate is not None
    _, customer = await customer_for(browsers)
    run = run_id(await customer.post_form("/connect", tdx_form(GOOD_PASSWORD)))
    page = await customer.get(f"/connect/checks/{run}")
    assert 'data-count="0" data-done="false"' in page.text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
    seen: list[str] = []
    for expected in ("reachable", "auth", "search"):
        waiting = asyncio.create_task(
            customer.get(f"/api/check-runs/{run}?after={len(seen)}&wait=20")
        )
        runner.gate.put_nowait(None)  # let exactly one more check complete
        body = (await waiting).json()
        seen.extend(c["id"] for c in body["checks"])
        assert seen[-1] == expected
    assert seen == ["reachable", "auth", "search"]
    final = await customer.get(f"/api/check-runs/{run}?after=3&wait=20")
    assert final.json()["done"] is True
    assert final.json()["ok"] is True


async def test_page_without_script_shows_the_checks_done_so_far(
    browsers: Callable[[], Browser], runner: PasswordRunner
) -> None:
    assert runner.gate is not None
    _, customer = await customer_for(browsers)
    run = run_id(await customer.post_form("/connect", tdx_form(GOOD_PASSWORD)))
    runner.gate.put_nowait(None)
    await customer.get(f"/api/check-runs/{run}?after=0&wait=20")
    page = await customer.get(f"/connect/checks/{run}")
    assert 'data-check="reachable"' in page.text
    assert 'data-check="auth"' not in page.text
    runner.gate.put_nowait(None)
    runner.gate.put_nowait(None)
    await customer.get(f"/api/check-runs/{run}?after=3&wait=20")
    done = await customer.get(f"/connect/checks/{run}")
    assert "All checks passed." in done.text
    assert "http-equiv" not in done.text
