"""``ticketlake connect autotask`` and ``ticketlake check NAME`` on an Autotask connection, as a
user runs them: the simulated tenant served on 127.0.0.1, the checks run right after saving,
the verdict, the fixes with the real commands, and ``--json``.

The simulator and ticketlake run 1000x faster than real time (``TICKETLAKE_TIME_SCALE``), so a
call's simulated latency costs a fraction of a millisecond.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.pinned import AS_OF, CLOCK_START
from tests.web.live import listening_socket, serving
from ticketlake.catalog import open_catalog
from ticketlake.cli import check as check_cli
from ticketlake.connectors.autotask.checks import CHECK_IDS
from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.sim import autotask as sim
from ticketlake.sim.clock import ScaledClock

SCALE = 1000.0
SECRETS = {"TICKETLAKE_API_SECRET": sim.DEFAULT_SECRET,
           "TICKETLAKE_API_TRACKING_IDENTIFIER": sim.DEFAULT_INTEGRATION_CODE,
           "TICKETLAKE_TIME_SCALE": str(SCALE)}  # fmt: skip


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    """A simulated tenant (``healthy`` unless the test parametrizes another scenario) on
    127.0.0.1; its origin."""
    forget_zones()
    scenario = getattr(request, "param", "healthy")
    clock = ScaledClock(SCALE, start=CLOCK_START)
    config = sim.SimConfig(tickets=120, seed=5, scenario=scenario, as_of=AS_OF,
                           time_scale=SCALE, clock=clock)  # fmt: skip
    with serving(sim.create_app(config), listening_socket()) as origin:
        yield origin


def connect(cli: Any, origin: str, *extra: str) -> Any:
    check_cli.register(cli.root)
    return cli(
        "connect", "autotask", "--name", "northwind", "--api-username", sim.DEFAULT_USERNAME,
        "--discovery-url", f"{origin}/ATServicesRest", "--allow-insecure-localhost", *extra,
        env=SECRETS,
    )  # fmt: skip


def test_connect_saves_then_every_check_passes(cli: Any, served: str) -> None:
    result = connect(cli, served)
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Saved connection northwind (Autotask)." in out
    assert f"PASS Zone found for the API user name - {sim.DEFAULT_USERNAME} is an API user" in out
    assert "PASS Threshold headroom - other integrations used 1,200 of the tenant's" in out
    assert "All checks passed" in out
    assert "not built" not in out
    assert "Not verified" not in out
    with open_catalog() as catalog:
        [stored] = catalog.history.reports("northwind", limit=1)
    assert stored.ok
    assert [c["id"] for c in stored.report["checks"]] == list(CHECK_IDS)


def test_check_json_gives_the_verdict_and_every_named_check(cli: Any, served: str) -> None:
    assert connect(cli, served, "--no-check").exit_code == 0
    result = cli("check", "northwind", "--json", env=SECRETS)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["connection"], body["ok"], body["verdict"]) == ("northwind", True, "passed")
    assert [c["id"] for c in body["checks"]] == list(CHECK_IDS)
    zone = body["checks"][0]
    assert zone["evidence"][0]["path"].startswith("V1.0/zoneInformation?user=")


def test_check_names_the_api_user_and_where_its_zone_is_found(cli: Any, served: str) -> None:
    assert connect(cli, served, "--no-check").exit_code == 0
    result = cli("check", "northwind", env=SECRETS)
    first = result.stdout.splitlines()[0]
    assert first == (
        f"Checking northwind (Autotask API user {sim.DEFAULT_USERNAME}, zone discovered from "
        f"{served}/ATServicesRest)"
    )


@pytest.mark.parametrize("served", ["wrong_tracking_identifier"], indirect=True)
def test_a_failing_check_prints_its_fix_with_the_real_command_and_exits_1(
    cli: Any, served: str
) -> None:
    result = connect(cli, served)
    assert result.exit_code == 1, result.output
    out = " ".join(result.stdout.split())
    assert "FAIL API tracking identifier accepted" in out
    assert "`ticketlake connections edit northwind --secret api_tracking_identifier`" in out
    assert "API user (Creating a new API user), step 5:" in out
    assert "1 check failed" in out
