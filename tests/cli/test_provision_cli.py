"""``ticketlake provision teamdynamix`` as an administrator runs it: a served simulated tenant,
the admin key from the environment, the plan printed (a dry run writes nothing), ``--apply
--yes`` fixing the account and showing the checks pass, no secret ever printed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.pinned import AS_OF, CLOCK_START
from tests.web.live import listening_socket, serving
from ticketlake.catalog import open_catalog
from ticketlake.cli import provision
from ticketlake.sim import teamdynamix as sim
from ticketlake.sim.clock import ScaledClock

SCALE = 1000.0
ENV = {"TICKETLAKE_ADMIN_BEID": sim.DEFAULT_BEID,
       "TICKETLAKE_ADMIN_WEB_SERVICES_KEY": sim.DEFAULT_WEB_SERVICES_KEY,
       "TICKETLAKE_TIME_SCALE": str(SCALE)}  # fmt: skip


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, Any]]:
    """A simulated tenant in ``request.param``'s scenario on 127.0.0.1: (origin, tenant)."""
    clock = ScaledClock(SCALE, start=CLOCK_START)
    config = sim.SimConfig(tickets=120, seed=5, scenario=request.param, as_of=AS_OF,
                           time_scale=SCALE, clock=clock)  # fmt: skip
    app = sim.create_app(config)
    with serving(app, listening_socket()) as origin:
        yield origin, app.state.tenant


def _provision(cli: Any, origin: str, *extra: str, env: dict[str, str] | None = None) -> Any:
    cli.root.add_typer(provision.app, name="provision")
    return cli(
        "provision", "teamdynamix", "--name", "hvu", "--base-url", f"{origin}/TDWebApi",
        "--app-id", str(sim.DEFAULT_APP_ID), "--username", sim.DEFAULT_USERNAME,
        "--allow-insecure-localhost", *extra, env={**ENV, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("served", ["over_privileged"], indirect=True)
def test_dry_run_prints_the_plan_and_writes_nothing(cli: Any, served: Any) -> None:
    origin, tenant = served
    result = _provision(cli, origin)
    assert result.exit_code == 0, result.output
    assert "PATCH api/people/" in result.stdout
    assert "remove TDAdmin" in result.stdout
    assert "Dry run: nothing was changed" in result.stdout
    assert tenant.writes == []
    with open_catalog() as catalog:
        assert not catalog.exists("hvu")


@pytest.mark.parametrize("served", ["inactive_account"], indirect=True)
def test_apply_fixes_the_account_saves_the_connection_and_the_checks_pass(
    cli: Any, served: Any
) -> None:
    origin, tenant = served
    env = {"TICKETLAKE_PASSWORD": sim.DEFAULT_PASSWORD}
    result = _provision(cli, origin, "--apply", "--yes", env=env)
    assert result.exit_code == 0, result.output
    assert "sent PUT api/people/{uid}/isactive -> HTTP 200" in result.stdout
    assert "nothing left to change" in result.stdout
    assert tenant.account.is_active
    with open_catalog() as catalog:
        assert catalog.get("hvu").settings["username"] == sim.DEFAULT_USERNAME
        assert not catalog.exists("hvu-admin"), "the admin key is not stored unless asked"
    again = _provision(cli, origin, "--apply", "--yes", env=env)
    assert "Nothing to change" in again.stdout
    assert len(tenant.writes) == 1


@pytest.mark.parametrize("served", ["healthy"], indirect=True)
def test_save_admin_stores_the_key_encrypted(cli: Any, served: Any) -> None:
    origin, _ = served
    env = {"TICKETLAKE_PASSWORD": sim.DEFAULT_PASSWORD}
    result = _provision(cli, origin, "--apply", "--yes", "--save-admin", env=env)
    assert result.exit_code == 0, result.output
    with open_catalog() as catalog:
        saved = catalog.get("hvu-admin")
        assert saved.secret_fields == {"beid", "web_services_key"}
