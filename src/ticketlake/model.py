"""The canonical model: one definition of every table, used by every store and connector.

Every table keys on ``connection`` plus the source's own identity. Timestamps are UTC
(``TIMESTAMPTZ``); dates without a time are ``DATE``; sentinel dates and zero ids from the source
are ``NULL`` here. ``raw`` keeps the source record as JSON so nothing the API said is lost.

A record is a plain ``dict[str, object]`` keyed by column name; connectors build them, stores
write them, analytics reads the tables with SQL that runs unchanged on DuckDB and Postgres.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    """Portable column types; each store maps them to its own SQL and Arrow types."""

    TEXT = "text"
    INT = "int"  # 64-bit integer
    FLOAT = "float"  # double precision
    BOOL = "bool"
    TIMESTAMP = "timestamp"  # UTC instant (TIMESTAMPTZ)
    DATE = "date"
    JSON = "json"


@dataclass(frozen=True)
class Column:
    """One column of a canonical table."""

    name: str
    type: ColumnType
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """A canonical table: its columns and its primary key (always led by ``connection``)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")


T, I, F, B, TS, D, J = (  # noqa: E741 - short names keep the tables below readable
    ColumnType.TEXT,
    ColumnType.INT,
    ColumnType.FLOAT,
    ColumnType.BOOL,
    ColumnType.TIMESTAMP,
    ColumnType.DATE,
    ColumnType.JSON,
)


def _cols(*spec: tuple[str, ColumnType] | tuple[str, ColumnType, str]) -> tuple[Column, ...]:
    return (
        Column("connection", T, "the catalog connection this row came from"),
        *(Column(*s) for s in spec),
    )


ATTRIBUTES_DOC = "custom attributes: name -> display value; NULL until read"
ATTRIBUTES_AT_DOC = "when the custom attributes were last read"

TICKETS = Table(
    "tickets",
    _cols(
        ("id", I, "the source's ticket id"),
        ("number", T, "the id people quote (TDX: the ticket id as text)"),
        ("title", T),
        ("description", T, "HTML; NULL until details are fetched"),
        ("kind", T, "ticket classification: incident|service_request|problem|change|..."),
        ("type_id", I),
        ("type", T),
        ("category", T, "the type's category"),
        ("status_id", I),
        ("status", T),
        ("status_class", T, "new|in_process|on_hold|completed|cancelled|requested"),
        ("priority_id", I),
        ("priority", T),
        ("impact_id", I),
        ("impact", T),
        ("urgency_id", I),
        ("urgency", T),
        ("source_id", I),
        ("source", T),
        ("account_id", I),
        ("account", T),
        ("location_id", I),
        ("location", T),
        ("requester_id", T, "person id (TDX: UID)"),
        ("responsible_person_id", T),
        ("responsible_group_id", I),
        ("responsible_group", T),
        ("created_at", TS),
        ("modified_at", TS),
        ("responded_at", TS),
        ("completed_at", TS),
        ("respond_by", TS, "SLA response deadline"),
        ("resolve_by", TS, "SLA resolution deadline"),
        ("sla_id", I),
        ("sla", T),
        ("sla_violated", B),
        ("sla_respond_violated", B),
        ("sla_resolve_violated", B),
        ("attributes", J, "custom attributes: name -> display value; NULL until fetched"),
        ("details_at", TS, "when attributes/description were last fetched"),
        ("deleted_at", TS),
        ("raw", J),
    ),
    ("connection", "id"),
    "One row per ticket, as of the last sync.",
)

TICKET_TASKS = Table(
    "ticket_tasks",
    _cols(
        ("id", I),
        ("ticket_id", I),
        ("title", T),
        ("responsible_person_id", T),
        ("responsible_group_id", I),
        ("created_at", TS),
        ("modified_at", TS),
        ("start_at", TS),
        ("end_at", TS),
        ("completed_at", TS),
        ("estimated_minutes", F),
        ("actual_minutes", F),
        ("percent_complete", F),
        ("raw", J),
    ),
    ("connection", "id"),
    "Tasks under tickets (TDX ticket tasks).",
)

TICKET_EVENTS = Table(
    "ticket_events",
    _cols(
        ("id", T, "source event id; observed status changes use 'obs:<ticket>:<time>'"),
        ("ticket_id", I),
        ("created_at", TS),
        ("author_id", T),
        ("kind", T, "comment|status_change|edit|created|merge|moved_comment|other"),
        ("body_html", T),
        ("body_text", T),
        ("is_private", B),
        ("from_status", T, "when derivable"),
        ("to_status", T, "when derivable"),
        (
            "origin",
            T,
            "feed (the source's comments and feed), history (the source's audit "
            "history), or observed (seen changing between syncs)",
        ),
        ("raw", J),
    ),
    ("connection", "id"),
    "Comments, status changes and edits on tickets.",
)

TIME_ENTRIES = Table(
    "time_entries",
    _cols(
        ("id", I),
        ("ticket_id", I),
        ("task_id", I),
        ("person_id", T),
        ("work_date", D),
        ("minutes", F),
        ("billable", B),
        ("time_type_id", I),
        ("time_type", T),
        ("description", T),
        ("created_at", TS),
        ("modified_at", TS),
        ("raw", J),
    ),
    ("connection", "id"),
    "Worklog entries on tickets and ticket tasks.",
)

