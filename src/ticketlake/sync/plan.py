"""The plan of a sync: calls needed per endpoint, the floor time they impose, and the ETA.

The performance model (DESIGN.md): each endpoint has its own budget, streams run side by side,
so a sync can finish no sooner than its busiest endpoint allows:

    floor = max over endpoints (windows needed on e - 1) × period of e
    windows needed on e = ceil(calls needed on e / limit of e)

TDX counts calls in fixed windows that open with the first call, so the last of ``calls`` can
go out no sooner than when the last window they need opens: that is the design's ``calls /
limit × period`` made exact (a sync that fits in one window has no floor to wait for, instead of
a floor above its elapsed time). The ETA adds what the budgets really cost on top: the margin
past each reset before the next window is used (``BudgetPolicy.margin``) and the whole seconds
the reset is read in.

A stream may also say how many calls it keeps in flight on an endpoint; with the answer time
measured while planning, the ETA of that endpoint is at least the time to send its calls that
many at a time. An endpoint whose answers come slower than its budget lets calls go (a slow or
busy tenant, or a simulator at a high time scale, where a real second of latency is a minute)
is bound by that, not by its limit.

A count estimated from a sample comes with its 95 % range (``CallEstimate.low``/``high``); the
plan carries it per endpoint and prices both ends, so an unsure plan shows an ETA range.

Endpoints whose limit is a tenant's (``Limit.scope == "tenant"``: Autotask's 10,000 requests
in any 60 minutes for the whole database) draw on one budget: their calls are summed into a
*pool* priced at our share of it (``Limit.ours``, or what the tenant's other integrations
leave us when the limits in force say so), and the pool's floor is the floor of every one of
them. A rolling period is priced as fixed windows are: the first ``ours`` calls go at once, the
next ones as the first leave the period, a period later. ``hours`` says how much of the
tenant's budget the calls take at that share. A tenant with several budgets (``Limit.pool``:
Teamwork.com's Projects and Desk) has a pool for each.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ticketlake.connectors.base import CallEstimate
from ticketlake.transport.budget import BudgetPolicy
from ticketlake.transport.endpoint import Endpoint, Limit

RESET_MARGIN = BudgetPolicy().margin
"""Seconds the budgets wait past a window's reset they spent themselves."""
WHOLE_SECONDS = 1.0
"""What a window costs on top, on average: the server's reset and the ``Date`` header we read
its clock from are whole seconds, and each rounding makes us wait up to a second longer than
the window (measured: 62.5-63.4 s between window openings of a 60 s limit, margin 2 s)."""
CYCLE_EXTRA = RESET_MARGIN + WHOLE_SECONDS


@dataclass(frozen=True)
class EndpointPlan:
    """Calls on one endpoint and the time its limit imposes on them."""

    endpoint: str
    calls: int
    limit: int | None
    period: float | None
    exact: bool
    low: int | None = None
    high: int | None = None
    """The 95 % range of ``calls`` when they were estimated from a sample."""
    pool: str | None = None
    """The shared budget these calls draw on (priced in ``Plan.pools``), if any."""
    concurrency: int | None = None
    """Calls the streams keep in flight on the endpoint at once (None: not said)."""
    latency: float = 0.0
    """Seconds an answer takes, as measured while planning."""
    spent: float = 0.0
    """Seconds of its windows already behind it when the plan was made (``under_way``)."""

    def _windows(self, calls: int) -> int:
        """Windows after the first that ``calls`` need (0 without a known limit)."""
        if not self.limit or not self.period or calls <= self.limit:
            return 0
        return math.ceil(calls / self.limit) - 1

    @property
    def floor(self) -> float:
        """When the last window ``calls`` need opens: ``(ceil(calls / limit) - 1) × period``
        (0 when they fit in one window, for an endpoint without a known limit, or for one
        whose budget is a pool's: the pool has the floor)."""
        if self.pool is not None:
            return 0.0
        return self._windows(self.calls) * (self.period or 0.0)

    def eta_of(self, calls: int) -> float:
        """Time to spend ``calls``: through fixed windows with the reset margin (a pool's
        endpoint: the pool prices that), or to send them ``concurrency`` at a time at the
        measured latency, whichever takes longer."""
        cycle = (self.period or 0.0) + CYCLE_EXTRA
        budget = 0.0 if self.pool is not None else self._windows(calls) * cycle
        return max(budget - self.spent, self.sending(calls), 0.0)

    def sending(self, calls: int) -> float:
        """Seconds to send ``calls`` and hear their answers, ``concurrency`` at a time (0 when
        the streams did not say how many they keep in flight)."""
        if not self.concurrency or not self.latency:
            return 0.0
        return math.ceil(calls / self.concurrency) * self.latency

    @property
    def eta(self) -> float:
        """Time to spend the planned calls."""
        return self.eta_of(self.calls)

    @property
    def eta_range(self) -> tuple[float, float]:
        """The ETA at both ends of the calls' range (the ETA twice when there is none)."""
        return self.eta_of(self.low or self.calls), self.eta_of(self.high or self.calls)

    @property
    def hours(self) -> float | None:
        """Hours of the budget the calls take at its limit (None without a known limit)."""
        if not self.limit or not self.period:
            return None
        return self.calls / self.limit * self.period / 3600


