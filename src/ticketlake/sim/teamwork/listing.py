"""Pages of a list: v3's ``page`` (1-based) and ``pageSize`` with ``meta.page``, the 50,000
records a request may reach (B3), ``include=`` sideloads keyed by type then ID, and sparse
``fields[type]=`` (B4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.config import RECORD_CAP

Record = dict[str, Any]
V3_DEFAULT, V3_MAX = 50, 500


def page_args(call: Call, default: int, most: int) -> tuple[int, int]:
    """(page, pageSize): page 0 or less reads as the first; a size over ``most`` is clamped
    (our reading: the documented maximum, no error)."""
    page = max(1, call.number("page", 1))
    size = call.number("pageSize", default)
    return page, default if size < 1 else min(size, most)


def window(rows: Sequence[int], page: int, size: int) -> tuple[Sequence[int], bool]:
    """The page's rows and whether more follow, within the first 50,000 records."""
    reach = rows[:RECORD_CAP]
    start = (page - 1) * size
    return reach[start : start + size], start + size < len(reach)


def sparse(record: Record, fields: set[str] | None) -> Record:
    """Only the asked fields (``id`` always)."""
    if not fields:
        return record
    return {k: v for k, v in record.items() if k in fields or k == "id"}


def fields_of(call: Call, kind: str) -> set[str] | None:
    """``fields[kind]=a,b`` as a set (None: every field)."""
    text = call.param(f"fields[{kind}]")
    return {f.strip() for f in text.split(",") if f.strip()} if text else None


def v3_list(call: Call, key: str, rows: Sequence[int], render: Callable[[int], Record],
            sideload: Callable[[list[Record], set[str]], dict[str, dict[str, Record]]]
            | None = None) -> Record:  # fmt: skip
    """A v3 list answer: ``{key: [...], meta: {page: {...}}, included: {...}}``."""
    page, size = page_args(call, V3_DEFAULT, V3_MAX)
    chosen, more = window(rows, page, size)
    records = [render(r) for r in chosen]
    skip = call.flag("skipCounts")
    count = (page * size + 1 if more else (page - 1) * size + len(records)) if skip else len(rows)
    body: Record = {key: [sparse(r, fields_of(call, key)) for r in records],
                    "meta": {"page": {"pageOffset": page - 1, "pageSize": size,
                                      "count": count, "hasMore": more}}}  # fmt: skip
    asked = {s.strip() for s in (call.param("include") or "").split(",") if s.strip()}
    included = sideload(records, asked) if sideload and asked else {}
    body["included"] = {kind: {i: sparse(r, fields_of(call, kind)) for i, r in items.items()}
                        for kind, items in included.items()}  # fmt: skip
    return body
