"""Autotask's header auth, the zone it goes to, and the first reading of the tenant's budget.

Every call carries ``ApiIntegrationCode`` (the tracking identifier), ``UserName`` and
``Secret`` (reference A2); never ``ImpersonationResourceId``, which reads do not support. There
is no login call, so the first call of a run *is* the login: the zone is found (``zone.py``)
and the transport moved there, then the tenant's usage is read once (``ThresholdInformation``,
the tenant budget's first reading). That call proves the secret and the tracking identifier:
when it is refused, every stream stops at once with one message (``Transport.login_failed``).

A 401 means a wrong secret, an inactive or not API-only user, or a zone the tenant has left
(A12). So on a 401 the zone is looked up again, bypassing the cache, once: a new zone moves the
transport and the call is retried; the same zone means the credentials were refused.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from ticketlake.connectors.autotask.answers import refusal
from ticketlake.connectors.autotask.endpoints import THRESHOLD_INFORMATION
from ticketlake.connectors.autotask.gauge import read_usage
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.zone import Zone, ZoneFinder
from ticketlake.errors import AuthError, RateLimited, SourceError
from ticketlake.transport.rolling import RollingBudget

if TYPE_CHECKING:
    from ticketlake.transport import Transport

REFUSED_FIX = (
    "check the API user's secret and that the user is active with an API-only security level "
    "(API user, steps 3-4), then run `ticketlake check {name}`"
)
CODE_FIX = (
    "check the API tracking identifier: the one Autotask generated for the API user under "
    "Custom (Internal Integration) (API user, step 5), then run `ticketlake check {name}`"
)


class AutotaskAuth:
    """The ``Auth`` of an Autotask transport: zone, headers, first budget reading."""

    def __init__(self, settings: AutotaskSettings, zones: ZoneFinder) -> None:
        self._settings = settings
        self._zones = zones
        self.zone: Zone | None = None
        self._ready = False
        self._refused: SourceError | None = None
        self._lock = asyncio.Lock()

    def headers(self) -> dict[str, str]:
        """The credentials every call carries."""
        s = self._settings
        return {
            "ApiIntegrationCode": s.integration_code.reveal(),
            "UserName": s.username,
            "Secret": s.secret.reveal(),
        }

    async def apply(self, headers: dict[str, str], transport: Transport) -> None:
        """Add the credentials; on the run's first call, find the zone and read the tenant's
        budget first (every other call waits for that)."""
        if not self._ready:
            async with self._lock:
                if not self._ready:
                    await self._login(transport)
        headers.update(self.headers())

    async def _login(self, transport: Transport) -> None:
        # Refused once is refused for the run: asking again for every waiting call would
        # spend the tenant's budget on the same answer.
        if self._refused is not None:
            raise self._refused
        try:
            await self._move(transport, await self._zones.zone())
            await self._first_reading(transport)
        except SourceError as exc:
            self._refused = exc
            raise
        self._ready = True

    async def _move(self, transport: Transport, zone: Zone) -> None:
        self.zone = zone
        transport.rebase(zone.url)
        budget = transport.budget("GET", THRESHOLD_INFORMATION)
        if isinstance(budget, RollingBudget):
            budget.watch(lambda: read_usage(transport, self.headers()))

    async def _first_reading(self, transport: Transport) -> None:
        """Read the tenant's usage (the budget's first reading); on a 401, look the zone up
        again once and read again there."""
        budget = transport.budget("GET", THRESHOLD_INFORMATION)
        try:
            await _measure(budget, transport, self.headers())
        except AuthError:
            moved = await self._zones.zone(fresh=True)
            if self.zone is not None and moved.url == self.zone.url:
                raise self._refusal() from None
            await self._move(transport, moved)
            try:
                await _measure(budget, transport, self.headers())
            except AuthError:
                raise self._refusal() from None
        except RateLimited:
            raise
        except SourceError as exc:
            # The zone was found, so the user name is known: Autotask's 500 to a first call
            # points at the tracking identifier (reference A2).
            if exc.status != 500:
                raise
            raise self._code_refused(exc) from None

    async def refresh(self, transport: Transport) -> None:
        """A call got 401: look the zone up again (once); a new zone moves the transport and
        the call is retried, the same zone means the credentials were refused."""
        seen = self.zone
        async with self._lock:
            if self.zone is not seen:  # another call moved it meanwhile
                return
            moved = await self._zones.zone(fresh=True)
            if seen is not None and moved.url == seen.url:
                self._refused = self._refusal()
                raise self._refused
            await self._move(transport, moved)

    def _code_refused(self, exc: SourceError) -> AuthError:
        return refusal(
            exc,
            f"Autotask refused the API user {self._settings.username}'s first call (HTTP 500): "
            "the API tracking identifier is not this user's",
            CODE_FIX.format(name=self._settings.name),
        )

    def _refusal(self) -> AuthError:
        where = self.zone.url if self.zone else "its zone"
        return AuthError(
            f"Autotask refused the API user {self._settings.username} (HTTP 401) at {where}: "
            "the secret is wrong, or the user is inactive or has no API-only security level",
            endpoint=THRESHOLD_INFORMATION,
            status=401,
            fix=REFUSED_FIX.format(name=self._settings.name),
        )


async def _measure(budget: object, transport: Transport, headers: dict[str, str]) -> None:
    if isinstance(budget, RollingBudget):
        await budget.measure()
    else:  # a budget without a gauge: read once all the same, to prove the credentials
        await read_usage(transport, headers)
