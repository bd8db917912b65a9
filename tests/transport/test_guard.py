"""The read-only guard: only declared (method, template) pairs, matched like the router."""

from __future__ import annotations

import re

import pytest

from ticketlake.errors import ReadOnlyViolation
from ticketlake.transport import Endpoint, Guard
from ticketlake.transport.guard import fill_template

TICKET = Endpoint("GET", "api/{appId}/tickets/{id}")
SEARCH = Endpoint("POST", "api/{appId}/tickets/search")
FEED = Endpoint("GET", "api/{appId}/tickets/feed")
LOGIN = Endpoint("POST", "api/auth")
GUARD = Guard([TICKET, SEARCH, FEED, LOGIN])


def test_literal_segments_win_over_placeholders() -> None:
    assert GUARD.resolve("POST", "api/627/tickets/search") is SEARCH
    assert GUARD.resolve("GET", "api/627/tickets/feed") is FEED
    assert GUARD.resolve("GET", "api/627/tickets/5") is TICKET


def test_a_post_to_a_get_only_template_is_refused() -> None:
    with pytest.raises(ReadOnlyViolation):
        GUARD.resolve("POST", "api/627/tickets/5")


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_writes_to_a_declared_path_are_refused(method: str) -> None:
    with pytest.raises(ReadOnlyViolation, match=method):
        GUARD.check(method, "api/{appId}/tickets/{id}", {"appId": 627, "id": 5})


def test_an_undeclared_template_is_refused() -> None:
    with pytest.raises(ReadOnlyViolation, match="allow-list"):
        GUARD.check("POST", "api/{appId}/tickets", {"appId": 627})


def test_check_fills_placeholders_and_ignores_unused_values() -> None:
    endpoint, path = GUARD.check("GET", "api/{appId}/tickets/{id}", {"appId": 627, "id": 9, "x": 1})
    assert (endpoint, path) == (TICKET, "api/627/tickets/9")


def test_check_accepts_a_concrete_path() -> None:
    assert GUARD.check("get", "api/{appId}/tickets/{id}", "/api/627/tickets/9") == (
        TICKET,
        "api/627/tickets/9",
    )


def test_a_value_that_reaches_a_more_specific_endpoint_is_refused() -> None:
    with pytest.raises(ReadOnlyViolation, match=re.escape("reaches GET api/{appId}/tickets/feed")):
        GUARD.check("GET", "api/{appId}/tickets/{id}", {"appId": 627, "id": "feed"})


@pytest.mark.parametrize(
    "path",
    [
        "api/627/tickets/..%2F..%2Fgroups",
        "api/627/tickets/%2e%2e",
        "api/627/tickets/5?delete=true",
        "https://evil.example/api/627/tickets/5",
        "api/627//5",
        "api/627/tickets/5\\x",
    ],
)
def test_ambiguous_paths_are_refused(path: str) -> None:
    with pytest.raises(ReadOnlyViolation):
        GUARD.check("GET", "api/{appId}/tickets/{id}", path)


def test_a_slash_in_a_value_cannot_add_a_segment() -> None:
    assert fill_template("api/{appId}/tickets/{id}", {"appId": 1, "id": "5/x"}) == (
        "api/1/tickets/5%2Fx"
    )
    with pytest.raises(ReadOnlyViolation):
        GUARD.check("GET", "api/{appId}/tickets/{id}", {"appId": 1, "id": "5/x"})


def test_a_missing_placeholder_value_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="appId"):
        GUARD.check("GET", "api/{appId}/tickets/{id}", {"id": 5})


def test_templates_without_placeholders_need_no_path() -> None:
    assert GUARD.check("POST", "api/auth") == (LOGIN, "api/auth")


def test_a_placeholder_may_carry_a_literal_suffix() -> None:
    one = Endpoint("GET", "projects/api/v3/tasks/{id}.json")
    every = Endpoint("GET", "projects/api/v3/tasks.json")
    guard = Guard([one, every])
    assert guard.check("GET", one.template, {"id": 31000001}) == (
        one,
        "projects/api/v3/tasks/31000001.json",
    )
    assert guard.resolve("GET", "projects/api/v3/tasks.json") is every
    with pytest.raises(ReadOnlyViolation):
        guard.resolve("GET", "projects/api/v3/tasks/5.xml")
    with pytest.raises(ReadOnlyViolation):
        guard.resolve("GET", "projects/api/v3/tasks/.json")
