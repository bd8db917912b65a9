"""What the checks say a connection extracts is what a sync does: Projects through v3 (v1 read
through v3, warned; v2 refused by both), Spaces verified but not extracted (the checks say so,
the sync refuses saying the same), Spaces signing in with OAuth 2.0 only."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.e2e.twsim import SITE, make_tw_sim
from ticketlake.checks import CheckStatus
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamwork import coverage
from ticketlake.connectors.teamwork.checks import guide as g
from ticketlake.connectors.teamwork.settings import SPACES_OAUTH, TeamworkSettings
from ticketlake.errors import ConfigError
from ticketlake.secret import Secret
from ticketlake.sim.teamwork import DEFAULT_API_KEY
from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import ScaledClock

from .checking import checked


def _connection(**values: str) -> ConnectionSettings:
    base = {"api_type": "projects", "api_version": "v3", "region": "us", "site_name": "acme",
            "auth_type": "basic", "site_url": SITE} | values  # fmt: skip
    return ConnectionSettings("tw", "teamwork", base, {"api_key": Secret(DEFAULT_API_KEY)})


def _sync(conn: ConnectionSettings) -> SyncSummary:
    sim = make_tw_sim(40, 10)
    store = open_store("duckdb:///:memory:")

    async def go() -> SyncSummary:
        clock = ScaledClock(sim.scale, start=sim.start)
        transport = httpx.ASGITransport(app=sim.app)
        return await run_sync(conn, store, clock=clock, http_transport=transport)

    try:
        return asyncio.run(go())
    finally:
        store.close()


def _check(report: Any, check: str) -> Any:
    return next(c for c in report.checks if c.id == check)


def test_projects_v2_is_refused_by_the_checks_and_the_sync_alike() -> None:
    version = _check(checked("wrong_api_version"), "api-version")
    assert version.status is CheckStatus.FAIL
    assert coverage.V2 in version.summary
    with pytest.raises(ConfigError) as refused:
        _sync(_connection(api_version="v2"))
    assert coverage.V2 in refused.value.message
    assert refused.value.fix == version.remediation.replace("{connection}", "tw")


def test_projects_v1_is_warned_and_read_through_v3() -> None:
    version = _check(checked("healthy", api_version="v1"), "api-version")
    assert (version.status, version.summary) == (CheckStatus.WARN, coverage.V1)
    assert version.impact == coverage.V1_IMPACT
    summary = _sync(_connection(api_version="v1"))
    assert summary.ok, summary.error
    assert summary.rows["tickets"] == 40
    called = [key.split()[1] for key, stats in summary.endpoints.items() if stats["calls"]]
    assert called
    assert all(path.startswith("projects/api/v3/") for path in called)


def test_a_spaces_connection_is_said_to_be_verified_and_its_sync_refused() -> None:
    report = checked("healthy", api_type="spaces", api_version="v2", auth_type="oauth2")
    assert report.ok
    assert coverage.SPACES in _check(report, "api-type").summary
    assert report.preview["reason"] == coverage.SPACES
    conn = _connection(api_type="spaces", api_version="v2", space_id="7001", auth_type="oauth2")
    conn = ConnectionSettings(conn.name, conn.source, conn.values,
                              {"access_token": Secret(DEFAULT_API_KEY)})  # fmt: skip
    with pytest.raises(ConfigError) as refused:
        _sync(conn)
    assert coverage.SPACES in refused.value.message
    assert "--api-type desk" in (refused.value.fix or "")


def test_spaces_signs_in_with_oauth_only() -> None:
    conn = _connection(api_type="spaces", api_version="v2", space_id="7001")
    with pytest.raises(ConfigError) as refused:
        TeamworkSettings.from_connection(conn)
    assert refused.value.message == SPACES_OAUTH
    sign_in = _check(checked("healthy", api_type="spaces", api_version="v2"), "sign-in")
    assert (sign_in.status, sign_in.summary) == (CheckStatus.FAIL, SPACES_OAUTH)
    assert sign_in.step == g.GUIDE.cite(g.AUTH_TYPE)
    assert "--set auth_type=oauth2" in sign_in.remediation
