"""Connection forms generated from the connector specs (``ticketlake.connectors.spec``).

Pages show every field; a field or choice whose conditions do not hold is marked inactive (the
page's script hides it; without script it stays visible with its condition written next to it,
and the server ignores it). Secrets are write-only: read from a submission, never written into
a page, not even as a mask.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ticketlake.connectors.spec import ConnectionSpec, Field, Kind, When, state_key
from ticketlake.secret import Secret

INPUT_TYPES = {Kind.URL: "url", Kind.INT: "number", Kind.SECRET: "password"}


@dataclass(frozen=True)
class OptionState:
    """One choice of a choice field."""

    value: str
    label: str
    when: str
    """The choice's conditions as JSON (for the page's script)."""
    active: bool
    selected: bool


@dataclass(frozen=True)
class FieldState:
    """One input as a page shows it."""

    field: Field
    value: str
    """The non-secret value to show ('' for every secret)."""
    error: str
    stored: bool
    """A secret whose value is stored: the page says so, never shows it."""
    retype: str
    """For a secret: why it must be typed (again) before the next save, or ''. It replaces
    the "stored, leave empty to keep it" note whenever that note would mislead."""
    active: bool
    required: bool
    when: str
    """The field's conditions as JSON (for the page's script)."""
    condition: str
    """The conditions in words, e.g. ``Only when Authentication is password``."""
    options: tuple[OptionState, ...]

    @property
    def input_type(self) -> str:
        """The HTML input type of a text-like field."""
        return INPUT_TYPES.get(self.field.kind, "text")


def conditions_json(conditions: Sequence[When]) -> str:
    """Conditions as ``[{"field": ..., "values": [...]}]``."""
    return json.dumps([{"field": c.field, "values": list(c.values)} for c in conditions])


def condition_text(spec: ConnectionSpec, conditions: Sequence[When]) -> str:
    """Conditions as a person reads them (labels, not field names)."""
    parts = [f"{spec.field(c.field).label} is {' or '.join(c.values)}" for c in conditions]
    return f"Only when {' and '.join(parts)}." if parts else ""


def visible(spec: ConnectionSpec, raw: Mapping[str, str]) -> tuple[set[str], dict[str, str]]:
    """The names of the fields that apply and the non-secret values among them, judged in spec
    order (a field whose controlling field does not apply does not apply either)."""
    names: set[str] = set()
    state: dict[str, str] = {}
    for f in spec.fields:
        if f.visible(state):
            names.add(f.name)
            if not f.secret:
                state[f.name] = raw.get(f.name, "")
    return names, state


def read_form(spec: ConnectionSpec, data: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """A browser submission as the catalog's submission takes it: fields that do not apply are
    dropped, empty secrets left out (kept when stored), checkboxes read as booleans."""
    raw: dict[str, str] = {}
    for f in spec.fields:
        given = list(data.get(f.name, ()))
        # A checkbox posts a hidden "false" then, when ticked, "true": the last one counts.
        raw[f.name] = given[-1] if given else ""
    names, _ = visible(spec, raw)
    values: dict[str, object] = {}
    for f in spec.fields:
        if f.name not in names:
            continue
        if f.secret:
            if raw[f.name].strip():
                values[f.name] = Secret(raw[f.name])
        else:
            # An emptied field is None, so an edit clears it instead of keeping the old value.
            values[f.name] = raw[f.name].strip() or None
    return values


@dataclass(frozen=True)
class Secrets:
    """What the form knows about the secrets of a connection (never their values)."""

    stored: frozenset[str] = frozenset()
    """Secret fields with a stored value."""
    typed: frozenset[str] = frozenset()
    """Secret fields the refused submission carried: they were not kept."""
    rebound: tuple[str, ...] = ()
    """Labels of changed fields that decide where or as whom the secrets are sent."""


def rebound(
    spec: ConnectionSpec, saved: Mapping[str, object], values: Mapping[str, object]
) -> tuple[str, ...]:
    """Labels of the fields in ``values`` that change where or as whom stored secrets go."""
    return tuple(
        f.label
        for f in spec.fields
        if f.binds_secrets and f.name in values
        and state_key(values[f.name]) != state_key(saved.get(f.name, f.default))
    )  # fmt: skip


def retype_note(f: Field, secrets: Secrets) -> str:
    """Why secret field ``f`` must be typed (again), or ''."""
    if f.name in secrets.typed:
        return (
            "Nothing was saved, so what you typed here was not kept either (a secret is never "
            "sent back to your browser): type it again."
        )
    if f.name in secrets.stored and secrets.rebound:
        return (
            f"A value is stored, but {' and '.join(secrets.rebound)} changed: type this again "
            "(a stored secret never follows a connection to a new address or account)."
        )
    return ""


def states(
    spec: ConnectionSpec,
    values: Mapping[str, object],
    *,
    secrets: Secrets | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[FieldState]:
    """Every input of the form with its value, error, and whether it applies now."""
    errors = errors or {}
    secrets = secrets or Secrets()
    shown = {f.name: state_key(values.get(f.name, f.default)) for f in spec.fields if not f.secret}
    active, state = visible(spec, shown)
    result: list[FieldState] = []
    for f in spec.fields:
        value = "" if f.secret else shown[f.name]
        options = tuple(
            OptionState(
                c.value,
                c.label,
                conditions_json(c.when),
                all(w.holds(state) for w in c.when),
                c.value == value,
            )
            for c in f.choices
        )
        result.append(
            FieldState(
                field=f,
                value=value,
                error=errors.get(f.name, ""),
                stored=f.secret and f.name in secrets.stored,
                retype=retype_note(f, secrets) if f.secret else "",
                active=f.name in active,
                required=f.is_required(state) and not f.required_when,
                when=conditions_json(f.when),
                condition=condition_text(spec, f.when),
                options=options,
            )
        )
    return result
