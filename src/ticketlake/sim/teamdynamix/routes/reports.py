"""Report Builder reports: ``GET api/reports`` and ``GET api/reports/{id}?withData=true``.

The tenant has a ticket report (``TICKET_REPORT_ID``) whose rows carry every ticket's custom
attributes, keyed by attribute ID as a string (as seen on real tenants), plus the ticket ID and
a few standard columns; and a small open-tickets report. Rows follow Accts/Depts visibility.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.responses import Response

from ticketlake.sim.teamdynamix import access, catalog
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.catalog import ATTRIBUTES, GROUPS, STATUSES
from ticketlake.sim.teamdynamix.config import TICKET_REPORT_ID
from ticketlake.sim.teamdynamix.http import Call, json_response, wrapped_stream
from ticketlake.sim.teamdynamix.render_ticket import attribute_values
from ticketlake.sim.teamdynamix.routing import Op
from ticketlake.sim.teamdynamix.wire import dumps, fmt_ms, fmt_ticks

OPEN_REPORT_ID = TICKET_REPORT_ID + 1
_STANDARD = (("TicketID", "Ticket ID", 0), ("Title", "Title", 0), ("StatusName", "Status", 0),
             ("ResponsibleGroupName", "Resp Group", 0), ("CreatedDate", "Created", 7),
             ("ModifiedDate", "Modified", 7))  # fmt: skip
_OPEN_CLASSES = {catalog.NEW, catalog.IN_PROCESS, catalog.ON_HOLD}


def _column(name: str, header: str, data_type: int) -> dict[str, Any]:
    return {"HeaderText": header, "ColumnName": name, "DataType": data_type,
            "SortColumnExpression": name, "SortColumnName": name, "SortDataType": data_type,
            "Aggregate": 0, "Component": 0, "FooterExpression": ""}  # fmt: skip


def _columns(report_id: int) -> list[dict[str, Any]]:
    cols = [_column(*c) for c in _STANDARD]
    if report_id == TICKET_REPORT_ID:
        cols += [_column(str(a.id), a.name, 0) for a in ATTRIBUTES]
    return cols


def _info(call: Call, report_id: int) -> dict[str, Any]:
    app = call.world.apps.tickets
    admin = call.world.directory.admin
    name = ("CIO Analytics - Ticket Attributes" if report_id == TICKET_REPORT_ID
            else "Open Tickets by Group")  # fmt: skip
    return {"ID": report_id, "Name": name, "CreatedUid": admin.uid,
            "CreatedFullName": admin.full_name,
            "CreatedDate": fmt_ticks(catalog.CATALOG_EPOCH_TICKS + report_id * 77_777_777),
            "OwnerUid": admin.uid, "OwnerFullName": admin.full_name, "OwnerEmail": "",
            "SystemAppName": "TDTickets", "PlatformAppID": app.id, "PlatformAppName": app.name,
            "ReportSourceID": 9, "ReportSourceName": "Tickets",
            "Uri": f"api/reports/{report_id}"}  # fmt: skip


def _rows(call: Call, report_id: int) -> Iterator[dict[str, Any]]:
    t = call.tenant
    ix = t.index
    visible = access.visible_accounts(call.user)
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
    return json_response([_info(call, r) for r in (TICKET_REPORT_ID, OPEN_REPORT_ID)])


async def get_report(call: Call) -> Response:
    """``GET api/reports/{id}?withData=``: definition, and with data every row (streamed)."""
    report_id = call.int_param("id")
    if report_id not in (TICKET_REPORT_ID, OPEN_REPORT_ID):
        raise ApiError(404, f"Report {report_id} was not found.")
    sort = [{"ColumnLabel": "Ticket ID", "ColumnName": "TicketID", "IsAscending": True}]
    report = {**_info(call, report_id), "Description": "", "MaxResults": 0,
              "DisplayedColumns": _columns(report_id), "SortOrder": sort,
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
