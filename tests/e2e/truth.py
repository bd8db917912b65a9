"""What the store should hold after a full sync, computed from the simulator's truth dump.

Written from the TDX shapes and the canonical model's rules directly (sentinels and zero ids are
NULL, zone-less times are in the tenant's zone, choice attributes show their labels) and never
through ``ticketlake.connectors.teamdynamix.mapping``: a mistake there must show up here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from ticketlake.store.base import Store

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
Row = tuple[Any, ...]


def lines(folder: Path, name: str) -> Iterator[dict[str, Any]]:
    """The objects of one truth file."""
    path = folder / f"{name}.jsonl"
    if not path.exists():
        return
    with path.open() as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def instant(text: object, tz: tzinfo = UTC) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.year <= 1:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def ident(value: object) -> object:
    return None if value in (0, None, "", EMPTY_GUID) else value


def name(value: object) -> object:
    return None if value in (None, "", "None") else value


def attributes(attrs: list[dict[str, Any]] | None) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for a in attrs or []:
        value = a.get("ValueText")
        if value in (None, ""):
            value = a.get("Value")
        shown[str(a["Name"])] = None if value == "" else value
    return shown


def _stored_instant(value: object) -> datetime | None:
    if value is None:
        return None
    assert isinstance(value, datetime)
    return value.astimezone(UTC).replace(microsecond=value.microsecond // 1000 * 1000)


def _ms(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(microsecond=value.microsecond // 1000 * 1000)


def expected_tickets(folder: Path, tz: tzinfo) -> dict[int, Row]:
    return {
        t["ID"]: (
            t["Title"],
            ident(t.get("StatusID")),
            name(t.get("StatusName")),
            ident(t.get("TypeID")),
            ident(t.get("PriorityID")),
            ident(t.get("AccountID")),
            ident(t.get("ResponsibleGroupID")),
            ident(t.get("RequestorUid")),
            _ms(instant(t.get("CreatedDate"), tz)),
            _ms(instant(t.get("ModifiedDate"), tz)),
            _ms(instant(t.get("CompletedDate"), tz)),
            ident(t.get("SlaID")),
            t.get("Description"),
            attributes(t.get("Attributes")),
        )
        for t in lines(folder, "tickets")
    }


TICKETS_SQL = """
SELECT id, title, status_id, status, type_id, priority_id, account_id, responsible_group_id,
       requester_id, created_at, modified_at, completed_at, sla_id, description,
       CAST(attributes AS VARCHAR)
