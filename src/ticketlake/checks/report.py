"""The verification report: named checks, each with its evidence and the step that fixes it.

A ``CheckReport`` is what ``ticketlake check`` prints (``--json`` prints ``to_dict()``), what
``connect`` shows right after saving, and what the catalog stores. A report whose source has no
checks yet says so (``available`` false, ``ok`` false): it never passes by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ticketlake.readable import duration

if TYPE_CHECKING:
    from ticketlake.connectors.base import ConnectionSettings

EXCERPT_CHARS = 300


class CheckStatus(StrEnum):
    """A check's outcome; ``skipped`` means a prerequisite check failed."""

    PASS = "pass"  # noqa: S105 - a status name, not a password
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Evidence:
    """One call a check made: what was asked, what came back (sanitized), how long it took."""

    method: str
    path: str
    """The path as called, below the base URL (ids filled in, no query secrets)."""
    status: int | None = None
    """The HTTP status, ``None`` when no answer came (refused, timed out)."""
    excerpt: str = ""
    """The start of the response body with secrets redacted (at most ``EXCERPT_CHARS``)."""
    elapsed_ms: float | None = None

    def __post_init__(self) -> None:
        if len(self.excerpt) > EXCERPT_CHARS:
            object.__setattr__(self, "excerpt", self.excerpt[: EXCERPT_CHARS - 1] + "…")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "excerpt": self.excerpt,
            "elapsed_ms": self.elapsed_ms,
        }


