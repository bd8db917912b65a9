"""Worker processes on Redis and Postgres against simulated TeamDynamix tenants on 127.0.0.1:
every tenant's store equals its truth with no 429, a tenant requested five times is synced by
one worker, and workers killed with SIGKILL mid-slice lose nothing (another resumes).

Small tenants at a high time scale, slices short enough that each sync is cut and resumed,
worker processes and a scheduler: the real queue, the real leases, the real shared budgets.
The tests assert what was decided (runs, their order and outcomes) and the data; the time
bounds only guard against a hang, generous for a busy 2-core machine."""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
import redis

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.connectors.fieldcheck import validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import spec_for
from ticketlake.scale.health import backoff
from ticketlake.scale.queue import SliceRequest
from ticketlake.scale.schedules import Schedules
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.worker import queue_for
from ticketlake.store import open_store
from ticketlake.store.postgres import split_url

from ..e2e.simtenant import APP_ID, PASSWORD, USERNAME, Sim, make_sim, served
from ..e2e.truth import differences

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.usefixtures("dramatiq_can_stop")]
SCALE = 1000.0
SLICE_SECONDS = 4.0
"""Long enough that a slice does more than re-plan on a loaded machine (a slice cut short
keeps what it committed: details are flushed 50 at a time), short enough that a sync of a few
hundred tickets is cut and resumed."""
HANG_GUARD = 300.0
LOCAL = NetworkPolicy(allow_insecure_localhost=True)


