"""Everything a request handler needs, built once per app, and the session dependencies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from ticketlake.catalog import Catalog
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.web import cookies
from ticketlake.web.audit import WebAudit
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.checkruns import CheckRuns
from ticketlake.web.database import Database
from ticketlake.web.invites import Invite, Invites
from ticketlake.web.operators import Operators
from ticketlake.web.ports import Checker, Provisioner, Reporter, Syncer
from ticketlake.web.provisioning import PendingPlans
from ticketlake.web.sessions import Session, Sessions
from ticketlake.web.settings import WebSettings
from ticketlake.web.syncs import SyncLauncher
from ticketlake.web.throttle import LoginThrottle

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Services:
    """The long-running parts of ticketlake, as the web app sees them (see ``ports``)."""

    checker: Checker
    syncer: Syncer
    reporter: Reporter
    provisioner: Provisioner | None = None
    """Setting up a customer's integration account (``None``: the server does not offer it)."""


@dataclass
class WebContext:
    """The app's state: settings, services and its own stores."""

    settings: WebSettings
    services: Services
    catalogs: Catalogs
    db: Database
    audit: WebAudit
    operators: Operators
    sessions: Sessions
    invites: Invites
    throttle: LoginThrottle
    signing_key: bytes
    checks: CheckRuns
    syncs: SyncLauncher
    templates: Jinja2Templates
    provisions: PendingPlans

    @property
    def catalog(self) -> Catalog:
        """The catalog, for the calling thread."""
        return self.catalogs.get()

    @property
    def policy(self) -> NetworkPolicy:
        """Where submitted URLs may point (the SSRF guard's switches)."""
        return NetworkPolicy(
            allow_insecure_localhost=self.settings.allow_insecure_localhost,
            allow_private_network=self.settings.allow_private_network,
            resolver=self.settings.resolver,
        )

    @property
    def secure(self) -> bool:
        """Whether cookies are Secure (and ``__Host-`` prefixed)."""
        return self.settings.cookies_secure


class LoginRequired(Exception):
    """Raised by page dependencies; the app answers with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class InviteSessionEnded(Exception):
    """Raised by customer page dependencies when there is no live invite session."""


def web(request: Request) -> WebContext:
    """The app's context."""
    ctx: WebContext = request.app.state.web
    return ctx


def _session(request: Request, base: str) -> Session | None:
    ctx = web(request)
    return ctx.sessions.resolve(cookies.read(request, base, ctx.secure))


def operator_page(request: Request) -> str:
    """The logged-in operator's name, or a redirect to the login page."""
    session = _session(request, cookies.OPERATOR_COOKIE)
    if session is None or session.kind != "operator":
        raise LoginRequired(request.url.path)
    return session.subject


def operator_api(request: Request) -> str:
    """The logged-in operator's name, or HTTP 401."""
    session = _session(request, cookies.OPERATOR_COOKIE)
    if session is None or session.kind != "operator":
        raise HTTPException(401, "log in as an operator first")
    return session.subject


def _customer(request: Request) -> Invite | None:
    session = _session(request, cookies.CUSTOMER_COOKIE)
    if session is None or session.kind != "customer":
        return None
    invite = web(request).invites.get(session.subject)
    # A revoked invite ends its sessions at once, even ones opened before the revocation.
    if invite is None or invite.revoked_at is not None:
        return None
    return invite


def customer_page(request: Request) -> Invite:
    """The invite this browser opened, or the "session ended" page."""
    invite = _customer(request)
    if invite is None:
        raise InviteSessionEnded()
    return invite


def customer_api(request: Request) -> Invite:
    """The invite this browser opened, or HTTP 401."""
    invite = _customer(request)
    if invite is None:
        raise HTTPException(401, "open your invite link first")
    return invite


def optional_customer(request: Request) -> Invite | None:
    """The invite of this browser, if any (for pages both operators and customers see)."""
    return _customer(request)


def optional_operator(request: Request) -> str | None:
    """The operator of this browser, if any."""
    session = _session(request, cookies.OPERATOR_COOKIE)
    return session.subject if session is not None and session.kind == "operator" else None
