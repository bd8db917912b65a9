"""Feed replies (reference §7.3): answers to a feed entry, listed in its ``Replies``, moving its
LastUpdatedDate; the application-wide feed lists ``ReplyCount`` of them (0-100, default 3)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix.wire import parse_instant

from .conftest import APP, AS_OF, Sim, make_tenant, run_with


def _t(stamp: str) -> int:
    value = parse_instant(stamp, None)  # type: ignore[arg-type]  # always zoned here
    assert value is not None
    return value


def _answered(tenant: Any) -> list[dict[str, Any]]:
    return [e for e in tenant.iter_truth("ticket_feed") if e["RepliesCount"]]


def test_some_comments_are_answered_and_the_answer_dates_the_entry() -> None:
    tenant, _ = make_tenant(300, seed=5)
    feed = list(tenant.iter_truth("ticket_feed"))
    answered = _answered(tenant)
    comments = [e for e in feed if e["UpdateType"] == 1]
    assert 0.03 < len(answered) / len(comments) < 0.2
    assert all(e["UpdateType"] == 1 for e in answered)
    for e in answered:
        replies = e["Replies"]
        assert len(replies) == e["RepliesCount"]
        dates = [_t(r["CreatedDate"]) for r in replies]
        assert dates == sorted(dates)
        assert dates[0] > _t(e["CreatedDate"])
        assert e["LastUpdatedDate"] == replies[-1]["CreatedDate"]
        assert dates[-1] <= _t("2026-11-01T00:00:00Z")  # cut at the data's "now" (AS_OF)
    ids = [r["ID"] for e in answered for r in e["Replies"]]
    assert len(ids) == len(set(ids))
    unanswered = [e for e in feed if not e["RepliesCount"]]
    assert all(e["LastUpdatedDate"] == e["CreatedDate"] for e in unanswered)


def _app_feed(tenant: Any, clock: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    async def go(sim: Sim) -> list[dict[str, Any]]:
        headers = await sim.login()
        entries, query = [], {"ReturnCount": 100, **params}
        while True:
            r = await sim.client.get(f"api/{APP}/tickets/feed", params=query, headers=headers)
            assert r.status_code == 200, r.text
            entries += r.json()["Entries"]
            if r.json()["NextDateTo"] is None:
                return entries
            query["DateTo"] = r.json()["NextDateTo"]
            sim.clock.advance(1.0)

    return run_with(tenant, clock, go)


def test_the_app_feed_lists_reply_count_replies_and_counts_them_all() -> None:
    tenant, clock = make_tenant(300, seed=5)
    truth = {e["ID"]: e for e in _answered(tenant)}
    assert any(e["RepliesCount"] > 1 for e in truth.values())
    by_default = {e["ID"]: e for e in _app_feed(tenant, clock, {}) if e["ID"] in truth}
    none = {e["ID"]: e for e in _app_feed(tenant, clock, {"ReplyCount": 0}) if e["ID"] in truth}
    one = {e["ID"]: e for e in _app_feed(tenant, clock, {"ReplyCount": 1}) if e["ID"] in truth}
    assert set(by_default) == set(none) == set(one) == set(truth)
    for entry_id, e in truth.items():
        assert by_default[entry_id]["Replies"] == e["Replies"][:3]
        assert none[entry_id]["Replies"] == []
        assert none[entry_id]["RepliesCount"] == len(e["Replies"])
        assert one[entry_id]["Replies"] == e["Replies"][:1]


def test_a_later_reply_moves_its_entry_to_the_top_of_the_feed_without_touching_the_ticket() -> None:
    tenant, clock = make_tenant(200, seed=7)
    tickets = {t["ID"]: t["ModifiedDate"] for t in tenant.iter_truth("tickets")}
    before = {e["ID"]: e for e in tenant.iter_truth("ticket_feed")}
    at = AS_OF.timestamp() + 3600
    replied = tenant.reply(3, at=at)
    assert len(set(replied)) == 3
    after = {e["ID"]: e for e in tenant.iter_truth("ticket_feed")}
    changed = [e for k, e in after.items() if e != before[k]]
    assert sorted(e["ItemID"] for e in changed) == sorted(replied)
    for e in changed:
        assert e["RepliesCount"] == before[e["ID"]]["RepliesCount"] + 1
        assert e["LastUpdatedDate"] == e["Replies"][-1]["CreatedDate"]
        assert _t(e["LastUpdatedDate"]) >= _t("2026-11-01T01:00:00Z")  # at
    assert {t["ID"]: t["ModifiedDate"] for t in tenant.iter_truth("tickets")} == tickets
    since = {"DateFrom": "2026-11-01T00:59:59Z"}  # just before the replies: only they are newer
    newest = _app_feed(tenant, clock, since)
    assert sorted(e["ID"] for e in newest) == sorted(e["ID"] for e in changed)
    everything = _app_feed(tenant, clock, {})
    assert sorted(e["ID"] for e in everything) == sorted(after)  # each entry once, not twice
