"""The report opens in headless Chromium (Debian's package) with every chart drawn, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from tests.analytics import synthetic
from tests.analytics.filled import local_cli
from ticketlake.cli import report

pytestmark = pytest.mark.browser


CHARTS = [
    "volume",
    "by-source",
    "by-type",
    "backlog",
    "ageing",
    "resolution",
    "sla-trend",
    "response",
    "sla",
    "hours",
    "attribute-1",
]


def _write_report(path: Path) -> None:
    app = local_cli(report.register, synthetic)
    result = CliRunner().invoke(app, ["report", synthetic.C, "--out", str(path)])
    assert result.exit_code == 0, result.output


def test_every_chart_renders_offline(chromium: Browser, build_dir: Path, tmp_path: Path) -> None:
    page_file = tmp_path / "report.html"
    _write_report(page_file)
    requests: list[str] = []
    errors: list[str] = []
    page = chromium.new_page(viewport={"width": 1360, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_file.as_uri())
    drawn = page.eval_on_selector_all(
        "figure.chart",
        """figs => figs.map(f => {
            const svg = f.querySelector('svg').getBoundingClientRect();
            const marks = [...f.querySelectorAll('.mark')].filter(m => {
                const b = m.getBoundingClientRect();
                return b.width > 0 || b.height > 0;
            });
            return [f.dataset.chart, Math.round(svg.width), Math.round(svg.height),
                    marks.length];
        })""",
    )
    page.screenshot(path=str(build_dir / "report.png"), full_page=True)
    assert [d[0] for d in drawn][: len(CHARTS)] == CHARTS
    for key, width, height, marks in drawn:
        assert width > 400, f"{key} is not laid out ({width} px wide)"
        assert height > 60, f"{key} is not laid out ({height} px high)"
        assert marks >= 1, f"{key} drew no data marks"
    assert requests == [page_file.as_uri()], "the report fetched something besides itself"
    assert errors == []
