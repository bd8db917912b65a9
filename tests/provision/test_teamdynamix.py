"""``provision teamdynamix`` against the simulated tenant: the plan writes nothing; an apply
fixes every broken-account scenario so every check passes, touches nothing else, stays within
every limit and is audited; a second apply writes nothing; sync and check still cannot write."""

from __future__ import annotations

import asyncio

import pytest

from ticketlake.catalog import Action, open_catalog
from ticketlake.checks import CheckStatus
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS as READ_ONLY
from ticketlake.errors import ConfigError, ReadOnlyViolation
from ticketlake.provision import apply_and_check
from ticketlake.provision.endpoints import ENDPOINTS, WRITES
from ticketlake.provision.target import NEW_ACCOUNT
from ticketlake.sim.teamdynamix import roles
from ticketlake.transport import Guard

from .harness import Bed, bed

BROKEN = ("inactive_account", "not_assigned_to_app", "no_people_access", "no_time_access",
          "partial_visibility", "over_privileged")  # fmt: skip


def _statuses(result: object) -> dict[str, CheckStatus]:
    report = result.report
    assert report is not None
    return {c.id: c.status for c in report.checks if c.status is not CheckStatus.PASS}


def _untouched_but(b: Bed, before: dict[str, object], *uids: str) -> None:
    after = b.people()
    assert set(before) <= set(after)
    changed = [uid for uid, p in before.items() if after[uid] != p]
    assert set(changed) <= set(uids), "only the integration account may change"


def test_healthy_plan_changes_nothing_and_writes_nothing() -> None:
    b = bed()
    p = b.plan()
    assert p.steps == ()
    assert not p.blocked
    assert not p.decisions
    assert any("as the guide asks" in f for f in p.facts)
    assert b.tenant.writes == []


@pytest.mark.parametrize("scenario", BROKEN)
def test_plan_is_a_dry_run(scenario: str) -> None:
    b = bed(scenario)
    p = b.plan()
    assert p.steps, "each broken account needs at least one write"
    assert b.tenant.writes == []
    assert {s.key for s in p.steps} <= WRITES


@pytest.mark.parametrize("scenario", BROKEN)
def test_apply_fixes_the_account_so_every_check_passes(scenario: str) -> None:
    b = bed(scenario)
    people, book = b.people(), b.roles()
    result = b.apply(password=b.password)
    assert _statuses(result) == {}
    assert result.after.steps == (), "re-read after the writes: nothing left to do"
    _untouched_but(b, people, b.tenant.account.uid)
    assert b.roles() == book, "the guide's roles existed: no role edited"
    assert all(r.status != 429 for r in b.tenant.requests)
    sent = [(w.method, w.status) for w in b.tenant.writes]
    assert len(sent) == len(result.before.steps), "the checks wrote nothing"


def test_second_apply_makes_no_call_that_writes() -> None:
    b = bed("over_privileged")
    b.apply(password=b.password)
    writes = len(b.tenant.writes)
    again = b.apply(password=b.password)
    assert again.before.steps == ()
    assert len(b.tenant.writes) == writes
    assert _statuses(again) == {}


def test_over_privileged_keeps_every_application_but_the_unneeded_ones() -> None:
    b = bed("over_privileged")
    b.apply(password=b.password)
    account = b.tenant.account
    assert account.applications == ["TDNext", roles.TD_PEOPLE, roles.TD_TIME]
    assert (b.tenant.config.app_id + 1, "") in account.org_apps, "Client Portal kept"
    assert account.security_role_id == roles.ANALYTICS_ROLE.id


def test_keep_excess_leaves_the_admin_application_and_says_so() -> None:
    p = bed("over_privileged").plan(keep_excess=True)
    ops = [op["path"] for s in p.steps for op in s.body]
    assert "/Applications" not in ops


def test_sso_only_gets_a_new_dedicated_account_and_the_person_is_untouched() -> None:
    b = bed("sso_only")
    people = b.people()
    sso = b.tenant.account
    p = b.plan()
    assert [s.key for s in p.steps] == ["POST api/people"]
    assert p.new_account
    assert p.account_uid == NEW_ACCOUNT
    assert any("cannot set a password" in f for f in p.facts)
    result = b.apply()
    new = b.tenant.world.directory.by_username(b.target.replacement_username)
    assert new is not None
    assert new.type_id == 1
    assert _statuses(result) == {}
    _untouched_but(b, people, new.uid)
    assert people[sso.uid] == b.people()[sso.uid]
    assert result.connection is not None
    assert result.connection.settings["username"] == new.username
    assert b.apply().before.steps == (), "the dedicated account is found the second time"


def test_a_new_account_password_is_generated_and_never_in_the_plan_or_audit() -> None:
    b = bed("sso_only")
    b.apply()
    new = b.tenant.world.directory.by_username(b.target.replacement_username)
    assert new is not None
    password = new.password
    assert password is not None
    assert len(password) >= 20
    with open_catalog() as catalog:
        entries = [e for e in catalog.audit_log() if e.action is Action.PROVISIONED]
        assert len(entries) == 1
        assert "POST api/people -> HTTP 201" in entries[0].detail
        assert all(password not in e.detail for e in catalog.audit_log())
        assert all(b.tenant.config.web_services_key not in e.detail for e in catalog.audit_log())
    assert password not in repr(b.plan())


