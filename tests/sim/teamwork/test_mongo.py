"""Desk filters: the range a filter puts on ``updatedAt`` taken out of it (so a walk by update
date bisects) selects exactly what the whole filter does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ticketlake.sim.teamwork.mongo import compile_filter, split_range
from ticketlake.sim.teamwork.ordered import whole
from ticketlake.sim.teamwork.wire import parse_time

BASE = parse_time("2026-10-01T00:00:00Z", "t")
ROWS = [(BASE + k * 700, k % 4) for k in range(60)]
"""(updatedAt in ms, priority) per row."""


def _field(name: str) -> Any:
    getters = {"updatedAt": lambda r: whole(ROWS[r][0]), "priority": lambda r: ROWS[r][1]}
    return getters.get(name)


def _kept(spec: Any) -> list[int]:
    test = compile_filter(spec, _field)
    return [r for r in range(len(ROWS)) if test(r)]


def _split_kept(spec: Any) -> list[int]:
    low, high, rest = split_range(spec, "updatedAt")
    test = compile_filter(rest, _field)
    return [r for r in range(len(ROWS)) if (low is None or whole(ROWS[r][0]) >= low)
            and (high is None or whole(ROWS[r][0]) < high) and test(r)]  # fmt: skip


AT, LATER = "2026-10-01T00:00:07Z", "2026-10-01T00:00:30.500Z"
FILTERS = [
    {},
    {"updatedAt": {"$gte": AT}},
    {"updatedAt": {"$gt": AT}},
    {"updatedAt": {"$lt": LATER}},
    {"updatedAt": {"$lte": AT}},
    {"updatedAt": {"$gt": AT, "$lte": LATER}, "priority": 2},
    {"$and": [{"updatedAt": {"$gte": AT}}, {"priority": {"$in": [1, 3]}}]},
    {"$and": [{"updatedAt": {"$gte": AT}}, {"$and": [{"updatedAt": {"$lt": LATER}}]}]},
    {"$or": [{"updatedAt": {"$gte": LATER}}, {"priority": 0}]},
    {"updatedAt": {"$in": [AT]}},
    {"updatedAt": AT},
    {"updatedAt": {"$gte": AT, "$ne": LATER}},
    {"updatedAt": {"$gte": BASE + 7_000.5}},
]


@pytest.mark.parametrize("spec", FILTERS, ids=lambda s: json.dumps(s))
def test_the_range_and_the_rest_keep_what_the_filter_keeps(spec: Any) -> None:
    assert _split_kept(spec) == _kept(spec)


def test_only_plain_ranges_are_taken_out() -> None:
    assert split_range({"$and": [{"updatedAt": {"$gte": AT}}, {"priority": 1}]}, "updatedAt") == (
        parse_time(AT, "t"), None, {"$and": [{"priority": 1}]})  # fmt: skip
    assert split_range({"updatedAt": {"$in": [AT]}}, "updatedAt")[2] == {"updatedAt": {"$in": [AT]}}
    assert split_range({"$or": [{"updatedAt": {"$gte": AT}}]}, "updatedAt")[:2] == (None, None)
