"""``Secret``: a string that never prints itself.

Its ``repr``/``str``/``format`` are masked; ``reveal()`` is the one explicit way to the value,
used only where the value must be sent (the transport's auth step) or encrypted (the vault).
"""

from __future__ import annotations

from typing import Any

MASK = "**********"


class Secret:
    """A secret value, masked everywhere it could be printed or logged."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        self._value = str(value)

    def reveal(self) -> str:
        """Return the plaintext. Call only where the value is sent or encrypted."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> Any:
        raise TypeError("Secret values are not picklable")
