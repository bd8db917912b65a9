"""ITSM metrics as SQL views over the canonical tables, the HTML report, and table export.

install_views(store)                     # ticket_facts, backlog_daily, ... (docs/metrics.md)
build_report(store, "acme", Path("report.html"), since=None, until=None, group=None)
export_tables(store, "acme", Path("out"), "parquet")
"""

from ticketlake.analytics.export import export_tables
from ticketlake.analytics.report import build_report, report_html
from ticketlake.analytics.views import VIEWS, install_views, open_for_queries

__all__ = [
    "VIEWS",
    "build_report",
    "export_tables",
    "install_views",
    "open_for_queries",
    "report_html",
]