@dataclass(frozen=True)
class Plan:
    """Every endpoint's plan, the shared budgets' (pools), the floor of the whole sync and its
    expected duration."""

    endpoints: tuple[EndpointPlan, ...] = field(default_factory=tuple)
    pools: tuple[EndpointPlan, ...] = field(default_factory=tuple)
    """One plan per shared budget (a tenant's), its calls the sum of its endpoints'."""

    def _priced(self) -> tuple[EndpointPlan, ...]:
        return self.endpoints + self.pools

    @property
    def calls(self) -> int:
        """Calls in all."""
        return sum(e.calls for e in self.endpoints)

    @property
    def floor(self) -> float:
        """The physical floor: when the busiest endpoint's (or pool's) last window opens."""
        return max((e.floor for e in self._priced()), default=0.0)

    @property
    def eta(self) -> float:
        """Expected duration when every endpoint is kept busy."""
        return max((e.eta for e in self._priced()), default=0.0)

    @property
    def eta_range(self) -> tuple[float, float]:
        """The expected duration at both ends of the sampled ranges."""
        ends = [e.eta_range for e in self._priced()]
        return max((lo for lo, _ in ends), default=0.0), max((hi for _, hi in ends), default=0.0)

    @property
    def under_way(self) -> float:
        """Seconds of windows its endpoints had behind them when the plan was made (its ETA
        counts from then; the floor from the first call)."""
        return max((e.spent for e in self.endpoints), default=0.0)

    @property
    def bottleneck(self) -> str | None:
        """The endpoint (or pool) that sets the floor."""
        busiest = max(self._priced(), key=lambda e: e.floor, default=None)
        return busiest.endpoint if busiest is not None and busiest.floor > 0 else None

    def to_json(self) -> dict[str, object]:
        """The plan as plain data (``--json``)."""
        low, high = self.eta_range
        return {
            "calls": self.calls,
            "floor_seconds": round(self.floor, 1),
            "eta_seconds": round(self.eta, 1),
            "eta_range_seconds": [round(low, 1), round(high, 1)],
            "bottleneck": self.bottleneck,
            "endpoints": {e.endpoint: _endpoint_json(e) for e in self.endpoints},
            **({"pools": {p.endpoint: _pool_json(p) for p in self.pools}} if self.pools else {}),
        }


def pool_lines(plan: Plan) -> tuple[str, ...]:
    """A sentence per shared budget: its calls and the hours of it they take."""
    lines = []
    for p in plan.pools:
        if p.limit and p.period and p.hours is not None:
            per = "an hour" if p.period == 3600 else f"per {p.period / 60:g} minutes"
            lines.append(
                f"{p.calls:,} calls on {p.endpoint}: {p.hours:.1f} h of it at "
                f"{p.limit:,} calls {per}"
            )
    return tuple(lines)


