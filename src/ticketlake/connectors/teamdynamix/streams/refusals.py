"""Single tickets the account may not read, met by the streams that make one call per ticket.

A 401 or 403 on one ticket (after the transport's one re-login) means "the user lacks
permission for the action" (reference §1): a restricted ticket type, a ticket moved to an
application the account cannot see. One such ticket must not stop the stream, nor stop it again
on every run, so it is skipped and counted, and the summary says how many. When every one of
the first ``ALL_REFUSED`` calls is refused, the account reads no ticket at all: the error stands
(the checks name the setup step that fixes it).
"""

from __future__ import annotations

from ticketlake.errors import SourceError

ALL_REFUSED = 20


class Refusals:
    """Counts the tickets read and refused; decides when a refusal is the whole account's."""

    def __init__(self, what: str, noun: str = "ticket(s)") -> None:
        self.what = what
        self.noun = noun
        self.read = 0
        self.refused = 0

    def ok(self) -> None:
        """One ticket was read."""
        self.read += 1

    def refuse(self, exc: SourceError) -> None:
        """One ticket was refused: skip it, unless no ticket has been read at all."""
        self.refused += 1
        if self.read == 0 and self.refused >= ALL_REFUSED:
            raise exc

    @property
    def note(self) -> str | None:
        """What the summary says of the skipped tickets (None: none skipped)."""
        if not self.refused:
            return None
        return f"{self.refused} {self.noun} refused to this account (HTTP 401/403): {self.what}"
