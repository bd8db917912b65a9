"""``ticketlake check NAME [--json]``: verify a saved connection, check by named check.

Every check prints one line as it finishes (PASS, WARN, FAIL, SKIP); a check that does not pass
shows the calls behind its verdict and what to do, citing the setup guide's step (``--evidence``
shows the calls of every check). The preview of a first sync and its ETA come last, then the
verdict (passed, passed with warnings, failed) and what each warning means for the data.
``--json`` prints ``{"connection", "ok", "verdict", "headline", "consequences", "checks":
[{"id", "title", "status", "summary", "impact", "evidence", "remediation", "step"}],
"preview"}`` and nothing else. The report is saved to the catalog (audited as ``tested``).
Exit status: 0 when no check fails (a sync may run; warnings say what it will lack), 1 when one
does, 2 when the checks could not run (unknown connection, unreadable secret).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from ticketlake.catalog import Connection, open_catalog
from ticketlake.checks import CheckOptions, CheckReport, CheckResult, CheckStatus, run_checks
from ticketlake.checks.report import preview_rows
from ticketlake.checks.verdict import judge_report, save_report
from ticketlake.cli import onboarding_view as view
from ticketlake.transport import timescale
from ticketlake.transport.timescale import TimeScale
from ticketlake.transport.timescale import time_scale as chosen_scale

Opt = typer.Option
OptionsFactory = Callable[[], CheckOptions]
CHECK_KEYS = ("id", "title", "status", "summary", "impact", "evidence", "remediation", "step")
EXCERPT = 120
"""Characters of a body excerpt shown per call (``--json`` has the stored excerpt)."""


def report_json(report: CheckReport) -> dict[str, Any]:
    """Exactly the documented ``--json`` shape: ``ok`` (no check failed: a sync may run) and
    the ``verdict`` that tells a pass from a pass with warnings."""
    data = report.to_dict()
    judged = judge_report(report)
    return {
        "connection": data["connection"],
        "ok": data["ok"],
        "verdict": judged.verdict.value,
        "headline": judged.headline,
        "consequences": list(judged.consequences),
        "checks": [{k: c[k] for k in CHECK_KEYS} for c in data["checks"]],
        "preview": data["preview"],
    }


def _evidence_lines(console: Console, result: CheckResult) -> None:
    for e in result.evidence:
        status = e.status if e.status is not None else "no answer"
        took = f" ({e.elapsed_ms:.0f} ms)" if e.elapsed_ms is not None else ""
        line = Text(f"      {e.method} {e.path} -> {status}{took}", style="dim")
        if e.excerpt:
            cut = e.excerpt if len(e.excerpt) <= EXCERPT else e.excerpt[: EXCERPT - 1] + "…"
            line.append(f": {cut}", style="dim")
        console.print(line, overflow="fold")


def _printer(console: Console, all_evidence: bool) -> Callable[[CheckResult], None]:
    def show(result: CheckResult) -> None:
        mark, style = view.MARKS[result.status]
        line = Text.assemble((f"{mark:<5} ", style), (result.title, "bold"))
        if result.summary:
            line.append(f" - {result.summary}")
        console.print(line, overflow="fold")
        trouble = result.status in (CheckStatus.FAIL, CheckStatus.WARN)
        if trouble or all_evidence:
            _evidence_lines(console, result)
        if trouble and result.remediation:
            console.print(Text.assemble("      fix: ", result.remediation), overflow="fold")
        if trouble and result.step:
            console.print(Text(f"      {result.step}", style="cyan"))

    return show


def _preview_lines(console: Console, preview: Mapping[str, Any]) -> None:
    console.print(Text("Preview of a first sync", style="bold"))
    for label, value in preview_rows(preview):
        style = "yellow" if label == "not available" else ""
        console.print(Text.assemble(f"  {label:<26}", (value, style)), overflow="fold")
    eta = preview.get("eta")
    if isinstance(eta, Mapping) and eta.get("method"):
        console.print(Text(f"  {eta['method']}", style="dim"), overflow="fold")


def _run(
    name: str,
    options: CheckOptions,
    on_result: Callable[[CheckResult], None],
    announce: Callable[[Connection], None],
    scale: TimeScale | None = None,
) -> CheckReport:
    with open_catalog() as catalog:
        conn = catalog.get(name)
        announce(conn)
        url = conn.spec.address(conn.settings)
        if options.clock is None and scale is not None and url:  # a simulator's, loopback only
            options = replace(options, clock=scale.clock_for(url))
        report = run_checks(conn, options, on_result=on_result)
        save_report(catalog, report)
    return report


def _where(conn: Connection) -> str:
    """What the connection reads: ``URL, application 627`` (TeamDynamix), ``Autotask API user
    U, zone discovered`` (a source whose address is found from the user)."""
    settings, url = conn.settings, conn.spec.address(conn.settings)
    if "app_id" in settings:
        return f"{url}, application {settings['app_id']}"
    user = settings.get("api_username")
    who = f"{conn.spec.title} API user {user}" if user else conn.spec.title
    if settings.get("zone_url"):
        return f"{who}, zone {settings['zone_url']}"
    return f"{who}, zone discovered" + (f" from {url}" if url else "")


def _header(console: Console) -> Callable[[Connection], None]:
    def announce(conn: Connection) -> None:
        console.print(Text(f"Checking {conn.name} ({_where(conn)})", style="bold"), overflow="fold")

    return announce


def register(app: typer.Typer, *, options: OptionsFactory = CheckOptions) -> None:
    """Add ``check`` to ``app``; ``options`` builds the run's ``CheckOptions`` (tests put an
    in-process simulator and a fake clock there)."""

    @app.command("check")
    def check(
        name: Annotated[str, typer.Argument(help="The saved connection to verify.")],
        as_json: Annotated[bool, Opt("--json", help="Print the report as JSON only.")] = False,
        evidence: Annotated[
            bool, Opt("--evidence", "-e", help="Show the calls of passing checks too.")
        ] = False,
        expected_tickets: Annotated[
            int | None,
            Opt(help="A ticket count you can confirm; visibility fails if fewer are seen."),
        ] = None,
        time_scale: Annotated[
            float | None,
            Opt(envvar="TICKETLAKE_TIME_SCALE", help=timescale.HELP),
        ] = None,
    ) -> None:
        """Verify a saved connection: every check, its evidence and the step that fixes it."""
        base = options()
        chosen = replace(base, expected_tickets=expected_tickets or base.expected_tickets)
        scale = chosen_scale(time_scale, warn=view.warn)
        console = view.out()
        show = (lambda r: None) if as_json else _printer(console, evidence)
        announce = (lambda c: None) if as_json else _header(console)
        with view.reported():
            report = _run(name, chosen, show, announce, scale)
        if as_json:
            typer.echo(json.dumps(report_json(report)))
        else:
            if report.available:
                _preview_lines(console, report.preview)
            view.show_verdict(console, report)
        if not report.ok:
            raise typer.Exit(1)


def main() -> None:
    """``python -m ticketlake.cli.check``: the command on its own."""
    command = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    register(command)
    command()


if __name__ == "__main__":
    main()
