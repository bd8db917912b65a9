"""Source date strings, parsed a column at a time into UTC instants or calendar dates.

Every ISO form the sources send is read: ``Z`` and ``±hh:mm`` offsets, zone-less values
(TeamDynamix time entries' system dates, in the tenant's time zone; reference §7.5), 0-7
fractional digits (.NET ticks: TeamDynamix and Autotask are .NET), ``null``, ``""`` and the
``0001-01-01T0X:00:00Z`` "no date" sentinels (.NET's ``DateTime.MinValue``, TDX reference §0).
Arrow's ISO-8601 cast does the parsing in C++; this module only prepares the column for it:
sentinels and blanks become null, digits past microseconds are dropped, zone-less values are
localised in the zone given (an ambiguous wall time takes its first occurrence, a time inside
a DST gap the first instant after it). A column Arrow cannot cast (garbage from the source) is
parsed value by value, and what still does not parse becomes null (``raw`` keeps the original
text).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo

import pyarrow as pa
import pyarrow.compute as pc

INSTANT = pa.timestamp("us", tz="UTC")
NAIVE = pa.timestamp("us")
_ZONED = r"(?:[Zz]|[+-]\d\d:?\d\d)$"
_EXTRA_DIGITS = r"(\.\d{6})\d+"
_SENTINEL_PREFIX = "0001-01-01"


def timestamps(values: Sequence[object] | pa.Array, tz: tzinfo) -> pa.Array:
    """UTC instants (``timestamp[us, UTC]``) of ISO date strings; zone-less ones are in ``tz``."""
    text = _cleaned(values)
    if text.null_count == len(text):
        return pa.nulls(len(text), INSTANT)
    if pc.any(pc.match_substring_regex(text, r"\.\d{7}")).as_py():
        text = pc.replace_substring_regex(text, _EXTRA_DIGITS, r"\1")
    zoned = pc.match_substring_regex(text, _ZONED)
    try:
        if pc.all(pc.fill_null(zoned, True)).as_py():
            return pc.cast(text, INSTANT)
        return _mixed(text, zoned, tz)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([_one_instant(v, tz) for v in text.to_pylist()], INSTANT)


def dates(values: Sequence[object] | pa.Array) -> pa.Array:
    """Calendar dates (``date32``) of ISO date strings: ``2026-04-06T00:00:00Z`` is 6 April.

    Date-only fields (TDX ``TimeDate``; Autotask's, reference A10) carry midnight
    and a ``Z`` that does not mean UTC; the calendar date is the text's date part, never
    shifted by a zone.
    """
    text = _cleaned(values)
    day = pc.utf8_slice_codeunits(text, 0, 10)
    try:
        return pc.cast(day, pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([_one_date(v) for v in day.to_pylist()], pa.date32())


def _cleaned(values: Sequence[object] | pa.Array) -> pa.Array:
    """The values as strings, with nulls for null, "", non-strings and the sentinels."""
    try:
        text = (
            values.cast(pa.string())
            if isinstance(values, pa.Array)
            else pa.array(values, pa.string())
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        text = pa.array([v if isinstance(v, str) else None for v in values], pa.string())
    blank = pc.or_kleene(pc.equal(text, ""), pc.starts_with(text, _SENTINEL_PREFIX))
    if pc.any(blank).as_py():
        text = pc.if_else(blank, pa.scalar(None, pa.string()), text)
    return text


def _mixed(text: pa.Array, zoned: pa.Array, tz: tzinfo) -> pa.Array:
    """Zoned and zone-less values in one column: cast each kind, then pick per row."""
    null_text = pa.scalar(None, pa.string())
    with_zone = pc.cast(pc.if_else(zoned, text, null_text), INSTANT)
    local = pc.cast(pc.if_else(zoned, null_text, text), NAIVE)
    key = _zone_name(tz)
    if key is None:
        localised = pa.array([_localise(v, tz) for v in local.to_pylist()], INSTANT)
    else:
        localised = pc.cast(
            pc.assume_timezone(local, timezone=key, ambiguous="earliest", nonexistent="latest"),
            INSTANT,
        )
    return pc.if_else(pc.fill_null(zoned, False), with_zone, localised)


def _zone_name(tz: tzinfo) -> str | None:
    """An IANA name Arrow can use for ``tz``, or ``None`` (then Python localises)."""
    if tz is UTC:
        return "UTC"
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else None


def _localise(value: datetime | None, tz: tzinfo) -> datetime | None:
    return None if value is None else value.replace(tzinfo=tz).astimezone(UTC)


def _one_instant(value: str | None, tz: tzinfo) -> datetime | None:
    """One value the column cast refused: parse it alone, or give up on it (null)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def _one_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
