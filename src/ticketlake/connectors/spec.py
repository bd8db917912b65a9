"""Declarative connection specs: the fields a source needs, from which the CLI and the web form
are generated.

A ``ConnectionSpec`` is data: an ordered tuple of ``Field``. A field has a kind (text, url, int,
choice, bool, secret, timezone), may be required or optional, may be visible only ``when``
earlier fields hold given values (Teamwork's fields change with API type, version and auth
type), and carries help text taken from the source's setup guide with the step it comes from.
Conditions only look at *earlier* fields, so a prompt that walks the fields in order always
knows whether the next one applies.

Validation of submitted values against a spec lives in ``ticketlake.connectors.fieldcheck``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

SOURCES = ("teamdynamix", "autotask", "teamwork")
"""Every source ticketlake has a connection spec for, in the order the CLI lists them."""

Value = str | int | bool
"""A normalized, non-secret setting value."""


class Kind(StrEnum):
    """What a field holds; decides its input widget and its validation."""

    TEXT = "text"
    URL = "url"
    INT = "int"
    CHOICE = "choice"
    BOOL = "bool"
    SECRET = "secret"  # noqa: S105 - the kind's name, not a password
    TIMEZONE = "timezone"


class Format(StrEnum):
    """An extra shape a text or secret value must have."""

    GUID = "guid"
    EMAIL = "email"
    SUBDOMAIN = "subdomain"


def state_key(value: object) -> str:
    """How a normalized value is compared in conditions: bools as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class When:
    """A condition on an earlier field: ``field`` holds one of ``values``."""

    field: str
    values: tuple[str, ...]

    def holds(self, state: Mapping[str, object]) -> bool:
        """Whether the condition holds for these (normalized) values."""
        return self.field in state and state_key(state[self.field]) in self.values

    def describe(self) -> str:
        """The condition as a person reads it, e.g. ``api_type == "desk"``."""
        if len(self.values) == 1:
            return f'{self.field} == "{self.values[0]}"'
        return f"{self.field} in ({', '.join(repr(v) for v in self.values)})"


def when(field: str, *values: str) -> When:
    """Shorthand: ``when("api_type", "desk")``."""
    return When(field, tuple(values))


def all_hold(conditions: tuple[When, ...], state: Mapping[str, object]) -> bool:
    """Whether every condition holds (an empty tuple always holds)."""
    return all(c.holds(state) for c in conditions)


@dataclass(frozen=True)
class Choice:
    """One option of a choice field, itself possibly conditional."""

    value: str
    label: str
    when: tuple[When, ...] = ()


@dataclass(frozen=True)
class Field:
    """One input of a connection spec."""

    name: str
    label: str
    kind: Kind
    help: str = ""
    step: str | None = None
    """The setup-guide step this value comes from, e.g. ``Step 5: Configure API authentication``."""
    required: bool = True
    required_when: tuple[When, ...] = ()
    """When non-empty, the field is required only while these hold (and optional otherwise)."""
    default: Value | None = None
    choices: tuple[Choice, ...] = ()
    when: tuple[When, ...] = ()
    """The field exists only while all of these hold."""
    format: Format | None = None
    url_paths: tuple[str, ...] = ()
    """For URL fields: the path the URL must end with (one of these), e.g. ``/TDWebApi``."""
    minimum: int | None = None
    binds_secrets: bool = False
    """Changing this field means every secret must be re-entered: the stored secrets would
    otherwise be sent somewhere (or to someone) new."""
    placeholder: str = ""

    @property
    def secret(self) -> bool:
        """Whether the value is a secret (write-only, encrypted, never displayed)."""
        return self.kind is Kind.SECRET

    def visible(self, state: Mapping[str, object]) -> bool:
        """Whether the field applies given the earlier fields' values."""
        return all_hold(self.when, state)

    def is_required(self, state: Mapping[str, object]) -> bool:
        """Whether a value must be given (assumes the field is visible)."""
        if self.required_when:
            return all_hold(self.required_when, state)
        return self.required

    def choices_for(self, state: Mapping[str, object]) -> tuple[Choice, ...]:
        """The choices that apply given the earlier fields' values."""
        return tuple(c for c in self.choices if all_hold(c.when, state))

    @property
    def depends_on(self) -> frozenset[str]:
        """The earlier fields whose values decide this field's visibility, need or choices."""
        conditions = (*self.when, *self.required_when, *(w for c in self.choices for w in c.when))
        return frozenset(c.field for c in conditions)

    def describe_when(self) -> str:
        """The visibility condition as text (empty when always visible)."""
        return " and ".join(c.describe() for c in self.when)


@dataclass(frozen=True)
class ConnectionSpec:
    """The fields of one source's connection, in the order a form shows them."""

    source: str
    title: str
    guide: str
    """The setup guide the help text and steps come from."""
    fields: tuple[Field, ...]
    signed_in: tuple[str, ...] = ()
    """Secrets and settings a sign-in stores rather than a field (an OAuth token, the host it
    goes to): an edit keeps them unless it changes a field that binds secrets or re-enters a
    secret, which calls for signing in again."""

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for f in self.fields:
            if f.name in seen:
                raise ValueError(f"{self.source}: duplicate field {f.name}")
            if not f.depends_on <= seen:
                raise ValueError(f"{self.source}.{f.name}: condition on a later field")
            seen.add(f.name)

    def field(self, name: str) -> Field:
        """The field called ``name`` (KeyError when the spec has none)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every field name, in order."""
        return tuple(f.name for f in self.fields)

    @property
    def secret_fields(self) -> tuple[Field, ...]:
        """The secret fields (whether visible or not)."""
        return tuple(f for f in self.fields if f.secret)

    def visible_fields(self, state: Mapping[str, object]) -> tuple[Field, ...]:
        """The fields that apply to these values (conditions checked in order)."""
        return tuple(f for f in self.fields if f.visible(state))

    def address(self, values: Mapping[str, object]) -> str:
        """Where the connection sends its credentials: the first URL field that binds them
        and has a value (TeamDynamix: the base URL; Autotask: a pinned zone or discovery
        host); "" when none has one (the source's own hosts, e.g. Autotask's discovery)."""
        for f in self.fields:
            if f.kind is Kind.URL and f.binds_secrets and values.get(f.name):
                return str(values[f.name])
        return ""


def spec_for(source: str) -> ConnectionSpec:
    """The connection spec of ``source`` (a ``ConfigError`` naming the sources if unknown)."""
    if source not in SOURCES:
        from ticketlake.errors import ConfigError

        raise ConfigError(f"unknown source {source!r}", fix=f"use one of: {', '.join(SOURCES)}")
    module = importlib.import_module(f"ticketlake.connectors.{source}.spec")
    spec: ConnectionSpec = module.SPEC
    return spec
