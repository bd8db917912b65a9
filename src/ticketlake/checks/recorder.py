"""The calls a run of checks makes, each written down as evidence for the check that made it.

Every call goes through ``CallRecorder.respond``: the transport's read-only guard refuses
anything outside the connector's allow-list before the network, and the call is recorded
(method, concrete path, status, a redacted excerpt, elapsed time) for the check that is
running, whether it succeeded or not. A source's check context is a ``CallRecorder`` plus what
its checks learn; the connector's own API client can be handed ``recorded()``, so the checks
make exactly the calls the sync makes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from ticketlake.checks.report import Evidence
from ticketlake.errors import SourceError
from ticketlake.secret import MASK
from ticketlake.transport import parse_body

if TYPE_CHECKING:
    import httpx

    from ticketlake.transport import Transport

REDACT_CHARS = 20_000
"""Only the start of an answer is redacted and shown: a long list redacted whole costs time for
nothing."""


class CallRecorder:
    """Calls through one transport, recorded as evidence until the running check takes them."""

    def __init__(
        self,
        transport: Transport,
        *,
        path: Mapping[str, Any] | None = None,
        masks: Sequence[re.Pattern[str]] = (),
    ) -> None:
        """``path``: placeholder values every call fills (TDX: ``appId``); ``masks``: patterns
        of values to hide in excerpts that are not registered secrets (the text between each
        pattern's first and second group is masked)."""
        self.transport = transport
        self._path = dict(path or {})
        self._masks = tuple(masks)
        self._evidence: list[Evidence] = []

    def take_evidence(self) -> tuple[Evidence, ...]:
        """The calls made since the last take (the finishing check's evidence)."""
        taken, self._evidence = tuple(self._evidence), []
        return taken

    @property
    def last_evidence(self) -> Evidence | None:
        """The evidence of the latest call of the running check."""
        return self._evidence[-1] if self._evidence else None

    def note(self, evidence: Evidence) -> None:
        """Add evidence that did not come from ``call`` (a login, made by the auth)."""
        self._evidence.append(evidence)

    async def call(self, method: str, template: str, **options: Any) -> Any:
        """``respond``, returning the parsed body."""
        return parse_body((await self.respond(method, template, **options)).content)

    async def respond(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        authenticate: bool = True,
    ) -> httpx.Response:
        """One call through the transport, recorded as evidence (the call the sync would make).

        Errors (``ticketlake.errors``) are recorded with their status and excerpt, then raised.
        """
        values = self._path | dict(path or {})
        shown = concrete(template, values, params)
        started = time.perf_counter()
        try:
            response = await self.transport.call(
                method, template, path=values, params=params, json=body, authenticate=authenticate
            )
        except SourceError as exc:  # no answer at all: say why instead
            self._record(method, shown, exc.status, exc.excerpt or exc.brief, started)
            raise
        self._record(method, shown, response.status_code, response.text, started)
        self.answered(template, body, response)
        return response

    def answered(self, template: str, body: Any, response: httpx.Response) -> None:
        """What a source keeps of a successful answer for later checks (TDX: every ticket
        search's rows, the plan's probe among them); nothing by default."""

    def _record(
        self, method: str, path: str, status: int | None, text: str, started: float
    ) -> None:
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        self._evidence.append(Evidence(method, path, status, self.sanitize(text), elapsed))

    def sanitize(self, text: str) -> str:
        """A one-line excerpt with every secret, token and masked value hidden."""
        head = text[:REDACT_CHARS]
        for mask in self._masks:
            head = mask.sub(rf"\g<1>{MASK}\g<2>", head)
        return self.transport.redactor.excerpt(head)

    def recorded(self) -> Transport:
        """The transport as an API client uses it, each call going through ``respond``."""
        return cast("Transport", _Recorded(self))


class _Recorded:
    """``Transport.call``, ``server_now`` and ``server_clock``, the calls recorded by a
    ``CallRecorder``."""

    def __init__(self, recorder: CallRecorder) -> None:
        self._recorder = recorder

    async def call(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """``Transport.call``, recorded."""
        return await self._recorder.respond(method, template, path=path, params=params, body=json)

    def server_now(self) -> float:
        """The server's clock as the transport estimates it."""
        return self._recorder.transport.server_now()

    async def server_clock(self) -> float:
        """The server's clock once an answer told it (``Transport.server_clock``)."""
        return await self._recorder.transport.server_clock()


def concrete(template: str, values: Mapping[str, Any], params: Mapping[str, Any] | None) -> str:
    """The path as called: placeholders filled, the (non-secret) query appended."""
    path = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)
    if params:
        path += "?" + urlencode({k: v for k, v in params.items() if v is not None})
    return path
