"""``ticketlake serve``: the web app (operator dashboard and customer submission flow).

Mount with ``serve.register(app)`` (adds the ``serve`` command to the root).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated

import typer
from fastapi import FastAPI
from rich.console import Console

from ticketlake.errors import ConfigError
from ticketlake.transport import timescale
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings
from ticketlake.web.wiring import services

console = Console()
_INVITE_PATH = re.compile(r"/i/[^/?\s]+")


class RedactInviteLinks(logging.Filter):
    """Access-log lines name request paths; an invite link's path is a credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _INVITE_PATH.sub("/i/[redacted]", a) if isinstance(a, str) else a
                for a in record.args
            )
        return True


def build_app(settings: WebSettings, time_scale: float | None = None) -> FastAPI:
    """The app ``serve`` runs: the real catalog, checks, sync and report (a time scale
    applies only to connections to a simulator on loopback, as in ``ticketlake sync``)."""
    catalogs = Catalogs()
    scale = timescale.time_scale(time_scale)
    return create_app(settings, services(catalogs, time_scale=scale), catalogs=catalogs)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    public_url: Annotated[
        str, typer.Option(help="The URL customers reach (invite links), e.g. behind a proxy.")
    ] = "",
    allow_private_network: Annotated[
        bool,
        typer.Option(help="Accept tenant URLs on private, loopback or link-local addresses."),
    ] = False,
    allow_insecure_localhost: Annotated[
        bool,
        typer.Option(help="Accept plain-HTTP tenant URLs on loopback (the simulator)."),
    ] = False,
    tls_cert: Annotated[Path | None, typer.Option(help="TLS certificate (PEM).")] = None,
    tls_key: Annotated[Path | None, typer.Option(help="TLS private key (PEM).")] = None,
    time_scale: Annotated[
        float | None,
        typer.Option(
            envvar="TICKETLAKE_TIME_SCALE",
            help="Only against a simulated tenant on this machine run with the same "
            "--time-scale: its checks and syncs pace themselves in its compressed time "
            "(ignored, with a warning, for any other tenant).",
        ),
    ] = None,
) -> None:
    """Serve the web app: operators invite customers, customers enter and verify their
    connection details, operators start syncs and open reports."""
    import uvicorn

    if (tls_cert is None) != (tls_key is None):
        raise ConfigError("give --tls-cert and --tls-key together")
    settings = WebSettings(
        host=host,
        port=port,
        public_url=public_url,
        allow_private_network=allow_private_network,
        allow_insecure_localhost=allow_insecure_localhost,
        secure_cookies=True if tls_cert else None,
    )
    app = build_app(settings, time_scale)
    if not app.state.web.operators.names():
        console.print("No operators yet: add one with `ticketlake users add NAME`.")
    if settings.cookies_secure and not (tls_cert or public_url.startswith("https://")):
        console.print(
            "[yellow]Not on loopback: cookies are Secure, so browsers log in only over HTTPS."
            " Serve behind a TLS proxy (--public-url https://...) or give --tls-cert/--tls-key."
        )
    console.print(f"ticketlake web on {settings.base_url} (Ctrl+C stops it)")
    logging.getLogger("uvicorn.access").addFilter(RedactInviteLinks())
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``ticketlake`` command."""
    app.command("serve")(serve)


__all__ = ["RedactInviteLinks", "build_app", "register", "serve"]
