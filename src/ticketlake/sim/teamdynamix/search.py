"""``TicketSearch``: which tickets a search returns, in which order, how many.

Our readings (UNCONFIRMED, documented in docs/simulator.md): every From bound is inclusive and
every To bound is inclusive; results come newest-modified first (ties: higher ID first);
``MaxResults`` absent means 300, 0 (or less) means all. Filters we do not implement are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ticketlake.sim.teamdynamix.catalog import (
    FORMS,
    GROUPS,
    PRIORITIES,
    SOURCES,
    STATUSES,
    TYPES,
)
from ticketlake.sim.teamdynamix.http import Fields
from ticketlake.sim.teamdynamix.lifecycle import Life
from ticketlake.sim.teamdynamix.render_ticket import sla_state
from ticketlake.sim.teamdynamix.wire import ticks_to_ms_ceil, ticks_to_ms_floor

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix.tenant import Tenant

DEFAULT_MAX_RESULTS = 300
_STATUS_IDX = {s.id: k for k, s in enumerate(STATUSES)}
_TYPE_IDX = {t.id: k for k, t in enumerate(TYPES)}
_PRIO_IDX = {f.id: k for k, f in enumerate(PRIORITIES)}
_SOURCE_IDX = {f.id: k for k, f in enumerate(SOURCES)}
_GROUP_IDX = {g.id: k for k, g in enumerate(GROUPS)}
_FORM_OF_TYPE = [FORMS[t.form].id for t in TYPES]
_CLASS_OF_TYPE = [t.classification for t in TYPES]


def _idx(ids: list[int] | None, table: dict[int, int]) -> set[int] | None:
    return None if ids is None else {table[i] for i in ids if i in table}


def _bounds(f: Fields, name: str, t: Tenant) -> tuple[int | None, int | None]:
    lo, hi = f.date(f"{name}From", t.world), f.date(f"{name}To", t.world)
    return (None if lo is None else ticks_to_ms_ceil(lo),
            None if hi is None else ticks_to_ms_floor(hi))  # fmt: skip


def capped(max_results: int | None, cap: int | None) -> int:
    """The rows a search serves: ``MaxResults`` (None or <= 0: all), within the tenant's cap."""
    wanted = max_results if max_results is not None and max_results > 0 else 0
    if cap is None:
        return wanted
    return min(wanted, cap) if wanted else cap