FROM tickets WHERE connection = $1
"""


def stored_tickets(store: Store, connection: str) -> dict[int, Row]:
    out = {}
    for r in store.query(TICKETS_SQL, [connection]).rows:
        times = tuple(_stored_instant(v) for v in r[9:12])
        attrs = json.loads(r[14]) if r[14] else None
        out[r[0]] = (*r[1:9], *times, r[12], r[13], attrs)
    return out


def expected_events(folder: Path) -> dict[str, Row]:
    """Every feed entry, and every reply to one (``reply:{ID}``, as private as its entry): its
    ticket, when, who and whether private."""
    out: dict[str, Row] = {}
    for e in lines(folder, "ticket_feed"):
        ticket = e["ItemID"] if e.get("ItemType", 9) == 9 else ident(e.get("PlanID"))
        for said, key in [(e, str(e["ID"])), *((r, f"reply:{r['ID']}") for r in e["Replies"])]:
            out[key] = (ticket, instant(said["CreatedDate"]), said["CreatedUid"], e["IsPrivate"])
    return out


def stored_events(store: Store, connection: str) -> dict[str, Row]:
    sql = (
        "SELECT id, ticket_id, created_at, author_id, is_private FROM ticket_events "
        "WHERE connection = $1 AND origin = 'feed'"
    )
    return {
        r[0]: (r[1], _stored_instant(r[2]), r[3], r[4]) for r in store.query(sql, [connection]).rows
    }


def expected_status_changes(folder: Path) -> dict[tuple[int, str | None, str | None], int]:
    names = {s["ID"]: s["Name"] for s in lines(folder, "statuses")}
    counts: dict[tuple[int, str | None, str | None], int] = {}
    for h in lines(folder, "status_history"):
        key = (h["TicketID"], names.get(h.get("FromStatusID")), names.get(h.get("ToStatusID")))
        counts[key] = counts.get(key, 0) + 1
    return counts


def stored_status_changes(
    store: Store, connection: str
) -> dict[tuple[int, str | None, str | None], int]:
    sql = (
        "SELECT ticket_id, from_status, to_status, count(*) FROM ticket_events "
        "WHERE connection = $1 AND origin = 'feed' AND kind = 'status_change' GROUP BY 1, 2, 3"
    )
    return {(r[0], r[1], r[2]): r[3] for r in store.query(sql, [connection]).rows}


def simple(
    truth: str, key: Callable[[dict[str, Any]], Any], values: Callable[[dict[str, Any]], Row]
) -> Callable[[Path], dict[Any, Row]]:
    return lambda folder: {key(o): values(o) for o in lines(folder, truth)}


def from_sql(sql: str) -> Callable[[Store, str], dict[Any, Row]]:
    def read(store: Store, connection: str) -> dict[Any, Row]:
        return {r[0]: tuple(r[1:]) for r in store.query(sql, [connection]).rows}

    return read


def _time_expected(folder: Path) -> dict[Any, Row]:
    out = {}
    for t in lines(folder, "time_entries"):
        if t.get("Component") not in (9, 25):
            continue
        task = ident(t.get("ItemID")) if t.get("Component") == 25 else None
        out[t["TimeID"]] = (ident(t.get("TicketID")), task, float(t["Minutes"]), t["TimeDate"][:10])
    return out


def _refs(folder: Path) -> dict[Any, Row]:
    kinds = {"statuses": "status", "types": "type", "priorities": "priority",
             "impacts": "impact", "urgencies": "urgency", "sources": "source"}  # fmt: skip
    return {(kind, o["ID"]): (o["Name"],) for f, kind in kinds.items() for o in lines(folder, f)}


def _members(folder: Path) -> dict[Any, Row]:
    return {
        (m["GroupID"], m["UID"]): (bool(m.get("IsPrimary")),)
        for m in lines(folder, "group_members")
    }


def _slas(folder: Path) -> dict[Any, Row]:
    counts: dict[int, int] = {}
    for t in lines(folder, "tickets"):
        if ident(t.get("SlaID")):
            counts[t["SlaID"]] = counts.get(t["SlaID"], 0) + 1
    return {k: (v,) for k, v in counts.items()}


DEFINITIONS = {
    "attributes": "ticket",
    "person_attributes": "person",
    "account_attributes": "account",
    "location_attributes": "location",
}
"""Truth file of each component's attribute definitions -> attribute_defs.component."""


def _choices(folder: Path) -> dict[Any, Row]:
    return {
        a["ID"]: (a["Name"], component, {str(c["ID"]): c["Name"] for c in a.get("Choices") or []})
        for truth, component in DEFINITIONS.items()
        for a in lines(folder, truth)
    }


def _named_with_attributes(truth: str) -> Callable[[Path], dict[Any, Row]]:
    return simple(truth, lambda o: o["ID"], lambda o: (o["Name"], attributes(o["Attributes"])))


def _attributes_sql(table: str, named: str) -> Read:
    sql = f"SELECT id, {named}, CAST(attributes AS VARCHAR) FROM {table} WHERE connection = $1"
    return lambda s, c: {
        r[0]: (r[1], json.loads(r[2]) if r[2] else None) for r in s.query(sql, [c]).rows
    }


SURVEY_ANSWERS = {
    "RespondentName": "Respondent",
    "Rating": "Overall satisfaction (1-5)",
    "Comments": "Comments",
}
"""The survey report's answer columns (``ColumnName`` -> header), as the simulator's report
shows them: answers are stored under their headers."""


def expected_surveys(folder: Path) -> dict[str, Row]:
    return {
        str(r["ResponseID"]): (
            r["TicketID"],
            r["RespondentUid"],
            _ms(instant(r["CompletedDate"])),
            r["SurveyName"],
            {header: r[column] for column, header in SURVEY_ANSWERS.items()},
        )
        for r in lines(folder, "survey_responses")
    }


SURVEYS_SQL = """
SELECT id, ticket_id, respondent_id, responded_at, survey, CAST(answers AS VARCHAR)
FROM survey_responses WHERE connection = $1
"""


