"""Reference data: ticket statuses/types/..., custom attributes, accounts, locations, apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access, catalog, render_ref
from ticketlake.sim.teamdynamix.access import ApiError, Denied
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.routing import Op
from ticketlake.sim.teamdynamix.world import World


def _app_list(render: Callable[[World], list[dict[str, Any]]]) -> Callable[[Call], Any]:
    async def handler(call: Call) -> Response:
        access.require_ticket_app(call.user, call.world.apps, call.int_param("appId"))
        return json_response(render(call.world))

    handler.__doc__ = f"GET api/{{appId}}/tickets/... ({render.__name__})"
    return handler


async def custom_attributes(call: Call) -> Response:
    """``GET api/attributes/custom?componentId=&associatedTypeId=&appId=`` (with Choices).

    Ticket attributes belong to the ticketing application (another ``appId`` has none); people,
    accounts and locations are org-level, so ``appId`` does not filter theirs (our reading)."""
    component = call.query.int_value("componentId", 0) or 0
    app_id = call.query.int_value("appId", 0)
    if component == catalog.TICKET_COMPONENT and app_id and app_id != call.world.app_id:
        return json_response([])
    return json_response(render_ref.attribute_defs(component))


async def accounts(call: Call) -> Response:
    """``GET api/accounts``: active accounts; only member ones without View All Accts/Depts."""
    return json_response(render_ref.accounts(access.visible_accounts(call.user, call.world.roles)))


async def account(call: Call) -> Response:
    """``GET api/accounts/{id}``: one account with its ``Attributes``; the account must be a
    member of it or have View All Accts/Depts."""
    account_id = call.int_param("id")
    k = account_id - catalog.ACCOUNT_BASE_ID
    if not 0 <= k < len(catalog.ACCOUNT_NAMES):
        raise ApiError(404, f"The account {account_id} was not found.")
    visible = access.visible_accounts(call.user, call.world.roles)
    if visible is not None and account_id not in visible:
        raise Denied(401, "You do not have permission to view this account/department.")
    return json_response(render_ref.account(k, full=True))


async def locations(call: Call) -> Response:
    """``GET api/locations``: active locations."""
    return json_response(render_ref.locations())


async def location(call: Call) -> Response:
    """``GET api/locations/{id}``: one location with its ``Attributes``."""
    location_id = call.int_param("id")
    for k, building in enumerate(catalog.BUILDINGS):
        if building.id == location_id:
            return json_response(render_ref.location(k, full=True))
    raise ApiError(404, f"The location {location_id} was not found.")


async def applications(call: Call) -> Response:
    """``GET api/applications``: the organization's applications."""
    return json_response([render_ref.application(a) for a in call.world.apps.all()])


OPS = [
    Op("GET", "api/{appId}/tickets/statuses", _app_list(render_ref.statuses)),
    Op("GET", "api/{appId}/tickets/types", _app_list(render_ref.types)),
    Op("GET", "api/{appId}/tickets/priorities",
       _app_list(lambda w: render_ref.factors(catalog.PRIORITIES))),
    Op("GET", "api/{appId}/tickets/impacts",
       _app_list(lambda w: render_ref.factors(catalog.IMPACTS))),
    Op("GET", "api/{appId}/tickets/urgencies",
       _app_list(lambda w: render_ref.factors(catalog.URGENCIES))),
    Op("GET", "api/{appId}/tickets/sources", _app_list(lambda w: render_ref.sources())),
    Op("GET", "api/{appId}/tickets/forms", _app_list(render_ref.forms)),
    Op("GET", "api/attributes/custom", custom_attributes),
    Op("GET", "api/accounts", accounts),
    Op("GET", "api/accounts/{id}", account),
    Op("GET", "api/locations", locations),
    Op("GET", "api/locations/{id}", location),
    Op("GET", "api/applications", applications),
]  # fmt: skip
