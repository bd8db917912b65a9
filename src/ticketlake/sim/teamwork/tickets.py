"""A Desk ticket's life, a pure function of (seed, index, creation time): the customer's first
message, the agent's reply (inside or outside the SLA), more messages and notes, being solved
and closed, time logged on it (some edited later), a few deleted."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ticketlake.sim import rand
from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.directory import Directory
from ticketlake.sim.teamwork.tasks import Timelog

TICKET_BASE, MESSAGE_BASE, TICKET_TIMELOG_BASE = 5_001, 70_000_001, 40_000_001
MESSAGES, TIMELOGS = 8, 4
TICKET = 42
MINUTE_MS, HOUR_MS = 60_000, 3_600_000


@dataclass(frozen=True)
class Message:
    """A message (the customer's or an agent's) or an internal note on a ticket."""

    id: int
    at_ms: int
    thread_type: str
    """``message`` or ``note``."""
    from_customer: bool
    by: int
    """Customer index when ``from_customer``, else person index."""
    body: str


@dataclass
class TicketLife:
    """A Desk ticket as it stands at ``as_of``."""

    j: int
    id: int
    created_ms: int
    inbox: int
    customer: int
    company: int
    agent: int | None
    priority: int
    type: int
    source: int
    subject: str
    status: int = catalog.ACTIVE
    responded_ms: int | None = None
    resolved_ms: int | None = None
    deleted_ms: int | None = None
    messages: list[Message] = field(default_factory=list)
    timelogs: list[Timelog] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    status_ms: int = 0

    @property
    def updated_ms(self) -> int:
        """The ticket's last change (a message, a status change, deletion)."""
        return max(self.messages[-1].at_ms, self.status_ms, self.deleted_ms or 0)


def build_ticket(seed: int, j: int, created_ms: int, d: Directory, as_of_ms: int) -> TicketLife:
    """Desk ticket ``j`` as it stands at ``as_of_ms``."""
    rng = rand.stream(seed, TICKET, j)
    customer = rand.below(rng, d.customers)
    company = d.customer_company(customer)
    agent = rand.one(rng, d.staff) if rng.random() < 0.92 else None
    priority = rand.below(rng, len(catalog.TICKET_PRIORITIES))
    life = TicketLife(j, TICKET_BASE + j, created_ms, rand.below(rng, len(catalog.INBOXES)),
                      customer, company, agent, priority,
                      rand.below(rng, len(catalog.TICKET_TYPES)),
                      rand.below(rng, len(catalog.TICKET_SOURCES)),
                      rand.one(rng, catalog.TICKET_SUBJECTS), status_ms=created_ms)  # fmt: skip
    life.tags = [catalog.TAGS[3][0]] if rng.random() < 0.3 else []
    _say(life, created_ms, True, customer, "message")
    if agent is not None:
        _converse(life, rng, agent, as_of_ms)
        _time(life, rng, agent, as_of_ms)
    if rng.random() < 0.01:
        life.deleted_ms = min(as_of_ms - 1000, life.updated_ms + HOUR_MS)
    return life


def _say(life: TicketLife, at: int, customer: bool, by: int, kind: str) -> None:
    n = len(life.messages)
    text = "Thanks, that fixed it." if customer and n else f"{life.subject}: details inside."
    life.messages.append(Message(MESSAGE_BASE + life.j * MESSAGES + n, at, kind, customer, by,
                                 text if customer else f"Reply {n} from support."))  # fmt: skip


def _converse(life: TicketLife, rng: random.Random, agent: int, as_of_ms: int) -> None:
    target = catalog.sla_of(life.priority)[2]
    late = rng.random() < 0.2
    at = life.created_ms + int(target * MINUTE_MS * (1.2 + rng.random() if late
                                                      else 0.1 + 0.8 * rng.random()))  # fmt: skip
    if at >= as_of_ms:
        return
    life.responded_ms = at
    _say(life, at, False, agent, "message")
    life.status, life.status_ms = catalog.WAITING, at
    for _ in range(rand.below(rng, 4)):
        at += int(rng.expovariate(1 / 10) * HOUR_MS) + MINUTE_MS
        if at >= as_of_ms or len(life.messages) >= MESSAGES - 1:
            return
        customer = rng.random() < 0.5
        _say(life, at, customer, life.customer if customer else agent,
             "message" if customer or rng.random() < 0.7 else "note")  # fmt: skip
        life.status, life.status_ms = (catalog.ACTIVE if customer else catalog.WAITING), at
    at += int(rng.expovariate(1 / 20) * HOUR_MS)
    if at < as_of_ms and rng.random() < 0.85:
        life.resolved_ms = at
        life.status, life.status_ms = catalog.SOLVED, at
        closed = at + 72 * HOUR_MS
        if closed < as_of_ms:
            life.status, life.status_ms = catalog.CLOSED, closed


def _time(life: TicketLife, rng: random.Random, agent: int, as_of_ms: int) -> None:
    for t in range(rand.below(rng, 3)):
        logged = life.messages[min(t + 1, len(life.messages) - 1)].at_ms
        created = logged + 10 * MINUTE_MS
        if created >= as_of_ms:
            return
        updated = created
        if rng.random() < 0.25:
            updated = min(as_of_ms - 1000, created + int(rng.expovariate(1 / 30) * HOUR_MS))
        life.timelogs.append(Timelog(TICKET_TIMELOG_BASE + life.j * TIMELOGS + t, logged,
                                     created, updated, 5 * (1 + rand.below(rng, 24)),
                                     rng.random() < 0.5, agent,
                                     f"Ticket #{life.id}: {life.subject}"))  # fmt: skip
