"""A stream's workers stop together. A sync cut while ticket details and object attributes
are in flight (a slice's deadline) stops every worker of those streams before it ends: none
calls the tenant after the sync ended, and none is left to fail later through the closed client
("Task exception was never retrieved ... client has been closed"), even one whose cancellation
a library below it lost (an HTTP stack that catches it and answers anyway). And when one
worker fails for good, the others stop asking."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from ticketlake.connectors.teamdynamix.streams import attributes, details
from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.transport import FakeClock

from ...sync.tdxfake import NOW, FakeTdx
from ...sync.test_run import CONNECTION

DETAIL = re.compile(r"/api/627/tickets/\d+$")
ACCOUNT = re.compile(r"/api/accounts/\d+$")


class AttributedTdx(FakeTdx):
    """The fake tenant with forty accounts whose custom attributes are read one by one."""

    def _route(self, method: str, path: str, q: dict[str, str], body: Any) -> Any:
        if path == "api/attributes/custom" and q.get("componentId") == "14":
            return [{"ID": 21, "Name": "Region", "Choices": []}]
        if path == "api/accounts":
            return [{"ID": i, "Name": f"Account {i}", "IsActive": True} for i in range(1, 41)]
        if path.startswith("api/accounts/"):
            number = int(path.rsplit("/", 1)[1])
            return {"ID": number, "Attributes": [{"ID": 21, "Name": "Region", "Value": "N"}]}
        return super()._route(method, path, q, body)


class Stubborn:
    """The fake tenant behind an HTTP stack that loses cancellations: from the ``cut``-th
    call matching ``pattern`` on, such calls hang until the sync is cancelled, then answer
    anyway; calls made after that are answered at once."""

    def __init__(self, tdx: FakeTdx, pattern: re.Pattern[str], cut: int) -> None:
        self.tdx = tdx
        self.pattern = pattern
        self.cut = cut
        self.seen = 0
        self.reached = asyncio.Event()
        self.cancelled = False
        self.after_cancel: list[str] = []
        self.after_end: list[str] = []
        self.ended = False

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if self.cancelled:
            self.after_cancel.append(request.url.path)
        if self.ended:
            self.after_end.append(request.url.path)
        if self.pattern.search(request.url.path):
            self.seen += 1
            if self.seen >= self.cut and not self.cancelled:
                self.reached.set()
                with contextlib.suppress(asyncio.CancelledError):  # the lost cancellation
                    await asyncio.Event().wait()
        await asyncio.sleep(0)  # an answer takes a turn of the loop
        return self.tdx.handle(request)


def cut_sync(stubborn: Stubborn, tmp_path: Path) -> list[str]:
    """Sync until the stubborn calls hang, then cancel the sync and wait for it to end; the
    streams' tasks still there when it has."""
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")

    async def go() -> list[str]:
        http = httpx.MockTransport(stubborn.handle)
        sync = asyncio.ensure_future(
            run_sync(CONNECTION, store, clock=FakeClock(NOW), http_transport=http)
        )
        await stubborn.reached.wait()
        stubborn.cancelled = True
        sync.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sync
        stubborn.ended = True
        left = [t.get_name() for t in asyncio.all_tasks() if "/streams/" in _source(t)]
        for _ in range(20):  # let whatever outlived the sync run on
            await asyncio.sleep(0)
        return left

    try:
        left = asyncio.run(go())
    finally:
        store.close()
    gc.collect()  # a task's unretrieved exception is reported when it is collected
    return left


def _source(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None)
    return code.co_filename if code is not None else ""


def never_retrieved(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "never retrieved" in r.getMessage()]


CASES = {
    "ticket details": (lambda: FakeTdx(tickets=120), DETAIL, details.WORKERS),
    "object attributes": (lambda: AttributedTdx(tickets=20), ACCOUNT, attributes.WORKERS),
}


@pytest.mark.parametrize("cut", [1, 13])
@pytest.mark.parametrize("stream", CASES)
def test_a_streams_workers_stop_with_the_sync(
    stream: str, cut: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tenant, pattern, workers = CASES[stream]
    stubborn = Stubborn(tenant(), pattern, cut)
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        left = cut_sync(stubborn, tmp_path)
    assert stubborn.seen >= cut  # the stream's workers were calling
    assert left == []  # no worker outlives its sync
    assert stubborn.after_end == []
    assert len(stubborn.after_cancel) <= workers  # those on their way, none more
    assert never_retrieved(caplog) == []


class FailingTdx(AttributedTdx):
    """Account 5 cannot be read (an error no retry heals)."""

    def __init__(self) -> None:
        super().__init__(tickets=20)
        self.after_failure: list[str] = []
        self.failed = False

    async def answer(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # an answer takes a turn of the loop
        if self.failed:
            self.after_failure.append(request.url.path)
        if request.url.path.endswith("/api/accounts/5"):
            self.failed = True
            return httpx.Response(400, json={"Message": "Bad Request"})
        return self.handle(request)


def test_when_one_attribute_read_fails_the_other_workers_stop_asking(tmp_path: Path) -> None:
    tdx = FailingTdx()
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")

    async def go() -> None:
        http = httpx.MockTransport(tdx.answer)
        await run_sync(CONNECTION, store, clock=FakeClock(NOW), http_transport=http)

    try:
        asyncio.run(go())
    finally:
        store.close()
    asked = [p for p in tdx.after_failure if ACCOUNT.search(p)]
    assert len(asked) < attributes.WORKERS  # at most those already on their way
