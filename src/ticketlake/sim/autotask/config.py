"""How a simulated Autotask tenant is set up: the defaults, the readings of what the reference
leaves UNCONFIRMED, and ``SimConfig``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Literal, get_args, get_origin, get_type_hints

from ticketlake.sim.asof import history_days, resolve_as_of
from ticketlake.sim.clock import VirtualClock

DEFAULT_USERNAME = "tl7qkxw3mdc2zpa@NORTHWINDIT.COM"
"""A generated API user name looks like this (upper-case domain, as Autotask generates it)."""
DEFAULT_SECRET = "sim-Secret-1*Zp"  # noqa: S105 - the simulator's documented demo credential
DEFAULT_INTEGRATION_CODE = "SIMTICKETLAKE7QX2M4K8P3RZ5WA"
"""A "Custom (Internal Integration)" tracking identifier (27 characters, as Nango describes)."""
DEFAULT_TICKETS = 3000
DEFAULT_SEED = 1
DEFAULT_ZONE = "webservices5"
THRESHOLD = 10_000
"""External requests per rolling hour for the whole database (reference A8)."""
TIMEFRAME_MINUTES = 60
THREADS = 3
"""Concurrent calls per tracking identifier and endpoint (reference A8)."""


@dataclass(frozen=True)
class Readings:
    """How the tenant behaves where the reference says UNCONFIRMED (or says nothing).

    Each is a setting so a client can be tested against every choice; the defaults are the
    readings docs/simulator-autotask.md lists.
    """

    thread_status: int = 429
    """HTTP status of a refusal for a fourth concurrent call (A8: the code is UNCONFIRMED)."""
    threshold_status: int = 429
    """HTTP status of calls refused because the hourly threshold was passed (UNCONFIRMED)."""
    suspension_minutes: float = 60.0
    """How long the tenant's API stays suspended once the threshold is passed (UNCONFIRMED)."""
    latency_tiers: tuple[tuple[float, float], ...] = ((0.5, 0.5), (0.75, 1.0))
    """(share of the threshold used, seconds added to each call): A8's "latency is added as
    usage approaches the threshold"; tiers from a third party, UNCONFIRMED."""
    call_seconds: float = 0.2
    """Virtual seconds every call takes before latency (ours: what makes threads overlap)."""
    ticket_history: Literal["single_ticket", "any"] = "single_ticket"
    """TicketHistory accepts only one ``ticketID`` eq filter (the SOAP docs; A6 says REST is
    UNCONFIRMED) or any filter."""
    missing_item: Literal["404", "null"] = "404"
    """GET {Entity}/{id} of a missing record: 404, or 200 with ``{"item": null}`` (A9)."""
    restricted: Literal["empty", "error"] = "empty"
    """A security level without access to an entity's area: queries find nothing (A2: "can
    return no data"), or every call answers 500 with the permissions message (A9)."""
    wrong_zone: Literal["401", "empty"] = "401"
    """Calls to a zone the tenant does not live in: 401, or empty answers (A12: "empty
    responses or 401")."""
    next_without_body: Literal["error", "same_query"] = "error"
    """POSTing ``nextPageUrl`` with no body (A4: whether that works is UNCONFIRMED): an error,
    or the page of the query the URL came from."""
    include_without_id: Literal["error", "truncate"] = "error"
    """IncludeFields without ``id`` on a result over 500 (A3: "you must include Id"): an
    error, or the first page only (no nextPageUrl)."""
    not_api_only: Literal["refuse", "allow"] = "refuse"
    """A user whose security level is not API-only (A2: REST "requires" it): refused (401),
    or served."""
    empty_filter: Literal["error", "all"] = "error"
    """A query without a filter: an error (clients always send one, e.g. ``id gt 0``), or
    every record (the reference says nothing)."""
    or_limit: int | None = 500
    """At most this many OR conditions (``in`` items count) per query (A3: SOAP's limit;
    UNCONFIRMED for REST); None: no limit."""


READING_NAMES = tuple(f.name for f in fields(Readings))

Sleep = Callable[[float], Awaitable[None]]
"""Waits a number of *virtual* seconds (tests inject one that moves a manual clock)."""


@dataclass
class SimConfig:
    """Everything that decides what a simulated Autotask tenant holds and how it behaves.

    The data is a pure function of ``seed``, ``tickets``, ``as_of`` and ``history_days``;
    ``scenario`` sets up the API user and the tenant; ``readings`` choose the UNCONFIRMED
    behaviours; ``clock`` and ``sleep`` replace real time (tests inject them).
    """

    tickets: int = DEFAULT_TICKETS
    seed: int = DEFAULT_SEED
    time_scale: float = 1.0
    scenario: str = "healthy"
    username: str = DEFAULT_USERNAME
    secret: str = DEFAULT_SECRET
    integration_code: str = DEFAULT_INTEGRATION_CODE
    as_of: dt.datetime | None = None
    """The data's "now" (UTC); default today 00:00 UTC. Nothing in the base data is later."""
    other_integrations_rph: int | None = None
    """Requests per hour other integrations make on the tenant (None: the scenario's)."""
    zone: str = DEFAULT_ZONE
    clock: VirtualClock | None = None
    sleep: Sleep | None = None
    history_days: int | None = None
    """How far back tickets go; default grows with ``tickets`` (60 days to 3 years)."""
    readings: Readings = field(default_factory=Readings)

    def resolved_as_of(self) -> dt.datetime:
        """``as_of`` as an aware UTC datetime (today 00:00 UTC when unset)."""
        return resolve_as_of(self.as_of)

    def resolved_history_days(self) -> int:
        """The span of ticket history in days."""
        return history_days(self.tickets, self.history_days)


def _reading_value(name: str, text: str) -> object:
    """``text`` as the type of reading ``name``; ValueError naming what it accepts."""
    hint = get_type_hints(Readings)[name]
    choices = get_args(hint) if get_origin(hint) is Literal else ()
    if choices:
        if text not in choices:
            raise ValueError(f"{name} is one of {', '.join(map(str, choices))}, not {text}")
        return text
    if name == "latency_tiers":
        pairs = [part.split(":") for part in text.split(",") if part]
        return tuple((float(share), float(seconds)) for share, seconds in pairs)
    if name == "or_limit" and text.lower() == "none":
        return None
    return int(text) if name.endswith(("_status", "_limit")) else float(text)


def parse_readings(pairs: list[str]) -> Readings:
    """``NAME=VALUE`` pairs (``--reading``) as ``Readings``; ValueError when one is wrong."""
    values: dict[str, object] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or name not in READING_NAMES:
            raise ValueError(f"{pair} is not NAME=VALUE with NAME one of "
                             f"{', '.join(READING_NAMES)}")  # fmt: skip
        try:
            values[name] = _reading_value(name, text.strip())
        except (TypeError, ValueError) as exc:
            raise ValueError(f"--reading {pair}: {exc}") from exc
    return Readings(**values)  # type: ignore[arg-type]
