"""What the Autotask checks share in one run: the settings, the calls (each one evidence),
and what earlier checks found.

Every call goes through ``CallRecorder`` and the connector's own API client
(``connectors/autotask/api.py``) over the connector's transport, so the checks make the calls
the sync makes, through its allow-list, read-only guard and the tenant's budget. Only the zone
lookup goes elsewhere: to the discovery host, through the zone finder's own transport, recorded
the same way. A few answers serve several checks (the first authenticated call: the tracking
identifier, the secret and the headroom; an entity's ``entityInformation``: its area and least
privilege); a check that judges an answer another one read notes that call as its own
evidence too.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from ticketlake.checks import Evidence
from ticketlake.checks.guide import Guide
from ticketlake.checks.recorder import CallRecorder, concrete
from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask.api import AutotaskApi
from ticketlake.connectors.autotask.checks.level import UserLevel, user_level
from ticketlake.connectors.autotask.filters import ALL, Filter, eq, gte
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.spec import SETUP_GUIDE
from ticketlake.connectors.autotask.zone import Zone, ZoneFinder
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.errors import RateLimited, SourceError
from ticketlake.transport import Transport
from ticketlake.transport.rolling import RollingBudget, Usage

Json = dict[str, Any]
EVERY = [gte("id", 0)]
"""Every record, the tenant's own company (ID 0) included."""


@dataclass
class Answer:
    """One call's answer (or its refusal) and the evidence of it."""

    value: Any
    evidence: tuple[Evidence, ...]


@dataclass
class Findings:
    """What earlier checks learnt and later checks (and the preview) build on."""

    zone: Zone | None = None
    counts: dict[str, int] = field(default_factory=dict)
    """Rows visible per entity (the area checks' counts)."""
    level: UserLevel | None = None
    first_ticket: Json | None = None
    budget: tuple[int, int, int] | None = None
    """The tenant budget's (our calls counted, our share, the room it allows) when the first
    ``ThresholdInformation`` answer came."""
    backfill: Any = None
    """The first sync's plan (``preview.Backfill``; False: it could not be made), made once
    per run."""
    plan_error: str = ""
    """Why the plan could not be made."""


def _evidence(path: str, status: int | None, excerpt: str, started: float) -> Evidence:
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    return Evidence("GET", path, status, excerpt, elapsed)


