"""What every connector offers the sync engine, and what the engine offers its streams.

A connector knows one source; nothing else does. A new source (Autotask, Teamwork.com) is a
package ``ticketlake/connectors/<source>/`` providing:

1. ``spec.py``: ``SPEC``, the ``ConnectionSpec`` of the connection's fields, with help from the
   source's setup guide (found by ``connectors.spec.spec_for``); the CLI flags and the web
   form are generated from it.
2. ``endpoints.py``: a tuple of ``transport.endpoint.Endpoint``, every (method, path template)
   the connector may call with its documented ``Limit`` (calls per period, and the scope the
   source counts them in: ``ip``, ``user``, ``org`` or the whole ``tenant``). That table is at
   once the read-only allow-list (the transport refuses any other call before the network;
   the only non-GET calls are logins and documented read-only search or query POSTs) and the
   starting budgets, which the server's headers correct at run time where it sends them.
   ``confirmed=False`` marks a limit read from an UNCONFIRMED source.
3. A ``Connector`` (below): ``name``, ``endpoints``, ``transport(settings)`` (the auth, the
   headers and the secrets to redact, over that table) and ``streams(settings, transport)``;
   ``sync/registry.py`` names it for its source. ``source.SourceConnector`` declares one from
   the source's settings class, its transport and its streams.
4. ``Stream``s, one per family of canonical tables. ``estimate`` says the calls per endpoint
   key a pass will make (cheap probes, reused by ``run``; a sampled count carries its 95 %
   range; with ``ctx.preview`` as few probes as possible), which ``sync/plan.py`` prices into
   the floor and the ETA. ``run`` writes ``records.Batch`` objects through ``ctx.sink``, each
   committed with the stream's cursor in one transaction, so a sync killed at any point
   resumes with nothing lost or doubled. A stream yields canonical records; where they land
   is the store's business. What streams of any source share:

   - ``windows.py``: a search without paging that stops at a row limit, read whole in
     self-splitting date windows (and the calls a walk will cost, for the plan);
   - ``incremental.py``: reading what changed (since the newest date read, less an overlap;
     rows known by id and date);
   - ``census.py``: sizing a backfill the source offers no count for;
   - ``rows.py``, ``columns.py``, ``timestamps.py``, ``instants.py``: source objects (JSON
     text or dicts) mapped to the model's Arrow tables (``records.arrow_schema``).
5. ``checks/``: a package whose ``run(connection, options, on_result)`` returns the onboarding
   ``CheckReport`` (found by ``ticketlake.checks.find_runner``). Its checks are a tuple of
   ``checks.runner.Check`` (id, title, prerequisites, the fix and the guide step) run by
   ``checks.runner.run_all`` over the source's context, a ``checks.recorder.CallRecorder``
   (every call is evidence) that knows the source's ``checks.guide.Guide``; the preview of a
   first sync is ``sync.preview.estimate_first_sync`` over the connector's own streams.

The sync engine knows none of that: it plans from the streams' estimates, runs the streams
concurrently and commits what they write.

``ConnectionSettings`` is the one input a connector reads, whether it came from the encrypted
catalog or from command-line flags: the sync code never cares where.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ticketlake.errors import ConfigError
from ticketlake.records import Batch, QueryResult
from ticketlake.secret import Secret
from ticketlake.transport.endpoint import Endpoint

if TYPE_CHECKING:
    from ticketlake.transport import Transport


@dataclass(frozen=True)
class ConnectionSettings:
    """One tenant connection: a name, the source, plain field values and secret values."""

    name: str
    """The catalog name; every row this connection brings carries it in ``connection``."""
    source: str
    """``teamdynamix``, ``autotask`` or ``teamwork``."""
    values: Mapping[str, Any] = field(default_factory=dict)
    secrets: Mapping[str, Secret] = field(default_factory=dict)
    checked: Mapping[str, Any] = field(default_factory=dict)
    """The connection's last verification report (``CheckReport`` JSON), empty when it was
    never checked: connectors adapt to what it found (TDX: whether the bulk feed is safe)."""

    def value(self, key: str, default: Any = None) -> Any:
        """A plain field's value, ``default`` when unset or empty."""
        found = self.values.get(key)
        return default if found in (None, "") else found

    def require(self, key: str) -> Any:
        """A plain field's value; a ``ConfigError`` naming the field when it is missing."""
        found = self.value(key)
        if found is None:
            raise ConfigError(f"connection {self.name!r} has no {key}", fix=f"set {key}")
        return found

    def secret(self, key: str) -> Secret | None:
        """A secret field, or ``None`` when it was not given."""
        found = self.secrets.get(key)
        return found if found else None


