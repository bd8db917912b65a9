"""Check reports and sync runs of a connection, with their audit entries."""

from __future__ import annotations

from ticketlake.catalog import Action, Catalog

from .samples import tdx_submission


def test_reports_come_back_newest_first_and_feed_the_list(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    catalog.history.save_report("acme", {"checks": [{"id": "auth", "status": "fail"}]}, ok=False)
    catalog.history.save_report("acme", {"checks": [{"id": "auth", "status": "pass"}]}, ok=True)
    reports = catalog.history.reports("acme")
    assert [r.ok for r in reports] == [True, False]
    assert reports[0].report == {"checks": [{"id": "auth", "status": "pass"}]}
    assert catalog.summaries()[0].last_check_ok is True


def test_saving_a_report_is_audited_as_tested(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    catalog.history.save_report("acme", {}, ok=False, actor="test:checker")
    entry = catalog.audit_log("acme")[0]
    assert (entry.action, entry.actor, entry.detail) == (
        Action.TESTED,
        "test:checker",
        "some checks fail",
    )


def test_sync_run_is_recorded_from_start_to_finish(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    run_id = catalog.history.start_run("acme")
    assert catalog.history.runs("acme")[0].status == "running"
    catalog.history.finish_run(
        run_id, ok=True, rows=1200, calls=31, throttled=1, errors=0, detail={"tickets": 300}
    )
    run = catalog.history.runs("acme")[0]
    assert (run.status, run.rows, run.calls, run.throttled, run.detail) == (
        "ok",
        1200,
        31,
        1,
        {"tickets": 300},
    )
    assert run.finished_at is not None
    assert catalog.audit_log("acme")[0].action is Action.SYNCED


def test_removing_a_connection_removes_its_history(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    catalog.history.save_report("acme", {}, ok=True)
    catalog.history.start_run("acme")
    catalog.remove("acme")
    assert catalog.history.runs() == []