class CheckContext(CallRecorder):
    """One check run against one Autotask tenant."""

    def __init__(
        self,
        source: ConnectionSettings,
        transport: Transport,
        discovery: ZoneFinder,
        *,
        network: NetworkPolicy | None = None,
    ) -> None:
        super().__init__(transport)
        self.source = source
        """The connection as saved (the streams of the preview read it)."""
        self.settings = AutotaskSettings.from_connection(source)
        self.discovery = discovery
        """Where the zone is looked up (a pinned zone's own host when no other is given)."""
        self.network = network
        """The allowances the connection's URLs were saved under (re-checked before use)."""
        self.found = Findings()
        self.api = AutotaskApi(self.recorded(), lambda: transport.base_url)
        """The connector's API (the calls the sync makes), its calls recorded as evidence."""
        self._answers: dict[str, Answer] = {}

    @property
    def connection(self) -> str:
        """The connection's name."""
        return self.settings.name

    @property
    def guide(self) -> Guide:
        """Seed 002, the Autotask API-user setup, as the checks cite it."""
        return SETUP_GUIDE

    @property
    def username(self) -> str:
        """The API user's user name (the zone is looked up with it)."""
        return self.settings.username

    async def _once(self, key: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """``call``'s answer, made once per run; a later asker notes its evidence (and gets
        its refusal raised again)."""
        known = self._answers.get(key)
        if known is None:
            earlier = self.take_evidence()
            try:
                value: Any = await call()
            except SourceError as exc:
                value = exc
            known = self._answers[key] = Answer(value, self.take_evidence())
            for evidence in earlier:
                self.note(evidence)
        for evidence in known.evidence:
            self.note(evidence)
        if isinstance(known.value, SourceError):
            raise known.value
        return known.value

    async def zone(self) -> Zone:
        """``V1.0/zoneInformation?user=`` on the discovery host (the zone finder's own call,
        outside the tenant's budget), noted as evidence of the running check; a zone on a host
        credentials may not go to is refused."""
        shown = concrete(ep.ZONE_INFORMATION, {}, {"user": self.username})
        started = time.perf_counter()
        try:
            zone = await self.discovery.lookup()
        except SourceError as exc:
            self.note(_evidence(shown, exc.status, exc.excerpt or exc.brief, started))
            raise
        said = f'{{"zoneName": "{zone.name}", "url": "{zone.url}"}}'
        self.note(_evidence(shown, 200, said, started))
        self.found.zone = zone
        return zone

    async def first_call(self) -> Usage | SourceError:
        """The run's first authenticated call, ``GET ThresholdInformation`` (the transport
        finds the zone and takes the tenant budget's first reading before it): its answer,
        or its refusal."""
        try:
            found: Usage = await self._once("threshold", self._threshold)
        except SourceError as exc:
            return exc
        return found

    async def _threshold(self) -> Usage:
        budget = self.transport.budget("GET", ep.THRESHOLD_INFORMATION)
        rolling = budget if isinstance(budget, RollingBudget) else None
        try:
            found = await self.api.threshold()
        except RateLimited:
            if rolling is None or rolling.reading is None:
                raise
            # The credentials worked: the budget's own first reading was answered, and the
            # others leave no room for one more call. That reading is the answer.
            reading = rolling.reading
            self.note(Evidence("GET", ep.THRESHOLD_INFORMATION, 200,
                               f"currentTimeframeRequestCount {reading.used} (the tenant "
                               "budget's reading, taken before the first call)"))  # fmt: skip
            found = Usage(reading.used)
        if rolling is not None:  # the budget's view when the answer came
            self.found.budget = (rolling.ours(), rolling.cap, rolling.room())
        return found

    async def count(self, entity: str, filters: list[Filter] | None = None) -> int:
        """``POST {Entity}/query/count`` (every record unless ``filters``)."""
        return await self.api.count(entity, filters or EVERY)

    async def first(self, entity: str, filters: list[Filter] | None = None) -> Json | None:
        """The first record a query finds (``MaxRecords`` 1, in ID order), or None."""
        page = await self.api.first_page(entity, filters or ALL, max_records=1)
        rows = page.rows()
        return rows[0] if rows else None

    async def entity_info(self, entity: str) -> Json:
        """``GET {Entity}/entityInformation``'s ``info`` (read once per run)."""
        found: Json = await self._once(f"info {entity}", lambda: self.api.information(entity))
        return found

    async def api_user(self) -> Json | None:
        """The API user's own ``Resources`` record, its level and license named (from
        ``Resources/entityInformation/fields``) in ``found.level``; None when not visible."""
        user = await self.first(ep.RESOURCES, [eq("userName", self.username)])
        if user is None:
            return None
        self.found.level = user_level(user, await self.api.fields(ep.RESOURCES))
        return user

    async def first_ticket(self) -> Json | None:
        """The first visible ticket (the oldest by ID)."""
        if self.found.first_ticket is None:
            self.found.first_ticket = await self.first(ep.TICKETS)
        return self.found.first_ticket

    async def history(self, ticket_id: int) -> list[Json]:
        """One ticket's ``TicketHistory`` (a single ``ticketID`` equals filter, A6)."""
        page = await self.api.first_page(ep.HISTORY, [eq("ticketID", ticket_id)])
        return page.rows()

    async def planned_calls(self) -> int | None:
        """The calls the first sync's plan counts (None: it could not be made)."""
        from ticketlake.connectors.autotask.checks.preview import backfill_of

        backfill = await backfill_of(self)
        return backfill.plan.calls if backfill is not None else None
