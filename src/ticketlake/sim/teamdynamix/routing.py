"""The route table: (method, template) -> handler, matched the way ASP.NET routes match."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from starlette.responses import Response

from ticketlake.sim.teamdynamix.http import Call

Handler = Callable[[Call], Awaitable[Response]]
_INT_PARAMS = {"appId", "id", "ticketId", "groupId", "roleId", "templateId"}


def _compile(template: str) -> re.Pattern[str]:
    parts = []
    for seg in template.split("/"):
        if seg.startswith("{") and seg.endswith("}"):
            name = seg[1:-1]
            parts.append(f"(?P<{name}>-?\\d+)" if name in _INT_PARAMS else f"(?P<{name}>[^/]+)")
        else:
            parts.append(re.escape(seg))
    return re.compile("/".join(parts), re.IGNORECASE)


@dataclass(frozen=True)
class Op:
    """One API method. ``write`` marks calls that change the tenant."""

    method: str
    template: str
    handler: Handler
    auth: bool = True
    write: bool = False
    pattern: re.Pattern[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _compile(self.template))

    @property
    def key(self) -> str:
        """The rate-limit key, e.g. ``POST api/{appId}/tickets/search``."""
        return f"{self.method} {self.template}"

    def specificity(self) -> tuple[int, ...]:
        """Literal segments sort before parameters (``people/search`` before ``people/{uid}``)."""
        return tuple(1 if s.startswith("{") else 0 for s in self.template.split("/"))


class Router:
    """Finds the op for a path and method."""

    def __init__(self, ops: Sequence[Op]) -> None:
        self.ops = sorted(ops, key=Op.specificity)

    def match(self, method: str, path: str) -> tuple[Op | None, dict[str, str], bool]:
        """(op, path params, whether the path exists for some other method)."""
        other = False
        for op in self.ops:
            m = op.pattern.fullmatch(path)
            if m is None:
                continue
            if op.method == method:
                return op, m.groupdict(), True
            other = True
        return None, {}, other
