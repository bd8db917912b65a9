"""``SourceConnector``: a ``Connector`` declared from its source's parts.

Every source reads its own settings out of ``ConnectionSettings``, builds its transport from
them and lists its streams over that transport; the ``Connector`` methods around those three
steps are the same for all of them and live here once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Generic, Protocol, TypedDict, TypeVar, Unpack

import httpx

from ticketlake.connectors.base import ConnectionSettings, Stream
from ticketlake.transport import BudgetBackend, Clock, Transport
from ticketlake.transport.endpoint import Endpoint

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)


class SettingsType(Protocol[S_co]):
    """A source's settings class: it reads and checks itself out of ``ConnectionSettings``."""

    def from_connection(self, conn: ConnectionSettings) -> S_co:
        """The settings; a ``ConfigError`` names what is missing or wrong."""
        ...


class TransportOptions(TypedDict, total=False):
    """What the sync engine (and the tests) may set on a connector's transport."""

    clock: Clock | None
    http_transport: httpx.AsyncBaseTransport | None
    budgets: BudgetBackend | None


class SourceConnector(ABC, Generic[S]):
    """A ``Connector`` over settings of type ``S``: a subclass names the source and its
    endpoints and settings class, and how to open a transport and build the streams."""

    name: str
    endpoints: tuple[Endpoint, ...]
    settings_type: SettingsType[S]

    def read_settings(self, settings: ConnectionSettings) -> S:
        """The source's own settings out of ``settings``."""
        return self.settings_type.from_connection(settings)

    @abstractmethod
    def open_transport(self, settings: S, **options: Unpack[TransportOptions]) -> Transport:
        """A transport for the source's ``settings``."""

    @abstractmethod
    def build_streams(self, settings: S, transport: Transport) -> Sequence[Stream]:
        """The streams of the source's ``settings`` over ``transport``."""

    def transport(
        self,
        settings: ConnectionSettings,
        *,
        clock: Clock | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        budgets: BudgetBackend | None = None,
        **_: Any,
    ) -> Transport:
        """A transport bound to this connection (auth, allow-list, budgets)."""
        options = TransportOptions(clock=clock, http_transport=http_transport, budgets=budgets)
        return self.open_transport(self.read_settings(settings), **options)

    def streams(self, settings: ConnectionSettings, transport: Transport) -> Sequence[Stream]:
        """Every stream this connection can run over ``transport``, in reading order."""
        return self.build_streams(self.read_settings(settings), transport)
