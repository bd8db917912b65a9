"""Final failures become typed errors that name the endpoint, status and body excerpt."""

from __future__ import annotations

import httpx
import pytest

from ticketlake.errors import AuthError, NotFound, PermissionDenied, RateLimited, SourceError
from ticketlake.transport.failure import error_for_exception, error_for_status

WHERE = {"method": "GET", "endpoint": "api/{appId}/tickets/{id}", "excerpt": '{"Message":"x"}'}


@pytest.mark.parametrize(
    ("status", "options", "kind"),
    [
        (401, {"login": True}, AuthError),
        (403, {"login": True}, AuthError),
        (401, {"refreshed": True}, PermissionDenied),
        (401, {}, AuthError),
        (403, {}, PermissionDenied),
        (404, {}, NotFound),
        (429, {"attempts": 4}, RateLimited),
        (500, {"attempts": 5}, SourceError),
        (400, {}, SourceError),
    ],
)
def test_status_maps_to_its_error_type(
    status: int, options: dict[str, object], kind: type[SourceError]
) -> None:
    error = error_for_status(status, **WHERE, **options)
    assert type(error) is kind
    assert error.status == status


def test_message_names_endpoint_status_and_excerpt() -> None:
    error = error_for_status(404, **WHERE)
    assert str(error) == (
        "the source has no such resource "
        '[GET api/{appId}/tickets/{id} -> HTTP 404: {"Message":"x"}]'
    )


def test_dropped_connection_error_says_how_often_it_was_tried() -> None:
    error = error_for_exception(
        httpx.ReadTimeout("read timed out"),
        method="POST",
        endpoint="api/{appId}/tickets/search",
        detail="read timed out",
        attempts=5,
    )
    assert "timed out 5 times in a row" in str(error)
    assert error.endpoint == "api/{appId}/tickets/search"
