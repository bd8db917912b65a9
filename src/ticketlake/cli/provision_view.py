"""How a provisioning plan and its outcome print: what exists, what will change, the exact
calls and their times, what is manual, what the customer must decide."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ticketlake.provision import Plan, Result


def show_plan(console: Console, plan: Plan) -> None:
    """The whole plan (a dry run prints only this)."""
    console.print(Text("What exists today", style="bold"))
    for fact in plan.facts:
        console.print(f"  {fact}", overflow="fold")
    for reason in plan.blocked:
        console.print(Text.assemble(("  cannot apply: ", "bold red"), reason), overflow="fold")
    if plan.blocked:
        return
    if not plan.steps:
        console.print(Text("Nothing to change: the account is as the guide asks.", style="green"))
    else:
        console.print(Text(f"What will change ({len(plan.steps)} call(s))", style="bold"))
        for step, at in zip(plan.steps, plan.at, strict=True):
            console.print(Text.assemble(f"  t+{at:>5.0f}s  ", (f"{step.method} ", "bold"),
                                        step.shown_path()), overflow="fold")  # fmt: skip
            console.print(Text(f"           {step.why}", style="cyan"), overflow="fold")
            if step.body is not None:
                console.print(Text(f"           {step.shown_body()}", style="dim"), overflow="fold")
        console.print(
            f"  at the documented limits these calls take {plan.seconds:.0f} s "
            "(people writes 45 per 60 s, role calls 60 per 60 s, a bulk call 1 per 120 s per "
            "organization)"
        )
    _lines(console, "Manual steps (the API cannot do them)", plan.manual, "yellow")
    _lines(console, "For you to decide", plan.decisions, "yellow")
    console.print(f"  the connection will log in as {plan.username!r}")


def _lines(console: Console, title: str, lines: tuple[str, ...], style: str) -> None:
    if lines:
        console.print(Text(title, style=f"bold {style}"))
        for line in lines:
            console.print(f"  {line}", overflow="fold")


def show_result(console: Console, result: Result) -> None:
    """What the apply sent and what is left."""
    for step, status in result.applied.sent:
        console.print(f"  sent {step.method} {step.template} -> HTTP {status}")
    if result.after.steps:
        console.print(Text(f"Still to do after the apply: {len(result.after.steps)} call(s)",
                           style="bold yellow"))  # fmt: skip
        for step in result.after.steps:
            console.print(f"  {step.key}: {step.why}", overflow="fold")
    else:
        console.print(Text("Re-read: nothing left to change (a second apply writes nothing).",
                           style="green"))  # fmt: skip
