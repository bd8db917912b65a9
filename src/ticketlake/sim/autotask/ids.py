"""How child records are numbered: from their ticket's index and their position in it, so a
record's ID is known without generating anything else. Records added after start-up get IDs
beyond every derived one (``Counters``)."""

from __future__ import annotations

from dataclasses import dataclass

NOTE_BASE, NOTE_SLOTS = 3_100_000, 32
TIME_BASE, TIME_SLOTS = 8_200_000, 8
HISTORY_BASE, HISTORY_SLOTS = 12_000_000, 16
SLA_BASE = 500_000
DELETED_TICKET_BASE = 900
DELETED_ACTIVITY_BASE = 4_400


def note_id(i: int, k: int) -> int:
    """The ID of planned note ``k`` of ticket ``i``."""
    return NOTE_BASE + i * NOTE_SLOTS + k


def time_id(i: int, k: int) -> int:
    """The ID of planned time entry ``k`` of ticket ``i``."""
    return TIME_BASE + i * TIME_SLOTS + k


def history_id(i: int, k: int) -> int:
    """The ID of history row ``k`` of ticket ``i`` (0: created; then its planned changes)."""
    return HISTORY_BASE + i * HISTORY_SLOTS + k


@dataclass
class Counters:
    """The next ID of each kind of record added after start-up."""

    note: int
    time: int
    history: int

    @classmethod
    def after(cls, tickets: int) -> Counters:
        """Counters past every derived ID of a tenant of ``tickets`` tickets."""
        return cls(note_id(tickets + 1, 0), time_id(tickets + 1, 0), history_id(tickets + 1, 0))

    def next(self, kind: str) -> int:
        """A fresh ID of ``note``, ``time`` or ``history``."""
        value: int = getattr(self, kind)
        setattr(self, kind, value + 1)
        return value
