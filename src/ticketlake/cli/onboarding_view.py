"""How onboarding commands render: field errors, connections, check reports.

Nothing here can print a secret: connections are shown from their settings (secrets only as
"set" / "not set"), and error messages come from validation, which never repeats a value.
User-supplied text is printed as ``Text`` so it is never read as rich markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ticketlake.catalog import Catalog, Connection, StoredReport
from ticketlake.checks import CheckReport, CheckResult, CheckStatus
from ticketlake.checks.verdict import Judgement, Verdict, judge_report
from ticketlake.cli.spec_options import option_name
from ticketlake.connectors.spec import ConnectionSpec
from ticketlake.errors import TicketlakeError, ValidationError

MARKS = {
    CheckStatus.PASS: ("PASS", "green"),
    CheckStatus.WARN: ("WARN", "yellow"),
    CheckStatus.FAIL: ("FAIL", "bold red"),
    CheckStatus.SKIPPED: ("SKIP", "dim"),
}
TONE_STYLES = {"ok": "green", "warning": "bold yellow", "failing": "bold red"}
"""How a verdict's tone (``Judgement.tone``) shows on a terminal."""


def out() -> Console:
    """The console for results (stdout)."""
    return Console(highlight=False)


def err() -> Console:
    """The console for errors (stderr)."""
    return Console(stderr=True, highlight=False)


@contextmanager
def reported(spec: ConnectionSpec | None = None) -> Iterator[None]:
    """Turn ticketlake's errors into a clean message and exit status 2 (never a traceback)."""
    try:
        yield
    except ValidationError as exc:
        show_errors(exc, spec)
        raise typer.Exit(2) from None
    except TicketlakeError as exc:
        show_error(exc)
        raise typer.Exit(2) from None


def show_error(exc: TicketlakeError) -> None:
    """The error and its fix on stderr, as plain text (messages may quote SQL or values)."""
    console = err()
    console.print(Text.assemble(("error: ", "bold red"), exc.message))
    if exc.fix:
        console.print(Text.assemble(("fix: ", "bold"), exc.fix))


def warn(message: str) -> None:
    """A warning on stderr, as plain text."""
    err().print(Text.assemble(("warning: ", "yellow"), message))


def show_errors(exc: ValidationError, spec: ConnectionSpec | None) -> None:
    """A table of field-level errors and the promise that nothing was saved."""
    table = Table("field", "flag", "problem", title="Nothing was saved. Fix these fields:")
    names = spec.names if spec else ()
    for name, message in exc.errors.items():
        flag = option_name(spec.field(name)) if spec and name in names else f"--{name}"
        table.add_row(Text(name), Text(flag), Text(message))
    err().print(table)


def show_connection(conn: Connection) -> None:
    """Settings and which secrets are set (never their values)."""
    spec = conn.spec
    table = Table("field", "value", title=f"{conn.name} ({spec.title})", title_justify="left")
    for field in spec.visible_fields(conn.settings):
        if field.secret:
            value = Text("set" if conn.has_secret(field.name) else "not set", style="italic")
        elif field.name in conn.settings:
            setting = conn.settings[field.name]
            shown = ("yes" if setting else "no") if isinstance(setting, bool) else str(setting)
            value = Text(shown)
        else:
            value = Text("-", style="dim")
        table.add_row(Text(field.label), value)
    out().print(table)


def result_line(result: CheckResult) -> None:
    """One finished check, as it finishes."""
    mark, style = MARKS[result.status]
    line = Text.assemble((f"{mark:<5}", style), result.title)
    if result.summary:
        line.append(f" - {result.summary}", style="dim")
    out().print(line)


def show_report(report: CheckReport, *, live: bool) -> None:
    """The report: each check (unless already shown live), what to fix, and the verdict."""
    console = out()
    if not report.available:
        show_verdict(console, report)
        return
    if not live:
        for result in report.checks:
            result_line(result)
    todo = [c for c in report.checks if c.status in (CheckStatus.FAIL, CheckStatus.WARN)]
    if todo:
        console.print(Text("To fix:", style="bold"))
    for check in todo:
        console.print(Text.assemble(f"- {check.title}: ", check.remediation or "see evidence"))
        if check.step:
            console.print(Text(f"  {check.step}", style="cyan"))
    show_verdict(console, report)


def show_verdict(console: Console, report: CheckReport) -> None:
    """The verdict (``checks.verdict``), its counts, and what each warning means for the data;
    the same lines after ``check`` and ``connect``."""
    judged = judge_report(report)
    if judged.verdict is Verdict.NOT_VERIFIED:
        console.print(Text(judged.headline, style="yellow"), overflow="fold")
        return
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items() if n)
    headline = f"{judged.headline.rstrip('.')} ({counts})."
    console.print(Text(headline, style=TONE_STYLES[judged.tone]), overflow="fold")
    if judged.consequences:
        console.print(Text("What this means for the data:", style="bold"))
    for consequence in judged.consequences:
        console.print(Text(f"  - {consequence}"), overflow="fold")
    step = judged.next_step(f"run `ticketlake check {report.connection}` again")
    if step:
        console.print(Text(step), overflow="fold")


def last_check(catalog: Catalog, name: str) -> str:
    """The latest verdict of a connection, with when: ``passed with 1 warning (2026-06-01
    10:00 UTC)``, or ``never``."""
    stored = catalog.history.reports(name, limit=1)
    if not stored:
        return "never"
    return f"{_judged(stored[0]).counted} ({stored[0].at:%Y-%m-%d %H:%M} UTC)"


def show_last_check(console: Console, stored: StoredReport) -> None:
    """A stored report's verdict and what each warning means for the data (``connections
    show``)."""
    judged = _judged(stored)
    line = f"Last check {stored.at:%Y-%m-%d %H:%M} UTC: {judged.counted}"
    console.print(Text(line, style=TONE_STYLES[judged.tone]), overflow="fold")
    for consequence in judged.consequences:
        console.print(Text(f"  - {consequence}"), overflow="fold")


def _judged(stored: StoredReport) -> Judgement:
    return judge_report(CheckReport.from_dict(stored.report))
