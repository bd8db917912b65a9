"""Feed bodies: HTML to plain text, and the statuses a status-change body names.

TDX feed entries carry HTML bodies. Status changes have no structured old/new fields; the body
reads like ``Changed Status from "In Process" to "Resolved".``, maybe followed by ``<br/>`` and
comment text. That wording is UNCONFIRMED (reference §7.3), so the parser is tolerant: quoted
names (straight or curly quotes, "Status changed from" too), else names known from the tenant's
status list; anything else leaves from/to unknown and the body is kept either way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pyarrow as pa
import pyarrow.compute as pc

_BREAK = r"(?i)<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|tr|h[1-6])\s*>"
_TAG = r"<[^>]*>"
_SPACES = r"[ \t\r\f\v\xa0]+"
_AROUND_NEWLINE = r" ?\n ?"
_MANY_NEWLINES = r"\n{3,}"

_PREFIX = r"(?:changed\s+status|status\s+changed)\s+from\s+"
_QUOTED = re.compile(
    _PREFIX
    + r"[\"“”'‘’](?P<old>[^\"“”\n]+?)[\"“”'‘’]\s+to\s+[\"“”'‘’](?P<new>[^\"“”\n]+?)[\"“”'‘’]",
    re.IGNORECASE,
)


def body_text(bodies: Sequence[object] | pa.Array) -> pa.Array:
    """Plain text of HTML bodies: tags dropped, line breaks kept, entities decoded, trimmed."""
    if isinstance(bodies, pa.Array):
        column = bodies.cast(pa.string())
    else:
        column = pa.array([b if isinstance(b, str) else None for b in bodies], pa.string())
    column = pc.replace_substring_regex(column, _BREAK, "\n")
    column = pc.replace_substring_regex(column, _TAG, "")
    if pc.any(pc.match_substring(column, "&")).as_py():
        column = pa.array(
            [v if v is None or "&" not in v else html.unescape(v) for v in column.to_pylist()],
            pa.string(),
        )
    column = pc.replace_substring_regex(column, _SPACES, " ")
    column = pc.replace_substring_regex(column, _AROUND_NEWLINE, "\n")
    column = pc.replace_substring_regex(column, _MANY_NEWLINES, "\n\n")
    return pc.utf8_trim_whitespace(column)


class StatusChangeParser:
    """Finds the old and new status in a status-change body's text."""

    def __init__(self, statuses: Iterable[str] = ()) -> None:
        known = sorted({s for s in statuses if s}, key=len, reverse=True)
        self._canonical = {s.lower(): s for s in known}
        self._known: re.Pattern[str] | None = None
        if known:
            alternatives = "|".join(re.escape(s) for s in known)
            self._known = re.compile(
                _PREFIX + rf"(?P<old>{alternatives})\s+to\s+(?P<new>{alternatives})(?![\w])",
                re.IGNORECASE,
            )

    def parse(self, text: str | None) -> tuple[str | None, str | None]:
        """(from, to) status names, or (None, None) when the wording is not recognised."""
        if not text:
            return None, None
        for pattern in (_QUOTED, self._known):
            match = pattern.search(text) if pattern else None
            if match:
                return self._name(match["old"]), self._name(match["new"])
        return None, None

    def _name(self, found: str) -> str:
        found = found.strip()
        return self._canonical.get(found.lower(), found)
