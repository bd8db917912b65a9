"""``create_app``: the FastAPI app of ``ticketlake serve``.

Pages are rendered on the server (Jinja2) and work without script; the small script in
``static/`` only enhances them (checks appearing live, conditional fields, copying a link),
and does so through the same JSON API under ``/api/`` that is published at
``/api/openapi.json``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from ticketlake import __version__
from ticketlake.errors import ValidationError
from ticketlake.web import csrf
from ticketlake.web.actions import Conflict
from ticketlake.web.audit import WebAudit
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.checkruns import CheckRuns
from ticketlake.web.context import (
    TEMPLATES,
    InviteSessionEnded,
    LoginRequired,
    Services,
    WebContext,
    web,
)
from ticketlake.web.database import Database
from ticketlake.web.headers import SecurityHeaders
from ticketlake.web.invites import Invites
from ticketlake.web.operators import Operators
from ticketlake.web.pages import render
from ticketlake.web.provisioning import PendingPlans
from ticketlake.web.routes import (
    api_customer,
    api_operator,
    auth,
    authorize,
    customer,
    operator,
    provision,
)
from ticketlake.web.schema import migrate, signing_key
from ticketlake.web.sessions import Sessions
from ticketlake.web.settings import WebSettings
from ticketlake.web.syncs import SyncLauncher
from ticketlake.web.throttle import LoginThrottle

STATIC = Path(__file__).parent / "static"


async def csrf_guard(request: Request) -> None:
    """Router dependency: unsafe requests need a valid CSRF token."""
    ctx = web(request)
    await csrf.verify(request, ctx.signing_key, ctx.secure)


def _context(
    settings: WebSettings, services: Services, db: Database, catalogs: Catalogs
) -> WebContext:
    catalogs.get()  # creates or upgrades the catalog's tables before ours
    migrate(db)
    clock = settings.clock
    return WebContext(
        settings=settings,
        services=services,
        catalogs=catalogs,
        db=db,
        audit=WebAudit(db),
        operators=Operators(db, clock),
        sessions=Sessions(db, clock),
        invites=Invites(db, clock),
        throttle=LoginThrottle(db, clock, settings.throttle),
        signing_key=signing_key(db),
        checks=CheckRuns(services.checker, clock),
        syncs=SyncLauncher(services.syncer),
        templates=Jinja2Templates(directory=TEMPLATES),
        provisions=PendingPlans(clock),
    )


def create_app(
    settings: WebSettings,
    services: Services,
    *,
    db: Database | None = None,
    catalogs: Catalogs | None = None,
) -> FastAPI:
    """The web app, its tables migrated, ready to serve (``services``: see ``wiring``)."""
    db = db or Database()
    app = FastAPI(
        title="ticketlake",
        version=__version__,
        description="Invite customers, take their connection details, verify, sync.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.web = _context(settings, services, db, catalogs or Catalogs(db.url))
    guard = [Depends(csrf_guard)]
    pages = (auth.router, operator.router, customer.router, provision.router, authorize.router)
    for router in pages:
        app.include_router(router, dependencies=guard, include_in_schema=False)
    for router in (api_operator.router, api_customer.router):
        app.include_router(router, prefix="/api", dependencies=guard)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders, hsts=settings.cookies_secure)
    _handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(InviteSessionEnded)
    async def session_ended(request: Request, exc: InviteSessionEnded) -> Response:
        message = "Your session has ended. Open your invite link again or ask for a new one."
        return render(request, "error.html", {"message": message}, binding="pre", status=401)

    @app.exception_handler(ValidationError)
    async def invalid(request: Request, exc: ValidationError) -> Response:
        body = {"detail": "invalid input", "errors": exc.errors}
        return JSONResponse(body, status_code=409 if isinstance(exc, Conflict) else 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render(
            request, "error.html", {"message": exc.detail}, binding="pre", status=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = {
            ".".join(str(p) for p in e.get("loc", ())[1:]) or "body": str(e.get("msg", ""))
            for e in exc.errors()
        }
        # Never echo the submitted input back (it may be a secret typed in the wrong box).
        return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)
