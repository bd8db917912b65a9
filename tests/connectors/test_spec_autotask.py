"""The Autotask spec: the API user's credentials and an optional zone override."""

from __future__ import annotations

import pytest

from ticketlake.connectors.autotask.spec import SPEC
from ticketlake.connectors.fieldcheck import validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.errors import ValidationError
from ticketlake.secret import Secret

POLICY = NetworkPolicy(resolver=lambda host, port: ["93.184.216.34"])


def good(**over: str) -> dict[str, object]:
    values: dict[str, object] = {
        "api_username": "abc123@example.com",
        "api_secret": "s3cret",
        "api_tracking_identifier": "TRACK1234567890ABCDEFGHIJKL",
    }
    values.update(over)
    return values


def test_credentials_are_secrets_and_the_zone_is_discovered_by_default() -> None:
    sub = validate(SPEC, good(), policy=POLICY)
    assert sub.settings == {"api_username": "abc123@example.com", "budget_share": 50}
    assert sub.secrets == {
        "api_secret": Secret("s3cret"),
        "api_tracking_identifier": Secret("TRACK1234567890ABCDEFGHIJKL"),
    }


def test_zone_override_is_normalized() -> None:
    url = "https://webservices5.autotask.net/ATServicesRest/"
    sub = validate(SPEC, good(zone_url=url), policy=POLICY)
    assert sub.settings["zone_url"] == "https://webservices5.autotask.net/ATServicesRest"


def test_zone_override_must_be_the_rest_root() -> None:
    with pytest.raises(ValidationError) as info:
        validate(SPEC, good(zone_url="https://webservices5.autotask.net/"), policy=POLICY)
    assert info.value.errors == {"zone_url": "must end with /ATServicesRest"}


def test_user_name_must_look_like_the_api_users_email() -> None:
    with pytest.raises(ValidationError) as info:
        validate(SPEC, good(api_username="apiuser"), policy=POLICY)
    assert info.value.errors == {
        "api_username": "must look like an e-mail address (name@example.com)"
    }


def test_fields_cite_the_seed_002_step_their_value_comes_from() -> None:
    assert SPEC.field("api_username").step == (
        "API user (Creating a new API user), step 4: Generate the user name and the secret "
        "(password) and keep both: ticketlake needs them"
    )
    tracking = SPEC.field("api_tracking_identifier")
    assert tracking.step.startswith("API user (Creating a new API user), step 5: Under API ")
    assert "Custom (Internal Integration)" in tracking.step
    assert "Custom (Internal Integration)" in tracking.help
