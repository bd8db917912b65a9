"""The TeamDynamix streams, one module per family; ``build_streams`` lists a connection's."""

from __future__ import annotations

from ticketlake.connectors.base import Stream
from ticketlake.connectors.teamdynamix.api import TdxApi
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.connectors.teamdynamix.streams.attributes import AttributesStream
from ticketlake.connectors.teamdynamix.streams.details import DetailsStream
from ticketlake.connectors.teamdynamix.streams.directory import GroupsStream, PeopleStream
from ticketlake.connectors.teamdynamix.streams.events import EventsStream
from ticketlake.connectors.teamdynamix.streams.reference import ReferenceStream
from ticketlake.connectors.teamdynamix.streams.slas import SlasStream
from ticketlake.connectors.teamdynamix.streams.surveys import SurveysStream
from ticketlake.connectors.teamdynamix.streams.tasks import TasksStream
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.teamdynamix.streams.tickets import TicketsStream
from ticketlake.connectors.teamdynamix.streams.time import TimeEntriesStream

__all__ = ["TdxStream", "TdxTenant", "build_streams"]


def build_streams(settings: TdxSettings, api: TdxApi) -> list[Stream]:
    """Every stream of a connection, in reading order (time entries when in scope, survey
    responses when a survey report is named)."""
    tenant = TdxTenant(settings, api)
    streams: list[TdxStream] = [
        TicketsStream(tenant),
        DetailsStream(tenant),
        EventsStream(tenant),
    ]
    if settings.ticket_tasks and settings.report_id is not None:
        streams.append(TasksStream(tenant))
    if settings.time_entries:
        streams.append(TimeEntriesStream(tenant))
    streams += [
        PeopleStream(tenant),
        GroupsStream(tenant),
        ReferenceStream(tenant),
        AttributesStream(tenant),
        SlasStream(tenant),
    ]
    if settings.survey_report_id is not None:
        streams.append(SurveysStream(tenant))
    return list(streams)
