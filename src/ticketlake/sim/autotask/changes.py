"""Changes made to the tenant after start-up, as its technicians and customers would make them
(``POST /_simulator/changes``), so incremental syncs can be tried."""

from __future__ import annotations

import bisect
import random
from typing import TYPE_CHECKING

from ticketlake.sim import rand
from ticketlake.sim.autotask import catalog
from ticketlake.sim.autotask.catalog import (
    COMPLETE,
    CUSTOMER_NOTE,
    IN_PROGRESS,
    NEW,
    WAITING_CUSTOMER,
)
from ticketlake.sim.autotask.deletions import note_log, ticket_log, time_log
from ticketlake.sim.autotask.index import Rows
from ticketlake.sim.autotask.lifecycle import (
    CUSTOMER_NOTES,
    RESOLUTIONS,
    TECH_NOTES,
    Change,
    Extras,
    Note,
    Work,
)

if TYPE_CHECKING:
    from ticketlake.sim.autotask.tenant import Tenant

CHANGES = 41  # random stream kind
SPACING_MS = 10
_NEXT = {NEW: IN_PROGRESS, IN_PROGRESS: COMPLETE, WAITING_CUSTOMER: CUSTOMER_NOTE,
         CUSTOMER_NOTE: IN_PROGRESS, COMPLETE: CUSTOMER_NOTE}  # fmt: skip


def _rng(t: Tenant) -> random.Random:
    t.changes_made += 1
    return rand.stream(t.config.seed, CHANGES, t.changes_made)


def _tickets(t: Tenant, rng: random.Random, count: int) -> list[int]:
    """Up to ``count`` distinct tickets that still exist."""
    n, chosen = t.world.count, list[int]()
    for _ in range(count * 20 + 100):
        if len(chosen) == count or n == 0:
            break
        i = rand.below(rng, n)
        if i not in chosen and not t.index.tickets.gone[i]:
            chosen.append(i)
    return chosen


def touch(t: Tenant, count: int, at_ms: int) -> list[int]:
    """A status change and a note (sometimes a time entry) on ``count`` tickets, 10 ms apart."""
    rng, done, when = _rng(t), [], at_ms
    for i in _tickets(t, rng, count):
        life = t.life(i)
        to = _NEXT.get(life.status, IN_PROGRESS)
        tech = life.assigned
        ex = t.extras.setdefault(i, Extras())
        hid = t.counters.next("history")
        ex.changes.append(Change(when, tech, life.status, to, hid=hid))
        t.history_extra[hid] = i
        customer = to == CUSTOMER_NOTE and life.p.contact >= 0
        text = rand.one(
            rng, CUSTOMER_NOTES if customer else (RESOLUTIONS if to == COMPLETE else TECH_NOTES)
        )
        kind = (
            catalog.CUSTOMER_NOTE_TYPE
            if customer
            else (catalog.RESOLUTION_NOTE if to == COMPLETE else catalog.GENERAL_NOTE)
        )
        nid = t.counters.next("note")
        ex.notes.append(Note(when + 3, -1 if customer else tech, kind, 1, text.split(".")[0],
                             text, nid))  # fmt: skip
        eid = t.counters.next("time") if rng.random() < 0.5 else 0
        if eid:
            ex.work.append(Work(when - 30 * 60_000, 30, tech, 0, when, when,
                                rand.one(rng, TECH_NOTES), eid))  # fmt: skip
        t.forget(i)
        life = t.life(i)
        t.index.add_note(life, len(life.notes) - 1, nid, False)
        if eid:
            t.index.add_time(life, len(life.work) - 1, eid, t.resource_id(tech), False)
        t.data_now_ms = max(t.data_now_ms, when + 3)
        done.append(life.p.id)
        when += SPACING_MS
    return done


def _rows_of(rows: Rows, i: int, first_id: int, next_id: int) -> list[int]:
    """Rows of ticket ``i``: its planned ones (IDs in [first_id, next_id)) and added ones."""
    lo, hi = bisect.bisect_left(rows.id, first_id), bisect.bisect_left(rows.id, next_id)
    return [*range(lo, hi), *(r for r in range(hi, len(rows.id)) if rows.ticket[r] == i)]


def delete_tickets(t: Tenant, count: int, at_ms: int) -> list[int]:
    """Delete ``count`` tickets with everything on them; each is logged."""
    from ticketlake.sim.autotask.ids import note_id, time_id

    rng, done, when = _rng(t), [], at_ms
    admins = t.world.directory.techs
    for i in _tickets(t, rng, count):
        by = admins[rand.below(rng, len(admins))]
        t.extras.setdefault(i, Extras()).deleted = (when, by)
        t.forget(i)
        for r in _rows_of(t.index.notes, i, note_id(i, 0), note_id(i + 1, 0)):
            t.index.notes.gone[r] = 1
        for r in _rows_of(t.index.time, i, time_id(i, 0), time_id(i + 1, 0)):
            t.index.time.gone[r] = 1
        row = bisect.bisect_left(t.index.slas.ticket, i)
        if row < len(t.index.slas.ticket) and t.index.slas.ticket[row] == i:
            t.index.slas.gone[row] = 1
        life = t.life(i)
        t.deletions.add(ticket_log(t.world, life, when, by), ticket=True)
        t.data_now_ms = max(t.data_now_ms, when)
        done.append(life.p.id)
        when += SPACING_MS
    return done


def _alive_rows(t: Tenant, rows: Rows, rng: random.Random, count: int) -> list[int]:
    chosen: list[int] = []
    for _ in range(count * 50 + 200):
        if len(chosen) == count or not rows.id:
            break
        r = rand.below(rng, len(rows.id))
        if not rows.gone[r] and r not in chosen:
            chosen.append(r)
    return chosen


def delete_activity(t: Tenant, count: int, at_ms: int, *, notes: bool) -> list[int]:
    """Delete ``count`` notes or time entries of existing tickets; each is logged."""
    rng, done, when = _rng(t), [], at_ms
    rows = t.index.notes if notes else t.index.time
    for r in _alive_rows(t, rows, rng, count):
        i, k = rows.ticket[r], rows.pos[r]
        life = t.life(i)
        ex = t.extras.setdefault(i, Extras())
        if notes:
            n = life.notes[k]._replace(deleted_ms=when, deleted_by=life.assigned)
            ex.note_changes[k] = n
            t.deletions.add(note_log(t.world, life, n), ticket=False)
        else:
            x = life.work[k]._replace(deleted_ms=when, deleted_by=life.assigned)
            ex.work_changes[k] = x
            t.deletions.add(time_log(t.world, life, x), ticket=False)
        rows.gone[r] = 1
        t.forget(i)
        t.data_now_ms = max(t.data_now_ms, when)
        done.append(rows.id[r])
        when += SPACING_MS
    return done


def edit_time(t: Tenant, count: int, at_ms: int) -> list[int]:
    """Add 15 minutes to ``count`` time entries, as someone does long after; the ticket's
    lastActivityDate moves with them (our reading)."""
    rng, done, when = _rng(t), [], at_ms
    rows = t.index.time
    for r in _alive_rows(t, rows, rng, count):
        i, k = rows.ticket[r], rows.pos[r]
        x = t.life(i).work[k]
        t.extras.setdefault(i, Extras()).work_changes[k] = x._replace(
            minutes=x.minutes + 15, modified_ms=when
        )
        rows.set(r, {"lastmodifieddatetime": when})
        t.forget(i)
        t.data_now_ms = max(t.data_now_ms, when)
        done.append(rows.id[r])
        when += SPACING_MS
    return done
