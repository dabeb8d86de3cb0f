"""The HTML report renders in headless Chromium with no request leaving the page.

Loads the report written from the demo warehouse in Debian's Chromium through Playwright
(STACK.md §6), checks that all four plotly charts drew (their .main-svg), that the world map
has country shapes (from the inlined TopoJSON, not a CDN), and that the only request is the
file itself. Keeps a screenshot in data/screenshots/report.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flows.report import write_report
from warehouse import models
from warehouse.migrate import migrate

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(__file__).parents[2] / "data" / "screenshots" / "report.png"
CHARTS = ("events-per-month", "world-map", "diplomats", "freshness")
LOCAL = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
CSP_RECORDER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (make browser installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def report(demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    path = root / "warehouse.duckdb"
    shutil.copy(demo_warehouse[0], path)
    con = duckdb.connect(str(path), config=LOCAL)
    migrate(con)
    con.close()
    models.refresh(path)
    return write_report(path, root / "report.html")


@pytest.fixture(scope="module")
def page(report: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The loaded page, the requests it made and its console messages."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    console: list[tuple[str, str]] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=LAUNCH_ARGS,
            headless=True,
            viewport={"width": 1200, "height": 900},
        )
        context.on("request", lambda r: requests.append(r.url))
        tab = context.new_page()
        tab.on("console", lambda m: console.append((m.type, m.text)))
        tab.add_init_script(CSP_RECORDER)
        tab.goto(report.as_uri(), wait_until="load")
        for chart in CHARTS:
            tab.wait_for_selector(f"#chart-{chart} .main-svg", timeout=30_000)
        tab.wait_for_selector("#chart-world-map path.choroplethlocation", timeout=30_000)
        tab.wait_for_timeout(500)  # let the last transitions settle before the picture
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOT), full_page=True)
        facts = tab.evaluate(
            """() => ({
            charts: Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')]
                .map(d => [d.id, d.querySelectorAll('.main-svg').length])),
            choropleth: document.querySelectorAll('#chart-world-map path.choroplethlocation')
                .length,
            countryOutlines: [...document.querySelectorAll(
                '#chart-world-map .layer.countries path')]
                .map(p => (p.getAttribute('d') || '').length),
            land: [...document.querySelectorAll('#chart-world-map .layer.land path')]
                .map(p => (p.getAttribute('d') || '').length),
            monthBars: document.querySelectorAll('#chart-events-per-month .bars path').length,
            diplomatBars: document.querySelectorAll('#chart-diplomats .bars path').length,
            diplomatRows: document.querySelectorAll('#table-diplomats tr').length - 1,
            sourceRows: document.querySelectorAll('#table-freshness tr').length - 1,
            violations: window.__violations,
        })"""
        )
        context.close()
    yield {"facts": facts, "requests": requests, "console": console, "report": report}


def test_every_chart_renders(page: dict[str, object]) -> None:
    facts = page["facts"]
    assert isinstance(facts, dict)
    charts = facts["charts"]
    for chart in CHARTS:
        assert charts[f"chart-{chart}"] >= 1, chart
    assert facts["monthBars"] > 0
    assert facts["diplomatBars"] == facts["diplomatRows"] > 0


def test_world_map_draws_countries_from_the_inlined_outline(
    page: dict[str, object], demo_warehouse: tuple[Path, Path]
) -> None:
    facts = page["facts"]
    assert isinstance(facts, dict)
    con = duckdb.connect(str(demo_warehouse[0]), read_only=True)
    placed = con.execute(
        "select count(distinct country) from events where country is not null"
    ).fetchone()
    con.close()
    assert placed is not None and placed[0] > 5
    # one shaded shape per country with events (tiny states may lack a 1:110m shape)
    assert placed[0] - 2 <= facts["choropleth"] <= placed[0]
    # the base map: country borders and land drawn as long paths, not empty ones
    assert facts["countryOutlines"] and max(facts["countryOutlines"]) > 10_000
    assert facts["land"] and max(facts["land"]) > 10_000


def test_no_request_leaves_the_page(page: dict[str, object]) -> None:
    report = page["report"]
    assert isinstance(report, Path)
    requests = page["requests"]
    assert requests == [report.as_uri()]
    facts = page["facts"]
    assert isinstance(facts, dict)
    assert facts["violations"] == []
    errors = [text for kind, text in page["console"] if kind == "error"]  # type: ignore[attr-defined]
    assert errors == []


def test_sources_freshness_lists_every_source(page: dict[str, object]) -> None:
    from flows.sources import SOURCES

    facts = page["facts"]
    assert isinstance(facts, dict)
    assert facts["sourceRows"] == len(SOURCES)
    html = Path(str(page["report"])).read_text(encoding="utf-8")
    assert "window.PlotlyGeoAssets" in html
    assert "cdn.plot.ly" not in html.split("<script>", 2)[1]  # the outline is inline
    assert SCREENSHOT.stat().st_size > 50_000


def test_report_refuses_a_warehouse_without_models(tmp_path: Path) -> None:
    from warehouse.db import WarehouseError

    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.close()
    with pytest.raises(WarehouseError, match="no fct_events"):
        write_report(path, tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_report_command(report: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli_analyst import report_command

    warehouse = report.parent / "warehouse.duckdb"
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        report_command, ["--warehouse", str(warehouse), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1_000_000  # plotly.js is inside
    help_text = CliRunner().invoke(report_command, ["--help"]).output
    assert "Example:" in help_text and "mfa-watch report" in help_text
    missing = CliRunner().invoke(report_command, ["--warehouse", str(tmp_path / "no.duckdb")])
    assert missing.exit_code == 2 and "mfa-watch report:" in missing.output