PEOPLE = Table(
    "people",
    _cols(
        ("id", T, "TDX: UID; Autotask: resource:ID or contact:ID"),
        ("kind", T, "what the person is to the source (Autotask: resource|contact)"),
        ("reference_id", I),
        ("username", T),
        ("full_name", T),
        ("email", T),
        ("title", T),
        ("is_active", B),
        ("is_employee", B),
        ("user_type", I),
        ("default_account_id", I),
        ("attributes", J, ATTRIBUTES_DOC),
        ("attributes_at", TS, ATTRIBUTES_AT_DOC),
        ("raw", J),
    ),
    ("connection", "id"),
)

GROUPS = Table(
    "groups",
    _cols(
        ("id", I),
        ("name", T),
        ("description", T),
        ("is_active", B),
        ("created_at", TS),
        ("modified_at", TS),
        ("raw", J),
    ),
    ("connection", "id"),
)

GROUP_MEMBERS = Table(
    "group_members",
    _cols(
        ("group_id", I),
        ("person_id", T),
        ("is_primary", B),
        ("is_manager", B),
    ),
    ("connection", "group_id", "person_id"),
)

ACCOUNTS = Table(
    "accounts",
    _cols(
        ("id", I),
        ("name", T),
        ("is_active", B),
        ("attributes", J, ATTRIBUTES_DOC),
        ("attributes_at", TS, ATTRIBUTES_AT_DOC),
        ("raw", J),
    ),
    ("connection", "id"),
    "Accounts / departments.",
)

LOCATIONS = Table(
    "locations",
    _cols(
        ("id", I),
        ("name", T),
        ("is_active", B),
        ("attributes", J, ATTRIBUTES_DOC),
        ("attributes_at", TS, ATTRIBUTES_AT_DOC),
        ("raw", J),
    ),
    ("connection", "id"),
)

ATTRIBUTE_DEFS = Table(
    "attribute_defs",
    _cols(
        ("id", I),
        ("name", T),
        ("component", T, "what the attribute is on: ticket|person|account|location|..."),
        ("field_type", T),
        ("data_type", T),
        ("choices", J, "choice id (as text) -> label"),
        ("raw", J),
    ),
    ("connection", "id"),
    "Custom attribute definitions with their choice labels.",
)

REF_VALUES = Table(
    "ref_values",
    _cols(
        ("kind", T, "status|type|priority|impact|urgency|source|time_type|form|queue|role|..."),
        ("id", I),
        ("name", T),
        ("status_class", T, "statuses only"),
        ("sort_order", F),
        ("is_active", B),
        ("raw", J),
    ),
    ("connection", "kind", "id"),
    "Small reference lists (statuses, types, priorities ...).",
)

SLAS = Table(
    "slas",
    _cols(("id", I), ("name", T), ("ticket_count", I)),
    ("connection", "id"),
    "SLA dimension, derived from tickets (TDX has no SLA list endpoint).",
)

SURVEY_RESPONSES = Table(
    "survey_responses",
    _cols(
        ("id", T, "the report's response ID, else a digest of the ticket, respondent and date"),
        ("ticket_id", I, "the ticket surveyed, when the report has a ticket ID column"),
        ("respondent_id", T, "person id (TDX: UID), when the report has one"),
        ("responded_at", TS),
        ("survey", T, "the survey's name, when the report has one"),
        ("answers", J, "every other column of the report: its header -> the value"),
        ("raw", J),
    ),
    ("connection", "id"),
    "Satisfaction survey responses, from the survey report the connection names.",
)

SYNC_STATE = Table(
    "sync_state",
    _cols(
        ("stream", T),
        ("cursor", J, "the stream's resume point, committed with the batch it covers"),
        ("updated_at", TS),
    ),
    ("connection", "stream"),
)

SYNC_RUNS = Table(
    "sync_runs",
    _cols(
        ("run_id", T),
        ("stream", T),
        ("started_at", TS),
        ("finished_at", TS),
        ("status", T, "ok|failed|interrupted"),
        ("rows", I),
        ("calls", I),
        ("throttled", I, "HTTP 429 answers"),
        ("retries", I),
        ("wait_seconds", F, "time spent waiting for budget"),
        ("error", T),
    ),
    ("connection", "run_id", "stream"),
)

DATA_TABLES: tuple[Table, ...] = (
    TICKETS,
    TICKET_TASKS,
    TICKET_EVENTS,
    TIME_ENTRIES,
    PEOPLE,
    GROUPS,
    GROUP_MEMBERS,
    ACCOUNTS,
    LOCATIONS,
    ATTRIBUTE_DEFS,
    REF_VALUES,
    SLAS,
    SURVEY_RESPONSES,
)
"""The tables that hold source data (exported, compared with a simulator's truth)."""

STATE_TABLES: tuple[Table, ...] = (SYNC_STATE, SYNC_RUNS)

TABLES: dict[str, Table] = {t.name: t for t in DATA_TABLES + STATE_TABLES}


def table_named(name: str) -> Table:
    """The canonical table called ``name``; a ``KeyError`` naming it when there is none."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no canonical table named {name!r}") from None


Record = dict[str, object]
"""A canonical row: column name -> value (str, int, float, bool, datetime, date, JSON, None)."""