@dataclass
class TicketQuery:
    """A parsed ``TicketSearch``."""

    max_results: int
    ticket_id: int | None
    created: tuple[int | None, int | None]
    modified: tuple[int | None, int | None]
    statuses: set[int] | None
    status_classes: set[int] | None
    types: set[int] | None
    priorities: set[int] | None
    sources: set[int] | None
    accounts: set[int] | None
    forms: set[int] | None
    classes: set[int] | None
    groups: set[int] | None
    requestors: set[str] | None
    responsible: set[str] | None
    on_hold: bool | None
    text: str | None
    past_statuses: set[int] | None
    updated: tuple[int | None, int | None]
    sla_violated: bool | None

    @classmethod
    def parse(cls, f: Fields, t: Tenant) -> TicketQuery:
        """Read a ``TicketSearch`` body."""
        mr = f.int_value("MaxResults", DEFAULT_MAX_RESULTS)
        classes = f.int_list("TicketClassification")
        requestors, responsible = f.str_list("RequestorUids"), f.str_list("ResponsibilityUids")
        groups = f.int_list("ResponsibilityGroupIDs") or f.int_list("PrimaryResponsibilityGroupIDs")
        return cls(
            max_results=capped(mr, t.config.readings.search_cap),
            ticket_id=f.int_value("TicketID"),
            created=_bounds(f, "CreatedDate", t), modified=_bounds(f, "ModifiedDate", t),
            statuses=_idx(f.int_list("StatusIDs"), _STATUS_IDX),
            status_classes=set(f.int_list("StatusClassIDs") or []) or None,
            types=_idx(f.int_list("TypeIDs"), _TYPE_IDX),
            priorities=_idx(f.int_list("PriorityIDs"), _PRIO_IDX),
            sources=_idx(f.int_list("SourceIDs"), _SOURCE_IDX),
            accounts=set(f.int_list("AccountIDs") or []) or None,
            forms=set(f.int_list("FormIDs") or []) or None,
            # TicketClass 9 ("Ticket") means no classification filtering.
            classes=None if not classes or 9 in classes else set(classes),
            groups=_idx(groups, _GROUP_IDX),
            requestors=set(requestors) if requestors else None,
            responsible=set(responsible) if responsible else None,
            on_hold=f.bool_value("IsOnHold"),
            text=(str(f.get("SearchText")).lower() or None) if f.get("SearchText") else None,
            past_statuses=_idx(f.int_list("PastStatusIDs"), _STATUS_IDX),
            updated=_bounds(f, "UpdatedDate", t),
            sla_violated=f.bool_value("SlaViolationStatus"),
        )  # fmt: skip

    def _index_match(self, t: Tenant, i: int, visible: set[int] | None) -> bool:
        ix = t.index
        acct = ix.account[i]
        if visible is not None and acct not in visible:
            return False
        c = ix.created[i]
        lo, hi = self.created
        if (lo is not None and c < lo) or (hi is not None and c > hi):
            return False
        lo, hi = self.modified
        m = ix.modified[i]
        if (lo is not None and m < lo) or (hi is not None and m > hi):
            return False
        s = ix.status[i]
        cls = STATUSES[s].status_class
        typ = ix.type[i]
        return not (
            (self.statuses is not None and s not in self.statuses)
            or (self.status_classes is not None and cls not in self.status_classes)
            or (self.on_hold is not None and (cls == 5) != self.on_hold)
            or (self.types is not None and typ not in self.types)
            or (self.priorities is not None and ix.priority[i] not in self.priorities)
            or (self.sources is not None and ix.source[i] not in self.sources)
            or (self.accounts is not None and acct not in self.accounts)
            or (self.forms is not None and _FORM_OF_TYPE[typ] not in self.forms)
            or (self.classes is not None and _CLASS_OF_TYPE[typ] not in self.classes)
            or (self.groups is not None and ix.group[i] not in self.groups)
        )

    def _life_match(self, t: Tenant, life: Life) -> bool:
        d = t.world.directory
        if self.requestors is not None and d.people[life.p.requester].uid not in self.requestors:
            return False
        if self.responsible is not None:
            who = d.people[life.responsible].uid if life.responsible >= 0 else None
            if who not in self.responsible:
                return False
        if self.text is not None and self.text not in life.p.title.lower():
            return False
        if (
            self.past_statuses is not None
            and not ({to for _, _, to in life.history} | {0}) & self.past_statuses
        ):
            return False
        lo, hi = self.updated
        if (lo is not None or hi is not None) and not any(
            (lo is None or ms >= lo) and (hi is None or ms <= hi) for ms, _, _ in life.history
        ):
            return False
        if self.sla_violated is not None:
            violated = bool(sla_state(life, t.data_now_ms)["IsSlaViolated"])
            return violated == self.sla_violated
        return True

    def run(self, t: Tenant, visible: set[int] | None) -> Iterator[Life]:
        """The matching tickets, newest-modified first, at most ``max_results`` (0 = all)."""
        if self.ticket_id is not None:
            i = t.ticket_index(self.ticket_id)
            candidates = [] if i is None else [i]
        else:
            candidates = list(t.index.created_range(*self.created))
        mod = t.index.modified
        hits = [i for i in candidates if self._index_match(t, i, visible)]
        hits.sort(key=lambda i: mod[i] << 24 | i, reverse=True)  # one int per key: less memory
        served = 0
        for i in hits:
            life = t.life(i)
            if not self._life_match(t, life):
                continue
            yield life
            served += 1
            if self.max_results and served >= self.max_results:
                return
