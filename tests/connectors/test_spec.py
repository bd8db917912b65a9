"""The spec model: conditions, choices and the source registry."""

from __future__ import annotations

import pytest

from ticketlake.connectors.spec import (
    SOURCES,
    Choice,
    ConnectionSpec,
    Field,
    Kind,
    spec_for,
    when,
)
from ticketlake.errors import ConfigError


def test_every_source_has_a_spec_named_for_it() -> None:
    assert [spec_for(s).source for s in SOURCES] == ["teamdynamix", "autotask", "teamwork"]


def test_unknown_source_is_a_config_error_naming_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="teamdynamix, autotask, teamwork"):
        spec_for("servicenow")


def test_condition_on_a_later_field_is_refused_when_the_spec_is_built() -> None:
    with pytest.raises(ValueError, match="later field"):
        ConnectionSpec(
            "x",
            "X",
            "guide",
            (Field("a", "A", Kind.TEXT, when=(when("b", "1"),)), Field("b", "B", Kind.TEXT)),
        )


def test_duplicate_field_names_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        ConnectionSpec("x", "X", "g", (Field("a", "A", Kind.TEXT), Field("a", "A", Kind.INT)))


def test_condition_compares_bools_as_true_and_false() -> None:
    cond = when("flag", "true")
    assert cond.holds({"flag": True})
    assert not cond.holds({"flag": False})
    assert not cond.holds({})


def test_condition_describes_itself_for_people() -> None:
    assert when("api_type", "desk").describe() == 'api_type == "desk"'
    assert when("api_type", "projects", "desk").describe() == "api_type in ('projects', 'desk')"


def test_choices_follow_their_own_conditions() -> None:
    f = Field(
        "v",
        "V",
        Kind.CHOICE,
        choices=(Choice("v1", "v1", (when("t", "a"),)), Choice("v2", "v2")),
    )
    assert [c.value for c in f.choices_for({"t": "a"})] == ["v1", "v2"]
    assert [c.value for c in f.choices_for({"t": "b"})] == ["v2"]


def test_every_field_has_help_text_and_every_secret_is_marked_secret() -> None:
    for source in SOURCES:
        spec = spec_for(source)
        assert all(f.help for f in spec.fields), source
        assert {f.name for f in spec.secret_fields} == {
            f.name for f in spec.fields if f.kind is Kind.SECRET
        }


def test_the_address_is_where_credentials_go_or_empty_for_the_sources_own_hosts() -> None:
    tdx, autotask = spec_for("teamdynamix"), spec_for("autotask")
    url = "https://acme.teamdynamix.com/TDWebApi"
    assert tdx.address({"base_url": url, "app_id": 31}) == url
    zone = "https://webservices5.autotask.net/ATServicesRest"
    assert autotask.address({"api_username": "a@example.com", "zone_url": zone}) == zone
    assert autotask.address({"api_username": "a@example.com", "zone_url": ""}) == ""