def test_every_write_is_audited_with_who_ran_it() -> None:
    b = bed("over_privileged")
    b.apply(password=b.password)
    with open_catalog() as catalog:
        entries = [e for e in catalog.audit_log() if e.action is Action.PROVISIONED]
    assert len(entries) == len(b.tenant.writes) == 1
    assert entries[0].actor.startswith("cli:")
    assert "PATCH api/people/" in entries[0].detail
    assert "HTTP 200" in entries[0].detail


def test_the_writes_are_in_the_audit_log_of_the_connection_they_set_up() -> None:
    b = bed("sso_only")  # the connection does not exist while the writes are sent
    b.apply()
    with open_catalog() as catalog:
        entries = catalog.audit_log(b.target.name)
    provisioned = [e for e in entries if e.action is Action.PROVISIONED]
    assert len(provisioned) == len(b.tenant.writes) >= 1
    assert {e.connection for e in provisioned} == {b.target.name}


def test_missing_roles_are_created_with_exactly_the_guides_permissions() -> None:
    b = bed("sso_only")
    del b.tenant.world.roles.by_id[roles.ANALYTICS_ROLE.id]
    del b.tenant.world.roles.by_id[roles.APP_ANALYTICS_ROLE.id]
    p = b.plan()
    assert [s.key for s in p.steps] == ["POST api/securityroles"] * 2 + ["POST api/people"]
    result = b.apply()
    assert _statuses(result) == {}
    made = {r.name: r for r in b.tenant.world.roles.by_id.values()}
    assert made["CIO Analytics Security Role"].permissions == list(roles.READ_PERMISSIONS)
    assert made["CIO Analytics Role"].permissions == []
    assert made["CIO Analytics Role"].app_id == b.tenant.config.app_id


def test_a_role_others_hold_is_never_edited() -> None:
    b = bed()
    role = b.tenant.world.roles.get(roles.ANALYTICS_ROLE.id)
    assert role is not None
    role.permissions.append("Create People")
    b.tenant.world.directory.people[5].security_role_id = role.id  # someone else holds it too
    p = b.plan()
    assert "PUT api/securityroles/{id}" not in [s.key for s in p.steps]
    assert p.decisions
    assert "remove Create People" in p.decisions[0]


def test_a_role_only_the_account_holds_is_edited_back_to_the_guide() -> None:
    b = bed()
    role = b.tenant.world.roles.get(roles.ANALYTICS_ROLE.id)
    assert role is not None
    role.permissions.append("Create People")
    p = b.plan()
    assert [s.key for s in p.steps][:1] == ["PUT api/securityroles/{id}"]
    result = b.apply(password=b.password)
    assert _statuses(result) == {}
    assert role is not b.tenant.world.roles.get(roles.ANALYTICS_ROLE.id)


def test_accts_depts_go_through_one_bulk_call_for_a_full_user() -> None:
    b = bed("sso_only")
    result = b.apply(acct_depts=(4001, 4002))
    bulk = [w for w in b.tenant.writes if w.path.endswith("bulk/changeacctdepts")]
    assert len(bulk) == 1
    assert bulk[0].status == 200
    assert bulk[0].body["ReplaceExistingAccounts"] is False
    new = b.tenant.world.directory.by_username(b.target.replacement_username)
    assert new is not None
    assert {4001, 4002} <= set(new.account_ids)
    assert _statuses(result) == {}


def test_accts_depts_of_a_service_account_are_a_named_manual_step() -> None:
    p = bed().plan(acct_depts=(4001,))
    assert p.steps == ()
    assert "TDAdmin" in p.manual[0]
    assert "full users" in p.manual[0]


def test_wrong_admin_key_stops_before_any_call_that_writes() -> None:
    b = bed("wrong_admin_key")
    with pytest.raises(Exception, match="401"):
        b.plan()
    assert b.tenant.writes == []


def test_read_only_guard_still_refuses_every_provisioning_write() -> None:
    guard = Guard(READ_ONLY)
    for endpoint in ENDPOINTS:
        if endpoint.key in WRITES:
            with pytest.raises(ReadOnlyViolation):
                guard.check(endpoint.method, endpoint.template, {"uid": "u", "id": "i"})


def test_an_app_id_that_is_not_a_ticketing_application_blocks_the_plan() -> None:
    b = bed("wrong_app_id")
    p = b.plan()
    assert p.steps == ()
    assert "not a ticketing application" in p.blocked[0]
    result = b.apply(password=b.password)
    assert result.applied.sent == []
    assert result.report is None
    assert b.tenant.writes == []


def test_nothing_is_sent_when_the_tenant_changed_since_the_plan_was_shown() -> None:
    b = bed("inactive_account")
    shown = b.plan()
    b.tenant.account.is_active = True  # someone fixed it in TDAdmin meanwhile
    b.tenant.account.applications = ["TDPeople"]
    with open_catalog() as catalog, pytest.raises(ConfigError, match="changed since"):
        asyncio.run(
            apply_and_check(b.target, b.key, catalog, b.wiring, password=b.password, approved=shown)
        )
    assert b.tenant.writes == []
