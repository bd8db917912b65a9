"""The Teamwork.com streams; ``build_streams`` lists a connection's, by its API type.

Projects is read through v3 and Desk through v2; a Spaces connection (verified, not extracted)
and a Projects v2 one are refused, as their checks say (``coverage.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from ticketlake.connectors.base import Stream
from ticketlake.connectors.teamwork import coverage
from ticketlake.connectors.teamwork.api import TeamworkApi
from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.connectors.teamwork.streams.desk import (
    CustomersStream,
    DeskDirectoryStream,
    DeskTicketsStream,
    DeskTimeStream,
)
from ticketlake.connectors.teamwork.streams.projects import (
    CommentsStream,
    DirectoryStream,
    TasksStream,
    TimeStream,
)
from ticketlake.connectors.teamwork.streams.tenant import TwStream, TwTenant

__all__ = ["TwStream", "TwTenant", "build_streams"]


def build_streams(
    settings: TeamworkSettings, api: TeamworkApi, now: Callable[[], float]
) -> list[Stream]:
    """Every stream of a connection, in reading order (``now``: the server's clock); a
    ``ConfigError`` for a connection a sync does not extract."""
    refused = coverage.refusal(settings)
    if refused is not None:
        raise refused
    tenant = TwTenant(settings, api, now)
    streams: list[TwStream] = []
    if settings.api_type == "projects":
        streams = [
            DirectoryStream(tenant),
            TasksStream(tenant),
            CommentsStream(tenant),
            TimeStream(tenant),
        ]
    elif settings.api_type == "desk":
        streams = [
            DeskDirectoryStream(tenant),
            DeskTicketsStream(tenant),
            CustomersStream(tenant),
            DeskTimeStream(tenant),
        ]
    return list(streams)
