"""The Autotask streams, one module per family; ``build_streams`` lists a connection's."""

from __future__ import annotations

from ticketlake.connectors.autotask.api import AutotaskApi
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.streams.activity import NotesStream, TimeEntriesStream
from ticketlake.connectors.autotask.streams.deletions import DeletionsStream
from ticketlake.connectors.autotask.streams.directory import (
    AccountsStream,
    ContactsStream,
    PeopleStream,
)
from ticketlake.connectors.autotask.streams.history import HistoryStream
from ticketlake.connectors.autotask.streams.reference import ReferenceStream, SlasStream
from ticketlake.connectors.autotask.streams.slaresults import SlaResultsStream
from ticketlake.connectors.autotask.streams.tenant import AtStream, AtTenant
from ticketlake.connectors.autotask.streams.tickets import TicketsStream
from ticketlake.connectors.base import Stream

__all__ = ["AtStream", "AtTenant", "build_streams"]


def build_streams(settings: AutotaskSettings, api: AutotaskApi) -> list[Stream]:
    """Every stream of a connection, in reading order."""
    tenant = AtTenant(settings, api)
    streams: list[AtStream] = [
        AccountsStream(tenant),
        TicketsStream(tenant),
        NotesStream(tenant),
        HistoryStream(tenant),
        TimeEntriesStream(tenant),
        SlaResultsStream(tenant),
        PeopleStream(tenant),
        ContactsStream(tenant),
        ReferenceStream(tenant),
        SlasStream(tenant),
        DeletionsStream(tenant),
    ]
    return list(streams)
