"""What the store should hold after an Autotask sync, computed from the simulator's truth dump.

Written from the Autotask shapes (camelCase records, picklists as ``{entity, field, value,
label}``, UDFs as ``[{name, value}]``) and the canonical model's rules directly, never through
``ticketlake.connectors.autotask``: a mistake in the mapping must show up here. People ids say
what a person is (``resource:ID``, ``contact:ID``); times are UTC, compared to the millisecond.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ticketlake.store.base import Store

from .truth import _diff, _stored_instant, lines

Row = tuple[Any, ...]
STATUS_CHANGE = re.compile(r"^Status changed from (.+) to (.+)$")
KINDS = {  # (entity, picklist field) -> ref_values kind, as the connector documents it
    ("Tickets", "status"): "status", ("Tickets", "priority"): "priority",
    ("Tickets", "source"): "source", ("Tickets", "issueType"): "type",
    ("Tickets", "subIssueType"): "sub_type", ("Tickets", "ticketType"): "ticket_type",
    ("Tickets", "queueID"): "queue", ("Tickets", "serviceLevelAgreementID"): "sla",
    ("TicketNotes", "noteType"): "note_type", ("TicketNotes", "publish"): "publish",
    ("TimeEntries", "timeEntryType"): "time_type", ("Resources", "licenseType"): "license_type",
    ("Resources", "userType"): "security_level", ("Companies", "companyType"): "company_type",
}  # fmt: skip


def at(text: object) -> datetime | None:
    """A UTC time as the API writes it, to the millisecond."""
    if not isinstance(text, str) or not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def person(prefix: str, value: object) -> str | None:
    return None if value in (None, 0) else f"{prefix}:{value}"


def labels(folder: Path, entity: str, field: str) -> dict[int, str]:
    return {
        int(p["value"]): p["label"]
        for p in lines(folder, "picklists")
        if p["entity"] == entity and p["field"] == field
    }


def udf_labels(folder: Path, entity: str) -> dict[str, dict[str, str]]:
    return {
        u["name"]: {str(v["value"]): v["label"] for v in u["picklistValues"] or []}
        for u in lines(folder, "udf_definitions")
        if u["entity"] == entity
    }


def shown(udfs: list[dict[str, Any]], choices: dict[str, dict[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for u in udfs:
        value = u["value"]
        if value is not None and u["name"] in choices:
            value = choices[u["name"]].get(str(value), value)
        out[u["name"]] = value
    return out


def expected_tickets(folder: Path) -> dict[int, Row]:
    statuses = labels(folder, "Tickets", "status")
    queues = labels(folder, "Tickets", "queueID")
    udfs = udf_labels(folder, "Tickets")
    results = {r["ticketID"]: r for r in lines(folder, "sla_results")}

    def violated(ticket: int, field: str) -> bool | None:
        met = (results.get(ticket) or {}).get(field)
        return None if met is None else not met

    return {
        t["id"]: (
            t["ticketNumber"], t["title"], t["description"], t["status"], statuses[t["status"]],
            t["issueType"], t["priority"], t["companyID"], t["queueID"], queues[t["queueID"]],
            person("contact", t["contactID"]), person("resource", t["assignedResourceID"]),
            at(t["createDate"]), at(t["lastActivityDate"]), at(t["firstResponseDateTime"]),
            at(t["completedDate"]), at(t["firstResponseDueDateTime"]),
            at(t["resolvedDueDateTime"]), t["serviceLevelAgreementID"],
            violated(t["id"], "isFirstResponseMet"), violated(t["id"], "isResolutionMet"),
            shown(t["userDefinedFields"], udfs),
        )
        for t in lines(folder, "tickets")
    }  # fmt: skip


TICKETS_SQL = """
SELECT id, number, title, description, status_id, status, type_id, priority_id, account_id,
       responsible_group_id, responsible_group, requester_id, responsible_person_id,
       created_at, modified_at, responded_at, completed_at, respond_by, resolve_by, sla_id,
       sla_respond_violated, sla_resolve_violated, CAST(attributes AS VARCHAR)
