"""Every way seed 002's API-user setup can go wrong, against the simulated tenant: exactly one
check fails (or warns) and its remediation names the step that fixes it; ``healthy`` passes
them all. Each run also proves the checks wrote nothing, leaked no secret, stayed a handful of
calls per endpoint and never suspended the tenant."""

from __future__ import annotations

import pytest

from tests.checks.scenario import FAIL, WARN, Run, only
from ticketlake.checks import CheckStatus
from ticketlake.checks.verdict import Verdict, judge_report
from ticketlake.connectors.autotask.checks import CHECK_IDS
from ticketlake.connectors.autotask.spec import step
from ticketlake.sim import autotask as sim

from .checksim import assert_safe, check_run

# scenario -> (check that fails or warns, its status, the seed-002 step its remediation cites)
EXPECTED: dict[str, tuple[str, CheckStatus, int | None]] = {
    "busy_tenant": ("threshold", WARN, None),
    "wrong_username": ("zone", FAIL, 204),
    "wrong_secret": ("authentication", FAIL, 204),
    "wrong_tracking_identifier": ("tracking-identifier", FAIL, 205),
    "missing_tracking_identifier": ("tracking-identifier", FAIL, 205),
    "inactive_api_user": ("authentication", FAIL, 204),
    "not_api_only": ("authentication", FAIL, 204),
    "no_service_desk": ("service-desk", FAIL, 110),
    "no_timesheet": ("timesheet", FAIL, 112),
    "no_crm": ("crm", FAIL, 108),
    "no_admin": ("admin", FAIL, 113),
    "wrong_zone": ("zone", FAIL, None),
    "over_privileged": ("least-privilege", WARN, 104),
    "write_permissions": ("least-privilege", WARN, 106),
}


def assert_only(run: Run, scenario: str) -> object:
    """The scenario's one failing (or warning) check, with its step; returns that check."""
    check_id, status, number = EXPECTED[scenario]
    found = only(run, check_id, status, step(number) if number is not None else "")
    assert_safe(run)
    return found


def test_every_simulated_scenario_has_a_test() -> None:
    assert set(sim.SCENARIOS) == set(EXPECTED) | {"healthy"}


def test_healthy_passes_every_check() -> None:
    run = check_run("healthy")
    assert [c.id for c in run.report.checks] == list(CHECK_IDS)
    statuses = {c.id: c.status for c in run.report.checks}
    assert statuses == dict.fromkeys(CHECK_IDS, CheckStatus.PASS), [
        (c.id, c.summary) for c in run.report.checks if c.status is not CheckStatus.PASS
    ]
    assert run.report.ok
    assert judge_report(run.report).verdict is Verdict.PASSED
    assert_safe(run)
    assert len(run.tenant.requests) <= 45  # measured 40, the preview's probes included


def test_busy_tenant_warns_on_headroom_with_what_the_others_leave() -> None:
    run = check_run("busy_tenant")
    found = assert_only(run, "busy_tenant")
    assert found.summary == (
        "other integrations used 8,500 of the tenant's 10,000 requests in the last 60 minutes "
        "(85 %): below 90 % of the threshold, which ticketlake never takes the tenant beyond, "
        "they leave it 500 an hour, less than its share of 5,000 an hour (50 %)"
    )
    # The answer judged, then the first sync's plan probes (the impact prices the plan).
    first = found.evidence[0]
    assert (first.method, first.path, first.status) == ("GET", "V1.0/ThresholdInformation", 200)
    assert '"currentTimeframeRequestCount":8502' in first.excerpt  # 8,500 + the 2 ours
    assert {e.path for e in found.evidence[1:]} >= {"V1.0/Tickets/query"}
    assert "API Activity by Hour" in found.remediation
    assert found.impact.startswith("the data will be complete")
    assert run.report.ok  # slower, not broken


def test_healthy_headroom_names_the_others_use_and_the_free_share() -> None:
    found = check_run("healthy").check("threshold")
    assert found.summary == (
        "other integrations used 1,200 of the tenant's 10,000 requests in the last 60 minutes "
        "(12 %): ticketlake's share of 5,000 an hour (50 %) is free"
    )


def test_a_smaller_share_is_the_allowance_the_headroom_is_judged_by() -> None:
    run = check_run("healthy", values={"budget_share": 10}, other_integrations_rph=8_500)
    # 8,500 used leaves 500 below the 90 % ceiling: less than even a 10 % share of 1,000.
    assert run.status("threshold") is WARN
    assert "less than its share of 1,000 an hour (10 %)" in run.check("threshold").summary


