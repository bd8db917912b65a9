"""Compact columns of every task, ticket, time log and comment, so a million records fit in
memory without their bodies and lists filter on them without generating records.

Built once at start-up by generating every task and ticket; a record is regenerated from
(seed, index) whenever it is served. Rows are kept in ID order, so a list in ID order is a walk
over rows. ``ordered`` keeps the rows a filter matches in update order, so a walk by update date
bisects them (``ordered.py``); ``cached`` keeps any selection (as Teamwork caches counts per
filter combination, B3); both until the data changes.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ticketlake.sim.teamwork.ordered import Ordered, order_rows
from ticketlake.sim.teamwork.tasks import COMPLETED, REOPENED, TaskLife, Timelog
from ticketlake.sim.teamwork.tickets import TicketLife

STATUS = {"new": 0, REOPENED: 1, COMPLETED: 2}
NULL = -1
T = TypeVar("T")


class Rows:
    """Named integer columns, one entry per row."""

    def __init__(self, **codes: str) -> None:
        self.cols = {name: array(code) for name, code in codes.items()}
        self.__dict__.update(self.cols)  # a column is a plain attribute: filters read millions

    def __len__(self) -> int:
        return len(next(iter(self.cols.values())))

    def __getattr__(self, name: str) -> array[int]:
        try:
            return self.__dict__["cols"][name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(name) from None

    def add(self, **values: int) -> None:
        """Append a row."""
        for name, col in self.cols.items():
            col.append(values[name])

    def insert(self, row: int, **values: int) -> None:
        """Insert a row before ``row``."""
        for name, col in self.cols.items():
            col.insert(row, values[name])

    def set(self, row: int, **values: int) -> None:
        """Change a row."""
        for name, v in values.items():
            self.cols[name][row] = v


def task_values(life: TaskLife) -> dict[str, int]:
    """A task's indexed values."""
    return {"updated": life.updated_ms, "project": life.project, "lst": life.lst,
            "status": STATUS[life.status]}  # fmt: skip


def ticket_values(life: TicketLife, company: int) -> dict[str, int]:
    """A ticket's indexed values."""
    return {"updated": life.updated_ms, "created": life.created_ms,
            "deleted": int(life.deleted_ms is not None), "status": life.status,
            "inbox": life.inbox, "customer": life.customer, "company": company,
            "agent": NULL if life.agent is None else life.agent, "priority": life.priority,
            "type": life.type, "source": life.source}  # fmt: skip


def timelog_values(t: Timelog, owner: int, ticket: bool, project: int) -> dict[str, int]:
    """A time log's indexed values."""
    return {"id": t.id, "owner": owner, "ticket": int(ticket), "project": project,
            "created": t.created_ms, "updated": t.updated_ms, "logged": t.logged_ms,
            "deleted": int(t.deleted_ms is not None)}  # fmt: skip


class Index:
    """The columns of the site's records and the cache of filtered rows."""

    def __init__(self) -> None:
        self.tasks = Rows(updated="q", project="i", lst="b", status="b")
        self.tickets = Rows(updated="q", created="q", deleted="b", status="b", inbox="b",
                            customer="i", company="i", agent="i", priority="b", type="b",
                            source="b")  # fmt: skip
        self.timelogs = Rows(id="q", owner="i", ticket="b", project="i", created="q",
                             updated="q", logged="q", deleted="b")  # fmt: skip
        self.comments = Rows(id="q", task="i", project="i", updated="q", posted="q")
        self.version = 0
        self._cache: dict[Hashable, Any] = {}

    def add_task(self, life: TaskLife) -> None:
        """Index a task with its comments and time logs (tasks in index order)."""
        self.tasks.add(**task_values(life))
        for c in life.comments:
            self.comments.add(id=c.id, task=life.i, project=life.project,
                              updated=c.updated_ms, posted=c.posted_ms)  # fmt: skip
        for t in life.timelogs:
            self.timelogs.add(**timelog_values(t, life.i, False, life.project))

    def add_ticket(self, life: TicketLife, company: int, project: int) -> None:
        """Index a ticket and its time logs (after every task)."""
        self.tickets.add(**ticket_values(life, company))
        for t in life.timelogs:
            self.timelogs.add(**timelog_values(t, life.j, True, project))

    def cached(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, kept under ``key`` until the data changes."""
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 256:
                self._cache.clear()
            found = self._cache[key] = make()
        return found

    def ordered(self, key: Hashable, count: int, keep: Callable[[int], bool],
                column: array[int], by_second: bool = False) -> Ordered:  # fmt: skip
        """The rows among ``range(count)`` that ``keep`` keeps, in ``column``'s order
        (``ordered.order_rows``), cached under ``key``."""
        return self.cached(("ordered", key), lambda: order_rows(count, keep, column, by_second))

    def changed(self) -> None:
        """The data changed: forget every cached selection."""
        self.version += 1
        self._cache.clear()
