"""Schedules and the health of syncs: intervals and cron parsed, due connections enqueued once,
a failed schedule retried with backoff, one alert after N failures in a row (by SMTP to a local
sink), and the state an operator sees."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from ticketlake.catalog import Catalog
from ticketlake.errors import ConfigError
from ticketlake.scale.alerts import Alert
from ticketlake.scale.health import Health, backoff
from ticketlake.scale.marks import MemoryMarks
from ticketlake.scale.queue import Enqueued, SliceRequest
from ticketlake.scale.scheduler import STRANDED_AFTER, tick
from ticketlake.scale.schedules import Schedules, check_cron, parse_every
from ticketlake.scale.settings import ScaleSettings, Smtp
from ticketlake.scale.slice import SliceOutcome
from ticketlake.scale.status import collect

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z


class Coalescing:
    def __init__(self) -> None:
        self.marks = MemoryMarks()
        self.sent: list[SliceRequest] = []

    def enqueue(self, request: SliceRequest) -> Enqueued:
        if not self.marks.add(request.connection):
            return "coalesced"
        self.sent.append(request)
        return "queued"

    def waiting(self, connection: str) -> bool:
        return connection in self.marks


def test_intervals_and_cron_are_read_or_refused_with_a_fix() -> None:
    assert parse_every("15m") == 900
    assert parse_every("2h") == 7200
    assert check_cron("*/15 * * * *") == "*/15 * * * *"
    with pytest.raises(ConfigError, match="15m"):
        parse_every("often")
    with pytest.raises(ConfigError, match="shorter than a minute"):
        parse_every("10s")
    with pytest.raises(ConfigError, match="cron"):
        check_cron("every day")


def test_a_due_schedule_is_enqueued_once_and_moves_on(catalog: Catalog) -> None:
    schedules = Schedules(catalog)
    schedules.set("acme", every=900, cron=None, now=T0)
    queue = Coalescing()
    assert tick(catalog, queue, T0) == {"acme": "queued"}
    assert tick(catalog, queue, T0 + 1) == {}  # next due in 15 minutes
    assert schedules.get("acme").next_at == T0 + 900  # type: ignore[union-attr]
    assert tick(catalog, queue, T0 + 900) == {"acme": "coalesced"}  # the first still waits
    assert queue.sent == [SliceRequest("acme", "scheduled")]


def test_a_cron_schedule_is_due_at_its_next_time(catalog: Catalog) -> None:
    schedules = Schedules(catalog)
    row = schedules.set("acme", every=None, cron="30 2 * * *", now=T0)
    assert row.describe() == "cron 30 2 * * *"
    assert row.after(T0) == T0 + 2 * 3600 + 30 * 60


def test_a_failing_tenant_is_retried_with_backoff_and_alerted_once(catalog: Catalog) -> None:
    alerts: list[Alert] = []
    clock = [T0]
    health = Health(ScaleSettings(alert_after=3), now=lambda: clock[0],
                    alert=lambda a, s: alerts.append(a))  # fmt: skip
    Schedules(catalog).set("acme", every=900, cron=None, now=T0)
    for failure in range(1, 7):
        health.record_in(catalog, SliceOutcome("acme", "failed", error="could not log in"))
        row = Schedules(catalog).get("acme")
        assert row is not None
        assert row.failures == failure
        assert row.next_at == T0 + min(backoff(failure), 900)
    assert alerts == [Alert("acme", 3, "could not log in")]  # one, at the third failure
    health.record_in(catalog, SliceOutcome("acme", "done"))
    for _ in range(3):
        health.record_in(catalog, SliceOutcome("acme", "failed", error="again"))
    assert [a.error for a in alerts] == ["could not log in", "again"]  # a new streak alerts


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


@pytest.fixture
def smtp_sink() -> Iterator[tuple[int, list[object]]]:
    received: list[object] = []

    class Keep(Message):
        def handle_message(self, message: object) -> None:
            received.append(message)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def test_the_alert_is_mailed_through_smtp(
    catalog: Catalog, smtp_sink: tuple[int, list[object]]
) -> None:
    port, received = smtp_sink
    smtp = Smtp("127.0.0.1", port, "ticketlake@example.com", ("ops@example.com",))
    health = Health(ScaleSettings(alert_after=2, smtp=smtp), now=lambda: T0)
    for _ in range(4):
        health.record_in(catalog, SliceOutcome("acme", "failed", error="401 Unauthorized"))
    assert len(received) == 1
    mail = received[0]
    assert mail["Subject"] == "ticketlake: acme failed 2 times in a row"  # type: ignore[index]
    assert "401 Unauthorized" in mail.get_payload()  # type: ignore[attr-defined]


def test_the_operator_sees_queued_failed_and_never(catalog: Catalog) -> None:
    from ..catalog.samples import tdx_submission

    catalog.create("beta", tdx_submission(password="pw"))
    catalog.create("gamma", tdx_submission(password="pw"))
    Health(ScaleSettings(), now=lambda: T0, alert=lambda a, s: None).record_in(
        catalog, SliceOutcome("beta", "failed", error="boom")
    )
    marks = MemoryMarks()
    marks.add("acme")
    found = {s.connection: (s.state, s.failures, s.last_error) for s in collect(catalog, marks)}
    assert found == {
        "acme": ("queued", 0, None),
        "beta": ("failed", 1, "boom"),
        "gamma": ("never", 0, None),
    }


def test_a_sync_whose_rest_was_lost_is_queued_again(catalog: Catalog) -> None:
    """Its last slice ended ``continued`` but nothing of it waits or runs (Redis restarted
    empty): the scheduler's tick queues the rest, once, after a grace (a slice picked up
    has no mark a moment before it takes the lease)."""
    Health(ScaleSettings(), now=lambda: T0, alert=lambda a, s: None).record_in(
        catalog, SliceOutcome("acme", "continued")
    )
    queue = Coalescing()
    assert tick(catalog, queue, T0 + 1) == {}
    assert tick(catalog, queue, T0 + STRANDED_AFTER) == {"acme": "queued"}
    assert tick(catalog, queue, T0 + STRANDED_AFTER + 1) == {}  # it waits now
    assert queue.sent == [SliceRequest("acme", "continued")]
