"""What the store should hold after a Teamwork.com sync, computed from the simulator's truth.

Written from the Teamwork shapes (reference B4, C) and the mapping docs' rules directly, never
through ``ticketlake.connectors.teamwork``: a mistake in the mapping must show up here. People
are ``user:ID`` or ``customer:ID``; times are UTC, compared to the millisecond.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from ticketlake.store.base import Store

from .attruth import at
from .truth import _diff, _stored_instant, lines

Row = tuple[Any, ...]
DESK_CLASSES = {
    "active": "in_process",
    "waiting": "on_hold",
    "on-hold": "on_hold",
    "solved": "completed",
    "closed": "completed",
}


def _id(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def _who(prefix: str, value: Any) -> str | None:
    found = _id(value)
    return None if not found else f"{prefix}:{found}"


def _plus(start: Any, minutes: Any) -> Any:
    return None if start is None or not minutes else start + timedelta(minutes=minutes)


def _task_tickets(folder: Path) -> dict[int, Row]:
    stages = {s["id"]: s["name"] for s in lines(folder, "workflow_stages")}
    first = min(lines(folder, "workflow_stages"), key=lambda s: s["displayOrder"])["id"]
    lists = {x["id"]: x for x in lines(folder, "tasklists")}
    projects = {p["id"]: p for p in lines(folder, "projects")}
    out = {}
    for t in lines(folder, "tasks"):
        stage = t["workflowStages"][0]["stageId"]
        project = projects[lists[t["tasklistId"]]["projectId"]]
        done = t["status"] == "completed"
        klass = (
            "completed"
            if done
            else ("new" if stage == first and t["status"] == "new" else "in_process")
        )
        users = [a["id"] for a in t["assignees"] if a["type"] == "users"]
        out[t["id"]] = (
            t["name"],
            "task",
            stage,
            stages[stage],
            klass,
            t["priority"],
            project["name"],
            project["companyId"],
            _who("user", t["createdBy"]),
            _who("user", users[0]) if users else None,
            at(t["createdAt"]),
            at(t["updatedAt"]),
            at(t["completedAt"]),
            None,
        )
    return out


def _desk_tickets(folder: Path) -> dict[int, Row]:
    statuses = {s["id"]: s for s in lines(folder, "desk_ticketstatuses")}
    slas = {p["id"]: s["id"] for s in lines(folder, "desk_slas") for p in s["slaticketpriorities"]}
    out = {}
    for t in lines(folder, "desk_tickets"):
        if t["state"] != "active":
            continue
        status = statuses[t["status"]["id"]]
        klass = DESK_CLASSES.get(status["code"], "in_process")
        created = at(t["createdAt"])
        out[t["id"]] = (
            t["subject"],
            "ticket",
            status["id"],
            status["name"],
            klass,
            t["type"]["id"],
            t["priority"]["id"],
            _id(t["company"]),
            _who("customer", t["customer"]),
            _who("user", t["agent"]),
            t["inbox"]["id"],
            created,
            at(t["updatedAt"]),
            _plus(created, t["responseTimeMins"]),
            _plus(created, t["resolutionTimeMins"]) if klass == "completed" else None,
            slas.get(t["priority"]["id"]),
        )
    return out


TASKS_SQL = """
SELECT id, title, kind, status_id, status, status_class, priority, category, account_id,
       requester_id, responsible_person_id, created_at, modified_at, completed_at, responded_at
FROM tickets WHERE connection = $1 AND deleted_at IS NULL"""
DESK_SQL = """
SELECT id, title, kind, status_id, status, status_class, type_id, priority_id, account_id,
       requester_id, responsible_person_id, responsible_group_id, created_at, modified_at,
       responded_at, completed_at, sla_id
