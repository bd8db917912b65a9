"""Each check appears as it completes: the API's long poll answers as soon as one lands."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from ticketlake.checks import CheckResult, CheckStatus

from .fakes import GOOD_PASSWORD, PasswordRunner
from .flow import customer_for
from .harness import Browser, run_id, tdx_form

pytestmark = pytest.mark.anyio
PASS = CheckStatus.PASS


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


class Landing(list[CheckResult]):
    """A run's results where the next check lands just after their count was read, as it
    does when a check completes on the event loop while a page renders in a worker thread."""

    def __init__(self, results: list[CheckResult], landing: CheckResult) -> None:
        super().__init__(results)
        self.landing: CheckResult | None = landing

    def __len__(self) -> int:
        count = super().__len__()
        if self.landing is not None:
            self.append(self.landing)
            self.landing = None
        return count


async def test_the_page_counts_exactly_the_checks_it_lists(
    app: FastAPI, browsers: Callable[[], Browser], runner: PasswordRunner
) -> None:
    """The script asks for the checks after those the page counted: a check listed but not
    counted would be appended a second time (seen in Chromium as two "auth" failures)."""
    assert runner.gate is not None
    _, customer = await customer_for(browsers)
    run = run_id(await customer.post_form("/connect", tdx_form(GOOD_PASSWORD)))
    runner.gate.put_nowait(None)
    await customer.get(f"/api/check-runs/{run}?after=0&wait=20")
    checks = app.state.web.checks.get(run)
    checks.results = Landing(list(checks.results), CheckResult("auth", "Authentication", PASS))
    page = (await customer.get(f"/connect/checks/{run}")).text
    listed = re.findall(r'<li class="check [a-z]+" data-check="([^"]+)"', page)
    counted = re.search(r'data-count="(\d+)"', page)
    assert counted is not None
    assert int(counted.group(1)) == len(listed)
