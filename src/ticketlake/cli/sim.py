"""``ticketlake sim``: simulated source tenants (the demo, the test bed, the benchmark bed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ticketlake.errors import ConfigError

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix import Tenant
from ticketlake.sim.autotask.config import DEFAULT_INTEGRATION_CODE as AT_CODE
from ticketlake.sim.autotask.config import DEFAULT_SECRET as AT_SECRET
from ticketlake.sim.autotask.config import DEFAULT_SEED as AT_SEED
from ticketlake.sim.autotask.config import DEFAULT_TICKETS as AT_TICKETS
from ticketlake.sim.autotask.config import DEFAULT_USERNAME as AT_USERNAME
from ticketlake.sim.teamdynamix.config import (
    DEFAULT_APP_ID,
    DEFAULT_BEID,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEFAULT_TICKETS,
    DEFAULT_USERNAME,
    DEFAULT_WEB_SERVICES_KEY,
)
from ticketlake.sim.teamwork.config import DEFAULT_API_KEY as TW_KEY
from ticketlake.sim.teamwork.config import DEFAULT_CLIENT_ID as TW_CLIENT_ID
from ticketlake.sim.teamwork.config import DEFAULT_CLIENT_SECRET as TW_CLIENT_SECRET
from ticketlake.sim.teamwork.config import DEFAULT_PASSWORD as TW_PASSWORD
from ticketlake.sim.teamwork.config import DEFAULT_SEED as TW_SEED
from ticketlake.sim.teamwork.config import DEFAULT_SITE as TW_SITE
from ticketlake.sim.teamwork.config import DEFAULT_TASKS as TW_TASKS
from ticketlake.sim.teamwork.config import DEFAULT_TICKETS as TW_TICKETS

app = typer.Typer(help="Simulated source tenants.", no_args_is_help=True)
console = Console()

Banner = Callable[[Any, str, int], None]
"""Prints how to reach a tenant: ``banner(tenant, host, port)``."""

Host = Annotated[str, typer.Option(help="Interface to listen on.")]
Port = Annotated[int, typer.Option(help="Port to listen on.")]
Tickets = Annotated[int, typer.Option(min=1, help="Tickets the tenant holds.")]
Seed = Annotated[int, typer.Option(help="Data seed: same seed, same tenant.")]
AsOf = Annotated[str | None, typer.Option(help="The data's 'now' (default: today 00:00 UTC).")]
TimeScale = Annotated[float, typer.Option(min=0.001, help="Virtual seconds per real second.")]
Scenario = Annotated[str, typer.Option(help="Tenant set-up (see --list-scenarios).")]
ListScenarios = Annotated[
    bool, typer.Option("--list-scenarios", help="List the scenarios and exit.")
]
DumpTruth = Annotated[
    Path | None, typer.Option(help="Write the tenant's data here (JSON lines) first.")
]
# Teamwork's simulator holds a site, not a tenant: the same options, worded for it.
SiteSeed = Annotated[int, typer.Option(help="Data seed: same seed, same site.")]
SiteScenario = Annotated[str, typer.Option(help="Site set-up (see --list-scenarios).")]
SiteDumpTruth = Annotated[
    Path | None, typer.Option(help="Write the site's data here (JSON lines) first.")
]


@app.callback()
def group() -> None:
    """Simulated source tenants: the demo, the test bed, the benchmark bed."""


def _parse_as_of(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(
            f"--as-of {value!r} is not an ISO date or datetime",
            fix="use e.g. 2026-06-30 or 2026-06-30T00:00:00Z",
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _listed(listing: bool, title: str, scenarios: Mapping[str, Any], scenario: str) -> bool:
    """True when ``--list-scenarios`` asked for the table (printed); an unknown ``scenario``
    is a ``ConfigError``."""
    if listing:
        table = Table(title=title)
        for col in ("scenario", "guide step", "what is set up", "what a client sees"):
            table.add_column(col)
        for s in scenarios.values():
            table.add_row(*(escape(x) for x in (s.name, s.step, s.summary, s.observable)))
        console.print(table)
        return True
    if scenario not in scenarios:
        raise ConfigError(f"unknown scenario {scenario!r}", fix="see --list-scenarios")
    return False


def _generate_and_serve(simulator: ModuleType, config: Any, generating: str,
                        dump_truth: Path | None, banner: Banner, host: str,
                        port: int) -> None:  # fmt: skip
    """Build ``simulator``'s tenant from ``config``, write its truth when asked, print
    ``banner`` and serve it until interrupted."""
    with console.status(generating):
        tenant = simulator.Tenant(config)
    if dump_truth is not None:
        with console.status(f"Writing ground truth to {dump_truth}..."):
            tenant.dump_truth(dump_truth)
        console.print(f"Ground truth written to [bold]{dump_truth}[/]")
    banner(tenant, host, port)
    _serve(simulator.create_app(tenant=tenant), host, port)


def _serve(app: Any, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                date_header=False, server_header=False)  # fmt: skip


@app.command()
def teamdynamix(
    host: Host = "127.0.0.1",
    port: Port = 8750,
    tickets: Tickets = DEFAULT_TICKETS,
    seed: Seed = DEFAULT_SEED,
    time_scale: TimeScale = 1.0,
    scenario: Scenario = "healthy",
    list_scenarios: ListScenarios = False,
    dump_truth: DumpTruth = None,
    username: Annotated[str, typer.Option(help="Integration account username.")] = (
        DEFAULT_USERNAME
    ),
    password: Annotated[str, typer.Option(help="Integration account password.")] = (
        DEFAULT_PASSWORD
    ),
    beid: Annotated[str, typer.Option(help="The organization's BEID.")] = DEFAULT_BEID,
    web_services_key: Annotated[str, typer.Option(help="The admin WebServicesKey.")] = (
        DEFAULT_WEB_SERVICES_KEY
    ),
    app_id: Annotated[int, typer.Option(help="The ticketing app ID the customer gives.")] = (
        DEFAULT_APP_ID
    ),
    as_of: AsOf = None,
    feed_bounds: Annotated[
        str,
        typer.Option(
            help="How the application-wide feed reads DateFrom/DateTo (UNCONFIRMED): 'ours', "
            "'exclusive' (DateTo excludes its instant) or 'doc' (DateFrom is the latest bound)."
        ),
    ] = "ours",
    search_cap: Annotated[
        int | None,
        typer.Option(min=1, help="Cap ticket and time searches at this many rows (UNCONFIRMED)."),
    ] = None,
) -> None:
    """Serve a simulated TeamDynamix tenant at /TDWebApi/api and /SBTDWebApi/api."""
    from ticketlake.sim import teamdynamix as simulator

    if _listed(list_scenarios, "TeamDynamix simulator scenarios", simulator.SCENARIOS, scenario):
        return
    from ticketlake.sim.teamdynamix.config import FEED_BOUNDS, Readings

    if feed_bounds not in FEED_BOUNDS:
        raise ConfigError(f"unknown feed reading {feed_bounds!r}", fix="ours, exclusive or doc")
    readings = Readings(feed_bounds=feed_bounds, search_cap=search_cap)
    config = simulator.SimConfig(tickets=tickets, seed=seed, time_scale=time_scale,
                                 scenario=scenario, username=username, password=password,
                                 beid=beid, web_services_key=web_services_key, app_id=app_id,
                                 as_of=_parse_as_of(as_of), readings=readings)  # fmt: skip
    _generate_and_serve(simulator, config, f"Generating {tickets:,} tickets...", dump_truth,
                        _print_banner, host, port)  # fmt: skip


def _print_banner(tenant: Tenant, host: str, port: int) -> None:
    config = tenant.config
    base = f"http://{host}:{port}"
    table = Table(show_header=False, title="Simulated TeamDynamix tenant")
    rows = [
        ("ready in", f"{tenant.startup_seconds:.1f} s ({config.tickets:,} tickets, "
                     f"seed {config.seed}, scenario {config.scenario})"),
        ("base URL", f"{base}/TDWebApi  (sandbox: {base}/SBTDWebApi)"),
        ("username / password", f"{config.username} / {config.password}"),
        ("BEID", config.beid), ("WebServicesKey", config.web_services_key),
        ("ticketing app ID", f"{config.app_id} (tenant's IT Tickets app: {tenant.app_id})"),
        ("time scale", f"{config.time_scale:g} virtual s per real s"),
        ("data as of", config.resolved_as_of().isoformat()),
    ]  # fmt: skip
    for k, v in rows:
        table.add_row(k, escape(v))
    console.print(table)
    login = f'{{"username":"{config.username}","password":"{config.password}"}}'
    console.print("Log in with:", highlight=False)
    console.print(
        escape(f"curl -s -X POST {base}/TDWebApi/api/auth -H 'Content-Type: application/json' "
               f"-d '{login}'"),
        soft_wrap=True, highlight=False,
    )  # fmt: skip
    if config.time_scale != 1:
        console.print(
            f"Run ticketlake against it at the same speed: export TICKETLAKE_TIME_SCALE="
            f"{config.time_scale:g} (without it, the client waits real minutes for rate-limit "
            f"windows that reopen here every {60 / config.time_scale:g} s).",
            highlight=False,
        )


@app.command()
def autotask(
    host: Host = "127.0.0.1",
    port: Port = 8760,
    username: Annotated[str, typer.Option(help="The API user's user name.")] = AT_USERNAME,
    secret: Annotated[str, typer.Option(help="The API user's secret.")] = AT_SECRET,
    integration_code: Annotated[
        str, typer.Option(help="The API user's API Tracking Identifier (ApiIntegrationCode).")
    ] = AT_CODE,
    tickets: Tickets = AT_TICKETS,
    seed: Seed = AT_SEED,
    as_of: AsOf = None,
    time_scale: TimeScale = 1.0,
    scenario: Scenario = "healthy",
    list_scenarios: ListScenarios = False,
    dump_truth: DumpTruth = None,
    other_integrations_rph: Annotated[
        int | None,
        typer.Option(min=0, help="Requests an hour the tenant's other integrations make "
                     "(default: the scenario's, 1,200; busy_tenant 8,500)."),
    ] = None,
    reading: Annotated[
        list[str] | None,
        typer.Option(help="NAME=VALUE: how to play an UNCONFIRMED behaviour (repeatable; "
                     "docs/simulator-autotask.md lists them), e.g. thread_status=500."),
    ] = None,
) -> None:  # fmt: skip
    """Serve a simulated Autotask PSA tenant: zones under /{zone}/ATServicesRest, discovery at
    /ATServicesRest."""
    from ticketlake.sim import autotask as simulator
    from ticketlake.sim.autotask.config import parse_readings

    if _listed(list_scenarios, "Autotask simulator scenarios", simulator.SCENARIOS, scenario):
        return
    try:
        readings = parse_readings(reading or [])
    except ValueError as exc:
        raise ConfigError(str(exc), fix="see docs/simulator-autotask.md") from exc
    config = simulator.SimConfig(tickets=tickets, seed=seed, time_scale=time_scale,
                                 scenario=scenario, username=username, secret=secret,
                                 integration_code=integration_code, as_of=_parse_as_of(as_of),
                                 other_integrations_rph=other_integrations_rph,
                                 readings=readings)  # fmt: skip
    _generate_and_serve(simulator, config, f"Generating {tickets:,} tickets...", dump_truth,
                        _print_autotask_banner, host, port)  # fmt: skip


def _print_autotask_banner(tenant: Any, host: str, port: int) -> None:
    config, setup = tenant.config, tenant.world.setup
    base = f"http://{host}:{port}"
    table = Table(show_header=False, title="Simulated Autotask tenant")
    rows = [
        ("ready in", f"{tenant.startup_seconds:.1f} s ({config.tickets:,} tickets, "
                     f"seed {config.seed}, scenario {config.scenario})"),
        ("discovery URL", f"{base}/ATServicesRest"),
        ("tenant's zone", f"{base}/{tenant.zone}/ATServicesRest/"),
        ("API user name", config.username), ("secret", config.secret),
        ("tracking identifier", config.integration_code),
        ("other integrations", f"{setup.other_rph:,} requests an hour of the 10,000"),
        ("time scale", f"{config.time_scale:g} virtual s per real s"),
        ("data as of", config.resolved_as_of().isoformat()),
    ]  # fmt: skip
    if setup.advertised_zone != tenant.zone:
        rows.append(("zone the customer pinned", f"{base}/{setup.advertised_zone}/ATServicesRest"))
    for k, v in rows:
        table.add_row(k, escape(v))
    console.print(table)
    console.print("Find the zone, then query:", highlight=False)
    console.print(escape(f"curl -s '{base}/ATServicesRest/V1.0/zoneInformation?user="
                         f"{config.username}'"), soft_wrap=True, highlight=False)  # fmt: skip
    console.print(
        escape(f"curl -s -X POST {base}/{tenant.zone}/ATServicesRest/V1.0/Tickets/query "
               f"-H 'Content-Type: application/json' -H 'UserName: {config.username}' "
               f"-H 'Secret: {config.secret}' -H 'ApiIntegrationCode: {config.integration_code}' "
               """-d '{"MaxRecords":1,"filter":[{"op":"gt","field":"id","value":0}]}'"""),
        soft_wrap=True, highlight=False,
    )  # fmt: skip


@app.command()
def teamwork(
    host: Host = "127.0.0.1",
    port: Port = 8770,
    site: Annotated[str, typer.Option(help="The site name the form gives (acme: "
                                      "acme.teamwork.com).")] = TW_SITE,
    api_key: Annotated[str, typer.Option(help="The API key the form gives.")] = TW_KEY,
    tasks: Annotated[int, typer.Option(min=0, help="Projects tasks the site holds.")] = TW_TASKS,
    tickets: Annotated[int, typer.Option(min=0, help="Desk tickets the site holds.")] = (
        TW_TICKETS),
    seed: SiteSeed = TW_SEED,
    as_of: AsOf = None,
    time_scale: TimeScale = 1.0,
    scenario: SiteScenario = "healthy",
    list_scenarios: ListScenarios = False,
    dump_truth: SiteDumpTruth = None,
    oauth_client_id: Annotated[str, typer.Option(help="The OAuth app's client ID.")] = (
        TW_CLIENT_ID),
    oauth_client_secret: Annotated[str, typer.Option(help="The OAuth app's client secret.")] = (
        TW_CLIENT_SECRET),
    plan: Annotated[str, typer.Option(help="grow (Projects 150 requests a minute) or scale "
                                      "(300).")] = "grow",
) -> None:  # fmt: skip
    """Serve a simulated Teamwork.com site: Projects, Desk and Spaces on /us/SITE and /eu/SITE
    (or by Host header), the launchpad at /launchpad."""
    from ticketlake.sim import teamwork as simulator

    if _listed(list_scenarios, "Teamwork.com simulator scenarios", simulator.SCENARIOS, scenario):
        return
    if plan not in simulator.PLANS:
        raise ConfigError(f"unknown plan {plan!r}", fix=f"one of {', '.join(simulator.PLANS)}")
    config = simulator.SimConfig(site=site, api_key=api_key, tasks=tasks, tickets=tickets,
                                 seed=seed, as_of=_parse_as_of(as_of), time_scale=time_scale,
                                 scenario=scenario, oauth_client_id=oauth_client_id,
                                 oauth_client_secret=oauth_client_secret, plan=plan)  # fmt: skip
    _generate_and_serve(simulator, config, f"Generating {tasks:,} tasks and {tickets:,} "
                        "tickets...", dump_truth, _print_teamwork_banner, host, port)  # fmt: skip


def _print_teamwork_banner(tenant: Any, host: str, port: int) -> None:
    config, site = tenant.config, tenant.site
    base = f"http://{host}:{port}"
    table = Table(show_header=False, title="Simulated Teamwork.com site")
    rows = [
        ("ready in", f"{tenant.startup_seconds:.1f} s ({config.tasks:,} tasks, "
                     f"{config.tickets:,} tickets, seed {config.seed}, "
                     f"scenario {config.scenario})"),
        ("site URL", f"{base}/{site.region}/{site.name}/  (the form: {config.site}, "
                     f"{site.form.region.upper()})"),
        ("launchpad", f"{base}/launchpad/login  (token: {base}/launchpad/v1/token.json)"),
        ("API key", config.api_key), ("OAuth client", f"{config.oauth_client_id} / "
                                                      f"{config.oauth_client_secret}"),
        ("sign in as", f"{tenant.world.directory.people[0].email} / {TW_PASSWORD}"),
        ("time scale", f"{config.time_scale:g} virtual s per real s"),
        ("data as of", config.resolved_as_of().isoformat()),
    ]  # fmt: skip
    for k, v in rows:
        table.add_row(k, escape(v))
    console.print(table)
    console.print("Read the first page of tasks:", highlight=False)
    console.print(escape(f"curl -s -u '{config.api_key}:x' '{base}/{site.form.region}/"
                         f"{config.site}/projects/api/v3/tasks.json?pageSize=5'"),
                  soft_wrap=True, highlight=False)  # fmt: skip
