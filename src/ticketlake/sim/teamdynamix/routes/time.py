"""Time section (needs TDTimeExpense): ``POST api/time/search`` and ``GET api/time/types``.

TimeSearch readings (UNCONFIRMED parts documented): ``MaxResults`` absent = 1000, null (or 0 or
less) = all; EntryDate bounds compare calendar dates (the date part of the value sent) with the
entry's ``TimeDate``, both inclusive; CreatedDate and StatusDate bounds compare instants,
inclusive (an entry that never had a status has no StatusDate and matches no StatusDate
bound). The result
is a flat ``TimeEntry[]`` in time-entry order, not limited by Accts/Depts visibility.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_array_stream, json_response
from ticketlake.sim.teamdynamix import access, render_ref, roles
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.catalog import TIME_TYPES
from ticketlake.sim.teamdynamix.http import Call, Fields
from ticketlake.sim.teamdynamix.lifecycle import DAY, WORK_WINDOW_MS, Life, Work
from ticketlake.sim.teamdynamix.render_parts import (
    TICKET_COMPONENT,
    TICKET_TASK_COMPONENT,
    task_id,
    time_created_ms,
    time_json,
)
from ticketlake.sim.teamdynamix.routing import Op
from ticketlake.sim.teamdynamix.search import capped
from ticketlake.sim.teamdynamix.wire import ticks_to_ms_ceil, ticks_to_ms_floor

DEFAULT_MAX_RESULTS = 1000
STATUS_WITHIN_MS = 8 * DAY
"""An entry's status is set at most this long after the work (``lifecycle._work``)."""
_TYPE_IDX = {t.id: k for k, t in enumerate(TIME_TYPES)}


def _day(f: Fields, name: str) -> dt.date | None:
    v = f.get(name)
    if not v:
        return None
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError as exc:
        raise ApiError(400, f"The request is invalid: {name} is not a date.") from exc


@dataclass
class TimeQuery:
    """A parsed ``TimeSearch``."""

    max_results: int
    entry: tuple[dt.date | None, dt.date | None]
    created: tuple[int | None, int | None]
    status: tuple[int | None, int | None]
    tickets: set[int] | None
    task_ids: set[int] | None
    people: set[str] | None
    components: set[int] | None
    types: set[int] | None
    billable: bool | None

    @classmethod
    def parse(cls, f: Fields, call: Call) -> TimeQuery:
        """Read a ``TimeSearch`` body."""
        mr = f.int_value("MaxResults") if f.has("MaxResults") else DEFAULT_MAX_RESULTS
        lo, hi = f.date("CreatedDateFrom", call.world), f.date("CreatedDateTo", call.world)
        s_lo, s_hi = f.date("StatusDateFrom", call.world), f.date("StatusDateTo", call.world)
        types = f.int_list("TimeTypeIDs")
        people = f.str_list("PersonUIDs")
        return cls(
            max_results=capped(mr, call.tenant.config.readings.search_cap),
            entry=(_day(f, "EntryDateFrom"), _day(f, "EntryDateTo")),
            created=(None if lo is None else ticks_to_ms_ceil(lo),
                     None if hi is None else ticks_to_ms_floor(hi)),
            status=(None if s_lo is None else ticks_to_ms_ceil(s_lo),
                    None if s_hi is None else ticks_to_ms_floor(s_hi)),
            tickets=set(f.int_list("TicketIDs") or []) or None,
            task_ids=set(f.int_list("TicketTaskIDs") or []) or None,
            people=set(people) if people else None,
            components=set(f.int_list("Components") or []) or None,
            types=None if types is None else {_TYPE_IDX.get(x, -1) for x in types},
            billable=f.bool_value("IsBillable"),
        )  # fmt: skip

    def ticket_range(self, call: Call) -> Iterator[int]:
        """Indexes of the tickets that can hold matching entries (work is entered within
        ``WORK_WINDOW_MS`` of creation; touched tickets are always looked at)."""
        t = call.tenant
        if self.tickets is not None:
            found = (t.ticket_index(x) for x in self.tickets)
            yield from sorted(i for i in found if i is not None)
            return
        lo_ms, hi_ms = self._ms_bounds(call)
        rng = t.index.created_range(None if lo_ms is None else lo_ms - WORK_WINDOW_MS - DAY,
                                    None if hi_ms is None else hi_ms + DAY)  # fmt: skip
        extra = sorted(i for i in t.extras if i not in rng)
        yield from sorted([*rng, *extra]) if extra else rng

    def _ms_bounds(self, call: Call) -> tuple[int | None, int | None]:
        los, his = [self.created[0]], [self.created[1], self.status[1]]
        if self.status[0] is not None:  # a status is set within a week of the work
            los.append(self.status[0] - STATUS_WITHIN_MS)
        tz = call.world.tz
        if self.entry[0] is not None:
            los.append(int(dt.datetime.combine(self.entry[0], dt.time(), tz).timestamp() * 1000))
        if self.entry[1] is not None:
            day_end = dt.datetime.combine(self.entry[1], dt.time(), tz) + dt.timedelta(days=1)
            his.append(int(day_end.timestamp() * 1000))
        lo = max((x for x in los if x is not None), default=None)
        hi = min((x for x in his if x is not None), default=None)
        return lo, hi

    def matches(self, call: Call, life: Life, x: Work) -> bool:
        """Whether one entry matches."""
        component = TICKET_TASK_COMPONENT if x.task >= 0 else TICKET_COMPONENT
        day = dt.datetime.fromtimestamp(x.ms / 1000, call.world.tz).date()
        created = time_created_ms(x)
        person = call.world.directory.people[x.person].uid
        return not (
            (self.entry[0] is not None and day < self.entry[0])
            or (self.entry[1] is not None and day > self.entry[1])
            or (self.created[0] is not None and created < self.created[0])
            or (self.created[1] is not None and created > self.created[1])
            or (self.status != (None, None) and not self._status_within(x))
            or (self.components is not None and component not in self.components)
            or (self.task_ids is not None
                and (x.task < 0 or task_id(life.p.index, x.task) not in self.task_ids))
            or (self.people is not None and person not in self.people)
            or (self.types is not None and x.time_type not in self.types)
            or (self.billable is not None and TIME_TYPES[x.time_type].billable != self.billable)
        )  # fmt: skip

    def _status_within(self, x: Work) -> bool:
        lo, hi = self.status
        return (
            bool(x.status)
            and (lo is None or x.status_ms >= lo)
            and (hi is None or x.status_ms <= hi)
        )


def _entries(call: Call, q: TimeQuery) -> Iterator[dict[str, Any]]:
    served = 0
    for i in q.ticket_range(call):
        life = call.tenant.life(i)
        for k, x in enumerate(life.work):
            if not x.deleted and q.matches(call, life, x):
                yield time_json(call.world, life, k)
                served += 1
                if q.max_results and served >= q.max_results:
                    return


async def time_search(call: Call) -> Response:
    """``POST api/time/search``: a flat ``TimeEntry[]``."""
    access.require_standard_app(call.user, roles.TD_TIME)
    return json_array_stream(_entries(call, TimeQuery.parse(call.body, call)))


async def time_types(call: Call) -> Response:
    """``GET api/time/types``."""
    access.require_standard_app(call.user, roles.TD_TIME)
    return json_response(render_ref.time_types())


OPS = [
    Op("POST", "api/time/search", time_search),
    Op("GET", "api/time/types", time_types),
]
