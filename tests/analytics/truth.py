"""The metrics computed independently from a simulated tenant's truth (plain Python, no SQL).

Reads the truth in the vendor's own shapes (TeamDynamix tickets, statuses, status_history,
time_entries, ticket_feed) and works out what the views must say. It shares no code with the
views, the mapping or the sync: the same definitions (docs/metrics.md), written a second way.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Any

Row = Mapping[str, Any]
CLOSED_CLASSES = {3, 4, "Completed", "Cancelled"}  # TDX StatusClass: Completed 3, Cancelled 4
COMPLETED_CLASSES = {3, "Completed"}


def instant(value: Any, tz: tzinfo) -> datetime | None:
    """A TDX date as a UTC instant: sentinel (year 1) and empty are ``None``; zone-less text is
    in the tenant's zone ``tz``."""
    if not value or str(value).startswith("0001-01-01"):
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)


def monday(moment: datetime) -> date:
    """The Monday (UTC) of the week holding ``moment``."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


def hours(later: datetime, earlier: datetime) -> float:
    """Hours from ``earlier`` to ``later``."""
    return (later - earlier).total_seconds() / 3600


@dataclass
class Ticket:
    """What the truth says about one ticket."""

    id: int
    created: datetime
    responded: datetime | None
    completed: datetime | None
    status_class: Any
    respond_by: datetime | None
    resolve_by: datetime | None
    group: str | None
    priority: str | None
    type: str | None
    attributes: dict[str, str]
    changes: list[tuple[datetime, bool]]  # (when, open after) from status_history, in order

    @property
    def is_resolved(self) -> bool:
        return self.status_class in COMPLETED_CLASSES and self.completed is not None

    @property
    def is_open(self) -> bool:
        return self.status_class not in CLOSED_CLASSES

    def open_at(self, moment: datetime) -> bool:
        """Whether the ticket was open at ``moment`` (it exists and its last change said so)."""
        if moment < self.created:
            return False
        i = bisect.bisect_right([when for when, _ in self.changes], moment)
        return True if i == 0 else self.changes[i - 1][1]


class Truth:
    """A tenant's truth: ``read(name)`` yields the rows of ``<name>.jsonl``."""

    def __init__(self, rows: Mapping[str, Iterable[Row]], tz: tzinfo = UTC) -> None:
        self.tz = tz
        statuses = {s["ID"]: s["StatusClass"] for s in rows["statuses"]}
        history: dict[int, list[Row]] = defaultdict(list)
        for change in rows["status_history"]:
            history[change["TicketID"]].append(change)
        self.tickets = {
            t["ID"]: self._ticket(t, history.get(t["ID"], []), statuses) for t in rows["tickets"]
        }
        self.time_entries = list(rows["time_entries"])
        activity = [t.created for t in self.tickets.values()]
        for t in rows["tickets"]:
            activity += [m for m in (instant(t.get("ModifiedDate"), tz),) if m]
        activity += [t.completed for t in self.tickets.values() if t.completed]
        feed = list(rows["ticket_feed"])
        said = [*feed, *(r for e in feed for r in e.get("Replies") or ())]  # replies are events
        activity += [m for m in (instant(e.get("CreatedDate"), tz) for e in said) if m]
        self.as_of = max(activity)

    def _ticket(self, t: Row, history: list[Row], statuses: Mapping[Any, Any]) -> Ticket:
        tz = self.tz
        changes = sorted(
            (instant(h["Date"], tz), statuses[h["ToStatusID"]] not in CLOSED_CLASSES)
            for h in history
        )
        return Ticket(
            id=t["ID"],
            created=instant(t["CreatedDate"], tz),
            responded=instant(t.get("RespondedDate"), tz),
            completed=instant(t.get("CompletedDate"), tz),
            status_class=statuses.get(t["StatusID"], t.get("StatusClass")),
            respond_by=instant(t.get("RespondByDate"), tz),
            resolve_by=instant(t.get("ResolveByDate"), tz),
            group=t.get("ResponsibleGroupName") or None,
            priority=t.get("PriorityName") or None,
            type=t.get("TypeName") or None,
            attributes={
                a["Name"]: a.get("ValueText") or a.get("Value")
                for a in t.get("Attributes") or []
                if a.get("ValueText") or a.get("Value")
            },
            changes=[(w, o) for w, o in changes if w is not None],
        )

    # -- ticket facts --------------------------------------------------------------------------

    def facts(self) -> dict[int, dict[str, Any]]:
        """Per ticket: the measures of ticket_facts."""
        return {tid: self._facts(t) for tid, t in self.tickets.items()}

    def _facts(self, t: Ticket) -> dict[str, Any]:
        states = [True] + [open_ for _, open_ in t.changes]
        cancelled = t.status_class in CLOSED_CLASSES - COMPLETED_CLASSES
        return {
            "first_response_hours": hours(t.responded, t.created) if t.responded else None,
            "resolution_hours": hours(t.completed, t.created) if t.is_resolved else None,
            "reopen_count": sum(1 for a, b in pairwise(states) if not a and b),
            "sla_respond_met": None if cancelled else self._met(t.responded, t.respond_by),
            "sla_resolve_met": None
            if cancelled
            else self._met(t.completed if t.is_resolved else None, t.resolve_by),
            "open_age_days": hours(self.as_of, t.created) / 24 if t.is_open else None,
        }

    def _met(self, done: datetime | None, deadline: datetime | None) -> bool | None:
        if deadline is None:
            return None
        if done is not None:
            return done <= deadline
        return False if deadline < self.as_of else None

    # -- aggregates ----------------------------------------------------------------------------

    def backlog(self) -> dict[date, int]:
        """Open tickets at the end of every UTC day from the first ticket to the data's now."""
        first = min(t.created for t in self.tickets.values()).date()
        counts = {}
        for n in range((self.as_of.date() - first).days + 1):
            day = first + timedelta(days=n)
            end = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
            # "at the end of the day" = just before midnight: changes at 00:00 belong to the next
            moment = end - timedelta(microseconds=1)
            counts[day] = sum(t.open_at(moment) for t in self.tickets.values())
        return counts

    def volume(self, dimension: str) -> Counter[tuple[date, str, str]]:
        """(week, value, "created"|"resolved") -> tickets, for a ticket field or a custom
        attribute (``attribute:<name>``)."""
        counts: Counter[tuple[date, str, str]] = Counter()
        for t in self.tickets.values():
            value = self._value(t, dimension)
            if value is None and dimension.startswith("attribute:"):
                continue
            value = value or "(none)"
            counts[(monday(t.created), value, "created")] += 1
            if t.is_resolved:
                counts[(monday(t.completed), value, "resolved")] += 1
        return counts

    @staticmethod
    def _value(t: Ticket, dimension: str) -> str | None:
        if dimension.startswith("attribute:"):
            return t.attributes.get(dimension.removeprefix("attribute:"))
        return {"group": t.group, "priority": t.priority, "type": t.type}[dimension]

    def worklog(self) -> Counter[tuple[date, str]]:
        """(week of the work date, person uid) -> hours."""
        counts: Counter[tuple[date, str]] = Counter()
        for e in self.time_entries:
            work = datetime.fromisoformat(str(e["TimeDate"])[:10]).date()
            counts[(work - timedelta(days=work.weekday()), str(e["Uid"]))] += e["Minutes"] / 60
        return counts


def read_jsonl_rows(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Parse JSON lines (helper for truth dumps on disk)."""
    import json

    for line in lines:
        if line.strip():
            yield json.loads(line)
