"""Every way the setup can go wrong, against the simulated tenant: exactly one check fails (or
warns) and its remediation names the guide step that fixes it; ``healthy`` passes them all.

In-process (``httpx.ASGITransport``), one fake clock shared by the transport and the simulator
(no sleeps), small tenants. Each run also proves the checks wrote nothing, leaked no secret and
stayed a handful of calls per endpoint.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

from tests.checks.scenario import FAIL, WARN, only
from tests.checks.scenario import Run as ScenarioRun
from ticketlake.checks import CheckOptions, CheckStatus
from ticketlake.checks.verdict import Verdict, judge_report
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamdynamix.checks import CHECK_IDS, run_settings
from ticketlake.connectors.teamdynamix.spec import step
from ticketlake.secret import Secret
from ticketlake.sim import teamdynamix as sim
from ticketlake.transport import FakeClock

AS_OF = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
TICKETS = 150
MAX_CALLS_PER_ENDPOINT = 7
"""One ticket read, five probes between visible ids, one retry after a refusal."""


@dataclass
class Run(ScenarioRun):
    """One check run against one simulated tenant, and the secrets it must not show."""

    secrets: tuple[str, ...] = ()


def check_run(
    scenario: str,
    *,
    mode: str = "password",
    http: Any = None,
    values: dict[str, Any] | None = None,
    **options: Any,
) -> Run:
    clock = FakeClock(AS_OF.timestamp() + 3600)
    config = sim.SimConfig(tickets=TICKETS, seed=11, scenario=scenario, clock=clock, as_of=AS_OF)
    app = sim.create_app(config)
    fields: dict[str, Any] = {"base_url": "http://127.0.0.1/TDWebApi", "app_id": 627}
    if mode == "password":
        fields |= {"auth_mode": "password", "username": config.username}
        secrets = {"password": Secret(config.password)}
    else:
        fields |= {"auth_mode": "admin"}
        secrets = {"beid": Secret(config.beid), "web_services_key": Secret(config.web_services_key)}
    conn = ConnectionSettings("sim", "teamdynamix", fields | (values or {}), secrets)
    transport = http(app) if http else httpx.ASGITransport(app=app)
    opts = CheckOptions(http_transport=transport, clock=clock, **options)
    report = asyncio.run(run_settings(conn, opts, lambda result: None))
    return Run(report, app.state.tenant, (config.password, config.beid, config.web_services_key))


def assert_safe(run: Run) -> None:
    """Nothing written, no secret in the report, a handful of calls per endpoint."""
    assert run.tenant.writes == []
    text = json.dumps(run.report.to_dict())
    for secret in run.secrets:
        assert secret not in text
    assert "eyJ" not in text  # no JWT (tokens start with a base64 '{"')
    per_endpoint = Counter(
        (r.method, re.sub(r"/\d+(?=/|$)", "/{n}", r.path)) for r in run.tenant.requests
    )
    assert max(per_endpoint.values()) <= MAX_CALLS_PER_ENDPOINT, per_endpoint.most_common(3)


# scenario -> (check that fails or warns, its status, the guide step its remediation cites)
EXPECTED: dict[str, tuple[str, CheckStatus, int]] = {
    "throttled": ("rate-limits", WARN, 6),
    "wrong_password": ("auth", FAIL, 5),
    "sso_only": ("auth", FAIL, 5),
    "inactive_account": ("auth", FAIL, 3),
    "not_assigned_to_app": ("app-assignment", FAIL, 4),
    "wrong_app_id": ("application", FAIL, 6),
    "partial_visibility": ("visibility", WARN, 2),
    "no_time_access": ("time-entries", FAIL, 3),
    "no_people_access": ("people", FAIL, 3),
    "feed_not_visible": ("ticket-feed", FAIL, 6),
    "wrong_admin_key": ("auth", FAIL, 5),
    "over_privileged": ("least-privilege", WARN, 2),
}
ADMIN_SCENARIOS = {"wrong_admin_key"}


def assert_only(run: Run, scenario: str) -> Any:
    """The scenario's one failing (or warning) check, with its step; returns that check."""
    check_id, status, number = EXPECTED[scenario]
    found = only(run, check_id, status, step(number))
    assert_safe(run)
    return found


def test_every_simulated_scenario_has_a_test() -> None:
    assert set(sim.SCENARIOS) == set(EXPECTED) | {"healthy"}


def test_healthy_passes_every_check() -> None:
    run = check_run("healthy")
    assert [c.id for c in run.report.checks] == list(CHECK_IDS)
    assert {c.id: c.status for c in run.report.checks} == dict.fromkeys(CHECK_IDS, CheckStatus.PASS)
    assert run.report.ok
    assert judge_report(run.report).verdict is Verdict.PASSED
    assert_safe(run)


def test_throttled_warns_that_the_tenant_announces_lower_limits() -> None:
    run = check_run("throttled")
    found = assert_only(run, "throttled")
    # The endpoint a backfill leans on most is named first; every lowered one is evidence.
    assert "e.g. GET api/{appId}/tickets/{id} 20 (documented 60)" in found.summary
    announced = {(e.path, e.excerpt) for e in found.evidence}
    assert ("api/{appId}/tickets/search", "X-RateLimit-Limit: 10 (documented 30)") in announced
    assert run.report.ok  # slower, not broken
    # The ETA is priced at the announced 20 reads per minute, not the documented 60.
    assert run.report.preview["eta"]["floor_seconds"] == (math.ceil(TICKETS / 20) - 1) * 60


