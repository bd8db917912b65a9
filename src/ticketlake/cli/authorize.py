"""``ticketlake authorize NAME``: OAuth 2.0 "Save and authorize" for a Teamwork.com connection.

The connection is saved first (``ticketlake connect teamwork --auth-type oauth2 ...``). This
command prints the address to open (and opens the browser unless ``--no-browser``), listens on
the loopback redirect ``http://127.0.0.1:8737/teamwork/callback`` (``loopback.py``; register it
in the Teamwork app, seed 003 "How to retrieve the client ID and client secret", step 5),
exchanges the code, stores the token encrypted, and runs the checks. Run it again whenever the
checks say the token stopped working.
"""

from __future__ import annotations

import asyncio
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import httpx
import typer

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.checks import CheckOptions, run_checks
from ticketlake.checks.verdict import save_report
from ticketlake.cli import onboarding_view as view
from ticketlake.cli.loopback import PORT, Loopback
from ticketlake.connectors.netguard import UnsafeURL
from ticketlake.connectors.teamwork import oauth
from ticketlake.errors import SourceError


@dataclass(frozen=True)
class Authorized:
    """How an authorization ended: the token kept, or why not (the checks explain it)."""

    ok: bool
    said: str


async def authorize_saved(
    catalog: Catalog,
    name: str,
    open_url: Callable[[str], None],
    *,
    port: int = PORT,
    wait: float = oauth.CODE_SECONDS,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> Authorized:
    """Authorize connection ``name``: the customer opens the URL given to ``open_url``."""
    conn = catalog.get(name)
    async with Loopback(port) as back, oauth.client(http_transport) as http:
        app = oauth.app_for(conn.to_settings(purpose="authorize"), back.redirect_uri, conn.network)
        try:
            started = await oauth.begin(app, http)
        except UnsafeURL as exc:
            oauth.save_refusal(catalog, conn, oauth.Refusal.ENDPOINT, actor=catalog.actor)
            return Authorized(False, f"the launchpad {exc}")
        refused = await oauth.preflight(started, http)
        if refused:
            refusal = oauth.launchpad_refusal(refused)
            oauth.save_refusal(
                catalog, conn, refusal, actor=catalog.actor, redirect_uri=app.redirect_uri
            )
            return Authorized(False, f"the launchpad refused the sign-in page: {refused}")
        open_url(started.authorize_url)
        try:
            query = await back.wait(wait)
            token = await oauth.finish(started, app, query, http)
        except TimeoutError:
            return Authorized(False, "nobody came back within 15 minutes; run it again")
        except (SourceError, UnsafeURL) as exc:
            oauth.save_refusal(catalog, conn, oauth.refusal_of(exc), actor=catalog.actor)
            return Authorized(False, str(exc))
    oauth.save_token(catalog, conn, token, actor=catalog.actor)
    return Authorized(True, f"authorized on {token.site or token.api_endpoint}")


def _opener(browser: bool) -> Callable[[str], None]:
    def show(url: str) -> None:
        view.out().print("Open this address to sign in with Teamwork.com and press Accept:")
        view.out().print(url, soft_wrap=True, markup=False, highlight=False)
        if browser:
            webbrowser.open(url)

    return show


def register(app: typer.Typer) -> None:
    """Add ``ticketlake authorize`` to the root command."""

    @app.command("authorize")
    def authorize(
        name: Annotated[str, typer.Argument(help="The Teamwork.com connection to authorize.")],
        port: Annotated[
            int, typer.Option(help="The loopback redirect's port (registered in the Teamwork app).")
        ] = PORT,
        browser: Annotated[bool, typer.Option(help="Open the browser.")] = True,
        check: Annotated[bool, typer.Option(help="Run the checks afterwards.")] = True,
    ) -> None:
        """Sign in with Teamwork.com (OAuth 2.0) and keep the token, then check."""
        with view.reported(), open_catalog() as catalog:
            done = asyncio.run(authorize_saved(catalog, name, _opener(browser), port=port))
            view.out().print(("Authorized: " if done.ok else "Not authorized: ") + done.said)
            if not check:
                return
            report = run_checks(catalog.get(name), CheckOptions(), on_result=view.result_line)
            save_report(catalog, report)
        view.show_report(report, live=True)
        if not done.ok or (report.available and not report.ok):
            raise typer.Exit(1)
