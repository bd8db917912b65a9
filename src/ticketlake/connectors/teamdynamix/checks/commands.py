"""The ticketlake commands a remediation names, with their real syntax.

Remediations are written once, before any connection exists, so they name the connection as
``CONNECTION``; the runner puts the real name in (``named``) before a person reads them. The
field names are the connection spec's, so ``connections edit`` accepts every command here.
"""

from __future__ import annotations

from ticketlake.connectors.teamdynamix.spec import SPEC

CONNECTION = "{connection}"
"""Stands for the connection's name until ``named`` replaces it."""


def _field(name: str) -> str:
    if name not in SPEC.names:  # a typo here would send people to a command that fails
        raise ValueError(f"{name} is not a TeamDynamix connection field")
    return name


def edit_set(*pairs: str) -> str:
    """``ticketlake connections edit NAME --set FIELD=VALUE ...`` for each ``FIELD=VALUE`` of
    ``pairs`` (an empty value clears the field)."""
    flags = " ".join(f"--set {_field(p.partition('=')[0])}={p.partition('=')[2]}" for p in pairs)
    return f"`ticketlake connections edit {CONNECTION} {flags}`"


def edit_secrets(*fields: str) -> str:
    """``ticketlake connections edit NAME --secret FIELD ...``: re-enter secrets (a hidden
    prompt, or ``TICKETLAKE_<FIELD>``)."""
    flags = " ".join(f"--secret {_field(f)}" for f in fields)
    return f"`ticketlake connections edit {CONNECTION} {flags}`"


def recheck(*flags: str) -> str:
    """``ticketlake check NAME [FLAGS]``."""
    return f"`{' '.join(('ticketlake check', CONNECTION, *flags))}`"


def named(text: str, connection: str) -> str:
    """``text`` with the connection's real name in every command."""
    return text.replace(CONNECTION, connection)
