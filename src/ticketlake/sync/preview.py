"""The plan of a first sync, made before anything is stored: what onboarding shows.

Every stream estimates its calls against an empty store (what a backfill starts from, so the
plan is the backfill's), with ``StreamContext.preview`` set so it probes as little as it can;
``plan.py`` prices the estimates with each endpoint's limit. The streams are the connector's
own, over whatever transport the caller gives (the checks give one that records every call as
evidence), so a preview makes the very probes a sync would and nothing is written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ticketlake.connectors.base import CallEstimate, Signals, Stream, StreamContext
from ticketlake.errors import SourceError, TicketlakeError
from ticketlake.records import Batch, QueryResult
from ticketlake.sync.plan import Plan, build_plan

if TYPE_CHECKING:
    from ticketlake.transport import Transport

T = TypeVar("T")
logger = logging.getLogger("ticketlake.checks")


class EmptyStore:
    """The sink of a sync into an empty store: no cursors, nothing stored, nothing written."""

    async def write(self, batch: Batch) -> None:
        """Never called: estimates only read."""
        raise AssertionError("a preview never writes")  # pragma: no cover - estimates only read

    def cursor(self, stream: str) -> Any | None:
        """No stream has a cursor yet."""
        return None

    async def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Nothing is stored yet."""
        return QueryResult([], [])


class Quiet:
    """A reporter nobody reads."""

    def update(self, **_: Any) -> None:
        """Progress of a preview is not shown."""
        return


@dataclass
class Estimates:
    """What each stream expects a first sync to call, and the streams that could not say."""

    by_stream: dict[str, list[CallEstimate]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    """Streams whose estimate failed on the source's answer, with why."""


async def estimate_first_sync(
    connection: str, transport: Transport, streams: Sequence[Stream]
) -> Estimates:
    """Ask every stream for its estimate of a first sync, all at once. A stream the source
    refuses is skipped with the reason; any other failure is raised."""
    names = frozenset(s.name for s in streams)
    ctx = StreamContext(
        connection, transport, EmptyStore(), Signals(), Quiet(), True, names, preview=True
    )
    answers = await asyncio.gather(*(s.estimate(ctx) for s in streams), return_exceptions=True)
    found = Estimates()
    for stream, answer in zip(streams, answers, strict=True):
        if isinstance(answer, SourceError):
            found.skipped[stream.name] = answer.brief
        elif isinstance(answer, BaseException):
            raise answer
        else:
            found.by_stream[stream.name] = list(answer)
    return found


def priced(transport: Transport, by_stream: Mapping[str, list[CallEstimate]]) -> Plan:
    """The plan of ``by_stream``'s calls at the limits in force (announced where the server
    announced them, else documented)."""
    estimates = [e for found in by_stream.values() for e in found]
    return build_plan(estimates, transport.limits_in_force(), transport.latencies())


async def attempted(make: Callable[[], Awaitable[T]]) -> T | str:
    """``make()``'s plan, or why it could not be made: the source's refusal, what the sync
    cannot read in the connection, or an internal error (logged). The checks around a preview
    stand either way."""
    try:
        return await make()
    except SourceError as exc:
        return exc.brief
    except TicketlakeError as exc:  # a connection the sync cannot read as it is
        return exc.message
    except Exception as exc:  # a stream's estimate failed unexpectedly
        logger.exception("estimating the first sync failed")
        return f"internal error ({type(exc).__name__})"
