"""The Prefect UI in a real browser: a demo run appears Completed, with its summary artifact.

A real `prefect server start` (its own home, telemetry off), one `mfa-watch demo` in a
subprocess pointed at it (the offline snapshot of every source), then Debian's Chromium driven
by Playwright: the flow run's page shows the run Completed and the mfa-etl-summary artifact,
and the artifact's page renders the per-source table. The browser must never leave
127.0.0.1. Screenshots go to data/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from flows.sources import SOURCES
from tests.deploy.prefect_server import (
    PROJECT_ROOT,
    VENV_BIN,
    PrefectServer,
    running_server,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
# STACK.md §6: what works as root in a container, and keeps the browser off the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "data" / "screenshots"
RUN_SHOT = SCREENSHOTS / "prefect-ui-run.png"
ARTIFACT_SHOT = SCREENSHOTS / "prefect-ui-artifact.png"
ARTIFACT_KEY = "mfa-etl-summary"
UI_TIMEOUT_MS = 30_000
DEMO_TIMEOUT_SECONDS = 240
LOCAL_HOSTS = {"127.0.0.1"}
NON_NETWORK_SCHEMES = {"data", "blob", "about", "chrome-error"}
DemoRun = tuple[PrefectServer, dict[str, Any]]  # the server, and the demo's flow run on it


def require_chromium() -> None:
    """Skip without Chromium on a developer's machine; in CI its absence is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: `make test` runs scripts/install-chromium.sh")
    pytest.skip(f"{CHROMIUM} is missing: run `bash scripts/install-chromium.sh` as root")


def demo_paths(root: Path) -> list[str]:
    """The demo's warehouse and landing options, inside root."""
    return ["--warehouse", str(root / "w.duckdb"), "--landing", str(root / "landing")]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """A Prefect server holding one finished `mfa-watch demo` run; (server, the flow run)."""
    require_chromium()
    root = tmp_path_factory.mktemp("prefect-ui")
    with running_server(root) as server:
        demo = subprocess.run(
            [str(VENV_BIN / "python"), "-m", "flows", "demo", *demo_paths(root)],
            cwd=root,  # the demo's data/ (Prefect's client home) goes here, not into the repo
            env=server.env(root / "client-home"),
            capture_output=True,
            text=True,
            timeout=DEMO_TIMEOUT_SECONDS,
        )
        assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
        runs = server.post(
            "/flow_runs/filter",
            {"flows": {"name": {"any_": ["mfa-etl"]}}, "sort": "START_TIME_DESC", "limit": 5},
        )
        assert len(runs) == 1, [r["name"] for r in runs]
        assert f"{server.url}/runs/flow-run/{runs[0]['id']}" in demo.stdout  # where to look
        yield server, runs[0]


def test_the_demo_run_is_recorded_completed_on_the_server(demo_run: DemoRun) -> None:
    _, run = demo_run
    assert run["state"]["type"] == "COMPLETED", run["state"]


def test_the_ui_shows_the_run_completed_with_its_summary_table(demo_run: DemoRun) -> None:
    from playwright.sync_api import sync_playwright

    server, run = demo_run
    requested: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()
            page.set_default_timeout(UI_TIMEOUT_MS)

            # The flow run's page: its name, flow, the Completed badge, the artifact card.
            page.goto(f"{server.url}/runs/flow-run/{run['id']}")
            page.get_by_text("Completed", exact=True).first.wait_for()
            page.get_by_text(run["name"], exact=True).first.wait_for()
            page.get_by_text("mfa-etl", exact=True).first.wait_for()
            page.get_by_text("Artifacts", exact=True).click()
            card = page.get_by_text(ARTIFACT_KEY, exact=True).last
            card.wait_for()
            page.screenshot(path=str(RUN_SHOT))

            # The artifact's page: the markdown summary rendered as a table, a row a source.
            card.click()
            page.get_by_text("mfa-etl run summary", exact=True).wait_for()
            table = page.locator("table").first
            header = table.locator("th").all_inner_texts()
            rows = [tr.locator("td").all_inner_texts() for tr in table.locator("tbody tr").all()]
            page.screenshot(path=str(ARTIFACT_SHOT), full_page=True)
        finally:
            browser.close()
    print(f"\nscreenshots: {RUN_SHOT} {ARTIFACT_SHOT}")

    assert [h.strip() for h in header[:3]] == ["source", "status", "requests"]
    by_source = {cells[0].strip(): cells for cells in rows}
    assert sorted(by_source) == sorted(SOURCES)
    for source, cells in by_source.items():
        assert cells[1].strip() == "ok", (source, cells)
        assert int(cells[2]) > 0, (source, cells)  # it made requests to the snapshot

    assert requested, "the browser made no request at all"
    outside = {
        url
        for url in requested
        if urlsplit(url).scheme not in NON_NETWORK_SCHEMES
        and urlsplit(url).hostname not in LOCAL_HOSTS
    }
    assert outside == set()