def _endpoint_json(e: EndpointPlan) -> dict[str, object]:
    found: dict[str, object] = {
        "calls": e.calls, "exact": e.exact, "floor_seconds": round(e.floor, 1)
    }  # fmt: skip
    if e.low is not None and e.high is not None:
        found["range"] = [e.low, e.high]
    if e.pool is not None:
        found["pool"] = e.pool
    return found


def _pool_json(p: EndpointPlan) -> dict[str, object]:
    hours = p.hours
    return _endpoint_json(p) | {
        "limit": p.limit,
        "period_seconds": p.period,
        "budget_hours": None if hours is None else round(hours, 3),
        "eta_seconds": round(p.eta, 1),
    }


def build_plan(
    estimates: Iterable[CallEstimate],
    endpoints: Iterable[Endpoint],
    latencies: Mapping[str, float] | None = None,
    under_way: Mapping[str, tuple[int, float]] | None = None,
) -> Plan:
    """Sum the streams' estimates per endpoint and price them with the limits given, and,
    where a stream said how many calls it keeps in flight, with the answer times measured so
    far (``latencies``: per endpoint key, ``""`` for any other).

    ``under_way``: per endpoint the calls already sent and the seconds since the first went
    (``Transport.under_way``). A plan made seconds into a sync counts its ETA from then: an
    endpoint its streams started on while others were still estimating is that much further
    through its windows, since its first window opened with its first call. What it spent is
    the smaller of that time and the windows its calls so far would take at its limit (an
    endpoint that sent one probe and then waited for the plan has spent no more than that)."""
    limits = {e.key: e for e in endpoints}
    calls: dict[str, int] = {}
    exact: dict[str, bool] = {}
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    flight: dict[str, int] = {}
    ranged: set[str] = set()
    for e in estimates:
        calls[e.endpoint] = calls.get(e.endpoint, 0) + e.calls
        exact[e.endpoint] = exact.get(e.endpoint, True) and e.exact
        low[e.endpoint] = low.get(e.endpoint, 0) + (e.calls if e.low is None else e.low)
        high[e.endpoint] = high.get(e.endpoint, 0) + (e.calls if e.high is None else e.high)
        if e.low is not None or e.high is not None:
            ranged.add(e.endpoint)
        if e.concurrency:
            flight[e.endpoint] = flight.get(e.endpoint, 0) + e.concurrency
    latency = latencies or {}
    priced = tuple(
        replace(
            _priced(key, n, exact[key], limits, (low[key], high[key]) if key in ranged else None),
            concurrency=flight.get(key),
            latency=latency.get(key, latency.get("", 0.0)),
        )
        for key, n in sorted(calls.items())
    )
    if under_way:
        priced = tuple(replace(e, spent=_spent(e, under_way.get(e.endpoint))) for e in priced)
    return Plan(priced, _pools(priced, ranged))


def _spent(e: EndpointPlan, sent: tuple[int, float] | None) -> float:
    """Seconds of ``e``'s windows behind it: since its first call, at most what its calls so
    far take at its limit (0 without a limit, or for a pool's endpoint)."""
    if sent is None or not e.limit or not e.period or e.pool is not None:
        return 0.0
    calls, since_first = sent
    return max(0.0, min(since_first, calls / e.limit * (e.period + CYCLE_EXTRA)))


TENANT_POOL = "the tenant's budget"
"""The name a tenant's shared budget goes by in a plan."""


def _pools(priced: tuple[EndpointPlan, ...], ranged: set[str]) -> tuple[EndpointPlan, ...]:
    """One plan per shared budget: its endpoints' calls summed, priced at its limit."""
    names = dict.fromkeys(e.pool for e in priced if e.pool is not None)
    return tuple(_pool([e for e in priced if e.pool == n], ranged) for n in names)


