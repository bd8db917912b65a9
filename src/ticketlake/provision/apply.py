"""Sending a plan: each step in order, placeholders resolved from what earlier steps created,
every write audited (sent or refused), the first refusal stopping the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ticketlake.errors import SourceError
from ticketlake.provision.plan import Plan
from ticketlake.provision.step import Step, resolve
from ticketlake.provision.target import PASSWORD
from ticketlake.secret import Secret
from ticketlake.transport import Transport, parse_body

Audit = Callable[[Step, str, "int | None"], None]
"""Called once per write with the step, the concrete path sent and the HTTP status (None
when no answer came)."""


@dataclass
class Applied:
    """What an apply sent."""

    sent: list[tuple[Step, int]] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)
    """Placeholder -> the ID the tenant gave what a step created."""


async def apply_plan(
    plan: Plan, transport: Transport, *, password: Secret | None, audit: Audit
) -> Applied:
    """Send every step of ``plan``; a ``SourceError`` stops at the step refused."""
    done = Applied()
    if password is not None:
        transport.register_secret(password)
        done.refs[PASSWORD] = password.reveal()
    for step in plan.steps:
        path = {k: resolve(v, done.refs) for k, v in step.path.items()}
        body = resolve(step.body, done.refs)
        shown = resolve(step.shown_path(), {k: v for k, v in done.refs.items() if k != PASSWORD})
        try:
            response = await transport.call(
                step.method, step.template, path=path, params=step.params or None, json=body
            )
        except SourceError as exc:
            audit(step, shown, exc.status)
            raise
        audit(step, shown, response.status_code)
        done.sent.append((step, response.status_code))
        if step.creates:
            done.refs[step.creates] = _created_id(parse_body(response.content))
    done.refs.pop(PASSWORD, None)
    return done


def _created_id(answer: object) -> str:
    if isinstance(answer, dict):
        value = answer.get("ID") or answer.get("UID")
        if value:
            return str(value)
    raise SourceError("the tenant created something but its answer carries no ID")
