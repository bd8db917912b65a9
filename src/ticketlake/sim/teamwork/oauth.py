"""The OAuth 2.0 App Login Flow on the launchpad (reference B2) and its PKCE variant.

App Login Flow: ``GET /launchpad/login?client_id&redirect_uri[&state]`` (central or on a site)
shows a sign-in page, then the permissions with Accept; Accept redirects to ``redirect_uri``
with ``code`` (valid 15 minutes, once) and ``state``; ``POST /launchpad/v1/token.json`` with the
JSON ``{code, client_id, client_secret, redirect_uri}`` answers ``access_token`` and
``installation.apiEndPoint``. PKCE: ``/.well-known/oauth-authorization-server`` names the
authorize and token endpoints (their paths are UNCONFIRMED: ours); the token call is
form-encoded with ``grant_type``, ``code_verifier`` and ``client_secret`` (client_secret_post)
and answers ``token_type`` and ``installation.apiEndpoint`` (spelt so).
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ticketlake.sim.teamwork import launchpad_pages as pages
from ticketlake.sim.teamwork.config import DEFAULT_PASSWORD
from ticketlake.sim.teamwork.grants import Grant, s256
from ticketlake.sim.teamwork.sites import Place, relocate
from ticketlake.sim.teamwork.tenant import Tenant
from ticketlake.sim.teamwork.wire import ApiError

LOGIN, AUTHORIZE, TOKEN = "/launchpad/login", "/launchpad/authorize", "/launchpad/v1/token.json"
PKCE_AUTHORIZE, PKCE_TOKEN = "/launchpad/v1/oauth2/authorize", "/launchpad/v1/oauth2/token"
DISCOVERY = "/.well-known/oauth-authorization-server"
FIELDS = ("client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")


async def route(tenant: Tenant, request: Request, place: Place, now: float) -> Response:
    """Answer a launchpad path."""
    path, method = place.rest.rstrip("/").lower() or "/", request.method
    if path == DISCOVERY and method == "GET":
        return discovery(place)
    if path in (LOGIN, PKCE_AUTHORIZE) and method == "GET":
        return start(tenant, place, dict(request.query_params), pkce=path == PKCE_AUTHORIZE)
    if path == LOGIN and method == "POST":
        return sign_in(tenant, place, dict(await request.form()))  # type: ignore[arg-type]
    if path == AUTHORIZE and method == "POST":
        return accept(tenant, dict(await request.form()), now)  # type: ignore[arg-type]
    if path == TOKEN and method == "POST":
        return exchange(tenant, place, _json(await request.body()), now, pkce=False)
    if path == PKCE_TOKEN and method == "POST":
        form: dict[str, Any] = dict(await request.form())
        return exchange(tenant, place, form, now, pkce=True)
    raise ApiError(404, "Not found", "launchpad")


def _json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _prefix(place: Place) -> str:
    """The launchpad's URL root as reached (central or a site's)."""
    return place.base


def discovery(place: Place) -> Response:
    """The authorization server metadata the SDK reads (B2)."""
    root = _prefix(place)
    return JSONResponse(
        {
            "issuer": root,
            "authorization_endpoint": root + PKCE_AUTHORIZE,
            "token_endpoint": root + PKCE_TOKEN,
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }
    )


def start(tenant: Tenant, place: Place, q: dict[str, str], pkce: bool) -> Response:
    """The sign-in page, once the client and its redirect URL are known."""
    grants = tenant.grants
    if q.get("client_id") != grants.app.client_id:
        return pages.refusal("Unknown app: no app is registered with this client_id.")
    if not grants.redirect_ok(q.get("redirect_uri", "")):
        return pages.refusal("The redirect_uri does not match the app's registered redirect "
                             "URL.")  # fmt: skip
    if pkce and (q.get("response_type") != "code" or q.get("code_challenge_method") != "S256"
                 or not q.get("code_challenge")):  # fmt: skip
        return pages.refusal("PKCE requires response_type=code, code_challenge and "
                             "code_challenge_method=S256.")  # fmt: skip
    fields = {k: q[k] for k in FIELDS if k in q}
    return pages.sign_in(_prefix(place) + LOGIN, fields)


def sign_in(tenant: Tenant, place: Place, form: dict[str, str]) -> Response:
    """Check the e-mail and password; show the permissions."""
    d = tenant.world.directory
    email = form.get("email", "").strip().lower()
    person = next((k for k, p in enumerate(d.people)
                   if p.email == email and p.company == 0), None)  # fmt: skip
    fields = {k: form[k] for k in FIELDS if k in form}
    if person is None or form.get("password") != DEFAULT_PASSWORD:
        return pages.sign_in(_prefix(place) + LOGIN, fields, "Invalid email or password.")
    ticket = secrets.token_urlsafe(16)
    tenant.grants.pending[ticket] = (person, fields)
    return pages.consent(_prefix(place) + AUTHORIZE, "ticketlake", tenant.site.name, ticket)


def accept(tenant: Tenant, form: dict[str, str], now: float) -> Response:
    """Accept: redirect with a code; Cancel: with ``error=access_denied``."""
    pending = tenant.grants.pending.pop(form.get("ticket", ""), None)
    if pending is None:
        return pages.refusal("This sign-in has expired; start again.")
    person, fields = pending
    redirect = fields["redirect_uri"]
    state = {"state": fields["state"]} if "state" in fields else {}
    if form.get("decision") != "accept":
        return _redirect(redirect, {"error": "access_denied", **state})
    app = tenant.site.app
    code = tenant.grants.issue(Grant(fields["client_id"], redirect, person, now - app.code_age,
                                     fields.get("code_challenge")))  # fmt: skip
    return _redirect(redirect, {"code": code, **state})


def _redirect(uri: str, params: dict[str, str]) -> Response:
    sep = "&" if "?" in uri else "?"
    return RedirectResponse(f"{uri}{sep}{urlencode(params)}", status_code=302)


def exchange(tenant: Tenant, place: Place, body: dict[str, Any], now: float,
             pkce: bool) -> Response:  # fmt: skip
    """The token call: the code for an access token and the installation."""
    grants = tenant.grants
    problem = _problem(tenant, body, now, pkce)
    if problem is not None:
        status, error, message = problem
        if pkce:
            return JSONResponse({"error": error, "error_description": message}, status)
        raise ApiError(status, message, "launchpad")
    grant = grants.codes[str(body["code"])]
    grant.used = True
    token = grants.token(grant.person)
    return JSONResponse(_token_body(tenant, place, token, grant.person, pkce))


def _problem(tenant: Tenant, body: dict[str, Any], now: float,
             pkce: bool) -> tuple[int, str, str] | None:  # fmt: skip
    app = tenant.site.app
    if pkce and body.get("grant_type") != "authorization_code":
        return 400, "unsupported_grant_type", "grant_type must be authorization_code"
    if body.get("client_id") != app.client_id or body.get("client_secret") != app.client_secret:
        return 401, "invalid_client", "Invalid client_id or client_secret"
    grant = tenant.grants.codes.get(str(body.get("code", "")))
    if grant is None or grant.used:
        return 400, "invalid_grant", "Invalid or already used code"
    if now - grant.issued_at > app.code_seconds:
        return 400, "invalid_grant", "The code has expired (codes are valid 15 minutes)"
    if body.get("redirect_uri") != grant.redirect_uri:
        return 400, "invalid_grant", "redirect_uri does not match the authorization request"
    if grant.challenge is not None and s256(str(body.get("code_verifier", ""))) != grant.challenge:
        return 400, "invalid_grant", "code_verifier does not match the code_challenge"
    return None


def _token_body(tenant: Tenant, place: Place, token: str, person: int,
                pkce: bool) -> dict[str, Any]:  # fmt: skip
    """The fixture's shape (App Login Flow) or the SDK's (PKCE, ``apiEndpoint``)."""
    site, d = tenant.site, tenant.world.directory
    url = relocate(place, site.region, site.name) + "/"
    company = {"id": d.company_id(0), "name": d.company_name(0), "logo": ""}
    installation = {"id": 100_000 + d.company_id(0), "name": d.company_name(0), "url": url,
                    "region": site.region.upper(), "logo": "", "loginStartText": "",
                    ("apiEndpoint" if pkce else "apiEndPoint"): url, "company": company,
                    "projectsEnabled": True, "deskEnabled": site.desk_enabled,
                    "chatEnabled": False}  # fmt: skip
    p = d.people[person]
    user = {"id": p.id, "firstName": p.first, "lastName": p.last, "email": p.email,
            "avatar": "", "company": company}  # fmt: skip
    if pkce:
        return {"access_token": token, "token_type": "Bearer", "installation": installation,
                "user": user}  # fmt: skip
    return {"access_token": token, "installation": installation, "status": "ok", "user": user}
