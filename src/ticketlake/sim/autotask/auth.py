"""Who is calling: the ``UserName``, ``ApiIntegrationCode`` and ``Secret`` headers checked
the way Autotask answers them (reference A2): 500 for an unknown user name or integration
code, 401 for a wrong secret. Our readings: 401 for an inactive user and, unless the tenant
allows it, for a user whose security level is not API-only."""

from __future__ import annotations

from starlette.requests import Request

from ticketlake.sim.autotask.directory import Directory, Resource
from ticketlake.sim.autotask.wire import ApiError

UNKNOWN_USER = "Unable to find an API user with the user name given in the UserName header."
BAD_CODE = ("The integration code in the ApiIntegrationCode header is invalid or does not "
            "belong to this API user.")  # fmt: skip
NO_CODE = "The API user has no API Tracking Identifier; every API call needs one."
BAD_SECRET = "Authentication failed: the user name and secret do not match."  # noqa: S105
INACTIVE = "Authentication failed: the API user is inactive."
NOT_API = "Authentication failed: the user's security level is not an API-only level."


def authenticate(d: Directory, request: Request, allow_non_api: bool) -> Resource:
    """The API user the headers name, or the error Autotask answers."""
    h = request.headers
    idx = d.by_username.get(h.get("username", "").strip().lower())
    user = d.resources[idx] if idx is not None else None
    if user is None or user.secret is None:
        raise ApiError(500, UNKNOWN_USER)
    if user.tracking_id is None:
        raise ApiError(500, NO_CODE)
    if h.get("apiintegrationcode", "").strip() != user.tracking_id:
        raise ApiError(500, BAD_CODE)
    if user.secret is None or h.get("secret", "") != user.secret:
        raise ApiError(401, BAD_SECRET)
    if not user.active:
        raise ApiError(401, INACTIVE)
    if not user.level.api_only and not allow_non_api:
        raise ApiError(401, NOT_API)
    return user
