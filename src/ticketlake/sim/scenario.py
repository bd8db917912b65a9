"""A named scenario of a simulated tenant: the setup step it gets wrong, what a client
observes, and how it changes the tenant's set-up before the data is generated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

S = TypeVar("S")


@dataclass(frozen=True)
class Scenario(Generic[S]):
    """A named set-up with the guide step it gets wrong and what a client observes."""

    name: str
    step: str
    summary: str
    observable: str
    apply: Callable[[S, Any], None]
    """Changes the set-up (``S``) given the simulator's config."""
