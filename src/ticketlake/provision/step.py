"""One call of a plan: exactly what will be sent, why, and when (given the limits)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ticketlake.provision.endpoints import limit_of
from ticketlake.provision.target import PASSWORD
from ticketlake.transport.guard import fill_template


@dataclass(frozen=True)
class Step:
    """A write the plan will send. Values may hold placeholders (``target.NEW_*``) that
    earlier steps of the same apply resolve."""

    method: str
    template: str
    why: str
    path: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    creates: str | None = None
    """The placeholder the answer's ID resolves (a new role or account)."""

    @property
    def key(self) -> str:
        """The endpoint key (``PATCH api/people/{uid}``)."""
        return f"{self.method} {self.template}"

    def shown_path(self) -> str:
        """The concrete path with its query, as the plan prints it."""
        path = fill_template(self.template, self.path).replace("%3C", "<").replace("%3E", ">")
        path = path.replace("%20", " ")
        query = "&".join(f"{k}={_text(v)}" for k, v in self.params.items())
        return f"{path}?{query}" if query else path

    def shown_body(self) -> str:
        """The body as compact JSON, the password's placeholder saying it is not shown."""
        text = json.dumps(self.body, separators=(",", ":"))
        return text.replace(json.dumps(PASSWORD), '"<password, not shown>"')


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def schedule(steps: Sequence[Step]) -> list[float]:
    """When each step can be sent, in seconds from the first, one after another, each
    endpoint's fixed window (opened by its first call) never over its documented limit."""
    windows: dict[str, tuple[float, int]] = {}
    at, out = 0.0, []
    for step in steps:
        limit = limit_of(step.method, step.template)
        opened, count = windows.get(step.key, (at, 0))
        if at >= opened + limit.period:
            opened, count = at, 0
        if count >= limit.calls:
            at = opened + limit.period
            opened, count = at, 0
        windows[step.key] = (opened, count + 1)
        out.append(at)
    return out


def resolve(value: Any, refs: Mapping[str, str]) -> Any:
    """``value`` with every placeholder string replaced by what it resolved to."""
    if isinstance(value, str):
        return refs.get(value, value)
    if isinstance(value, list):
        return [resolve(v, refs) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, refs) for k, v in value.items()}
    return value