def test_wrong_username_fails_the_zone_lookup_and_nothing_is_sent_with_credentials() -> None:
    run = check_run("wrong_username")
    found = assert_only(run, "wrong_username")
    assert found.summary == (
        f'Autotask finds no zone for the user name {sim.DEFAULT_USERNAME} (HTTP 500, "Zone '
        'information could not be determined"): it is not the user name of an API user of '
        "this tenant"
    )
    assert found.evidence[0].path.startswith("V1.0/zoneInformation?user=")
    assert "`ticketlake connections edit msp --set api_username=USER`" in found.remediation
    assert {c.id for c in run.report.checks if c.status is CheckStatus.SKIPPED} == (
        set(CHECK_IDS) - {"zone"}
    )
    assert run.tenant.requests == [] or all(
        "zoneinformation" in r.path.lower() for r in run.tenant.requests
    )


def test_wrong_secret_fails_authentication_naming_every_cause_autotask_answers_alike() -> None:
    found = assert_only(check_run("wrong_secret"), "wrong_secret")
    assert found.summary.startswith("Autotask refused the credentials (HTTP 401")
    assert "the secret is wrong, or the API user is inactive or its security level is not " \
        "API-only" in found.summary  # fmt: skip
    assert "`ticketlake connections edit msp --secret api_secret`" in found.remediation
    assert found.evidence[0].path == "V1.0/ThresholdInformation"
    assert found.evidence[0].status == 401


def test_an_inactive_api_user_is_answered_like_a_wrong_secret_and_the_fix_names_active() -> None:
    # Autotask answers an inactive user with the same 401 as a wrong secret: one message
    # names both, and the fix says where each is set (API user step 3 for Active).
    inactive = assert_only(check_run("inactive_api_user"), "inactive_api_user")
    wrong = check_run("wrong_secret").check("authentication")
    assert (inactive.summary, inactive.remediation) == (wrong.summary, wrong.remediation)
    assert "it must be Active (API user, step 3)" in inactive.remediation


def test_not_api_only_refused_at_login_fails_authentication() -> None:
    found = assert_only(check_run("not_api_only"), "not_api_only")
    assert "copied from API User (system) (API-only) (Security level, step 4)" in (
        found.remediation
    )


def test_not_api_only_served_anyway_fails_the_api_only_check() -> None:
    run = check_run("not_api_only", readings=sim.Readings(not_api_only="allow"))
    assert run.not_passing() == {"api-only": FAIL}
    found = run.check("api-only")
    assert found.summary == (
        f"{sim.DEFAULT_USERNAME} has the security level Technician and a Professional "
        "license: not an API-only user"
    )
    assert found.step == step(104)
    assert run.status("least-privilege") is CheckStatus.SKIPPED  # fix the user first
    assert_safe(run)


def test_a_tracking_identifier_of_a_listed_vendor_fails_and_the_fix_says_custom() -> None:
    run = check_run("wrong_tracking_identifier")
    found = assert_only(run, "wrong_tracking_identifier")
    assert found.summary.startswith("Autotask refused the first authenticated call (HTTP 500, ")
    assert "it does not accept the tracking identifier sent as ApiIntegrationCode" in (
        found.summary
    )
    assert "choose Custom (Internal Integration)" in found.remediation
    assert "`ticketlake connections edit msp --secret api_tracking_identifier`" in (
        found.remediation
    )
    assert run.status("authentication") is CheckStatus.SKIPPED


def test_a_missing_tracking_identifier_fails_the_same_check() -> None:
    found = assert_only(check_run("missing_tracking_identifier"), "missing_tracking_identifier")
    assert "does not accept the tracking identifier" in found.summary


SECTIONS = {
    "no_service_desk": ("Service Desk", "tickets, ticket notes, ticket categories, SLA results, "
                        "ticket deletions and note and time entry deletions"),
    "no_timesheet": ("Timesheet", "time entries"),
    "no_crm": ("CRM", "companies and contacts"),
    "no_admin": ("Admin", "resources, roles and departments"),
}  # fmt: skip


def test_a_section_without_permission_fails_its_area_though_autotask_answers_empty() -> None:
    for scenario, (section, entities) in SECTIONS.items():
        found = assert_only(check_run(scenario), scenario)
        assert found.summary == (
            f"no {entities} visible, and Autotask says the security level may not query them "
            f"(entityInformation: userAccessForQuery None): its {section} section is No "
            "Permission"
        ), scenario
        assert f"in its {section} section let it view" in found.remediation
        assert found.impact


def test_under_the_error_reading_a_section_without_permission_is_a_refusal() -> None:
    run = check_run("no_timesheet", readings=sim.Readings(restricted="error"))
    assert run.not_passing() == {"timesheet": FAIL}
    found = run.check("timesheet")
    assert found.summary.startswith("Autotask refused time entries (HTTP 500, ")
    assert "does not have the adequate permissions" in found.summary
    assert found.step == step(112)


