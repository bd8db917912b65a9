"""Which connector reads which source."""

from __future__ import annotations

from ticketlake.connectors.base import Connector
from ticketlake.errors import ConfigError


def connector_for(source: str) -> Connector:
    """The connector of ``source``; a ``ConfigError`` for a source without one yet."""
    if source == "teamdynamix":
        from ticketlake.connectors.teamdynamix import TeamDynamix

        return TeamDynamix()
    if source == "autotask":
        from ticketlake.connectors.autotask import Autotask

        return Autotask()
    if source == "teamwork":
        from ticketlake.connectors.teamwork import Teamwork

        return Teamwork()
    raise ConfigError(
        f"ticketlake cannot sync {source!r} connections yet",
        fix="only TeamDynamix, Autotask and Teamwork.com connections sync today",
    )
