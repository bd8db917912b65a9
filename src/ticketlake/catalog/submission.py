"""Submitting a connection: validate everything, report every problem, save only when clean.

The CLI and the web form both come through here, so the rules are the same for both: the name
is checked (shape, uniqueness) together with the fields, and on any error nothing is saved.

Editing follows the Teamwork.com form's rule for secrets, generalised: a secret is never shown
or carried into a form; it is re-entered to change it, and it *must* be re-entered when a field
that decides where or as whom it is sent changes (``Field.binds_secrets``: base URL, user
name, auth mode...). Otherwise a changed base URL would silently send the stored password to
the new host. What a sign-in stored (``ConnectionSpec.signed_in``: an OAuth token) is kept by
any other edit and removed by such a change or a secret re-entered: then one signs in again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ticketlake.catalog.catalog import Catalog
from ticketlake.catalog.connection import Connection
from ticketlake.connectors.fieldcheck import Submission, validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import ConnectionSpec, Kind, spec_for
from ticketlake.errors import ConfigError, ValidationError

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
NAME_RULE = "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit"


def name_problem(catalog: Catalog, name: str, *, current: str | None = None) -> str | None:
    """Why ``name`` cannot name a (new or renamed) connection, or ``None``."""
    if not name:
        return f"required: a name for the connection, {NAME_RULE}"
    if not NAME.match(name):
        return f"must be {NAME_RULE}"
    if name != current and catalog.exists(name):
        return f"a connection named {name!r} already exists"
    return None


def submit_new(
    catalog: Catalog,
    source: str,
    name: str,
    values: Mapping[str, object],
    *,
    policy: NetworkPolicy,
    actor: str | None = None,
) -> Connection:
    """Validate and save a new connection; ``ValidationError`` with every problem otherwise."""
    spec = spec_for(source)
    errors: dict[str, str] = {}
    problem = name_problem(catalog, name)
    if problem:
        errors["name"] = problem
    try:
        submission = validate(spec, values, policy=policy)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return catalog.create(name, submission, actor=actor)


@dataclass(frozen=True)
class Edit:
    """A checked edit, not yet saved."""

    connection: Connection
    submission: Submission
    changed: tuple[str, ...]
    """Non-secret fields whose value changes."""
    reentered: tuple[str, ...]
    """Secret fields given anew."""
    reenter: dict[str, str] = field(default_factory=dict)
    """Secret fields that must still be re-entered, with the reason."""
    drop: frozenset[str] = frozenset()
    """Stored secrets that no longer apply (removed on save)."""
    signed_out: str = ""
    """Why a stored sign-in is removed (what changed), when it is."""
    new_name: str | None = None


def plan_edit(
    catalog: Catalog,
    name: str,
    changes: Mapping[str, object],
    *,
    policy: NetworkPolicy,
    new_name: str | None = None,
) -> Edit:
    """Check ``changes`` to connection ``name``; say which secrets must be re-entered."""
    conn = catalog.get(name)
    spec = conn.spec
    merged: dict[str, object] = dict(conn.settings)
    merged.update(changes)
    errors: dict[str, str] = {}
    if new_name is not None and new_name != name:
        problem = name_problem(catalog, new_name, current=name)
        if problem:
            errors["name"] = problem
    carried = frozenset(conn.settings) - frozenset(changes)
    try:
        sub = validate(
            spec, merged, policy=policy, kept_secrets=conn.secret_fields, carried=carried
        )
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    if not any(spec.field(n).kind is Kind.URL for n in changes if n in spec.names):
        sub = replace(sub, network=conn.network)  # no URL changed: keep what it was saved under
    return _edit(conn, spec, sub, new_name if new_name != name else None)


def _edit(conn: Connection, spec: ConnectionSpec, sub: Submission, new_name: str | None) -> Edit:
    names = set(conn.settings) | set(sub.settings)
    changed = tuple(
        n for n in spec.names if n in names and conn.settings.get(n) != sub.settings.get(n)
    )
    binding = [n for n in changed if n in spec.names and spec.field(n).binds_secrets]
    state = sub.settings
    applicable = {f.name for f in spec.secret_fields if f.visible(state)}
    reenter = {}
    if binding:
        why = f"must be re-entered because {', '.join(binding)} changed"
        reenter = {f: why for f in sorted(applicable) if f not in sub.secrets}
    signed_in = set(spec.signed_in)
    signed_out = ""
    if signed_in and not (binding or sub.secrets):
        kept = {k: v for k, v in conn.settings.items() if k in signed_in}
        sub = replace(sub, settings={**sub.settings, **kept})
        applicable |= signed_in & conn.secret_fields
    elif signed_in & conn.secret_fields:
        signed_out = f"{', '.join(binding or sorted(sub.secrets))} changed"
    return Edit(
        connection=conn,
        submission=sub,
        changed=changed,
        reentered=tuple(sorted(sub.secrets)),
        reenter=reenter,
        drop=frozenset(conn.secret_fields - applicable),
        new_name=new_name,
        signed_out=signed_out,
    )


def apply_edit(catalog: Catalog, edit: Edit, *, actor: str | None = None) -> Connection:
    """Save a planned edit; refuse it while secrets still need re-entering."""
    if edit.reenter:
        raise ValidationError(edit.reenter)
    if not (edit.changed or edit.reentered or edit.new_name or edit.drop):
        raise ConfigError(
            f"nothing to change in connection {edit.connection.name!r}",
            fix="give the fields to change, e.g. --set app_id=628",
        )
    parts = []
    if edit.new_name:
        parts.append(f"renamed from {edit.connection.name}")
    if edit.changed:
        parts.append(f"changed: {', '.join(edit.changed)}")
    if edit.reentered:
        parts.append(f"secrets re-entered: {', '.join(edit.reentered)}")
    if edit.drop:
        parts.append(f"secrets removed: {', '.join(sorted(edit.drop))}")
    if edit.signed_out:
        parts.append(f"signed out: {edit.signed_out}")
    return catalog.update(
        edit.connection.name,
        edit.submission,
        drop_secrets=edit.drop,
        new_name=edit.new_name,
        detail="; ".join(parts),
        actor=actor,
    )
