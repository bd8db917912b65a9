"""Validate a submission against a connection spec: every problem as a field-level error.

``validate`` walks the spec's fields in order, so each field's conditions are judged on the
already-normalized values of the fields before it. It collects every error (not just the first)
and raises one ``ValidationError`` mapping field name to message; error messages never repeat a
submitted value, since a person may have pasted a secret into the wrong box.
"""

from __future__ import annotations

import re
import uuid
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ticketlake.connectors.netguard import NetworkPolicy, UnsafeURL, guard_url, split_url
from ticketlake.connectors.spec import ConnectionSpec, Field, Format, Kind, Value
from ticketlake.errors import ValidationError
from ticketlake.secret import Secret

MAX_TEXT = 500
MAX_SECRET = 4096
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class FieldProblem(ValueError):
    """One field's value is invalid; the message is shown next to the field."""


@dataclass(frozen=True)
class Submission:
    """A validated submission: normalized settings and the secrets, kept apart."""

    source: str
    settings: dict[str, Value] = field(default_factory=dict)
    """Non-secret values of the fields that apply (defaults filled in)."""
    secrets: dict[str, Secret] = field(default_factory=dict)
    """Secret values submitted now (each a ``Secret``; never printable)."""
    network: NetworkPolicy = field(default_factory=NetworkPolicy)
    """The allowances the URLs were accepted under (kept so later calls re-check the same)."""


def validate(
    spec: ConnectionSpec,
    values: Mapping[str, object],
    *,
    policy: NetworkPolicy,
    kept_secrets: frozenset[str] = frozenset(),
    carried: frozenset[str] = frozenset(),
) -> Submission:
    """Check ``values`` against ``spec``; return a ``Submission`` or raise ``ValidationError``.

    ``kept_secrets`` names secret fields already stored (an edit that leaves them alone): they
    count as given. ``carried`` names values taken over from a stored connection rather than
    typed now: when they no longer apply (the auth mode changed) they are dropped, not errors.
    Empty strings and ``None`` count as not given.
    """
    given = {k: v for k, v in values.items() if not _blank(v)}
    given = {k: v for k, v in given.items() if k in spec.names or k not in carried}
    errors = {k: "unknown field" for k in given if k not in spec.names}
    state: dict[str, Value] = {}
    secrets: dict[str, Secret] = {}
    undecided: set[str] = set()
    for f in spec.fields:
        if f.depends_on & undecided:
            undecided.add(f.name)  # its controlling field is invalid: judge it once that's fixed
            continue
        if not f.visible(state):
            if f.name in given and f.name not in carried:
                errors[f.name] = f"does not apply here (only when {f.describe_when()})"
            continue
        try:
            value = _value_of(
                f, given.get(f.name), state, policy, kept=f.name in kept_secrets, carried=carried
            )
        except FieldProblem as problem:
            errors[f.name] = str(problem)
            undecided.add(f.name)
            continue
        if isinstance(value, Secret):
            secrets[f.name] = value
        elif value is not None:
            state[f.name] = value
    if errors:
        raise ValidationError(errors)
    allowances = NetworkPolicy(policy.allow_insecure_localhost, policy.allow_private_network)
    return Submission(spec.source, state, secrets, allowances)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _value_of(
    f: Field,
    raw: object,
    state: Mapping[str, Value],
    policy: NetworkPolicy,
    *,
    kept: bool,
    carried: frozenset[str],
) -> Value | Secret | None:
    if raw is None:
        if f.secret and kept:
            return None
        return _missing(f, state)
    if f.kind is Kind.CHOICE:
        return _choice(f, raw, state)
    if f.kind is Kind.URL:
        return _url(f, raw, None if f.name in carried else policy)
    return _PARSERS[f.kind](f, raw)


def _missing(f: Field, state: Mapping[str, Value]) -> Value | None:
    if f.default is not None and (f.kind is not Kind.CHOICE or _choice_ok(f, f.default, state)):
        return f.default
    choices = f.choices_for(state)
    if f.is_required(state) and f.kind is Kind.CHOICE and len(choices) == 1:
        return choices[0].value  # the only possible answer is not a question
    if f.is_required(state):
        raise FieldProblem("required")
    return None


def _choice_ok(f: Field, value: object, state: Mapping[str, Value]) -> bool:
    return any(c.value == value for c in f.choices_for(state))