FROM tickets WHERE connection = $1 AND deleted_at IS NULL
"""


def stored_tickets(store: Store, connection: str) -> dict[int, Row]:
    out = {}
    for r in store.query(TICKETS_SQL, [connection]).rows:
        times = tuple(_stored_instant(v) for v in r[13:19])
        out[r[0]] = (*r[1:13], *times, *r[19:22], json.loads(r[22]) if r[22] else None)
    return out


def expected_events(folder: Path) -> dict[str, Row]:
    """Every note and history row: its ticket, when, who, whether private."""
    out: dict[str, Row] = {}
    for n in lines(folder, "ticket_notes"):
        out[f"note:{n['id']}"] = (n["ticketID"], at(n["createDateTime"]),
                                  person("resource", n["creatorResourceID"]),
                                  n["publish"] != 1)  # fmt: skip
    for h in lines(folder, "ticket_history"):
        out[f"history:{h['id']}"] = (h["ticketID"], at(h["date"]),
                                     person("resource", h["resourceID"]), True)  # fmt: skip
    return out


def stored_events(store: Store, connection: str) -> dict[str, Row]:
    sql = ("SELECT id, ticket_id, created_at, author_id, is_private FROM ticket_events "
           "WHERE connection = $1 AND origin IN ('feed', 'history')")  # fmt: skip
    return {r[0]: (r[1], _stored_instant(r[2]), r[3], r[4])
            for r in store.query(sql, [connection]).rows}  # fmt: skip


def expected_status_changes(folder: Path) -> dict[tuple[Any, ...], int]:
    counts: dict[tuple[Any, ...], int] = {}
    for h in lines(folder, "ticket_history"):
        found = STATUS_CHANGE.match(h["detail"] or "")
        if found:
            key = (h["ticketID"], found[1], found[2])
            counts[key] = counts.get(key, 0) + 1
    return counts


def stored_status_changes(store: Store, connection: str) -> dict[tuple[Any, ...], int]:
    sql = ("SELECT ticket_id, from_status, to_status, count(*) FROM ticket_events "
           "WHERE connection = $1 AND origin = 'history' AND kind = 'status_change' "
           "GROUP BY 1, 2, 3")  # fmt: skip
    return {(r[0], r[1], r[2]): r[3] for r in store.query(sql, [connection]).rows}


def _time(folder: Path) -> dict[Any, Row]:
    return {
        t["id"]: (t["ticketID"], person("resource", t["resourceID"]), t["hoursWorked"] * 60,
                  t["dateWorked"][:10], not t["isNonBillable"])
        for t in lines(folder, "time_entries") if t["ticketID"] is not None
    }  # fmt: skip


def _people(folder: Path) -> dict[Any, Row]:
    found: dict[Any, Row] = {}
    for r in lines(folder, "resources"):
        found[f"resource:{r['id']}"] = (f"{r['firstName']} {r['lastName']}", "resource", {})
    udfs = udf_labels(folder, "Contacts")
    for c in lines(folder, "contacts"):
        found[f"contact:{c['id']}"] = (f"{c['firstName']} {c['lastName']}", "contact",
                                       shown(c["userDefinedFields"], udfs))  # fmt: skip
    return found


def _accounts(folder: Path) -> dict[Any, Row]:
    udfs = udf_labels(folder, "Companies")
    return {c["id"]: (c["companyName"], shown(c["userDefinedFields"], udfs))
            for c in lines(folder, "companies")}  # fmt: skip


def _refs(folder: Path) -> dict[Any, Row]:
    found: dict[Any, Row] = {
        (KINDS[(p["entity"], p["field"])], int(p["value"])): (p["label"],)
        for p in lines(folder, "picklists")
        if (p["entity"], p["field"]) in KINDS
    }
    for truth, kind in (("roles", "role"), ("departments", "department"),
                        ("ticket_categories", "category")):  # fmt: skip
        found |= {(kind, r["id"]): (r["name"],) for r in lines(folder, truth)}
    return found


def _definitions(folder: Path) -> dict[Any, Row]:
    components = {"Tickets": "ticket", "Companies": "account", "Contacts": "person"}
    return {
        (components[u["entity"]], u["name"]): (
            {str(v["value"]): v["label"] for v in u["picklistValues"] or []},
        )
        for u in lines(folder, "udf_definitions")
        if u["entity"] in components
    }


def _slas(folder: Path) -> dict[Any, Row]:
    names = labels(folder, "Tickets", "serviceLevelAgreementID")
    counts: dict[int, int] = {}
    for t in lines(folder, "tickets"):
        if t["serviceLevelAgreementID"] is not None:
            counts[t["serviceLevelAgreementID"]] = counts.get(t["serviceLevelAgreementID"], 0) + 1
    return {i: (name, counts.get(i, 0)) for i, name in names.items()}


def _sql(sql: str, *, json_last: bool = False) -> Callable[[Store, str], dict[Any, Row]]:
    def read(store: Store, connection: str) -> dict[Any, Row]:
        rows = store.query(sql, [connection]).rows
        if json_last:
            return {r[0]: (*r[1:-1], json.loads(r[-1]) if r[-1] else {}) for r in rows}
        return {r[0]: tuple(r[1:]) for r in rows}

    return read


def _paired(sql: str, *, json_last: bool = False) -> Callable[[Store, str], dict[Any, Row]]:
    def read(store: Store, connection: str) -> dict[Any, Row]:
        rows = store.query(sql, [connection]).rows
        if json_last:
            return {(r[0], r[1]): (json.loads(r[2]) if r[2] else {},) for r in rows}
        return {(r[0], r[1]): tuple(r[2:]) for r in rows}

    return read


Expect = Callable[[Path], dict[Any, Row]]
Read = Callable[[Store, str], dict[Any, Row]]
TABLES: dict[str, tuple[Expect, Read]] = {
    "time_entries": (_time, _sql(
        "SELECT id, ticket_id, person_id, minutes, CAST(work_date AS VARCHAR), billable "
        "FROM time_entries WHERE connection = $1")),
    "people": (_people, _sql(
        "SELECT id, full_name, kind, CAST(attributes AS VARCHAR) FROM people "
        "WHERE connection = $1", json_last=True)),
    "accounts": (_accounts, _sql(
        "SELECT id, name, CAST(attributes AS VARCHAR) FROM accounts WHERE connection = $1",
        json_last=True)),
    "groups": (
        lambda f: {k: (v,) for k, v in labels(f, "Tickets", "queueID").items()},
        _sql("SELECT id, name FROM groups WHERE connection = $1"),
    ),
    "ref_values": (_refs, _paired("SELECT kind, id, name FROM ref_values WHERE connection = $1")),
    "attribute_defs": (_definitions, _paired(
        "SELECT component, name, CAST(choices AS VARCHAR) FROM attribute_defs "
        "WHERE connection = $1", json_last=True)),
    "slas": (_slas, _sql("SELECT id, name, ticket_count FROM slas WHERE connection = $1")),
}  # fmt: skip


def differences(store: Store, folder: Path, connection: str) -> dict[str, list[str]]:
    """Per table, what differs between the store and the truth (empty lists: equal)."""
    found = {
        "tickets": _diff(expected_tickets(folder), stored_tickets(store, connection)),
        "ticket_events": _diff(expected_events(folder), stored_events(store, connection)),
        "status_changes": _diff(
            expected_status_changes(folder), stored_status_changes(store, connection)
        ),
    }
    for table, (expect, read) in TABLES.items():
        found[table] = _diff(expect(folder), read(store, connection))
    return found


def deleted(store: Store, connection: str) -> set[int]:
    """The tickets the store marks deleted."""
    sql = "SELECT id FROM tickets WHERE connection = $1 AND deleted_at IS NOT NULL"
    return {r[0] for r in store.query(sql, [connection]).rows}
