"""The ticketlake commands a remediation names, with their real syntax.

Remediations are written once, before any connection exists, so they name the connection as
``CONNECTION``; the runner puts the real name in (``named``) before a person reads them. The
field names are checked against the source's connection spec, so ``connections edit`` accepts
every command a remediation names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketlake.connectors.spec import ConnectionSpec

CONNECTION = "{connection}"
"""Stands for the connection's name until ``named`` replaces it."""


def _field(spec: ConnectionSpec, name: str) -> str:
    if name not in spec.names:  # a typo here would send people to a command that fails
        raise ValueError(f"{name} is not a field of {spec.title} connections")
    return name


def edit_set(spec: ConnectionSpec, *pairs: str) -> str:
    """``ticketlake connections edit NAME --set FIELD=VALUE ...`` for each ``FIELD=VALUE`` of
    ``pairs`` (an empty value clears the field); each field must be one of ``spec``'s."""
    flags = " ".join(
        f"--set {_field(spec, p.partition('=')[0])}={p.partition('=')[2]}" for p in pairs
    )
    return f"`ticketlake connections edit {CONNECTION} {flags}`"


def edit_secrets(spec: ConnectionSpec, *fields: str) -> str:
    """``ticketlake connections edit NAME --secret FIELD ...``: re-enter secrets (a hidden
    prompt, or ``TICKETLAKE_<FIELD>``); each field must be one of ``spec``'s."""
    flags = " ".join(f"--secret {_field(spec, f)}" for f in fields)
    return f"`ticketlake connections edit {CONNECTION} {flags}`"


def recheck(*flags: str) -> str:
    """``ticketlake check NAME [FLAGS]``."""
    return f"`{' '.join(('ticketlake check', CONNECTION, *flags))}`"


def named(text: str, connection: str) -> str:
    """``text`` with the connection's real name in every command."""
    return text.replace(CONNECTION, connection)