@dataclass(frozen=True)
class CheckResult:
    """One named check: its status, what it saw, and what to do about it."""

    id: str
    """Stable identifier, e.g. ``auth``, ``app``, ``feed-agreement``."""
    title: str
    status: CheckStatus
    summary: str = ""
    """What the check found, in one sentence."""
    evidence: tuple[Evidence, ...] = ()
    remediation: str = ""
    """What to do when it did not pass (empty on pass)."""
    step: str = ""
    """The setup-guide step that fixes it, e.g. ``Step 4: Assign the service account ...``."""
    impact: str = ""
    """What the outcome means for the data a sync brings, in one sentence (warnings carry one:
    ``the sync will store only the tickets of the account's own Accts/Depts``)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``evidence`` is a list of calls)."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "summary": self.summary,
            "impact": self.impact,
            "evidence": [e.to_dict() for e in self.evidence],
            "remediation": self.remediation,
            "step": self.step,
        }


@dataclass(frozen=True)
class CheckReport:
    """Every check of one connection, in order, plus the preview of what a sync will bring."""

    connection: str
    source: str
    checks: tuple[CheckResult, ...] = ()
    preview: Mapping[str, Any] = field(default_factory=dict)
    available: bool = True
    """False when no checks exist for this source yet (then nothing was verified)."""
    note: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @classmethod
    def ended(
        cls,
        settings: ConnectionSettings,
        checks: Sequence[CheckResult],
        preview: Mapping[str, Any],
        started_at: datetime,
    ) -> CheckReport:
        """The report of a run of ``settings``'s checks that began at ``started_at`` and
        ends now."""
        return cls(
            connection=settings.name,
            source=settings.source,
            checks=tuple(checks),
            preview=preview,
            started_at=started_at,
            finished_at=datetime.now(UTC),
        )

    @property
    def ok(self) -> bool:
        """True when checks ran and none failed: a sync may run. Warnings do not fail a report,
        but they are not a pass either: ``ticketlake.checks.verdict`` says which it is."""
        return self.available and all(c.status is not CheckStatus.FAIL for c in self.checks)

    def counts(self) -> dict[str, int]:
        """How many checks ended in each status."""
        return {s.value: sum(c.status is s for c in self.checks) for s in CheckStatus}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``ticketlake check --json`` and stored in the catalog."""
        return {
            "connection": self.connection,
            "source": self.source,
            "ok": self.ok,
            "available": self.available,
            "note": self.note,
            "checks": [c.to_dict() for c in self.checks],
            "preview": dict(self.preview),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckReport:
        """Read back a stored report (the inverse of ``to_dict``)."""
        return cls(
            connection=data["connection"],
            source=data["source"],
            checks=tuple(_result(c) for c in data.get("checks", ())),
            preview=dict(data.get("preview") or {}),
            available=bool(data.get("available", True)),
            note=str(data.get("note", "")),
            started_at=_time(data.get("started_at")),
            finished_at=_time(data.get("finished_at")),
        )


def _result(data: Mapping[str, Any]) -> CheckResult:
    return CheckResult(
        id=data["id"],
        title=data["title"],
        status=CheckStatus(data["status"]),
        summary=data.get("summary", ""),
        evidence=tuple(Evidence(**e) for e in data.get("evidence", ())),
        remediation=data.get("remediation", ""),
        step=data.get("step", ""),
        impact=data.get("impact", ""),
    )


def _time(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def preview_rows(preview: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The preview of a first sync as (label, text) lines, for the CLI and the web page alike;
    one ``("not available", reason)`` line when the checks could not compute it. A figure the
    checks could not read says why, never a bare ``None``."""
    if not preview:
        return []
    if not preview.get("available"):
        return [("not available", str(preview.get("reason") or "the checks did not get that far"))]
    rows: list[tuple[str, str]] = []
    tickets = preview.get("tickets")
    if isinstance(tickets, Mapping):
        rows.append(("tickets", _tickets_line(tickets)))
    if "people" in preview:
        capped = "at least " if preview.get("people_capped") else ""
        rows.append(("people", _counted(preview["people"], capped, "People")))
    if "groups" in preview:
        rows.append(("groups", _counted(preview["groups"], "", "Groups")))
    for key in ("time_entries", "ticket_tasks", "ticket_details"):
        if preview.get(key) is not None:
            rows.append((key.replace("_", " "), str(preview[key])))
    feed = preview.get("feed")
    if isinstance(feed, Mapping):
        rows.append(("comments, status changes", _feed_line(feed)))
    eta = preview.get("eta")
    if isinstance(eta, Mapping):
        rows.append(("backfill ETA", _eta_line(eta)))
    budget = preview.get("budget")
    if isinstance(budget, Mapping):
        rows.append(("tenant budget", _budget_line(budget)))
    return rows


def _counted(value: object, prefix: str, check: str) -> str:
    if isinstance(value, int):
        return f"{prefix}{value:,}"
    return f"not counted (the {check} check did not pass)"


def _tickets_line(tickets: Mapping[str, Any]) -> str:
    count = tickets.get("count")
    about = "" if tickets.get("exact") else "about "
    counted = f"{about}{count:,}" if isinstance(count, int) else "not counted"
    oldest = str(tickets.get("oldest_created") or "")[:10]
    newest = str(tickets.get("newest_modified") or "")[:10]
    span = [f"created from {oldest}" if oldest else "", f"last modified {newest}" if newest else ""]
    dates = ", ".join(s for s in span if s)
    return f"{counted} ({dates})" if dates else counted


def _feed_line(feed: Mapping[str, Any]) -> str:
    if feed.get("bulk") is True:
        return "application-wide feed (it agrees with the ticket feeds)"
    if feed.get("bulk") is False:
        return "one feed call per ticket (the application-wide feed is not used)"
    return "application-wide feed if it answers, else per ticket (not verified)"


def _eta_line(eta: Mapping[str, Any]) -> str:
    seconds = eta.get("eta_seconds")
    floor = eta.get("floor_seconds")
    when = duration(seconds) if seconds else "within the first rate-limit window"
    # The floor is calls / rate; the fixed windows let a short sync beat it, and a floor
    # above the ETA would only puzzle.
    bound = f"floor {duration(floor)}, " if floor and seconds and floor <= seconds else ""
    calls = eta.get("calls")
    counted = f"{calls} calls" if isinstance(calls, int) else "calls not counted"
    busiest = eta.get("bottleneck") or "none"
    return f"{when} ({bound}{counted}; busiest endpoint {busiest})"


def _budget_line(budget: Mapping[str, Any]) -> str:
    """A budget the tenant shares with other integrations (Autotask's hour): the connection's
    share, what the backfill's calls are of it, and what the others leave now when it is less.
    """
    allowance, threshold = budget.get("allowance"), budget.get("threshold")
    if not isinstance(allowance, int) or not isinstance(threshold, int) or allowance <= 0:
        return "not known"
    share = f"{100 * allowance / threshold:.0f} %" if threshold else "?"
    line = f"{allowance:,} calls an hour ({share} of the tenant's {threshold:,})"
    calls = budget.get("calls")
    if isinstance(calls, int):
        line += f": the backfill's {calls:,} calls are {_hours(calls / allowance)} of it"
    rate, others = budget.get("rate"), budget.get("others")
    if isinstance(rate, int) and rate < allowance and isinstance(others, int):
        line += f"; other integrations used {others:,} in the last hour, leaving {rate:,} an hour"
        if isinstance(calls, int):
            line += f": {_hours(calls / rate)} at that rate" if rate else ": none left now"
    return line


def _hours(hours: float) -> str:
    return duration(hours * 3600)
