"""What a simulated tenant was asked: every request, and every write attempt with its body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestRecord:
    """One request the tenant received."""

    method: str
    path: str
    status: int
    client: str
    write: bool
    at: float
    """Virtual time of arrival."""
    who: str = ""
    """Whom the tenant took the caller for (a user name), when it could tell."""
    delay: float = 0.0
    """Virtual seconds the tenant held the answer back (throttling latency)."""


@dataclass(frozen=True)
class WriteRecord:
    """One write call the tenant received (whatever came of it)."""

    method: str
    path: str
    query: str
    body: Any
    status: int
    at: float
