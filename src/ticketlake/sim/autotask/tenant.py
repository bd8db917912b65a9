"""The simulated Autotask tenant: its data, its state, its budget, and what it was asked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ticketlake.sim.autotask import render_directory as rd
from ticketlake.sim.autotask.budget import Budget
from ticketlake.sim.autotask.catalog import CATEGORIES, DEPARTMENTS, ROLES
from ticketlake.sim.autotask.config import SimConfig
from ticketlake.sim.autotask.deletions import DeletionLog
from ticketlake.sim.autotask.directory import Directory, Resource
from ticketlake.sim.autotask.ids import Counters
from ticketlake.sim.autotask.index import TicketIndex, ticket_values
from ticketlake.sim.autotask.lifecycle import Extras, Life
from ticketlake.sim.autotask.render_ticket import (
    history_rows,
    note_json,
    resource_id,
    sla_json,
    ticket_json,
    time_json,
)
from ticketlake.sim.autotask.scenarios import make_setup
from ticketlake.sim.autotask.tables import HistoryTable, IndexedTable, ListTable, Record, Table
from ticketlake.sim.autotask.world import World
from ticketlake.sim.clock import VirtualClock, tenant_clock, wait_virtual
from ticketlake.sim.requestlog import RequestRecord, WriteRecord

_CACHE = 4096


@dataclass
class Tenant:
    """An Autotask database: companies, contacts, resources, tickets and their history, the
    API user a scenario set up, and the budget every integration shares."""

    config: SimConfig
    world: World = field(init=False)
    index: TicketIndex = field(init=False)
    clock: VirtualClock = field(init=False)
    budget: Budget = field(init=False)
    deletions: DeletionLog = field(init=False)
    counters: Counters = field(init=False)
    requests: list[RequestRecord] = field(default_factory=list)
    writes: list[WriteRecord] = field(default_factory=list)
    extras: dict[int, Extras] = field(default_factory=dict)
    history_extra: dict[int, int] = field(default_factory=dict)
    data_now_ms: int = 0
    """The data's "now": ``as_of``, or the latest change made since."""
    zone: str = ""
    changes_made: int = 0
    startup_seconds: float = 0.0
    _lives: dict[int, Life] = field(default_factory=dict)

    def __post_init__(self) -> None:
        started = time.monotonic()
        cfg = self.config
        setup = make_setup(cfg)
        directory = Directory(cfg.seed, cfg.tickets, setup.api_user, setup.others)
        as_of_ms = int(cfg.resolved_as_of().timestamp() * 1000)
        self.world = World(cfg, setup, directory, as_of_ms)
        self.zone = setup.zone
        self.data_now_ms = as_of_ms
        self.counters = Counters.after(cfg.tickets)
        self.deletions = DeletionLog()
        self.index = TicketIndex()
        for i in range(cfg.tickets):
            life = self.world.life(i)
            self.index.add_ticket(life, self._values(life), self.resource_id)
            self.deletions.plan(self.world, life)
        self.deletions.number()
        self.clock = cfg.clock or tenant_clock(cfg.time_scale, as_of_ms / 1000)
        admins = (directory.resources[0].email,)
        self.budget = Budget(cfg.readings, setup.other_rph, admins)
        self.startup_seconds = time.monotonic() - started

    # ------------------------------------------------------------------ data
    def now(self) -> float:
        """The tenant's virtual time (epoch seconds)."""
        return self.clock.now()

    @property
    def api_user(self) -> Resource:
        """The API user the scenario set up."""
        return self.world.setup.api_user

    def resource_id(self, idx: int) -> int | None:
        """The ID of a resource index (-1: nobody)."""
        return resource_id(self.world, idx)

    def _values(self, life: Life) -> dict[str, int | None]:
        d = self.world.directory
        contact = d.contacts[life.p.contact].id if life.p.contact >= 0 else None
        return ticket_values(life, d.company_id(life.p.company), contact, self.resource_id)

    def life(self, i: int) -> Life:
        """Ticket ``i`` as it stands now (recent ones cached)."""
        life = self._lives.get(i)
        if life is None:
            if len(self._lives) >= _CACHE:
                self._lives.clear()
            life = self._lives[i] = self.world.life(i, self.extras.get(i))
        return life

    def forget(self, i: int) -> None:
        """Ticket ``i`` changed: generate it afresh next time, and re-index it."""
        self._lives.pop(i, None)
        life = self.life(i)
        self.index.tickets.set(i, self._values(life))
        self.index.tickets.gone[i] = bool(life.deleted_ms)

    def ticket_index(self, ticket_id: int) -> int | None:
        """The index of a ticket ID, or None."""
        return self.world.index_of(ticket_id)

    async def wait(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass (real time divided by the time scale)."""
        await wait_virtual(self.clock, self.config.sleep, seconds)

    # ---------------------------------------------------------------- tables
    def table(self, entity: str) -> Table:
        """The entity's table."""
        w, ix = self.world, self.index

        def row_life(rows: Any, row: int) -> Life:
            return self.life(rows.ticket[row])

        tables: dict[str, Any] = {
            "Tickets": lambda: IndexedTable(entity, ix.tickets, lambda r: ticket_json(
                w, self.life(r), self.data_now_ms)),
            "TicketNotes": lambda: IndexedTable(entity, ix.notes, lambda r: note_json(
                w, row_life(ix.notes, r), ix.notes.pos[r])),
            "TimeEntries": lambda: IndexedTable(entity, ix.time, lambda r: time_json(
                w, row_life(ix.time, r), ix.time.pos[r])),
            "ServiceLevelAgreementResults": lambda: IndexedTable(entity, ix.slas, lambda r: (
                sla_json(w, row_life(ix.slas, r), ix.slas.id[r], self.data_now_ms))),
            "TicketHistory": lambda: HistoryTable(w.count, self._history, self.ticket_index,
                                                  self.history_extra),
            "Resources": lambda: ListTable(entity, lambda: [
                rd.resource_json(r) for r in sorted(w.directory.resources, key=lambda r: r.id)]),
            "Companies": lambda: ListTable(entity, self._companies),
            "Contacts": lambda: ListTable(entity, lambda: [
                rd.contact_json(w, c) for c in w.directory.contacts]),
            "Roles": lambda: ListTable(entity, lambda: [rd.role_json(k)
                                                        for k in range(len(ROLES))]),
            "Departments": lambda: ListTable(entity, lambda: [
                rd.department_json(k) for k in range(len(DEPARTMENTS))]),
            "TicketCategories": lambda: ListTable(entity, lambda: [
                rd.category_json(k) for k in range(len(CATEGORIES))]),
            "DeletedTicketLogs": lambda: ListTable(entity, lambda: self.deletions.tickets),
            "DeletedTicketActivityLogs": lambda: ListTable(entity,
                                                           lambda: self.deletions.activities),
        }  # fmt: skip
        table: Table = tables[entity]()
        return table

    def _companies(self) -> list[Record]:
        w = self.world
        return sorted((rd.company_json(w, k) for k in range(w.directory.companies)),
                      key=lambda c: int(c["id"]))  # fmt: skip

    def _history(self, i: int) -> list[Record]:
        life = self.life(i)
        return [] if life.deleted_ms else history_rows(self.world, life)

    # --------------------------------------------------------------- changes
    def touch(self, count: int, at: float | None = None) -> list[int]:
        """Work ``count`` open or recently completed tickets at virtual time ``at`` (default
        now): a status change, a note, sometimes a time entry. Returns their IDs."""
        from ticketlake.sim.autotask import changes

        return changes.touch(self, count, self._at(at))

    def delete_tickets(self, count: int, at: float | None = None) -> list[int]:
        """Delete ``count`` tickets (logged in DeletedTicketLogs); returns their IDs."""
        from ticketlake.sim.autotask import changes

        return changes.delete_tickets(self, count, self._at(at))

    def delete_notes(self, count: int, at: float | None = None) -> list[int]:
        """Delete ``count`` notes (logged in DeletedTicketActivityLogs); returns their IDs."""
        from ticketlake.sim.autotask import changes

        return changes.delete_activity(self, count, self._at(at), notes=True)

    def delete_time(self, count: int, at: float | None = None) -> list[int]:
        """Delete ``count`` time entries (logged in DeletedTicketActivityLogs)."""
        from ticketlake.sim.autotask import changes

        return changes.delete_activity(self, count, self._at(at), notes=False)

    def edit_time(self, count: int, at: float | None = None) -> list[int]:
        """Edit ``count`` time entries (15 more minutes, lastModifiedDateTime moved)."""
        from ticketlake.sim.autotask import changes

        return changes.edit_time(self, count, self._at(at))

    def _at(self, at: float | None) -> int:
        when = int((self.clock.now() if at is None else at) * 1000)
        return max(when, self.data_now_ms + 10)

    # ----------------------------------------------------------------- truth
    def iter_truth(self, name: str) -> Iterator[dict[str, Any]]:
        """Every record of one kind the tenant holds (see ``truth.NAMES``)."""
        from ticketlake.sim.autotask import truth

        return truth.iter_truth(self, name)

    def dump_truth(self, directory: str | Path) -> Path:
        """Write ``<name>.jsonl`` for every kind plus ``manifest.json``; returns the folder."""
        from ticketlake.sim.autotask import truth

        return truth.dump(self, Path(directory))
