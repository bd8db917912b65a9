"""Report Builder reports: ``GET api/reports`` and ``GET api/reports/{id}?withData=true``.

The tenant has a ticket report (``TICKET_REPORT_ID``) whose rows carry every ticket's custom
attributes, keyed by attribute ID as a string (as seen on real tenants), plus the ticket ID and
a few standard columns; a small open-tickets report; and a report over ticket satisfaction
survey responses (``SURVEY_REPORT_ID``, see ``surveys.py``). Rows follow Accts/Depts visibility.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import dumps, json_response, wrapped_stream
from ticketlake.sim.teamdynamix import access, catalog, surveys
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.catalog import ATTRIBUTES, GROUPS, STATUSES
from ticketlake.sim.teamdynamix.config import SURVEY_REPORT_ID, TICKET_REPORT_ID
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.render_ticket import attribute_values
from ticketlake.sim.teamdynamix.routing import Op
from ticketlake.sim.teamdynamix.wire import fmt_ms, fmt_ticks

OPEN_REPORT_ID = TICKET_REPORT_ID + 1
_NAMES = {
    TICKET_REPORT_ID: ("CIO Analytics - Ticket Attributes", "Tickets"),
    OPEN_REPORT_ID: ("Open Tickets by Group", "Tickets"),
    SURVEY_REPORT_ID: ("CIO Analytics - Ticket Surveys", "Ticket Surveys"),
}
"""Report ID -> (name, report source name)."""
_STANDARD = (("TicketID", "Ticket ID", 0), ("Title", "Title", 0), ("StatusName", "Status", 0),
             ("ResponsibleGroupName", "Resp Group", 0), ("CreatedDate", "Created", 7),
             ("ModifiedDate", "Modified", 7))  # fmt: skip
_OPEN_CLASSES = {catalog.NEW, catalog.IN_PROCESS, catalog.ON_HOLD}


def _column(name: str, header: str, data_type: int) -> dict[str, Any]:
    return {"HeaderText": header, "ColumnName": name, "DataType": data_type,
            "SortColumnExpression": name, "SortColumnName": name, "SortDataType": data_type,
            "Aggregate": 0, "Component": 0, "FooterExpression": ""}  # fmt: skip


def _columns(report_id: int) -> list[dict[str, Any]]:
    if report_id == SURVEY_REPORT_ID:
        return [_column(*c) for c in surveys.COLUMNS]
    cols = [_column(*c) for c in _STANDARD]
    if report_id == TICKET_REPORT_ID:
        cols += [_column(str(a.id), a.name, 0) for a in ATTRIBUTES]
    return cols


def _info(call: Call, report_id: int) -> dict[str, Any]:
    app = call.world.apps.tickets
    admin = call.world.directory.admin
    name, source = _NAMES[report_id]
    return {"ID": report_id, "Name": name, "CreatedUid": admin.uid,
            "CreatedFullName": admin.full_name,
            "CreatedDate": fmt_ticks(catalog.CATALOG_EPOCH_TICKS + report_id * 77_777_777),
            "OwnerUid": admin.uid, "OwnerFullName": admin.full_name, "OwnerEmail": "",
            "SystemAppName": "TDTickets", "PlatformAppID": app.id, "PlatformAppName": app.name,
            "ReportSourceID": 9, "ReportSourceName": source,
            "Uri": f"api/reports/{report_id}"}  # fmt: skip


def _survey_rows(call: Call) -> Iterator[dict[str, Any]]:
    ix = call.tenant.index
    visible = access.visible_accounts(call.user, call.world.roles)
    for i, row in surveys.responses(call.world, ix.count):
        if visible is None or ix.account[i] in visible:
            yield row


def _rows(call: Call, report_id: int) -> Iterator[dict[str, Any]]:
    if report_id == SURVEY_REPORT_ID:
        yield from _survey_rows(call)
        return
    t = call.tenant
    ix = t.index
    visible = access.visible_accounts(call.user, call.world.roles)
    for i in range(ix.count):
        if visible is not None and ix.account[i] not in visible:
            continue
        status = STATUSES[ix.status[i]]
        if report_id == OPEN_REPORT_ID and status.status_class not in _OPEN_CLASSES:
            continue
        p = t.world.profile(i)
        row: dict[str, Any] = {
            "TicketID": p.id, "Title": p.title, "StatusName": status.name,
            "ResponsibleGroupName": GROUPS[ix.group[i]].name,
            "CreatedDate": fmt_ms(ix.created[i]), "ModifiedDate": fmt_ms(ix.modified[i]),
        }  # fmt: skip
        if report_id == TICKET_REPORT_ID:
            for a, (_, text) in zip(ATTRIBUTES, attribute_values(p.attrs), strict=True):
                row[str(a.id)] = text or None
        yield row


async def list_reports(call: Call) -> Response:
    """``GET api/reports``: the reports the account can see."""
    return json_response([_info(call, r) for r in _NAMES])


async def get_report(call: Call) -> Response:
    """``GET api/reports/{id}?withData=``: definition, and with data every row (streamed)."""
    report_id = call.int_param("id")
    if report_id not in _NAMES:
        raise ApiError(404, f"Report {report_id} was not found.")
    columns = _columns(report_id)
    first = columns[0]
    sort = [{"ColumnLabel": first["HeaderText"], "ColumnName": first["ColumnName"],
             "IsAscending": True}]  # fmt: skip
    report = {**_info(call, report_id), "Description": "", "MaxResults": 0,
              "DisplayedColumns": columns, "SortOrder": sort,
              "ChartType": "None", "ChartSettings": [], "DataRows": None}  # fmt: skip
    if not call.query.bool_value("withData"):
        return json_response(report)
    head = dumps(report)
    marker = b'"DataRows":null}'
    assert head.endswith(marker)
    return wrapped_stream(head[: -len(marker)] + b'"DataRows":', _rows(call, report_id), b"}")


OPS = [
    Op("GET", "api/reports", list_reports),
    Op("GET", "api/reports/{id}", get_report),
]
