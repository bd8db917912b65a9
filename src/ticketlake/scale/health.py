"""What happens after a slice: its outcome recorded per connection, a failed schedule retried
with backoff, and one alert after ``alert_after`` consecutive failures (none more until a sync
succeeds), so a tenant that fails every time never becomes a silent retry storm."""

from __future__ import annotations

import time
from collections.abc import Callable

from ticketlake.catalog import Catalog
from ticketlake.scale.alerts import Alert, send
from ticketlake.scale.schedules import Schedules
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.slice import SliceOutcome

BACKOFF = 60.0
"""Seconds before the first retry of a failed schedule; doubled per failure."""
MAX_BACKOFF = 3600.0


def backoff(failures: int) -> float:
    """Seconds before retrying after ``failures`` consecutive failures."""
    return float(min(MAX_BACKOFF, BACKOFF * 2.0 ** max(0, failures - 1)))


class Health:
    """Records outcomes (``record_in`` is a slice observer)."""

    def __init__(
        self,
        settings: ScaleSettings,
        *,
        now: Callable[[], float] = time.time,
        alert: Callable[[Alert, ScaleSettings], object] = send,
    ) -> None:
        self.settings = settings
        self._now = now
        self._alert = alert

    def record_in(self, catalog: Catalog, outcome: SliceOutcome) -> None:
        """Record ``outcome``; retry a failed schedule after a backoff; alert at N failures."""
        schedules = Schedules(catalog)
        now = self._now()
        row = schedules.ended(outcome.connection, outcome.status, outcome.error, now)
        if outcome.status != "failed":
            return
        if row.scheduled:
            retry = now + backoff(row.failures)
            due = row.after(now)
            schedules.postpone(row.connection, min(retry, due) if due is not None else retry)
        if row.failures >= self.settings.alert_after and not row.alerted:
            schedules.mark_alerted(row.connection)  # first: a failing send is not retried
            self._alert(Alert(row.connection, row.failures, outcome.error or ""), self.settings)
