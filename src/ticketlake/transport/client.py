"""``Transport``: the one place ticketlake talks HTTP.

A call goes: read-only guard (before any I/O) → credentials → wait for the endpoint's budget →
a place among the endpoint's concurrent calls (``Endpoint.parallel``) → send → learn from
``Date`` and ``X-RateLimit-*`` → retry or fail by the retry policy. Every log line and error
passes through the redactor.

A connector whose source says more in a body than in a status (Autotask answers a thread
refusal with any status) gives its own ``classify``; one whose host is discovered at run time
(Autotask's zone) moves the transport there with ``rebase`` before the first call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

import httpx
import orjson

from ticketlake.errors import SourceError
from ticketlake.secret import Secret
from ticketlake.transport.auth import Auth
from ticketlake.transport.budget import Budget, BudgetBackend, InMemoryBudgets
from ticketlake.transport.clock import Clock, SystemClock
from ticketlake.transport.endpoint import Endpoint
from ticketlake.transport.failure import error_for_exception, error_for_status
from ticketlake.transport.gate import CallGate, Gate
from ticketlake.transport.guard import Guard
from ticketlake.transport.permit import Permit
from ticketlake.transport.quota import Quota, quota_from_headers, retry_after
from ticketlake.transport.redact import Redactor
from ticketlake.transport.retry import RetryPolicy, Verdict, classify
from ticketlake.transport.skew import Skew
from ticketlake.transport.stats import EndpointStats, Stats
from ticketlake.transport.timescale import mismatch

logger = logging.getLogger("ticketlake.transport")

# Failures worth another try: the request may never have reached the server, or its answer
# never reached us. LocalProtocolError (our own malformed request) is not among them.
_DROPPED = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass
class _Call:
    """One logical call and its attempts so far."""

    method: str
    endpoint: Endpoint
    path: str
    stats: EndpointStats
    budget: Budget
    authenticate: bool
    login: bool
    caller: EndpointStats | None = None
    """The calling stream's counters (``stats.CALLER``), if any."""
    headers: Mapping[str, str] | None = None
    """Headers of this call beyond the transport's and the auth's."""
    budgeted: bool = True
    """False: no permit is taken (the caller accounts for the call: a budget's gauge)."""
    sends: int = 0
    throttled: int = 0
    failures: int = 0
    refreshed: bool = False