def test_no_admin_cannot_read_the_api_users_level_so_its_checks_are_skipped() -> None:
    run = check_run("no_admin")
    assert run.status("api-only") is CheckStatus.SKIPPED
    assert run.status("least-privilege") is CheckStatus.SKIPPED


def test_a_pinned_zone_that_is_not_the_tenants_fails_the_zone_check() -> None:
    run = check_run("wrong_zone", pin=True)
    found = assert_only(run, "wrong_zone")
    advertised = run.tenant.world.setup.advertised_zone
    assert found.summary == (
        f"the zone pinned (http://127.0.0.1/{advertised}/ATServicesRest/) is not the API "
        "user's: Autotask says its database is in America East 2 "
        "(http://127.0.0.1/webservices5/ATServicesRest/)"
    )
    assert "`ticketlake connections edit msp --set zone_url=`" in found.remediation


def test_the_right_zone_pinned_passes_and_is_looked_up_on_that_zone() -> None:
    run = check_run("healthy", pin=True, values={"discovery_url": ""})
    assert run.not_passing() == {}
    assert run.check("zone").summary.endswith("the zone pinned)")
    lookups = [r.path for r in run.tenant.requests if "zoneinformation" in r.path.lower()]
    assert lookups
    assert all(p.startswith("/webservices5/") for p in lookups)


def test_the_system_level_warns_on_least_privilege_naming_every_entity_it_may_change() -> None:
    found = assert_only(check_run("over_privileged"), "over_privileged")
    assert found.summary == (
        "the API user has the system level API User (system) (API-only), which may read and "
        "change everything; its security level may create and edit resources, roles, "
        "departments, time entries, tickets, ticket notes, ticket categories, companies and "
        "contacts"
    )
    assert "Copy Security Level" in found.remediation
    assert found.impact.startswith("the data is complete; the risk is the account's")


def test_write_permissions_warn_on_least_privilege_with_step_6() -> None:
    found = assert_only(check_run("write_permissions"), "write_permissions")
    assert found.summary == (
        "its security level may create and edit time entries, tickets, ticket notes, ticket "
        "categories, companies and contacts"
    )
    assert "take away every add, edit and delete permission" in found.remediation


READINGS = [
    {"thread_status": 500}, {"threshold_status": 503}, {"restricted": "error"},
    {"wrong_zone": "empty"}, {"next_without_body": "same_query"},
    {"include_without_id": "truncate"}, {"not_api_only": "allow"}, {"empty_filter": "all"},
    {"ticket_history": "any"}, {"missing_item": "null"}, {"or_limit": None},
    {"latency_tiers": ()}, {"call_seconds": 0.0},
]  # fmt: skip


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: next(iter(r)))
def test_healthy_passes_under_every_reading_of_what_the_reference_leaves_open(
    reading: dict[str, object],
) -> None:
    run = check_run("healthy", readings=sim.Readings(**reading))  # type: ignore[arg-type]
    assert run.not_passing() == {}
    assert_safe(run)


@pytest.mark.parametrize("scenario", ["busy_tenant", "no_crm", "write_permissions"])
def test_the_threshold_and_thread_refusal_status_decides_nothing(scenario: str) -> None:
    statuses = sim.Readings(thread_status=500, threshold_status=500)
    assert_only(check_run(scenario, readings=statuses), scenario)


def test_a_tenant_past_the_ceiling_fails_headroom_at_once_and_reads_nothing_else() -> None:
    # Other integrations already use 9,500 of the 10,000: the budget lets no call go until
    # they use less. The checks say so after the one reading the login took, without waiting
    # hours and without spending the tenant's budget on checks that cannot run.
    run = check_run("healthy", other_integrations_rph=9_500)
    assert run.not_passing() == {"threshold": FAIL}
    found = run.check("threshold")
    assert found.summary == (
        "other integrations used 9,500 of the tenant's 10,000 requests in the last 60 minutes "
        "(95 %): past 90 % of the threshold, which ticketlake never takes the tenant beyond, "
        "so it makes no call until they use less"
    )
    assert run.status("authentication") is CheckStatus.PASS  # the reading proved them
    assert run.status("service-desk") is CheckStatus.SKIPPED
    tenant_calls = [r for r in run.tenant.requests if "zoneinformation" not in r.path.lower()]
    assert len(tenant_calls) == 1  # the budget's one reading of ThresholdInformation
    assert run.report.preview["available"] is False
    assert_safe(run)
