"""Data values on the terminal, printed as they are.

Rich reads ``[...]`` in a plain string as markup and ``:name:`` as an emoji: a ticket titled
``Printer [/] jam`` would crash the command and ``:x:`` would print as a cross. Every value that
comes from a tenant, a store or a user goes through :func:`cell` (or ``Text``) instead.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.text import Text


def cell(value: Any) -> Text:
    """A value as literal text: empty for NULL, ISO dates, floats with two decimals."""
    if value is None:
        return Text("")
    if isinstance(value, datetime):
        return Text(value.isoformat(sep=" ", timespec="seconds"))
    if isinstance(value, date):
        return Text(value.isoformat())
    if isinstance(value, float):
        return Text(f"{value:,.2f}" if abs(value) < 1e15 else str(value))
    return Text(str(value))
