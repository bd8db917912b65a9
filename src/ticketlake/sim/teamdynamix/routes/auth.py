"""Auth section: password and admin-key logins return the JWT as text/plain; getuser."""

from __future__ import annotations

import uuid

from starlette.responses import PlainTextResponse, Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.render_user import user_json
from ticketlake.sim.teamdynamix.routing import Op


def _token(call: Call, username: str) -> Response:
    token = call.tenant.tokens.issue(username, call.tenant.clock.now())
    return PlainTextResponse(token, media_type="text/plain; charset=utf-8")


async def login(call: Call) -> Response:
    """``POST api/auth`` and ``api/auth/login``: ``{"UserName", "Password"}``."""
    username = call.body.get("UserName") or ""
    password = call.body.get("Password") or ""
    person = call.world.directory.by_username(str(username)) if username else None
    account = access.password_login(person, str(password))
    return _token(call, account.username)


def _guid(value: object) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


async def login_admin(call: Call) -> Response:
    """``POST api/auth/loginadmin``: ``{"BEID", "WebServicesKey"}`` (both GUIDs)."""
    beid, key = _guid(call.body.get("BEID")), _guid(call.body.get("WebServicesKey"))
    setup = call.world.setup
    admin = call.world.directory.admin
    if beid != call.world.config.beid.lower() or key != setup.web_services_key.lower():
        raise ApiError(401, "Invalid BEID or web services key.")
    if not admin.is_active:
        raise ApiError(401, "The administrative service account is not active.")
    return _token(call, admin.username)


async def get_user(call: Call) -> Response:
    """``GET api/auth/getuser``: the authenticated account as a ``User``."""
    return json_response(user_json(call.world, call.user))


OPS = [
    Op("POST", "api/auth", login, auth=False),
    Op("POST", "api/auth/login", login, auth=False),
    Op("POST", "api/auth/loginadmin", login_admin, auth=False),
    Op("GET", "api/auth/getuser", get_user),
]
