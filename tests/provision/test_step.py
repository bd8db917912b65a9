"""When each write of a plan can go, given each endpoint's documented fixed window."""

from __future__ import annotations

from ticketlake.provision import endpoints as ep
from ticketlake.provision.step import Step, resolve, schedule


def _steps(method: str, template: str, n: int) -> list[Step]:
    return [Step(method, template, "why") for _ in range(n)]


def test_people_writes_go_45_a_minute() -> None:
    at = schedule(_steps("PATCH", ep.PERSON, 46))
    assert at[44] == 0.0
    assert at[45] == 60.0


def test_bulk_calls_go_one_per_120_seconds() -> None:
    assert schedule(_steps("POST", ep.CHANGE_ACCTDEPTS, 3)) == [0.0, 120.0, 240.0]


def test_endpoints_have_windows_of_their_own() -> None:
    steps = [*_steps("POST", ep.CHANGE_ACCTDEPTS, 2), *_steps("PUT", ep.ACTIVE, 1)]
    assert schedule(steps) == [0.0, 120.0, 120.0]


def test_placeholders_resolve_inside_bodies() -> None:
    body = {"UserUIDs": ["<new account>"], "AccountIDs": [1]}
    assert resolve(body, {"<new account>": "u-1"}) == {"UserUIDs": ["u-1"], "AccountIDs": [1]}
