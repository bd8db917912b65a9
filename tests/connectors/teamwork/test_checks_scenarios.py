"""Every scenario of the simulated site, filled in as its customer filled the form: healthy
passes every check; each other one fails (or, for partial data, warns) exactly one check,
citing the seed-003 setting that fixes it. OAuth 2.0 forms are authorized first, as "Save and
authorize" does (the launchpad asked, the customer signs in and Accepts, the code exchanged)."""

from __future__ import annotations

import pytest

from ticketlake.checks import CheckStatus
from ticketlake.connectors.teamwork.checks import guide as g

from .checking import checked
from .launchpad import REDIRECT

EXPECTED = {
    "wrong_site_name": ("sign-in", CheckStatus.FAIL, g.SITE_NAME),
    "wrong_region": ("sign-in", CheckStatus.FAIL, g.REGION),
    "wrong_api_key": ("sign-in", CheckStatus.FAIL, g.SITE_NAME),
    "restricted_user": ("permissions", CheckStatus.WARN, g.KEY_STEPS),
    "wrong_client_secret": ("authorization", CheckStatus.FAIL, g.CLIENT_SECRET_STEP),
    "redirect_uri_mismatch": ("authorization", CheckStatus.FAIL, g.REDIRECT_STEP),
    "expired_code": ("authorization", CheckStatus.FAIL, g.ACCEPT),
    "desk_not_enabled": ("api-type", CheckStatus.FAIL, g.API_TYPE),
    "wrong_api_version": ("api-version", CheckStatus.FAIL, g.API_VERSION),
    "wrong_space_id": ("api-version", CheckStatus.FAIL, g.SPACE_ID),
}


def test_the_healthy_site_passes_every_check() -> None:
    report = checked("healthy")
    assert [(c.id, c.status) for c in report.checks] == [
        (c, CheckStatus.PASS) for c in ("sign-in", "api-type", "api-version", "permissions")
    ]


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_each_scenario_fails_exactly_its_check_citing_its_setting(scenario: str) -> None:
    report = checked(scenario)
    check, status, step = EXPECTED[scenario]
    wrong = [c for c in report.checks if c.status in (CheckStatus.FAIL, CheckStatus.WARN)]
    assert [(c.id, c.status) for c in wrong] == [(check, status)], report.checks
    assert wrong[0].step == g.GUIDE.cite(step)
    assert "ticketlake" in wrong[0].remediation or "Teamwork" in wrong[0].remediation
    assert "{connection}" not in wrong[0].remediation


def test_the_region_is_told_apart_and_named() -> None:
    sign_in = checked("wrong_region").checks[0]
    assert "EU region" in sign_in.summary
    assert "--set region=eu" in sign_in.remediation


def test_a_redirect_mismatch_shows_the_exact_url_to_register() -> None:
    authorization = checked("redirect_uri_mismatch").checks[0]
    assert REDIRECT in authorization.remediation


def test_an_api_version_that_cannot_read_says_which_to_choose() -> None:
    version = next(c for c in checked("wrong_api_version").checks if c.id == "api-version")
    assert "choose v3" in version.summary
    assert "--set api_version=v3" in version.remediation
