"""Connection names as the invite form states and explains them.

The rule is the catalog's (``NAME``, ``NAME_RULE``); this says which part of a refused name
breaks it, so an operator can fix it without guessing.
"""

from __future__ import annotations

from ticketlake.catalog.submission import NAME, NAME_RULE

MAX_LENGTH = 63
EXAMPLE = "acme-tdx"
HTML_PATTERN = NAME.pattern.removeprefix("^").removesuffix("$").replace("_-]", r"_\-]")
"""``NAME`` for an HTML ``pattern`` attribute (anchored by the browser; ``-`` escaped, as
the ``v`` flag browsers compile patterns with requires)."""
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def explain(name: str) -> str | None:
    """Why ``name`` cannot name a connection, in a sentence; ``None`` when it can."""
    if NAME.match(name):
        return None
    if not name:
        return f"Enter a name for the connection: {NAME_RULE} (e.g. {EXAMPLE})."
    if len(name) > MAX_LENGTH:
        return f"This name is {len(name)} characters long; a connection name has at most 63."
    bad = sorted({_shown(c) for c in name if c not in _ALLOWED})
    if bad:
        return (
            f"A connection name cannot contain {_listed(bad)}: use the letters a-z and A-Z, "
            f"digits, '.', '_' or '-' (e.g. {EXAMPLE})."
        )
    return f"A connection name starts with a letter or a digit, not {_shown(name[0])}."


def _shown(char: str) -> str:
    if char == " ":
        return "spaces"
    if not char.isprintable():
        return f"the invisible character U+{ord(char):04X}"
    return f"'{char}'"


def _listed(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} or {items[-1]}"
