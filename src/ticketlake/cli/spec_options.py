"""Command-line options and prompts generated from a connection spec.

Each field becomes one flag (``app_id`` -> ``--app-id``; bools ``--time-entries/
--no-time-entries``) and one environment variable (``TICKETLAKE_APP_ID``). Values are gathered
in the spec's order, so a field's conditions are judged on what came before it: a flag always
counts (one that does not apply is reported as such), an environment variable only for a field
that applies, and a prompt (hidden for secrets) only for a missing required field, and only
when stdin is a terminal. Everything else is left to validation, which reports every problem.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer

from ticketlake.connectors.spec import ConnectionSpec, Field, Kind, Value, state_key

ENV_PREFIX = "TICKETLAKE_"
_TRUE = {"true", "yes", "y", "1", "on"}


def option_name(field: Field) -> str:
    """The flag of a field: ``app_id`` -> ``--app-id``."""
    return "--" + field.name.replace("_", "-")


def env_name(field: Field) -> str:
    """The environment variable of a field: ``app_id`` -> ``TICKETLAKE_APP_ID``."""
    return ENV_PREFIX + field.name.upper()


def stdin_is_tty() -> bool:
    """Whether prompts are possible (tests replace this)."""
    return sys.stdin.isatty()


def option_help(field: Field) -> str:
    """Help text of a field's flag: the guide's words, the step, conditions, the variable."""
    parts = [field.help]
    if field.step:
        parts.append(f"Guide: {field.step}.")
    if field.when:
        parts.append(f"Only when {field.describe_when()}.")
    if field.kind is Kind.CHOICE:
        parts.append(f"One of: {', '.join(c.value for c in field.choices)}.")
    if field.secret:
        parts.append(
            f"Secret: prefer the hidden prompt or {env_name(field)} (flags reach shell history)."
        )
    else:
        parts.append(f"Env: {env_name(field)}.")
    return " ".join(parts)


def _parameter(field: Field) -> inspect.Parameter:
    if field.kind is Kind.BOOL:
        flag = f"{option_name(field)}/--no-{option_name(field)[2:]}"
        annotation: Any = Annotated[bool | None, typer.Option(flag, help=option_help(field))]
    else:
        annotation = Annotated[
            str | None, typer.Option(option_name(field), help=option_help(field))
        ]
    return inspect.Parameter(
        field.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def _metavar(field: Field) -> str:
    if field.kind is Kind.CHOICE:
        return "|".join(c.value for c in field.choices)
    return {Kind.URL: "URL", Kind.INT: "N", Kind.TIMEZONE: "ZONE", Kind.SECRET: "SECRET"}.get(
        field.kind, "TEXT"
    )


def command_with_fields(
    spec: ConnectionSpec,
    extra: list[inspect.Parameter],
    body: Callable[[dict[str, Any]], None],
) -> Callable[..., None]:
    """A Typer command function taking ``extra`` parameters plus one option per spec field;
    ``body`` receives every parameter's value by name."""

    def command(**kwargs: Any) -> None:
        body(kwargs)

    params = [*extra, *(_parameter(f) for f in spec.fields)]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    return command


def _loose(field: Field, raw: object) -> Value:
    """Just enough normalization to judge later fields' conditions while gathering."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if field.kind is Kind.BOOL:
        return text.lower() in _TRUE
    return text.lower() if field.kind is Kind.CHOICE else text


def gather(
    spec: ConnectionSpec,
    flags: Mapping[str, object],
    *,
    prompt: bool,
    skip: frozenset[str] = frozenset(),
) -> dict[str, object]:
    """Field values from flags, then environment variables, then prompts (see module doc).

    ``skip`` names fields never to take from the environment or a prompt (an edit's stored
    values). Returns only the fields given.
    """
    values: dict[str, object] = {}
    state: dict[str, Value] = {}
    for field in spec.fields:
        raw = flags.get(field.name)
        applies = field.visible(state)
        if raw is None and applies and field.name not in skip:
            raw = os.environ.get(env_name(field)) or None
            if raw is None and prompt and _must_ask(field, state):
                raw = ask(field, state)
        if raw is not None:
            values[field.name] = raw
            state[field.name] = _loose(field, raw)
        elif applies:
            implied = _implied(field, state)
            if implied is not None:
                state[field.name] = implied
    return values


def _implied(field: Field, state: Mapping[str, Value]) -> Value | None:
    """The value validation will fill in: the default, or a required choice's only option."""
    if field.default is not None:
        return field.default
    choices = field.choices_for(state)
    if field.kind is Kind.CHOICE and len(choices) == 1 and field.is_required(state):
        return choices[0].value
    return None


def _must_ask(field: Field, state: Mapping[str, Value]) -> bool:
    if not field.is_required(state) or field.default is not None:
        return False
    return not (field.kind is Kind.CHOICE and len(field.choices_for(state)) == 1)


def ask(field: Field, state: Mapping[str, Value]) -> object:
    """Prompt for one field (hidden input for a secret)."""
    label = field.label
    if field.kind is Kind.BOOL:
        return typer.confirm(label, default=bool(field.default))
    if field.kind is Kind.CHOICE:
        values = [c.value for c in field.choices_for(state)]
        return typer.prompt(f"{label} ({'/'.join(values)})")
    if field.secret:
        return typer.prompt(label, hide_input=True)
    hint = f" (e.g. {field.placeholder})" if field.placeholder else ""
    return typer.prompt(f"{label}{hint}")


def current_state(settings: Mapping[str, Value]) -> dict[str, str]:
    """Stored settings as condition keys (for listing which secrets apply)."""
    return {k: state_key(v) for k, v in settings.items()}