LOGIN_REFUSED = (
    "login refused (HTTP 401): the user name or password is wrong, or the account signs in "
    "through single sign-on only and has no TeamDynamix password (TeamDynamix answers both "
    "alike)"
)


def test_wrong_password_fails_authentication() -> None:
    found = assert_only(check_run("wrong_password"), "wrong_password")
    assert found.evidence[0].path == "api/auth"
    assert found.evidence[0].status == 401
    assert found.summary == LOGIN_REFUSED
    assert "`ticketlake connections edit sim --secret password`" in found.remediation


def test_sso_only_fails_authentication_and_names_the_sso_cause() -> None:
    # Reference §1: an SSO-only account has no TeamDynamix password, and the login answers it
    # exactly like a wrong password (401, same message). No call can tell them apart without a
    # token, so one message names both causes and how to tell which.
    sso = assert_only(check_run("sso_only"), "sso_only")
    wrong = check_run("wrong_password").check("auth")
    assert (sso.summary, sso.remediation) == (wrong.summary, wrong.remediation)
    assert sso.summary == LOGIN_REFUSED
    assert "To tell which: in TDAdmin, Users and Roles, Users, open the account" in sso.remediation
    assert "Step 3" in sso.remediation


def test_inactive_account_fails_authentication_with_step_3() -> None:
    found = assert_only(check_run("inactive_account"), "inactive_account")
    assert "inactive" in found.summary
    assert "Active" in found.remediation


def test_not_assigned_to_app_fails_the_assignment_check() -> None:
    run = check_run("not_assigned_to_app")
    found = assert_only(run, "not_assigned_to_app")
    assert "IT Tickets" in found.remediation
    assert run.status("ticket-search") is CheckStatus.SKIPPED


def test_wrong_app_id_fails_the_application_check() -> None:
    found = assert_only(check_run("wrong_app_id"), "wrong_app_id")
    assert "Assets/CI" in found.summary
    assert "630 IT Tickets" in found.summary  # where the ticketing application really is


def test_partial_visibility_warns_on_the_accts_depts_check() -> None:
    run = check_run("partial_visibility")
    found = assert_only(run, "partial_visibility")
    assert "lacks View All Accts/Depts" in found.summary
    assert found.impact.startswith(
        "the sync will store only the 49 tickets the account sees; tickets of the Accts/Depts "
        "it cannot see, and their comments, will be missing"
    )
    assert run.report.ok  # a sync may run ...
    assert judge_report(run.report).verdict is Verdict.WARNED  # ... but it is not a pass


def test_no_time_access_fails_time_entries_when_in_scope() -> None:
    found = assert_only(check_run("no_time_access"), "no_time_access")
    assert "TDTimeExpense" in found.remediation


def test_no_time_access_only_warns_when_time_is_out_of_scope() -> None:
    run = check_run("no_time_access", values={"time_entries": False})
    assert run.status("time-entries") is WARN
    assert run.report.ok


def test_no_people_access_fails_people_and_the_fix_matches_the_cause() -> None:
    # TeamDynamix says the account lacks the TDPeople application: the fix is that
    # application on the account's Applications tab, not a security-role permission.
    run = check_run("no_people_access")
    found = assert_only(run, "no_people_access")
    assert found.summary == (
        "people/search refused (HTTP 401): the account does not have the TDPeople (People) "
        "application"
    )
    assert "on its Applications tab check People (TDPeople)" in found.remediation
    assert "permission" not in found.remediation
    assert found.impact == (
        "requesters and technicians will be stored as ids, without names or e-mail"
    )
    assert run.status("groups") is CheckStatus.SKIPPED


def test_feed_not_visible_fails_the_ticket_feed_and_quotes_the_refusal() -> None:
    run = check_run("feed_not_visible")
    found = assert_only(run, "feed_not_visible")
    ticket = run.check("ticket-read").summary.split()[1]
    assert found.summary == (
        f"ticket {ticket} can be read but its feed is refused (HTTP 401): TeamDynamix says "
        '"You do not have permission to view the feed of this ticket."'
    )
    assert "open the account's IT Tickets role (Step 1)" in found.remediation
    assert found.remediation.endswith("Then run `ticketlake check sim`.")
    # No ticket feed to compare with: no verdict, so the sync neither trusts nor distrusts
    # the bulk feed on the checks' word.
    assert run.report.preview["feed"] == {"bulk": None, "mode": "not verified"}


def test_wrong_admin_key_fails_authentication() -> None:
    found = assert_only(check_run("wrong_admin_key", mode="admin"), "wrong_admin_key")
    assert found.evidence[0].path == "api/auth/loginadmin"
    assert "WebServicesKey" in found.remediation


def test_over_privileged_warns_on_least_privilege_naming_every_permission() -> None:
    found = assert_only(check_run("over_privileged"), "over_privileged")
    # Every write permission the Administrator role holds, none cut short.
    assert (
        "role Administrator may write or administer: remove Create People, Edit People, "
        "Manage Groups, Add/Edit Accts/Depts, Import People, Manage Security Roles, "
        "Add BE Administrators;" in found.summary
    )
    assert "…" not in found.summary
    assert "administrator of IT Tickets" in found.summary
    assert "TDAdmin" in found.summary
