"""Work items of kind ``task`` (Teamwork.com Projects): throughput, cycle time, and the hours
logged on them by project and by person.

Throughput is the tasks completed per week (of their completion); cycle time is calendar hours
from a task's creation to its completion (Teamwork's tasks carry no moment work started, and
their stage history is known only as ticketlake observed it between syncs). Hours come from
``task_hours``: the time logs on the tasks the store holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ticketlake.analytics.charts import hours_label
from ticketlake.analytics.scope import Scope
from ticketlake.analytics.values import count, measure
from ticketlake.store.base import Store

COMPLETED = (
    "SELECT completed_week, COUNT(*), "
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_hours) "
    "FROM ticket_facts WHERE kind = 'task' AND is_resolved AND {where} "
    "GROUP BY completed_week ORDER BY completed_week"
)
MEDIAN = (
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_hours) "
    "FROM ticket_facts WHERE kind = 'task' AND is_resolved AND {where}"
)
HOURS = (
    "SELECT COALESCE({by}, '(none)'), SUM(hours), COUNT(DISTINCT task_id) FROM task_hours "
    "WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1"
)


@dataclass(frozen=True)
class Week:
    """Tasks completed in one week and their median cycle time."""

    week: date
    completed: int
    median_cycle_hours: float | None


@dataclass(frozen=True)
class Logged:
    """Hours logged on tasks under one name (a project or a person)."""

    name: str
    hours: float
    tasks: int


@dataclass(frozen=True)
class TaskFigures:
    """The task figures of a scope."""

    weeks: list[Week]
    median_cycle_hours: float | None
    by_project: list[Logged]
    by_person: list[Logged]

    @property
    def completed(self) -> int:
        """Tasks completed in the range."""
        return sum(w.completed for w in self.weeks)


def has_tasks(store: Store, scope: Scope) -> bool:
    """Whether the scope holds any task."""
    where = scope.where(group=None)
    found = store.query(f"SELECT COUNT(*) FROM tickets WHERE kind = 'task' AND {where}")
    return count(found.rows[0][0]) > 0


def task_figures(store: Store, scope: Scope) -> TaskFigures | None:
    """Throughput, cycle time and hours of the scope's tasks (None: it holds none). Tasks
    have no responsible group, so a group filter leaves them out."""
    if scope.group is not None or not has_tasks(store, scope):
        return None
    done = scope.where("completed_day", group=None)
    weeks = [
        Week(w, count(n), measure(m)) for w, n, m in store.query(COMPLETED.format(where=done)).rows
    ]
    median = measure(store.query(MEDIAN.format(where=done)).rows[0][0])
    worked = scope.where("work_date", group=None)
    return TaskFigures(
        weeks, median, _logged(store, "project", worked), _logged(store, "person", worked)
    )


def _logged(store: Store, by: str, where: str) -> list[Logged]:
    rows = store.query(HOURS.format(by=by, where=where)).rows
    return [Logged(str(name), float(hours or 0), count(tasks)) for name, hours, tasks in rows]


def task_tables(f: TaskFigures) -> list[dict[str, Any]]:
    """The report's task tables: throughput and cycle time by week, hours by project and by
    person."""
    median = hours_label(f.median_cycle_hours) if f.median_cycle_hours is not None else "–"
    return [
        {
            "title": "Task throughput and cycle time",
            "note": f"Tasks completed per week of completion: {f.completed:,} in the range, "
            f"median cycle time {median} (creation to completion, calendar hours).",
            "headers": ["Week", "Completed", "Median cycle time"],
            "rows": [
                [
                    f"{w.week:%d %b %Y}",
                    f"{w.completed:,}",
                    hours_label(w.median_cycle_hours) if w.median_cycle_hours is not None else "–",
                ]
                for w in f.weeks
            ],
        },
        _hours_table("Hours by project", "Project", f.by_project),
        _hours_table("Hours by person on tasks", "Person", f.by_person),
    ]


def _hours_table(title: str, header: str, rows: list[Logged]) -> dict[str, Any]:
    return {
        "title": title,
        "note": "Time logged on tasks in the range (by work date).",
        "headers": [header, "Hours", "Tasks"],
        "rows": [[r.name, f"{r.hours:,.1f}", f"{r.tasks:,}"] for r in rows],
    }
