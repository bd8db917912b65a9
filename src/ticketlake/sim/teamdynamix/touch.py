"""Changes made to tickets after start-up (``Tenant.touch``, ``reply``, ``edit_time``,
``delete_time``), for incremental-sync tests."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ticketlake.sim.teamdynamix import names, rand
from ticketlake.sim.teamdynamix.catalog import (
    S_AWAITING,
    S_CLOSED,
    S_IN_PROCESS,
    S_NEW,
    S_ON_HOLD,
    S_RESOLVED,
    TIME_TYPES,
)
from ticketlake.sim.teamdynamix.lifecycle import (
    COMMENT,
    STATUS_CHANGE,
    Event,
    Extras,
    Reply,
    Work,
)
from ticketlake.sim.teamdynamix.render_parts import time_id
from ticketlake.sim.teamdynamix.wire import sql_datetime

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix.tenant import Tenant

_NEXT = {S_NEW: S_IN_PROCESS, S_IN_PROCESS: S_RESOLVED, S_AWAITING: S_IN_PROCESS,
         S_ON_HOLD: S_IN_PROCESS}  # fmt: skip
SPACING_MS = 10


def _next_status(rng: random.Random, status: int) -> int | None:
    if status == S_RESOLVED:
        return S_IN_PROCESS if rng.random() < 0.3 else S_CLOSED
    return _NEXT.get(status)


def _candidates(t: Tenant, rng: random.Random, count: int) -> list[int]:
    """Up to ``count`` distinct tickets that can still change status (not Closed/Cancelled)."""
    n = t.index.count
    chosen: list[int] = []
    seen: set[int] = set()
    for _ in range(count * 20 + 100):
        if len(chosen) == count or len(seen) == n:
            break
        i = rand.below(rng, n)
        if i in seen:
            continue
        seen.add(i)
        if t.index.status[i] in _NEXT or t.index.status[i] == S_RESOLVED:
            chosen.append(i)
    return chosen


def apply(t: Tenant, rng: random.Random, count: int, at_ms: int) -> list[int]:
    """Touch ``count`` tickets from ``at_ms`` on; returns their IDs."""
    touched: list[int] = []
    cursor = sql_datetime(max(at_ms, t.data_now_ms + SPACING_MS) // 10 * 10)
    for i in _candidates(t, rng, count):
        life = t.life(i)
        when = max(cursor, (life.modified_ms // 10 + 1) * 10)
        cursor = when + SPACING_MS
        to = _next_status(rng, life.status)
        assert to is not None
        tech = life.responsible if life.responsible >= 0 else life.p.responsible
        ex = t.extras.setdefault(i, Extras())
        pos = len(life.events)
        text = rand.one(rng, names.RESOLUTIONS) if to == S_RESOLVED else ""
        ex.events.append(Event(when, STATUS_CHANGE, tech, life.status, to, text, False,
                               eid=t.new_feed_id()))  # fmt: skip
        ex.events.append(Event(when + 3, COMMENT, life.p.requester, -1, -1,
                               rand.one(rng, names.COMMENTS_CUSTOMER), False,
                               eid=t.new_feed_id()))  # fmt: skip
        if rng.random() < 0.5:
            ex.work.append(
                Work(
                    when,
                    rand.one(rng, (15, 30, 60)),
                    tech,
                    -1,
                    rand.below(rng, len(TIME_TYPES)),
                    0,
                    0,
                    t.new_time_id(),
                )
            )
        t.index.update(i, t.life(i))
        t.index.add_feed(when, i, pos)
        t.index.add_feed(when + 3, i, pos + 1)
        t.data_now_ms = max(t.data_now_ms, when + 3)
        touched.append(life.p.id)
    return touched


def add_replies(t: Tenant, rng: random.Random, count: int, at_ms: int) -> list[int]:
    """A reply to the latest comment of each of ``count`` tickets that have one, from
    ``at_ms`` on, 10 ms apart; returns their IDs."""
    replied: list[int] = []
    cursor = sql_datetime(max(at_ms, t.data_now_ms + SPACING_MS) // 10 * 10)
    for _ in range(count * 20 + 100):
        if len(replied) == count:
            break
        i = rand.below(rng, t.index.count)
        life = t.life(i)
        comments = [pos for pos, e in enumerate(life.events) if e.kind == COMMENT]
        if not comments or life.p.id in replied:
            continue
        pos = comments[-1]
        when, cursor = cursor, cursor + SPACING_MS
        who = life.p.requester if life.events[pos].actor != life.p.requester else life.p.responsible
        said = names.COMMENTS_CUSTOMER if who == life.p.requester else names.COMMENTS_TECH
        added = Reply(when, who, rand.one(rng, said), rid=t.new_reply_id())
        t.extras.setdefault(i, Extras()).replies.setdefault(pos, []).append(added)
        t.index.move_feed(when, i, pos)
        t.data_now_ms = max(t.data_now_ms, when)
        replied.append(life.p.id)
    return replied


def change_time(
    t: Tenant,
    rng: random.Random,
    count: int,
    at_ms: int,
    *,
    dated: tuple[int | None, int | None],
    delete: bool,
) -> list[int]:
    """Edit (minutes changed, ModifiedDate moved to ``at_ms``) or delete ``count`` time
    entries whose date lies within ``dated`` (ms, either end open), as someone does in the UI
    long after the ticket moved on: the ticket itself does not change. Returns their IDs."""
    lo, hi = dated
    changed: list[int] = []
    for _ in range(count * 50 + 200):
        if len(changed) == count:
            break
        i = rand.below(rng, t.index.count)
        life = t.life(i)
        picks = [k for k, x in enumerate(life.work) if not x.deleted
                 and (lo is None or x.ms >= lo) and (hi is None or x.ms <= hi)]  # fmt: skip
        if not picks:
            continue
        k = rand.one(rng, picks)
        x = life.work[k]
        entry_id = x.eid or time_id(life.p.index, k)
        if entry_id in changed:
            continue
        new = (x._replace(deleted=True) if delete else
               x._replace(minutes=x.minutes + 15, modified_ms=sql_datetime(at_ms)))  # fmt: skip
        t.extras.setdefault(i, Extras()).work_changes[k] = new
        changed.append(entry_id)
    return changed