@dataclass(frozen=True)
class CallEstimate:
    """Calls a stream expects to make on one endpoint (``Endpoint.key``)."""

    endpoint: str
    calls: int
    exact: bool = False
    """True when the count is known (a small list), False for an extrapolation."""
    low: int | None = None
    high: int | None = None
    """The 95 % range around ``calls`` when they were estimated from a sample (None: no range
    was measured)."""
    concurrency: int | None = None
    """How many of these calls the stream keeps in flight at once (None: not said). With the
    latency measured while planning, it prices the time the calls take to *send*: an endpoint
    whose answers come slower than its budget allows calls is bound by that, not its limit."""


class Sink(Protocol):
    """Where streams write: batches committed with their cursors, and reads of the store."""

    async def write(self, batch: Batch) -> None:
        """Commit rows and cursors in one transaction."""

    def cursor(self, stream: str) -> Any | None:
        """The committed cursor a stream of this connection had when the run started."""

    async def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Read from the store (``$1``, ``$2`` … placeholders)."""


class Reporter(Protocol):
    """A stream's progress channel (the engine turns it into bars and an ETA)."""

    def update(
        self,
        *,
        done: int | None = None,
        total: int | None = None,
        rows: int = 0,
        remaining: Mapping[str, int] | None = None,
        note: str | None = None,
    ) -> None:
        """``done``/``total`` in the stream's own unit; ``rows`` added since the last update;
        ``remaining`` = calls still needed per endpoint key (drives the ETA)."""


class Signals:
    """How streams wait for each other: a stream finishing, or new rows landing."""

    def __init__(self) -> None:
        self._finished: dict[str, asyncio.Event] = {}
        self._landed = asyncio.Event()

    def _event(self, stream: str) -> asyncio.Event:
        return self._finished.setdefault(stream, asyncio.Event())

    def finish(self, stream: str) -> None:
        """Mark a stream finished (successfully or not) and wake its waiters."""
        self._event(stream).set()
        self.landed()

    def is_finished(self, stream: str) -> bool:
        """Whether ``stream`` has finished."""
        return self._event(stream).is_set()

    async def finished(self, stream: str) -> None:
        """Wait until ``stream`` has finished."""
        await self._event(stream).wait()

    def landed(self) -> None:
        """New rows were committed: wake every stream waiting for work."""
        self._landed.set()
        self._landed = asyncio.Event()

    def next_landing(self) -> asyncio.Event:
        """An event set at the next commit (or stream finishing): take it *before* looking at
        the store, so a commit in between is not missed."""
        return self._landed


@dataclass
class StreamContext:
    """What one stream gets from the engine for one run."""

    connection: str
    transport: Transport
    sink: Sink
    signals: Signals
    reporter: Reporter
    full: bool
    """True: ignore cursors and re-read everything (still upserting, never deleting)."""
    streams: frozenset[str]
    """The streams in this run (a stream may depend on another one being in it)."""
    preview: bool = False
    """Estimates for a preview (the onboarding checks' plan), not for a run: probe as little
    as possible, even if the ranges come out wider."""


class Stream(Protocol):
    """One unit of extraction: its tables, the endpoints it calls, how to run it."""

    name: str
    tables: tuple[str, ...]

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """Calls this stream will make (may probe cheaply; probes are reused by ``run``)."""

    async def run(self, ctx: StreamContext) -> None:
        """Extract, writing each batch with this stream's cursor through ``ctx.sink``."""


class Connector(Protocol):
    """A source as the sync engine sees it: its endpoints (limits and allow-list), a transport
    over them, and its streams (the spec and the checks are found by the source's name)."""

    name: str
    endpoints: tuple[Endpoint, ...]

    def transport(self, settings: ConnectionSettings, **options: Any) -> Transport:
        """A transport bound to this connection (auth, allow-list, budgets)."""

    def streams(self, settings: ConnectionSettings, transport: Transport) -> Sequence[Stream]:
        """Every stream this connection can run over ``transport``, in reading order."""