FROM tickets WHERE connection = $1 AND deleted_at IS NULL"""


def _stored(sql: str, times: slice) -> Callable[[Store, str], dict[Any, Row]]:
    def read(store: Store, connection: str) -> dict[Any, Row]:
        out = {}
        for r in store.query(sql, [connection]).rows:
            values = list(r[1:])
            values[times] = [_stored_instant(v) for v in values[times]]
            out[r[0]] = tuple(values)
        return out

    return read


def _comments(folder: Path) -> dict[Any, Row]:
    return {
        f"comment:{c['id']}": (
            c["object"]["id"],
            at(c["postedDateTime"]),
            _who("user", c["postedBy"]),
        )
        for c in lines(folder, "comments")
        if c["object"]["type"] == "tasks" and not c["deleted"]
    }


def _messages(folder: Path) -> dict[Any, Row]:
    return {
        f"message:{m['id']}": (
            m["ticket"]["id"],
            at(m["createdAt"]),
            _who("user", m["createdBy"]) or _who("customer", m["customer"]),
        )
        for m in lines(folder, "desk_messages")
    }


def _events(store: Store, connection: str) -> dict[Any, Row]:
    sql = (
        "SELECT id, ticket_id, created_at, author_id FROM ticket_events "
        "WHERE connection = $1 AND origin = 'feed'"
    )
    return {r[0]: (r[1], _stored_instant(r[2]), r[3]) for r in store.query(sql, [connection]).rows}


def _task_time(folder: Path) -> dict[Any, Row]:
    return {
        x["id"]: (
            _id(x["task"]),
            _who("user", x["user"]),
            float(x["minutes"]),
            x["timeLogged"][:10],
            x["billable"],
        )
        for x in lines(folder, "timelogs")
        if not x["deleted"]
    }


def _desk_time(folder: Path) -> dict[Any, Row]:
    return {
        x["id"]: (
            x["ticket"]["id"],
            _who("user", x["user"]),
            x["seconds"] / 60,
            x["date"][:10],
            x["billable"],
        )
        for x in lines(folder, "desk_timelogs")
        if x["state"] == "active"
    }


def _time(store: Store, connection: str) -> dict[Any, Row]:
    sql = (
        "SELECT id, ticket_id, person_id, minutes, CAST(work_date AS VARCHAR), billable "
        "FROM time_entries WHERE connection = $1"
    )
    return {r[0]: tuple(r[1:]) for r in store.query(sql, [connection]).rows}


def _named(sql: str) -> Callable[[Store, str], dict[Any, Row]]:
    def read(store: Store, connection: str) -> dict[Any, Row]:
        return {r[0]: tuple(r[1:]) for r in store.query(sql, [connection]).rows}

    return read


def _full(p: dict[str, Any]) -> str:
    return " ".join(n for n in (p["firstName"], p["lastName"]) if n)


PEOPLE = _named("SELECT id, full_name FROM people WHERE connection = $1")
ACCOUNTS = _named("SELECT id, name FROM accounts WHERE connection = $1")
GROUPS = _named("SELECT id, name FROM groups WHERE connection = $1")
SLAS = _named("SELECT id, name FROM slas WHERE connection = $1")
REFS = _named(
    "SELECT kind || ':' || CAST(id AS VARCHAR), name FROM ref_values WHERE connection = $1"
)
Check = tuple[Callable[[Path], dict[Any, Row]], Callable[[Store, str], dict[Any, Row]]]
PROJECTS: dict[str, Check] = {
    "tickets": (_task_tickets, _stored(TASKS_SQL, slice(10, 14))),
    "ticket_events": (_comments, _events),
    "time_entries": (_task_time, _time),
    "people": (lambda f: {f"user:{p['id']}": (_full(p),) for p in lines(f, "people")}, PEOPLE),
    "accounts": (lambda f: {c["id"]: (c["name"],) for c in lines(f, "companies")}, ACCOUNTS),
    "ref_values": (
        lambda f: {
            f"{k}:{r['id']}": (r["name"],)
            for k, n in (
                ("project", "projects"),
                ("tasklist", "tasklists"),
                ("status", "workflow_stages"),
            )
            for r in lines(f, n)
        },
        REFS,
    ),
}
DESK: dict[str, Check] = {
    "tickets": (_desk_tickets, _stored(DESK_SQL, slice(11, 15))),
    "ticket_events": (_messages, _events),
    "time_entries": (_desk_time, _time),
    "people": (
        lambda f: {
            **{f"user:{u['id']}": (_full(u),) for u in lines(f, "desk_users")},
            **{f"customer:{c['id']}": (_full(c),) for c in lines(f, "desk_customers")},
        },
        PEOPLE,
    ),
    "accounts": (lambda f: {c["id"]: (c["name"],) for c in lines(f, "desk_companies")}, ACCOUNTS),
    "groups": (lambda f: {i["id"]: (i["name"],) for i in lines(f, "desk_inboxes")}, GROUPS),
    "slas": (lambda f: {s["id"]: (s["name"],) for s in lines(f, "desk_slas")}, SLAS),
    "ref_values": (
        lambda f: {
            f"{k}:{r['id']}": (r["name"],)
            for k, n in (
                ("status", "ticketstatuses"),
                ("priority", "ticketpriorities"),
                ("type", "tickettypes"),
                ("source", "ticketsources"),
            )
            for r in lines(f, f"desk_{n}")
        },
        REFS,
    ),
}


def differences(
    store: Store, folder: Path, api_type: str, connection: str = "tw"
) -> dict[str, list[str]]:
    """Per table, what differs between the store and the truth (empty lists: equal)."""
    checks = PROJECTS if api_type == "projects" else DESK
    return {
        table: _diff(expect(folder), read(store, connection))
        for table, (expect, read) in checks.items()
    }


def deleted(store: Store, connection: str = "tw") -> set[int]:
    """The tickets the store marks deleted."""
    sql = "SELECT id FROM tickets WHERE connection = $1 AND deleted_at IS NOT NULL"
    return {r[0] for r in store.query(sql, [connection]).rows}