@dataclass
class Cluster:
    """A catalog and store on one Postgres schema, a Redis, and tenants served on 127.0.0.1."""

    url: str
    redis_url: str
    env: dict[str, str]
    sims: dict[str, Sim]
    catalog: Catalog
    logs: Path
    workers: list[subprocess.Popen[bytes]]

    def start_worker(self, concurrency: int = 2) -> subprocess.Popen[bytes]:
        """A worker process whose log goes to a file: a pipe nobody reads fills up and blocks
        the worker's next log line."""
        cmd = [sys.executable, "-m", "ticketlake.cli.main", "worker",
               "--concurrency", str(concurrency), "--time-scale", str(SCALE)]  # fmt: skip
        with (self.logs / f"worker-{len(self.workers)}.log").open("wb") as log:
            proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.workers.append(proc)
        return proc

    def start_scheduler(self) -> None:
        cmd = [sys.executable, "-m", "ticketlake.cli.main", "scheduler", "--tick", "0.5"]
        with (self.logs / "scheduler.log").open("wb") as log:
            proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.workers.append(proc)

    def stop(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.workers:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def log_tail(self) -> str:
        return "\n".join(p.read_text()[-2000:] for p in sorted(self.logs.glob("*.log")))

    def enqueue(self, *names: str) -> list[str]:
        queue = queue_for(ScaleSettings(redis_url=self.redis_url))
        return [queue.enqueue(SliceRequest(name)) for name in names]

    def wait_done(self, names: list[str], timeout: float = HANG_GUARD) -> None:
        """Poll the catalog until each connection's last slice is done (not a timing test:
        the timeout only bounds a hung run)."""
        deadline = time.monotonic() + timeout
        schedules = Schedules(self.catalog)
        while time.monotonic() < deadline:
            rows = {s.connection: s.last_status for s in schedules.all()}
            if all(rows.get(n) == "done" for n in names):
                return
            for w in self.workers:
                assert w.poll() is None or w.returncode == -signal.SIGKILL, self.log_tail()
            time.sleep(0.2)
        raise AssertionError(f"not done in time: {rows}\n{self.log_tail()}")

    def assert_truth(self, name: str, tmp_path: Path) -> None:
        sim = self.sims[name]
        store = open_store(self.url)
        try:
            found = differences(store, sim.truth(tmp_path / name), name, ZoneInfo("UTC"))
        finally:
            store.close()
        assert {t: d for t, d in found.items() if d} == {}
        assert [r for r in sim.tenant.requests if r.status == 429] == []

    def assert_nothing_doubled(self, name: str) -> None:
        store = open_store(self.url)
        try:
            for table in ("tickets", "ticket_events"):
                sql = f"SELECT count(*), count(DISTINCT id) FROM {table} WHERE connection = $1"
                total, distinct = store.query(sql, [name]).rows[0]
                assert total == distinct, table
        finally:
            store.close()

    def runs(self, name: str) -> list[tuple[str, datetime, datetime | None]]:
        """The connection's runs, oldest first: status, start, end."""
        found = self.catalog.history.runs(name, limit=1000)
        return sorted(((r.status, r.started_at, r.finished_at) for r in found), key=lambda r: r[1])

    def assert_one_at_a_time(self, name: str) -> None:
        spans = [(started, ended) for _, started, ended in self.runs(name)]
        for (_, ended), (started, _) in itertools.pairwise(spans):
            assert ended is not None
            assert ended <= started  # never two runs of one connection at once


@contextmanager
def running_cluster(
    postgres_url: str, redis_url: str, home: Path, tmp_path: Path
) -> Iterator[Cluster]:
    """A cluster on a fresh Postgres schema; its workers are stopped and the schema dropped
    after."""
    schema = f"scale_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_url}{'&' if '?' in postgres_url else '?'}schema={schema}"
    env = os.environ | {
        "TICKETLAKE_DATABASE_URL": url,
        "TICKETLAKE_REDIS_URL": redis_url,
        "TICKETLAKE_SLICE_SECONDS": str(SLICE_SECONDS),
        "TICKETLAKE_HOME": str(home),
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    try:
        with open_catalog(url, actor="test:ops") as catalog:
            cluster = Cluster(url, redis_url, env, {}, catalog, logs, [])
            try:
                yield cluster
            finally:
                cluster.stop()
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def cluster(
    postgres_url: str, ticketlake_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Cluster]:
    """A cluster on a Redis of its own when redis-server is installed: other test processes
    flush the shared test database (queue and marks with it) whenever they start a test."""
    with ExitStack() as stack:
        if shutil.which("redis-server") is not None:
            url = stack.enter_context(own_redis_server()).url
        else:
            url = request.getfixturevalue("redis_url")
            request.getfixturevalue("redis_client")  # flushed
        yield stack.enter_context(running_cluster(postgres_url, url, ticketlake_home, tmp_path))


def add_tenants(
    cluster: Cluster, stack: ExitStack, count: int, tickets: int, *, password: str = PASSWORD
) -> list[str]:
    names = []
    for i in range(count):
        name = f"t{i}"
        sim = make_sim(tickets, seed=40 + i, scale=SCALE)
        base = stack.enter_context(served(sim.app))
        values = {"base_url": base, "app_id": str(APP_ID), "username": USERNAME,
                  "password": password, "timezone": "America/New_York"}  # fmt: skip
        cluster.catalog.create(name, validate(spec_for("teamdynamix"), values, policy=LOCAL))
        cluster.sims[name] = sim
        names.append(name)
    return names


def test_three_workers_sync_every_scheduled_tenant_to_its_truth_without_a_429(
    cluster: Cluster, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        names = add_tenants(cluster, stack, 3, 150)
        schedules = Schedules(cluster.catalog)
        for name in names:
            schedules.set(name, every=3600, cron=None, now=time.time())  # due at once
        for _ in range(3):
            cluster.start_worker()
        cluster.start_scheduler()
        cluster.wait_done(names)
        for name in names:
            cluster.assert_truth(name, tmp_path)
            cluster.assert_nothing_doubled(name)
            cluster.assert_one_at_a_time(name)
            statuses = [status for status, _, _ in cluster.runs(name)]
            # cut at each slice's end and resumed by the next, whichever worker took it
            assert statuses[-1] == "ok"
            assert set(statuses[:-1]) <= {"interrupted"}


def test_a_tenant_requested_five_times_is_synced_once_at_a_time(
    cluster: Cluster, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        (name,) = add_tenants(cluster, stack, 1, 150)
        assert cluster.enqueue(*[name] * 5) == ["queued"] + ["coalesced"] * 4
        for _ in range(3):
            cluster.start_worker()
        cluster.wait_done([name])
        cluster.assert_truth(name, tmp_path)
    cluster.assert_one_at_a_time(name)


def test_workers_sharing_budgets_in_postgres_sync_tenants_to_their_truth_without_a_429(
    cluster: Cluster, tmp_path: Path
) -> None:
    """``TICKETLAKE_BUDGETS=postgres``: the budgets live in the catalog's database, not in
    Redis, and three workers' slices stay within each tenant's limits all the same."""
    cluster.env["TICKETLAKE_BUDGETS"] = "postgres"
    with ExitStack() as stack:
        names = add_tenants(cluster, stack, 2, 150)
        assert cluster.enqueue(*names) == ["queued", "queued"]
        for _ in range(3):
            cluster.start_worker()
        cluster.wait_done(names)
        for name in names:
            cluster.assert_truth(name, tmp_path)
            cluster.assert_nothing_doubled(name)
    conninfo, schema, _ = split_url(cluster.url)
    with psycopg.connect(conninfo) as conn:
        windows = conn.execute(f"SELECT count(*) FROM {schema}.ticketlake_budget_windows")
        assert windows.fetchone() != (0,)  # the tenants' windows were counted there


def test_workers_killed_mid_slice_at_five_points_lose_nothing(
    cluster: Cluster, tmp_path: Path
) -> None:
    """Five workers in turn are SIGKILLed a seeded number of calls into their slice; each
    time the lease is seen gone, the next worker resumes from the committed cursors."""
    points = random.Random(17).sample(range(10, 120), 5)
    with ExitStack() as stack:
        (name,) = add_tenants(cluster, stack, 1, 300)
        requests = cluster.sims[name].tenant.requests
        for point in points:
            victim = cluster.start_worker(concurrency=1)
            assert cluster.enqueue(name) == ["queued"]  # the scheduler's next tick
            begun = len(requests)
            while len(requests) < begun + point:  # mid-slice: mid-page, mid-window
                assert victim.poll() is None, cluster.log_tail()
                time.sleep(0.005)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
        cluster.start_worker()
        assert cluster.enqueue(name) == ["queued"]
        cluster.wait_done([name])
        cluster.assert_truth(name, tmp_path)
        cluster.assert_nothing_doubled(name)
    cluster.assert_one_at_a_time(name)
    statuses = [status for status, _, _ in cluster.runs(name)]
    assert statuses[:5] == ["interrupted"] * 5  # each killed run is seen ended, none left running
    assert statuses[-1] == "ok"


@dataclass
class OwnRedis:
    """A Redis of this test's own, without persistence, that it may kill and start again
    (the machine's Redis is not the test's to restart)."""

    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
               "--save", "", "--appendonly", "no"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        for _ in range(200):  # a hang guard, not a timing
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()


@contextmanager
def own_redis_server() -> Iterator[OwnRedis]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    own = OwnRedis(port)
    own.start()
    try:
        yield own
    finally:
        own.kill()


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server binary: the Redis-restart test needs a Redis it may stop")
    with own_redis_server() as own:
        yield own


def wait_for(found: Callable[[], bool], what: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + HANG_GUARD
    while not found():
        assert time.monotonic() < deadline, f"{what}: not in time\n{cluster.log_tail()}"
        time.sleep(0.05)


def test_workers_recover_from_a_redis_restarted_empty_mid_run(
    postgres_url: str,
    own_redis: OwnRedis,
    ticketlake_home: Path,
    tmp_path: Path,
) -> None:
    """Redis is killed mid-run and started again without its data (queue, marks, budgets):
    the workers wait for it, the budgets open no window before the server's have ended, the
    scheduler queues again what was lost, and every store equals its truth without a 429."""
    with (
        running_cluster(postgres_url, own_redis.url, ticketlake_home, tmp_path) as cluster,
        ExitStack() as stack,
    ):
        names = add_tenants(cluster, stack, 2, 150)
        schedules = Schedules(cluster.catalog)
        for name in names:
            schedules.set(name, every=3600, cron=None, now=time.time())
        for _ in range(2):
            cluster.start_worker()
        cluster.start_scheduler()
        sims = [cluster.sims[n].tenant.requests for n in names]
        wait_for(lambda: sum(map(len, sims)) >= 150, "a run under way", cluster)
        own_redis.kill()
        wait_for(lambda: "unreachable" in cluster.log_tail(), "the outage noticed", cluster)
        own_redis.start()
        cluster.wait_done(names)
        for name in names:
            cluster.assert_truth(name, tmp_path)  # no 429 either
            cluster.assert_nothing_doubled(name)
            cluster.assert_one_at_a_time(name)


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """A webhook on 127.0.0.1 that keeps the alerts POSTed to it."""
    received: list[dict[str, object]] = []

    class Keep(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Keep)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/alert", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_tenant_failing_every_time_alerts_once_without_a_retry_storm(
    cluster: Cluster, webhook: tuple[str, list[dict[str, object]]]
) -> None:
    """Four syncs of a tenant that refuses the password: four runs, one login attempt each
    (no redelivery by the queue), one alert at the third failure, and the schedule retried
    after a doubling backoff rather than at once."""
    url, alerts = webhook
    cluster.env |= {"TICKETLAKE_ALERT_AFTER": "3", "TICKETLAKE_ALERT_WEBHOOK": url}
    with ExitStack() as stack:
        (name,) = add_tenants(cluster, stack, 1, 10, password="wrong")
        schedules = Schedules(cluster.catalog)
        schedules.set(name, every=3600, cron=None, now=time.time())
        cluster.start_worker()
        for failures in range(1, 5):
            assert cluster.enqueue(name) == ["queued"]

            def counted(n: int = failures) -> bool:
                found = schedules.get(name)
                return found is not None and found.failures == n

            wait_for(counted, f"failure {failures}", cluster)
        logins = [r for r in cluster.sims[name].tenant.requests if r.path.endswith("/auth")]
    row = schedules.get(name)
    assert row is not None
    assert (row.last_status, row.failures) == ("failed", 4)
    assert row.last_at is not None
    assert row.next_at == pytest.approx(row.last_at + backoff(4))  # 8 minutes, not at once
    assert [a["failures"] for a in alerts] == [3]
    assert len(cluster.runs(name)) == 4
    assert len(logins) == 4
