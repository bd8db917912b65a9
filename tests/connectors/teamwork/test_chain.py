"""Reading in update order, each page asked afresh from the newest second it held: inclusive
bounds, records read twice dropped, any number of records in one second, resumable state."""

from __future__ import annotations

from typing import Any

from ticketlake.connectors.teamwork.chain import Chain, advance, fresh

T0 = 1_790_000_000


def rec(i: int, second: int) -> dict[str, Any]:
    from datetime import UTC, datetime

    stamp = datetime.fromtimestamp(T0 + second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"id": i, "updatedAt": stamp}


def date(r: dict[str, Any]) -> object:
    return r["updatedAt"]


def read_all(records: list[dict[str, Any]], size: int) -> tuple[list[int], int]:
    """Every record through asks of ``size`` (what the server answers to each chain)."""
    chain, got, asks = Chain(None), [], 0
    while True:
        after = chain.after
        held = sorted(
            (r for r in records if after is None or T0 + _s(r) >= after),
            key=lambda r: (_s(r), r["id"]),
        )
        page = held[(chain.page - 1) * size : chain.page * size]
        more = chain.page * size < len(held)
        asks += 1
        got += [r["id"] for r in fresh(chain, page, date)]
        following = advance(chain, page, date, more)
        if following is None:
            return got, asks
        chain = Chain.of(following.to_json())  # through the cursor, as a resumed sync


def _s(r: dict[str, Any]) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(r["updatedAt"]).timestamp()) - T0


def test_every_record_is_read_once_across_pages() -> None:
    records = [rec(i, i // 3) for i in range(1, 1001)]
    got, asks = read_all(records, 100)
    assert sorted(got) == list(range(1, 1001))
    assert len(got) == len(set(got))
    assert asks <= 11


def test_a_second_holding_more_than_a_page_is_read_by_page_number() -> None:
    records = [rec(i, 5) for i in range(1, 251)] + [rec(i, 6) for i in range(251, 260)]
    got, _ = read_all(records, 100)
    assert sorted(got) == list(range(1, 260))


def test_the_first_pass_after_a_finished_one_starts_an_overlap_below_its_newest() -> None:
    done = Chain(None, newest=float(T0 + 3600)).finished(None)
    assert Chain.of(done).after == T0 + 3600 - 600
