"""The ``connections edit`` commands an Autotask remediation names, checked against the
Autotask connection spec (the rest is ``ticketlake.checks.commands``)."""

from __future__ import annotations

from ticketlake.checks import commands
from ticketlake.connectors.autotask.spec import SPEC


def edit_set(*pairs: str) -> str:
    """``ticketlake connections edit NAME --set FIELD=VALUE ...`` for Autotask fields."""
    return commands.edit_set(SPEC, *pairs)


def edit_secrets(*fields: str) -> str:
    """``ticketlake connections edit NAME --secret FIELD ...`` for Autotask secrets."""
    return commands.edit_secrets(SPEC, *fields)
