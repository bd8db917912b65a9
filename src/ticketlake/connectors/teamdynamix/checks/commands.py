"""The ``connections edit`` commands a TeamDynamix remediation names, checked against the
TeamDynamix connection spec (the rest is ``ticketlake.checks.commands``)."""

from __future__ import annotations

from ticketlake.checks import commands
from ticketlake.connectors.teamdynamix.spec import SPEC


def edit_set(*pairs: str) -> str:
    """``ticketlake connections edit NAME --set FIELD=VALUE ...`` for TDX fields."""
    return commands.edit_set(SPEC, *pairs)


def edit_secrets(*fields: str) -> str:
    """``ticketlake connections edit NAME --secret FIELD ...`` for TDX secrets."""
    return commands.edit_secrets(SPEC, *fields)