def _choice(f: Field, raw: object, state: Mapping[str, Value]) -> str:
    text = _text_of(raw).strip().lower()
    choices = f.choices_for(state)
    for c in choices:
        if text == c.value.lower():
            return c.value
    return _raise(f"must be one of: {', '.join(c.value for c in choices)}")


def _raise(message: str) -> str:
    raise FieldProblem(message)


def _text_of(raw: object) -> str:
    if isinstance(raw, Secret):
        return raw.reveal()
    if isinstance(raw, bool | int | str):
        return str(raw)
    raise FieldProblem("must be text")


def _text(f: Field, raw: object) -> str:
    text = _text_of(raw).strip()
    if not text:
        raise FieldProblem("required" if f.required else "must not be blank")
    if len(text) > MAX_TEXT:
        raise FieldProblem(f"is too long (at most {MAX_TEXT} characters)")
    if any(ord(ch) < 32 for ch in text):
        raise FieldProblem("must not contain control characters or line breaks")
    return _formatted(f.format, text)


def _formatted(fmt: Format | None, text: str) -> str:
    if fmt is Format.GUID:
        try:
            guid = uuid.UUID(text)
        except ValueError as exc:
            raise FieldProblem("must be a GUID (32 hex digits as 8-4-4-4-12)") from exc
        if guid.int == 0 or len(text.strip("{}")) != 36:
            raise FieldProblem("must be a GUID (32 hex digits as 8-4-4-4-12)")
        return str(guid)
    if fmt is Format.EMAIL and not _EMAIL.match(text):
        raise FieldProblem("must look like an e-mail address (name@example.com)")
    if fmt is Format.SUBDOMAIN:
        text = text.lower()
        if not _SUBDOMAIN.match(text):
            raise FieldProblem("must be the site name only: letters, digits and hyphens")
    return text


def _secret(f: Field, raw: object) -> Secret:
    text = _text_of(raw)
    if not text.strip():
        raise FieldProblem("must not be blank")
    if len(text) > MAX_SECRET:
        raise FieldProblem(f"is too long (at most {MAX_SECRET} characters)")
    if any(ord(ch) < 32 for ch in text):
        raise FieldProblem("must not contain control characters or line breaks")
    return Secret(_formatted(f.format, text) if f.format else text)


def _int(f: Field, raw: object) -> int:
    if isinstance(raw, bool):
        raise FieldProblem("must be a whole number")
    text = _text_of(raw).strip()
    if not text.isascii() or not text.lstrip("-").isdigit():
        raise FieldProblem("must be a whole number")
    number = int(text)
    if f.minimum is not None and number < f.minimum:
        raise FieldProblem(f"must be at least {f.minimum}")
    return number


def _bool(f: Field, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text_of(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldProblem("must be true or false")


def _timezone(f: Field, raw: object) -> str:
    name = _text_of(raw).strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise FieldProblem("must be an IANA time zone such as America/Chicago or UTC") from exc
    return name


def _url(f: Field, raw: object, policy: NetworkPolicy | None) -> str:
    """``policy`` is ``None`` for a URL carried over unchanged: it was guarded when saved."""
    text = _text_of(raw).strip()
    try:
        # Shape first, then the path, then DNS: a typo is not a network question.
        path = _path(f, split_url(text).path)
        url = guard_url(text, policy).url if policy is not None else split_url(text).geturl()
    except UnsafeURL as exc:
        raise FieldProblem(str(exc)) from exc
    return urlsplit(url)._replace(path=path).geturl()


def _path(f: Field, path: str) -> str:
    trimmed = path.rstrip("/")
    if not f.url_paths:
        return trimmed
    if trimmed.lower().endswith("/api"):
        trimmed = trimmed[:-4]  # people paste the API root; the base is one level up
    for expected in f.url_paths:
        if trimmed.lower().endswith(expected.lower()):
            return trimmed[: -len(expected)] + expected
    raise FieldProblem(f"must end with {' or '.join(f.url_paths)}")


_PARSERS: dict[Kind, Callable[[Field, object], Value | Secret]] = {
    Kind.TEXT: _text,
    Kind.SECRET: _secret,
    Kind.INT: _int,
    Kind.BOOL: _bool,
    Kind.TIMEZONE: _timezone,
}