class Transport:
    """Budgeted, guarded, redacted async HTTP for one connection."""

    def __init__(
        self,
        base_url: str,
        endpoints: Iterable[Endpoint],
        *,
        connection: str,
        clock: Clock | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        auth: Auth | None = None,
        retry: RetryPolicy | None = None,
        budgets: BudgetBackend | None = None,
        redact: Iterable[Secret | str] = (),
        timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
        classify: Callable[[httpx.Response], Verdict] | None = None,
    ) -> None:
        endpoints = tuple(endpoints)
        self.connection = connection
        self.clock: Clock = clock or SystemClock()
        self.redactor = Redactor(redact)
        self._guard = Guard(endpoints)
        self._auth = auth
        self._retry = retry or RetryPolicy()
        self._budgets: BudgetBackend = budgets or InMemoryBudgets()
        self._skew = Skew()
        self._stats = Stats(e.key for e in endpoints)
        self._classify = classify or _by_status
        self._gates: dict[str, CallGate] = {}
        self.login_error: SourceError | None = None
        """Why logging in failed, once it has: no call of this transport can succeed then."""
        self.login_failed = asyncio.Event()
        """Set when ``login_error`` is (a sync stops every stream then)."""
        self._client = httpx.AsyncClient(
            base_url=base_url,
            transport=http_transport,
            timeout=timeout,
            follow_redirects=False,
            headers=headers,
        )

    @property
    def stats(self) -> Stats:
        """Live counters per endpoint key (calls, throttled, retries, waits, errors)."""
        return self._stats

    @property
    def server_offset(self) -> float:
        """The server's clock minus ours in seconds, from ``Date`` headers (0.0 before any)."""
        return self._skew.offset

    def pace_mismatch(self) -> tuple[str, str] | None:
        """Why the server's clock runs at another speed than ours, and the fix, when it does
        (a simulator at another time scale); None when they agree or it is not known yet."""
        scale = getattr(self.clock, "scale", 1.0)
        return mismatch(self._skew.pace_at(scale), scale)

    def server_now(self) -> float:
        """Our estimate of the server's current time (epoch seconds; e.g. to check a JWT)."""
        return self.clock.now() + self._skew.offset

    async def server_clock(self) -> float:
        """The server's current time once an answer has told it: where the source logs in and
        no answer came yet, after the login (its ``Date`` header sets the clock). A walk that
        starts from the server's now asks this, not ``server_now``: with our clock behind the
        server's it would otherwise ask for nothing newer than our own now and miss the rest
        (a simulator whose data is dated months after our today read no ticket at all)."""
        if not self._skew.known and self._auth is not None:
            await self._logging_in(self._auth.apply({}, self))
        return self.server_now()

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        """The allow-list this transport enforces."""
        return self._guard.endpoints

    def latencies(self) -> dict[str, float]:
        """Mean answer time (virtual seconds) per endpoint answered ``LATENCY_SAMPLES`` times
        so far, and under ``""`` what any other endpoint is expected to take: the fastest
        answer of any call, the time this server needs at the least. Fewer answers say little
        of an endpoint: its first is often its slowest (a cold cache; one feed page took 25 s at
        20x while the rest averaged 1.2 s, and priced an ETA 5.6 times too long). Nor do other
        endpoints' means: the planning's answers queue behind its heavy census searches (the
        mean of every call priced light per-ticket reads 1.5 times too long; the lowest mean,
        5.6 s on a loaded machine where the feed then took 0.7 s, an ETA 1.3 times too long).
        What is priced too low here is corrected by the live ETA once the calls are answered."""
        found = {
            key: s.latency
            for key, s in self._stats.items()
            if s.latency is not None and s.answered >= LATENCY_SAMPLES
        }
        fastest = [s.fastest for s in self._stats.values() if s.fastest is not None]
        if fastest:
            found[""] = min(fastest)
        return found

    def under_way(self) -> dict[str, tuple[int, float]]:
        """Per endpoint called so far: the calls sent and the seconds since the first went."""
        now = self.clock.now()
        return {
            key: (s.calls, now - s.first_sent)
            for key, s in self._stats.items()
            if s.first_sent is not None
        }

    def limits_in_force(self) -> tuple[Endpoint, ...]:
        """The allow-list with each documented limit replaced by the one the server announced
        (``X-RateLimit-Limit``), where it announced another, or, for a tenant's shared budget,
        by the room the tenant's other integrations leave us: what the floor of a run is."""
        endpoints = []
        for e in self.endpoints:
            announced = self._budgets.get(self.connection, e, self.clock).state().limit
            if e.limit is not None and announced is not None and announced != e.limit.ours:
                e = replace(e, limit=replace(e.limit, calls=announced, share=1.0))
            endpoints.append(e)
        return tuple(endpoints)

    def rebase(self, base_url: str) -> None:
        """Send every later call to ``base_url`` (a zone discovered at run time)."""
        self._client.base_url = httpx.URL(base_url)

    @property
    def base_url(self) -> str:
        """Where calls go now."""
        return str(self._client.base_url)

    def budget(self, method: str, template: str) -> Budget:
        """The budget an allowed endpoint's calls draw on (``KeyError`` if not allowed)."""
        wanted = (method.upper(), template.strip("/"))
        for endpoint in self.endpoints:
            if (endpoint.method.upper(), endpoint.template.strip("/")) == wanted:
                return self._budgets.get(self.connection, endpoint, self.clock)
        raise KeyError(f"{method} {template} is not in the allow-list")

    def register_secret(self, value: Secret | str) -> None:
        """Mask ``value`` in every later log line and error (e.g. a token just obtained)."""
        self.redactor.add(value)

    async def call(
        self,
        method: str,
        template: str,
        *,
        path: str | Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        authenticate: bool = True,
        headers: Mapping[str, str] | None = None,
        budgeted: bool = True,
    ) -> httpx.Response:
        """Send one call and return its 2xx response; errors raise ``ticketlake.errors``.

        ``template`` must be one of the declared endpoints; ``path`` is either the concrete
        path or a mapping of placeholder values (``{"appId": 627, "id": 5}``; unused keys are
        ignored). ``authenticate=False`` is for the login calls (``headers`` then carry what
        credentials they need); ``budgeted=False`` for a call its caller accounts for itself
        (a budget's gauge): it takes no permit, and a 429 is not retried.
        """
        try:
            endpoint, concrete = self._guard.check(method, template, path)
        except SourceError as exc:
            self._log(logging.WARNING, str(exc))
            raise
        call = _Call(
            method=endpoint.method.upper(),
            endpoint=endpoint,
            path=concrete,
            stats=self._stats.of(endpoint.key),
            budget=self._budgets.get(self.connection, endpoint, self.clock),
            authenticate=authenticate and self._auth is not None,
            login=not authenticate,
            caller=self._stats.of_caller(),
            headers=headers,
            budgeted=budgeted,
        )
        try:
            return await self._attempts(call, params, json)
        except SourceError as exc:
            call.stats.errors += 1
            self._log(logging.WARNING, f"{call.method} {call.path} failed: {exc}")
            raise

    async def json(
        self,
        method: str,
        template: str,
        *,
        path: str | Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        authenticate: bool = True,
        headers: Mapping[str, str] | None = None,
        budgeted: bool = True,
    ) -> Any:
        """Like ``call``, returning the parsed body.

        A JSON document comes back parsed (a JSON string as ``str``); a body that is not JSON
        (TDX's login answers a bare token as text) comes back as stripped text; empty is None.
        """
        response = await self.call(
            method, template, path=path, params=params, json=json, authenticate=authenticate,
            headers=headers, budgeted=budgeted,
        )  # fmt: skip
        return parse_body(response.content)

    async def _attempts(
        self, call: _Call, params: Mapping[str, Any] | None, body: Any
    ) -> httpx.Response:
        while True:
            answer = await self._send(call, params, body)
            if answer is None:
                continue  # dropped; backoff already taken
            response, quota = answer
            verdict = self._classify(response)
            if verdict is Verdict.OK:
                return response
            if not await self._recover(call, verdict, response, quota):
                raise self._failure(call, response)
            call.stats.retries += 1

    async def _send(
        self, call: _Call, params: Mapping[str, Any] | None, body: Any
    ) -> tuple[httpx.Response, Quota | None] | None:
        _stop_if_cancelled()
        headers: dict[str, str] = dict(call.headers or {})
        if call.authenticate and self._auth is not None:
            await self._logging_in(self._auth.apply(headers, self))
        timeout = call.endpoint.timeout or self._client.timeout
        permit = await call.budget.acquire() if call.budgeted else None
        if permit is not None:
            call.stats.wait_seconds += permit.waited
        call.stats.calls += 1
        if call.stats.first_sent is None:
            call.stats.first_sent = self.clock.now()
        if call.caller is not None:
            call.caller.calls += 1
        call.sends += 1
        request = self._client.build_request(
            call.method, call.path, params=params, json=body, headers=headers, timeout=timeout
        )
        started = self.clock.now()
        try:
            response = await self._dispatch(call.endpoint, request)
        except BaseException as exc:
            if permit is not None:  # every permit is answered, even by failure
                await call.budget.observe(permit, None)
            if not isinstance(exc, _DROPPED):
                raise
            await self._after_drop(call, exc)
            return None
        quota = await self._learn(call, permit, response)
        elapsed = self.clock.now() - started
        call.stats.answer_seconds += elapsed
        call.stats.answered += 1
        if call.stats.fastest is None or elapsed < call.stats.fastest:
            call.stats.fastest = elapsed
        self._log(
            logging.DEBUG, f"{call.method} {call.path} -> {response.status_code} ({elapsed:.2f} s)"
        )
        return response, quota

    async def _dispatch(self, endpoint: Endpoint, request: httpx.Request) -> httpx.Response:
        """Send a permitted request once the endpoint's gate lets it through. The permit comes
        first: a call holding a place in the gate never waits for its budget (whose gauge may
        itself need a place in that gate)."""
        gate = self._gate(endpoint)
        if gate is None:
            return await self._client.send(request)
        async with gate:
            return await self._client.send(request)

    def _gate(self, endpoint: Endpoint) -> CallGate | None:
        """The gate capping the endpoint's concurrent calls (None: no cap): the budget
        backend's when it shares one across workers, else this transport's own."""
        if not endpoint.parallel:
            return None
        gate = self._gates.get(endpoint.gate)
        if gate is None:
            shared = self._budgets.gate(self.connection, endpoint)
            gate = self._gates[endpoint.gate] = shared or Gate(endpoint.parallel)
        return gate

    async def _learn(
        self, call: _Call, permit: Permit | None, response: httpx.Response
    ) -> Quota | None:
        now = self.clock.now()
        self._skew.observe(response.headers.get("date"), now)
        quota = quota_from_headers(
            response.headers, now=now, offset=self._skew.offset, clock_known=self._skew.known
        )
        if permit is not None:
            await call.budget.observe(permit, quota)
        return quota

    async def _after_drop(self, call: _Call, exc: Exception) -> None:
        call.failures += 1
        if call.failures >= self._retry.transient_attempts:
            raise error_for_exception(
                exc,
                method=call.method,
                endpoint=call.endpoint.template,
                detail=self.redactor(str(exc)) or "no detail",
                attempts=call.sends,
            ) from None
        call.stats.retries += 1
        await self._backoff(call, f"{type(exc).__name__}")

    async def _recover(
        self, call: _Call, verdict: Verdict, response: httpx.Response, quota: Quota | None
    ) -> bool:
        """Prepare the next attempt; False when the policy says this failure is final."""
        if verdict is Verdict.THROTTLED:
            return await self._after_throttle(call, response, quota)
        if verdict is Verdict.UNAUTHORIZED:
            return await self._after_unauthorized(call)
        if verdict is Verdict.CROWDED:
            gate = self._gate(call.endpoint)
            if gate is not None:
                gate.narrow()
        if verdict in (Verdict.TRANSIENT, Verdict.CROWDED):
            call.failures += 1
            if call.failures >= self._retry.transient_attempts:
                return False
            await self._backoff(call, f"HTTP {response.status_code}")
            return True
        return False

    async def _after_throttle(
        self, call: _Call, response: httpx.Response, quota: Quota | None
    ) -> bool:
        call.stats.throttled += 1
        if call.caller is not None:
            call.caller.throttled += 1
        call.throttled += 1
        if call.throttled >= self._retry.throttle_attempts or not call.budgeted:
            return False
        # The next attempt waits in the budget, like every call, until the window reopens.
        await call.budget.exhaust(self._throttled_until(response, quota))
        self._log(logging.INFO, f"{call.method} {call.path} -> 429; waiting for the reset")
        return True

    async def _after_unauthorized(self, call: _Call) -> bool:
        if not call.authenticate or call.refreshed or self._auth is None:
            return False
        call.refreshed = True
        self._log(logging.INFO, f"{call.method} {call.path} -> 401; logging in again")
        await self._logging_in(self._auth.refresh(self))
        return True

    async def _logging_in(self, login: Coroutine[Any, Any, None]) -> None:
        try:
            await login
        except SourceError as exc:
            self.login_error = exc
            self.login_failed.set()
            raise

    def _throttled_until(self, response: httpx.Response, quota: Quota | None) -> float | None:
        """When a 429 ends: ``Retry-After`` if sent, else the announced reset, else unknown."""
        offset = self._skew.offset
        after = retry_after(response.headers, now=self.clock.now(), offset=offset)
        return after if after is not None else (quota.reset_at if quota else None)

    async def _backoff(self, call: _Call, reason: str) -> None:
        delay = self._retry.backoff_delay(call.failures)
        self._log(logging.INFO, f"{call.method} {call.path}: {reason}; retrying in {delay:.1f} s")
        call.stats.backoff_seconds += delay
        await self.clock.sleep(delay)

    def _failure(self, call: _Call, response: httpx.Response) -> SourceError:
        return error_for_status(
            response.status_code,
            method=call.method,
            endpoint=call.endpoint.template,
            excerpt=self.redactor.excerpt(response.text),
            login=call.login,
            refreshed=call.refreshed,
            attempts=call.sends,
            pace=self.pace_mismatch(),
        )

    def _log(self, level: int, message: str) -> None:
        if logger.isEnabledFor(level):
            logger.log(level, "%s", self.redactor(message))

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


LATENCY_SAMPLES = 5
"""Answers an endpoint needs before its mean answer time prices its calls."""


def _stop_if_cancelled() -> None:
    """A task asked to stop sends nothing more. An HTTP stack may catch a cancellation that
    reached it mid-call and answer anyway (seen with an in-process ASGI app); the task's
    ``cancelling()`` still says it was asked, and its next call ends it here, rather than
    going on with the tenant's budget after its sync ended."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def _by_status(response: httpx.Response) -> Verdict:
    """What a response means by its status alone (the default)."""
    return classify(response.status_code)


def parse_body(content: bytes) -> Any:
    """Parse a body as JSON, falling back to its stripped text (None when empty)."""
    text = content.strip()
    if not text:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text.decode("utf-8", errors="replace")
