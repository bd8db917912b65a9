"""Satisfaction survey responses from a Report Builder report (``GET api/reports/{id}``).

TeamDynamix documents no survey endpoint (reference §8): a report over survey data is the one
path, and its columns are whatever its author chose. Columns are recognised by their
``ColumnName`` or ``HeaderText``, case, spaces and punctuation ignored:

- the response's ID: ``ResponseID``, ``SurveyResponseID``;
- the ticket: ``TicketID``;
- the respondent: ``RespondentUID``, ``RespondentID``;
- when it was completed: ``CompletedDate``, ``DateCompleted``, ``ResponseDate``,
  ``RespondedDate``;
- the survey: ``SurveyName``, ``Survey``.

Every other column goes to ``answers``, keyed by its header (the text a person reads). A
response is keyed by its ID; a report without one, by a digest of its ticket, respondent and
date, so it needs the ticket with the respondent or the date. A report with neither cannot be
read (a ticket report named by mistake has a ticket ID but nothing that tells responses apart).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any

import orjson
import pyarrow as pa

from ticketlake.connectors import columns as col
from ticketlake.connectors.rows import Row
from ticketlake.connectors.teamdynamix import mapping_columns as tdx
from ticketlake.connectors.timestamps import timestamps
from ticketlake.errors import ConfigError

ROLES: dict[str, tuple[str, ...]] = {
    "id": ("responseid", "surveyresponseid"),
    "ticket_id": ("ticketid",),
    "respondent_id": ("respondentuid", "respondentid"),
    "responded_at": ("completeddate", "datecompleted", "responsedate", "respondeddate"),
    "survey": ("surveyname", "survey"),
}
"""Canonical column -> the report column names (normalised) that fill it."""
_IDENTIFYING = ("ticket_id", "respondent_id", "responded_at")
ROLE_NAMES = {
    "id": "response ID",
    "ticket_id": "ticket ID",
    "respondent_id": "respondent",
    "responded_at": "date completed",
    "survey": "survey name",
}
"""How the checks and the summary name each recognised column."""


@dataclass(frozen=True)
class SurveyColumns:
    """What a survey report's columns are for."""

    roles: dict[str, str]
    """Canonical column -> the report's ``ColumnName`` that fills it."""
    answers: tuple[tuple[str, str], ...]
    """(``ColumnName``, header) of every other column."""


def _normal(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def _role(column: Mapping[str, Any]) -> str | None:
    names = {_normal(column.get("ColumnName")), _normal(column.get("HeaderText"))}
    return next((role for role, known in ROLES.items() if names & set(known)), None)


def survey_columns(report: Row) -> SurveyColumns:
    """The roles of a survey report's columns; :class:`ConfigError` when none identifies a
    response (no response ID, ticket, respondent or date column)."""
    roles: dict[str, str] = {}
    answers: list[tuple[str, str]] = []
    for column in report.get("DisplayedColumns") or ():
        name = column.get("ColumnName") if isinstance(column, Mapping) else None
        if not name:
            continue
        role = _role(column)
        if role is not None and role not in roles:
            roles[role] = str(name)
        else:
            answers.append((str(name), str(column.get("HeaderText") or name)))
    told_apart = "ticket_id" in roles and ("respondent_id" in roles or "responded_at" in roles)
    if "id" not in roles and not told_apart:
        raise ConfigError(
            f"report {report.get('ID', '?')} has no column that identifies a survey response",
            fix="add the response ID (or the ticket ID with the respondent or the date "
            "completed) to the Report Builder report",
        )
    return SurveyColumns(roles, tuple(answers))


def survey_responses(report: Row, *, connection: str, tz: tzinfo = UTC) -> pa.Table:
    """Canonical ``survey_responses`` from a report run with ``withData=true``."""
    columns = survey_columns(report)
    rows: Sequence[Row] = report.get("DataRows") or ()
    role = columns.roles

    def values(name: str) -> list[Any]:
        column = role.get(name)
        return [r.get(column) if column else None for r in rows]

    return col.table(
        "survey_responses",
        {
            "connection": col.constant(connection, len(rows)),
            "id": pa.array([_key(r, role) for r in rows], pa.string()),
            "ticket_id": col.ids(values("ticket_id")),
            "respondent_id": tdx.uids(values("respondent_id")),
            "responded_at": timestamps(values("responded_at"), tz),
            "survey": tdx.names(values("survey")),
            "answers": col.json_text(
                [{header: r.get(name) for name, header in columns.answers} for r in rows]
            ),
            "raw": col.json_text(list(rows)),
        },
    )


def _key(row: Row, roles: Mapping[str, str]) -> str:
    """The response ID, or a digest of what identifies the response."""
    if "id" in roles and row.get(roles["id"]) not in (None, ""):
        return str(row[roles["id"]])
    parts = [row.get(roles[r]) if r in roles else None for r in _IDENTIFYING]
    return "digest:" + hashlib.sha256(orjson.dumps(parts)).hexdigest()[:24]
