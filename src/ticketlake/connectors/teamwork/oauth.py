"""OAuth 2.0 "Save and authorize" with Teamwork.com (reference B2, seed 003).

Two flows, the second where the launchpad offers it:

- App Login Flow: the customer signs in at ``{launchpad}/launchpad/login?client_id&redirect_uri
  &state`` and Accepts; Teamwork redirects to ``redirect_uri?code&state``; ticketlake POSTs the
  JSON ``{code, client_id, client_secret, redirect_uri}`` to ``/launchpad/v1/token.json`` and
  gets ``access_token`` and ``installation.apiEndPoint``.
- PKCE: when ``/.well-known/oauth-authorization-server`` names an authorize and a token
  endpoint on the launchpad's own hosts with ``S256`` and ``client_secret_post``, the customer
  goes there with a ``code_challenge``, and the token call is form-encoded with the
  ``code_verifier`` (the answer spells it ``installation.apiEndpoint``).

``state`` is random per authorization and compared in constant time when the customer comes
back (CSRF: a code nobody asked for is never exchanged). The client secret goes only to the
token endpoint and the token only to the ``apiEndPoint`` Teamwork names, and both must pass the
network guard (``netguard``) and the host allow-list below before anything is sent: a Teamwork
host over HTTPS, or a host the customer gave themselves (``site_url``/``launchpad_url``, under
the switches the connection was saved with). Nothing here prints a secret, a code or a token.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import html
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import httpx
import orjson

from ticketlake.connectors.netguard import NetworkPolicy, UnsafeURL, guard_url, split_url
from ticketlake.errors import AuthError, ConfigError, SourceError
from ticketlake.secret import Secret

if TYPE_CHECKING:
    from ticketlake.catalog import Catalog, Connection
    from ticketlake.connectors.base import ConnectionSettings

CENTRAL_LAUNCHPAD = "https://www.teamwork.com"
"""The central launchpad (B2); ``launchpad_url`` overrides it (the simulator)."""
CENTRAL_DISCOVERY = "https://teamwork.com/.well-known/oauth-authorization-server"
"""Where the SDK finds the standards-based endpoints (B2, [TW-SDK] ``session/oauth2.go``)."""
DISCOVERY_PATH = "/.well-known/oauth-authorization-server"
LOGIN_PATH = "/launchpad/login"
TOKEN_PATH = "/launchpad/v1/token.json"  # noqa: S105 - a path
TEAMWORK_DOMAIN = "teamwork.com"
TIMEOUT = 30.0
CODE_SECONDS = 15 * 60
"""A code is valid 15 minutes (B2): an authorization not finished by then is forgotten."""

TOKEN_SECRET = "access_token"  # noqa: S105 - the secret's field name, not a secret
"""The secret the access token is stored as."""
ENDPOINT_FIELD = "api_endpoint"
"""The setting ``installation.apiEndPoint`` is stored as."""
REFUSAL_FIELD = "oauth_refusal"
"""The setting that says why the last authorization failed (a ``Refusal`` value)."""
REDIRECT_FIELD = "oauth_redirect_uri"
"""The setting that keeps the redirect URL the last authorization used (shown by the checks)."""


class Refusal:
    """Why an authorization failed, as stored in ``oauth_refusal`` (the checks explain it)."""

    CANCELLED = "access_denied"
    STATE = "state_mismatch"
    CLIENT = "invalid_client"
    EXPIRED = "expired_code"
    GRANT = "invalid_grant"
    ENDPOINT = "unsafe_endpoint"
    UNREACHABLE = "unreachable"
    REDIRECT = "redirect_uri_refused"
    APP = "client_id_refused"


def launchpad_refusal(said: str) -> str:
    """The ``Refusal`` a launchpad's sign-in page refusal (``preflight``) stands for."""
    return Refusal.REDIRECT if "redirect" in said.lower() else Refusal.APP


