"""Survey responses from a Report Builder report whose columns its author chose: columns found
by name or header, the rest kept as answers under their headers, responses keyed by their ID
(or a digest of what identifies them), and a report that identifies nothing refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ticketlake.connectors.teamdynamix.mapping_surveys import survey_columns, survey_responses
from ticketlake.errors import ConfigError


def column(name: str, header: str) -> dict[str, Any]:
    return {"ColumnName": name, "HeaderText": header, "DataType": 0}


def report(columns: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"ID": 3, "DisplayedColumns": columns, "DataRows": rows, "MaxResults": 0}


SIMULATED = [
    column("ResponseID", "Response ID"),
    column("TicketID", "Ticket ID"),
    column("SurveyName", "Survey"),
    column("RespondentUid", "Respondent UID"),
    column("CompletedDate", "Date Completed"),
    column("Rating", "Overall satisfaction (1-5)"),
    column("Comments", "Comments"),
]
ROW = {
    "ResponseID": 40000023, "TicketID": 118471, "SurveyName": "IT Ticket Satisfaction Survey",
    "RespondentUid": "83e27ed5-1335-4067-96db-2b8b5061dfe4",
    "CompletedDate": "2026-09-12T11:06:33.718Z", "Rating": 4, "Comments": None,
}  # fmt: skip


def test_a_response_has_its_ticket_respondent_date_and_answers_by_header() -> None:
    [row] = survey_responses(report(SIMULATED, [ROW]), connection="c1").to_pylist()
    assert row["id"] == "40000023"
    assert row["ticket_id"] == 118471
    assert row["respondent_id"] == "83e27ed5-1335-4067-96db-2b8b5061dfe4"
    assert row["responded_at"] == datetime(2026, 9, 12, 11, 6, 33, 718000, tzinfo=UTC)
    assert row["survey"] == "IT Ticket Satisfaction Survey"
    assert json.loads(row["answers"]) == {"Overall satisfaction (1-5)": 4, "Comments": None}
    assert json.loads(row["raw"]) == ROW


def test_columns_are_recognised_by_their_header_when_the_name_says_nothing() -> None:
    columns = [column("Col1", "Ticket ID"), column("Col2", "Date completed"),
               column("Col3", "How satisfied were you?")]  # fmt: skip
    found = survey_columns(report(columns, []))
    assert found.roles == {"ticket_id": "Col1", "responded_at": "Col2"}
    assert found.answers == (("Col3", "How satisfied were you?"),)


def test_without_a_response_id_a_response_is_keyed_by_ticket_respondent_and_date() -> None:
    columns = [c for c in SIMULATED if c["ColumnName"] != "ResponseID"]
    rows = [ROW, ROW | {"TicketID": 118472}, ROW]
    ids = survey_responses(report(columns, rows), connection="c1").column("id").to_pylist()
    assert ids[0] == ids[2] != ids[1]
    assert all(i.startswith("digest:") for i in ids)


def test_dates_without_a_zone_are_in_the_tenants_time_zone() -> None:
    rows = [ROW | {"CompletedDate": "2026-09-12T07:06:33.718"}]
    table = survey_responses(
        report(SIMULATED, rows), connection="c1", tz=ZoneInfo("America/New_York")
    )
    assert table.column("responded_at").to_pylist() == [
        datetime(2026, 9, 12, 11, 6, 33, 718000, tzinfo=UTC)
    ]


def test_a_report_that_identifies_no_response_is_refused_with_the_fix() -> None:
    columns = [column("Rating", "Overall satisfaction"), column("Comments", "Comments")]
    with pytest.raises(ConfigError) as caught:
        survey_columns(report(columns, []))
    assert "no column that identifies a survey response" in caught.value.message
    assert "response ID" in (caught.value.fix or "")


def test_a_ticket_report_named_by_mistake_is_refused() -> None:
    columns = [column("TicketID", "Ticket ID"), column("Title", "Title"),
               column("ModifiedDate", "Modified")]  # fmt: skip
    with pytest.raises(ConfigError):
        survey_columns(report(columns, []))