def _pool(members: list[EndpointPlan], ranged: set[str]) -> EndpointPlan:
    first = members[0]
    calls = sum(e.calls for e in members)
    spread = any(e.endpoint in ranged for e in members)
    low = sum(e.low if e.low is not None else e.calls for e in members) if spread else None
    high = sum(e.high if e.high is not None else e.calls for e in members) if spread else None
    exact = all(e.exact for e in members)
    assert first.pool is not None
    return EndpointPlan(first.pool, calls, first.limit, first.period, exact, low, high)


def plan_of_calls(
    calls: Mapping[str, int],
    endpoints: Iterable[Endpoint],
    *,
    like: Plan | None = None,
    latencies: Mapping[str, float] | None = None,
) -> Plan:
    """The plan that ``calls`` amount to: for the calls actually made (elapsed vs floor), or
    for the calls still to make, sent as many at a time as in the plan ``like``."""
    flight = {e.endpoint: e.concurrency for e in like.endpoints} if like is not None else {}
    return build_plan(
        (CallEstimate(k, n, exact=True, concurrency=flight.get(k)) for k, n in calls.items()),
        endpoints,
        latencies,
    )


def _priced(
    key: str,
    calls: int,
    exact: bool,
    limits: Mapping[str, Endpoint],
    span: tuple[int, int] | None = None,
) -> EndpointPlan:
    endpoint = limits.get(key)
    limit = endpoint.limit if endpoint is not None else None
    low, high = span if span is not None else (None, None)
    pool = None
    if limit is not None and limit.shared:
        pool = f"{TENANT_POOL} ({limit.pool})" if limit.pool else TENANT_POOL
    return EndpointPlan(
        key, calls, limit.ours if limit else None, limit.period if limit else None, exact,
        low, high, pool,
    )  # fmt: skip


def announced_limits(
    calls: Mapping[str, int], documented: Iterable[Endpoint], in_force: Iterable[Endpoint]
) -> tuple[str, ...]:
    """A line saying which endpoints called have another limit than documented, as their
    server announced it (the run's floor is priced with those), busiest first; for a tenant's
    shared budget, how much of it the other integrations left us."""
    before = {e.key: e.limit for e in documented}
    changed = [
        (calls[e.key] / e.limit.ours, f"{e.key} {e.limit.ours} (documented {old.ours})")
        for e in in_force
        if e.key in calls and e.limit and (old := before.get(e.key)) and e.limit.ours != old.ours
        and not e.limit.shared
    ]  # fmt: skip
    shared = _shared_note(calls, before, in_force)
    if not changed:
        return shared
    shown = [text for _, text in sorted(changed, key=lambda c: -c[0])[:3]]
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return (f"the server announced other limits than documented: {', '.join(shown)}{more}; "
            "the floor counts them", *shared)  # fmt: skip


def _shared_note(
    calls: Mapping[str, int], documented: Mapping[str, Limit | None], in_force: Iterable[Endpoint]
) -> tuple[str, ...]:
    """What the tenant's other integrations left of our share of its budget, when less."""
    for e in in_force:
        old = documented.get(e.key)
        if e.key in calls and e.limit and e.limit.shared and old and e.limit.ours < old.ours:
            return (
                f"the tenant's other integrations were using its budget: ticketlake could use "
                f"{e.limit.ours:,} calls per {e.limit.period / 60:g} minutes of its share of "
                f"{old.ours:,} ({old.share:.0%} of {old.calls:,}); the floor counts that",
            )
    return ()


def lower_limits(
    documented: Iterable[Endpoint], in_force: Iterable[Endpoint]
) -> list[tuple[str, int, int]]:
    """Endpoints whose limit in force (announced by the server, ``X-RateLimit-Limit``) is below
    the documented one: (key, announced, documented), by key. A tenant's shared budget is not
    among them: what it leaves us depends on the other integrations, not on the endpoint."""
    before = {e.key: e.limit.ours for e in documented if e.limit is not None}
    return [
        (e.key, e.limit.ours, before[e.key])
        for e in sorted(in_force, key=lambda e: e.key)
        if e.limit is not None and not e.limit.shared and e.key in before
        and e.limit.ours < before[e.key]
    ]  # fmt: skip