class AuthorizationFailed(AuthError):
    """The authorization did not end with a token; ``refusal`` says why (a ``Refusal``)."""

    def __init__(self, refusal: str, message: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.refusal = refusal


@dataclass(frozen=True)
class OAuthApp:
    """The app registered in Teamwork.com's developer portal, as ticketlake uses it."""

    launchpad: str
    client_id: str
    client_secret: Secret
    redirect_uri: str
    policy: NetworkPolicy
    """The allowances the connection was saved under (its URLs are re-checked with them)."""
    own_hosts: tuple[str, ...] = ()
    """Hosts the customer typed themselves (``site_url``, ``launchpad_url``): trusted as
    Teamwork hosts, since the network guard accepted them."""


@dataclass(frozen=True)
class Pending:
    """An authorization the customer was sent off to, awaiting their return."""

    state: str
    authorize_url: str
    token_url: str
    verifier: str | None
    """The PKCE ``code_verifier`` (None: the App Login Flow)."""

    @property
    def pkce(self) -> bool:
        """Whether the PKCE variant is used."""
        return self.verifier is not None


@dataclass(frozen=True)
class Token:
    """What the token call returned: the token (masked) and where to use it."""

    access_token: Secret
    api_endpoint: str
    site: str = ""
    """The installation's name (the Teamwork site signed in to)."""
    desk_enabled: bool | None = None
    redirect_uri: str = ""
    """The redirect URL the authorization used (kept beside the token)."""


def app_for(settings: ConnectionSettings, redirect_uri: str, policy: NetworkPolicy) -> OAuthApp:
    """The OAuth app of a saved connection; ``ConfigError`` unless it uses OAuth 2.0."""
    if settings.value("auth_type") != "oauth2":
        raise ConfigError(
            f"connection {settings.name!r} uses an API key, not OAuth 2.0",
            fix="set auth_type=oauth2 with the app's client ID and secret first",
        )
    secret = settings.secret("oauth_client_secret")
    if secret is None:
        raise ConfigError(
            f"connection {settings.name!r} has no OAuth client secret",
            fix=f"`ticketlake connections edit {settings.name} --secret oauth_client_secret`",
        )
    launchpad = str(settings.value("launchpad_url") or CENTRAL_LAUNCHPAD).rstrip("/")
    own = {_host(u) for u in (settings.value("site_url"), settings.value("launchpad_url")) if u}
    return OAuthApp(
        launchpad,
        str(settings.require("oauth_client_id")),
        secret,
        redirect_uri,
        policy,
        tuple(sorted(own)),
    )


def _host(url: str) -> str:
    return (urlsplit(str(url)).hostname or "").lower()


def pkce_pair() -> tuple[str, str]:
    """A fresh ``code_verifier`` and its S256 ``code_challenge`` (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def same_state(expected: str, given: str) -> bool:
    """Whether the ``state`` that came back is the one sent (constant time)."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def client(http_transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """An HTTP client for the launchpad: no redirects followed, no cookies kept."""
    return httpx.AsyncClient(transport=http_transport, timeout=TIMEOUT, follow_redirects=False)


async def begin(app: OAuthApp, http: httpx.AsyncClient) -> Pending:
    """Where to send the customer: PKCE when the launchpad offers it, else the App Login Flow."""
    await guarded(app.launchpad + LOGIN_PATH, app)
    state = secrets.token_urlsafe(24)
    params = {"client_id": app.client_id, "redirect_uri": app.redirect_uri, "state": state}
    found = await discover(app, http)
    if found is None:
        url = f"{app.launchpad}{LOGIN_PATH}?{urlencode(params)}"
        return Pending(state, url, app.launchpad + TOKEN_PATH, None)
    authorize, token = found
    verifier, challenge = pkce_pair()
    params |= {
        "response_type": "code",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return Pending(state, f"{authorize}?{urlencode(params)}", token, verifier)


async def preflight(pending: Pending, http: httpx.AsyncClient) -> str:
    """Whether the launchpad will show its sign-in page for this authorization: ``""`` when
    it does, else what it says instead (an unknown client ID, a redirect URL that is not the
    app's). A GET of the page a browser would open: nothing secret is sent, and a customer is
    never sent to a page that can only refuse them."""
    try:
        answer = await http.get(pending.authorize_url)
    except httpx.HTTPError as exc:
        return f"no answer from the launchpad ({type(exc).__name__})"
    if answer.status_code == 200:
        return ""
    return f"HTTP {answer.status_code}: {page_text(answer.text)}"


def page_text(page: str) -> str:
    """The message of an HTML error page (its ``role=alert`` text, else its text), short."""
    found = re.search(r"role=['\"]alert['\"][^>]*>(.*?)</", page, re.S)
    text = found.group(1) if found else re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(text).split())[:200]


def discovery_url(app: OAuthApp) -> str:
    """The authorization server metadata's address for this launchpad."""
    if app.launchpad == CENTRAL_LAUNCHPAD:
        return CENTRAL_DISCOVERY
    return app.launchpad + DISCOVERY_PATH


async def discover(app: OAuthApp, http: httpx.AsyncClient) -> tuple[str, str] | None:
    """The PKCE (authorize, token) endpoints, or None when not offered or not usable."""
    try:
        url = await guarded(discovery_url(app), app)
        answer = await http.get(url, headers={"Accept": "application/json"})
        meta = orjson.loads(answer.content) if answer.status_code == 200 else None
    except (httpx.HTTPError, orjson.JSONDecodeError, UnsafeURL):
        return None
    if not isinstance(meta, dict):
        return None
    if "S256" not in (meta.get("code_challenge_methods_supported") or ()):
        return None
    if "client_secret_post" not in (meta.get("token_endpoint_auth_methods_supported") or ()):
        return None
    authorize, token = meta.get("authorization_endpoint"), meta.get("token_endpoint")
    if not (isinstance(authorize, str) and isinstance(token, str)):
        return None
    if not (allowed_host(authorize, app) and allowed_host(token, app)):
        return None
    return authorize, token


def allowed_host(url: str, app: OAuthApp) -> bool:
    """Whether ``url`` is on a Teamwork host over HTTPS, or on a host the customer gave."""
    try:
        parts = split_url(url)
    except UnsafeURL:
        return False
    host = (parts.hostname or "").lower()
    if host in app.own_hosts:
        return True
    teamwork = host == TEAMWORK_DOMAIN or host.endswith("." + TEAMWORK_DOMAIN)
    return teamwork and parts.scheme == "https"


async def guarded(url: str, app: OAuthApp) -> str:
    """``url`` once it passed the host allow-list and the network guard; ``UnsafeURL`` if not."""
    if not allowed_host(url, app):
        raise UnsafeURL("is not a Teamwork.com host nor one given in the connection")
    await asyncio.to_thread(guard_url, url, app.policy)
    return url


async def finish(
    pending: Pending, app: OAuthApp, query: Mapping[str, str], http: httpx.AsyncClient
) -> Token:
    """The customer came back with ``query``: check ``state``, exchange the code."""
    if not same_state(pending.state, query.get("state", "")):
        raise AuthorizationFailed(
            Refusal.STATE,
            "the answer does not belong to this "
            "authorization (state differs): nothing was exchanged",
        )
    if query.get("error"):
        raise AuthorizationFailed(
            Refusal.CANCELLED,
            "Teamwork.com did not authorize ticketlake "
            f"({_word(query['error'])}): Cancel was pressed",
        )
    code = query.get("code", "")
    if not code:
        raise AuthorizationFailed(Refusal.GRANT, "Teamwork.com came back without a code")
    return await exchange(pending, app, code, http)


def _word(text: str) -> str:
    return "".join(c for c in text[:40] if c.isalnum() or c in "_-")


async def exchange(pending: Pending, app: OAuthApp, code: str, http: httpx.AsyncClient) -> Token:
    """The server-side token call; the ``apiEndPoint`` it names is guarded before it is kept."""
    try:
        url = await guarded(pending.token_url, app)
    except UnsafeURL as exc:
        raise AuthorizationFailed(Refusal.ENDPOINT, f"the token endpoint {exc}") from None
    body = {
        "code": code,
        "client_id": app.client_id,
        "client_secret": app.client_secret.reveal(),
        "redirect_uri": app.redirect_uri,
    }
    try:
        if pending.verifier is None:
            answer = await http.post(url, json=body)
        else:
            form = {**body, "grant_type": "authorization_code", "code_verifier": pending.verifier}
            answer = await http.post(url, data=form)
    except httpx.HTTPError as exc:
        raise AuthorizationFailed(
            Refusal.UNREACHABLE,
            f"no answer from the token endpoint ({type(exc).__name__})",
            method="POST",
            endpoint=urlsplit(url).path,
        ) from None
    return await _token(answer, app, [code, app.client_secret.reveal()])


async def _token(answer: httpx.Response, app: OAuthApp, hidden: list[str]) -> Token:
    path = answer.request.url.path
    said = _said(answer.content, hidden)
    if answer.status_code != 200:
        raise AuthorizationFailed(
            _refusal(answer.status_code, said),
            "the token call was refused",
            method="POST",
            endpoint=path,
            status=answer.status_code,
            excerpt=said,
        )
    try:
        body = orjson.loads(answer.content)
        token = str(body["access_token"])
        installation = body.get("installation") or {}
        endpoint = installation.get("apiEndPoint") or installation.get("apiEndpoint")
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        raise AuthorizationFailed(
            Refusal.GRANT,
            "the token answer has no access_token",
            method="POST",
            endpoint=path,
            status=200,
        ) from None
    if not isinstance(endpoint, str) or not endpoint:
        raise AuthorizationFailed(
            Refusal.ENDPOINT,
            "the token answer names no apiEndPoint",
            method="POST",
            endpoint=path,
            status=200,
        )
    try:
        await guarded(endpoint.rstrip("/"), app)
    except UnsafeURL as exc:
        raise AuthorizationFailed(
            Refusal.ENDPOINT,
            f"the apiEndPoint Teamwork named {exc}: the token is not kept",
            method="POST",
            endpoint=path,
            status=200,
        ) from None
    return Token(
        Secret(token),
        endpoint.rstrip("/") + "/",
        str(installation.get("name") or ""),
        installation.get("deskEnabled"),
        app.redirect_uri,
    )


def _refusal(status: int, said: str) -> str:
    if status == 401:
        return Refusal.CLIENT
    return Refusal.EXPIRED if "expire" in said.lower() else Refusal.GRANT


def _said(content: bytes, hidden: list[str]) -> str:
    """The launchpad's message (``message``, ``error_description``), secrets cut out."""
    try:
        body: Any = orjson.loads(content)
    except orjson.JSONDecodeError:
        body = None
    text = content.decode("utf-8", "replace")[:200]
    if isinstance(body, dict):
        text = str(
            body.get("error_description") or body.get("message") or body.get("error") or text
        )
    for value in hidden:
        if value:
            text = text.replace(value, "[redacted]")
    return text[:200]


def save_token(catalog: Catalog, conn: Connection, token: Token, *, actor: str) -> Connection:
    """Keep the token (encrypted, as the secret ``access_token``) and its ``api_endpoint``;
    any earlier refusal is forgotten."""
    from ticketlake.connectors.fieldcheck import Submission

    settings = {k: v for k, v in conn.settings.items() if k != REFUSAL_FIELD}
    settings[ENDPOINT_FIELD] = token.api_endpoint
    settings[REDIRECT_FIELD] = token.redirect_uri
    submission = Submission(conn.source, settings, {TOKEN_SECRET: token.access_token}, conn.network)
    return catalog.update(
        conn.name,
        submission,
        detail=f"authorized with Teamwork.com: secrets re-entered: {TOKEN_SECRET}",
        actor=actor,
    )


def save_refusal(
    catalog: Catalog, conn: Connection, refusal: str, *, actor: str, redirect_uri: str = ""
) -> Connection:
    """Note why the authorization failed (the checks explain it) and the redirect URL it used;
    a stored token is dropped, since the customer asked to replace it."""
    from ticketlake.connectors.fieldcheck import Submission

    settings = {k: v for k, v in conn.settings.items() if k != ENDPOINT_FIELD}
    settings[REFUSAL_FIELD] = refusal
    if redirect_uri:
        settings[REDIRECT_FIELD] = redirect_uri
    submission = Submission(conn.source, settings, {}, conn.network)
    dropped = frozenset({TOKEN_SECRET} & conn.secret_fields)
    detail = f"authorization with Teamwork.com failed: {refusal}"
    return catalog.update(conn.name, submission, drop_secrets=dropped, actor=actor, detail=detail)


def refusal_of(error: SourceError | UnsafeURL) -> str:
    """The ``Refusal`` value an error stands for."""
    if isinstance(error, AuthorizationFailed):
        return error.refusal
    return Refusal.ENDPOINT if isinstance(error, UnsafeURL) else Refusal.UNREACHABLE