def stored_surveys(store: Store, connection: str) -> dict[str, Row]:
    return {
        r[0]: (r[1], r[2], _stored_instant(r[3]), r[4], json.loads(r[5]))
        for r in store.query(SURVEYS_SQL, [connection]).rows
    }


Expect = Callable[[Path], dict[Any, Row]]
Read = Callable[[Store, str], dict[Any, Row]]
TABLES: dict[str, tuple[Expect, Read]] = {
    "time_entries": (
        _time_expected,
        from_sql("SELECT id, ticket_id, task_id, minutes, CAST(work_date AS VARCHAR) "
                 "FROM time_entries WHERE connection = $1"),
    ),
    "people": (
        simple(
            "people",
            lambda o: o["UID"],
            lambda o: (name(o.get("FullName")), attributes(o["Attributes"])),
        ),
        _attributes_sql("people", "full_name"),
    ),
    "groups": (
        simple("groups", lambda o: o["ID"], lambda o: (o["Name"],)),
        from_sql("SELECT id, name FROM groups WHERE connection = $1"),
    ),
    "group_members": (
        _members,
        lambda s, c: {(r[0], r[1]): (r[2],) for r in s.query(
            "SELECT group_id, person_id, is_primary FROM group_members WHERE connection = $1", [c]
        ).rows},
    ),
    "accounts": (_named_with_attributes("accounts"), _attributes_sql("accounts", "name")),
    "locations": (_named_with_attributes("locations"), _attributes_sql("locations", "name")),
    "ref_values": (
        _refs,
        lambda s, c: {(r[0], r[1]): (r[2],) for r in s.query(
            "SELECT kind, id, name FROM ref_values WHERE connection = $1 "
            "AND kind IN ('status', 'type', 'priority', 'impact', 'urgency', 'source')", [c]
        ).rows},
    ),
    "attribute_defs": (
        _choices,
        lambda s, c: {r[0]: (r[1], r[2], json.loads(r[3]) if r[3] else {}) for r in s.query(
            "SELECT id, name, component, CAST(choices AS VARCHAR) FROM attribute_defs "
            "WHERE connection = $1", [c],
        ).rows},
    ),
    "slas": (_slas, from_sql("SELECT id, ticket_count FROM slas WHERE connection = $1")),
}  # fmt: skip


DESCRIPTION = 12
"""Position of the description in a ticket row."""


def differences(
    store: Store,
    folder: Path,
    connection: str,
    tz: tzinfo,
    *,
    descriptions: bool = True,
    surveys: bool = False,
    limit: int | None = 5,
) -> dict[str, list[str]]:
    """Per table, what differs between the store and the truth (empty lists: equal).

    ``descriptions=False`` leaves ticket descriptions out (details from a report without a
    Description column); ``surveys=True`` compares survey responses too (the connection named
    the survey report); ``limit`` cuts each table's list (``None``: every difference, to count
    them)."""
    expected, stored = expected_tickets(folder, tz), stored_tickets(store, connection)
    if not descriptions:
        expected = {k: _blank(v) for k, v in expected.items()}
        stored = {k: _blank(v) for k, v in stored.items()}
    found = {
        "tickets": _diff(expected, stored, limit),
        "ticket_events": _diff(expected_events(folder), stored_events(store, connection), limit),
        "status_changes": _diff(
            expected_status_changes(folder), stored_status_changes(store, connection), limit
        ),
    }
    for table, (expect, read) in TABLES.items():
        found[table] = _diff(expect(folder), read(store, connection), limit)
    if surveys:
        found["survey_responses"] = _diff(
            expected_surveys(folder), stored_surveys(store, connection), limit
        )
    return found


def _blank(row: Row) -> Row:
    return (*row[:DESCRIPTION], None, *row[DESCRIPTION + 1 :])


def _diff(expected: dict[Any, Any], stored: dict[Any, Any], limit: int | None = 5) -> list[str]:
    problems = [f"missing {k!r}" for k in expected if k not in stored]
    problems += [f"unexpected {k!r}" for k in stored if k not in expected]
    problems += [
        f"{k!r}: stored {stored[k]!r} != truth {v!r}"
        for k, v in expected.items()
        if k in stored and stored[k] != v
    ]
    if limit is None or len(problems) <= limit:
        return problems
    return [*problems[:limit], f"... {len(problems) - limit} more"]
