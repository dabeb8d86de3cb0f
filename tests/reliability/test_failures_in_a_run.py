"""Failures inside one mfa-etl run (RELIABILITY.md 5, 8, 13): each source fails alone, by name.

One run of the flow under Prefect's test harness, with three things going wrong at once:
- kt.kz serves one article with renamed classes (a new layout): its crawl fails as a layout
  change, naming spider, field and URL, and is not retried although the run allows retries;
- the Astana Times is healthy: its batch must load whatever happens to the others;
- a Tengrinews batch left from an earlier crawl fails *after* its rows were staged in the load
  transaction (an exception injected in the loader, as dlt's fault injection does): nothing of
  it may remain, and the run must say which source failed at which stage.
The run then ends Failed, with a summary line per failed source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.load import pending_batches
from flows.pipeline import mfa_etl
from flows.summary import RunSummary, summary_of
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from tests.reliability import hostile
from tests.reliability import scenarios as sc
from tests.reliability.batches import snapshot_items, write_batch
from tests.reliability.crawling import FAST
from warehouse import loaders, state

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

CHANGED_LAYOUT = 1377988821
FAILING_SOURCE = "tengrinews.kz"
FAILING_RUN = "20260301T000000-staged"
INJECTED = "injected after staging"


@dataclass(frozen=True)
class Run:
    state: Any
    summary: RunSummary
    warehouse: Path
    landing: Path
    ktkz: hostile.HostileServer


def _new_layout(body: bytes) -> bytes:
    return body.replace(b'class="page-heading"', b'class="page-heading-v2"')


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("failures")
    warehouse, landing = root / "w.duckdb", root / "landing"
    write_batch(landing, list(snapshot_items(FAILING_SOURCE)), FAILING_RUN)
    real_refresh = loaders._refresh_stories

    def refresh_or_fail(con: duckdb.DuckDBPyConnection, plan: loaders.LoadPlan) -> None:
        if plan.source_id == FAILING_SOURCE:
            raise RuntimeError(INJECTED)
        real_refresh(con, plan)

    routes = {sc.path(CHANGED_LAYOUT): hostile.rewrite(_new_layout)}
    with (
        pytest.MonkeyPatch.context() as patch,
        hostile.HostileServer("kt.kz", routes=routes) as ktkz,
        SnapshotServer(["astanatimes.com"]) as astana,
    ):
        patch.setattr(loaders, "_refresh_stories", refresh_or_fail)
        sources = ["kt.kz", "astanatimes.com"]
        final = mfa_etl(
            warehouse=str(warehouse),
            landing=str(landing),
            sources=sources,
            snapshot={"kt.kz": ktkz.host_map(), "astanatimes.com": astana.snapshot_arg(sources[1])},
            allow_private_hosts=["127.0.0.1"],
            crawl_settings=FAST,
            crawl_retries=1,  # allowed; a changed layout must still not be retried
            freshness_as_of={s: CAPTURED_AT[s] for s in sources},
            return_state=True,
        )
        yield Run(final, summary_of(final.result(raise_on_failure=False)), warehouse, landing, ktkz)


def _count(run: Run, sql: str, *params: object) -> int:
    con = duckdb.connect(str(run.warehouse), read_only=True)
    try:
        row = con.execute(sql, list(params)).fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def test_the_run_ends_failed_with_one_line_per_failed_source(run: Run) -> None:
    assert run.state.is_failed()
    assert {s.source for s in run.summary.failed} == {"kt.kz", FAILING_SOURCE}
    message = run.summary.failure_message()
    assert "kt.kz failed at parse" in message and f"{FAILING_SOURCE} failed at load" in message


def test_a_load_that_fails_after_staging_leaves_no_row_and_names_source_and_stage(
    run: Run,
) -> None:
    entry = run.summary.sources[FAILING_SOURCE]
    assert (entry.status, entry.stage) == ("failed", "load")
    assert f"RuntimeError: {INJECTED}" in entry.reason
    assert FAILING_RUN in entry.url  # the batch it was loading
    for table in ("articles", "pages", "crawl_runs", "_loads"):
        sql = f"select count(*) from {table} where source_id = ?"
        assert _count(run, sql, FAILING_SOURCE) == 0, table
    assert [b.run_id for b in pending_batches(run.warehouse, run.landing)] == [FAILING_RUN]


def test_the_healthy_source_commits_although_the_others_failed(run: Run) -> None:
    entry = run.summary.sources["astanatimes.com"]
    assert entry.status == "ok" and entry.new > 0
    assert _count(run, "select count(*) from articles where source_id = ?", "astanatimes.com") > 0
    assert _count(run, "select count(*) from _loads where source_id = ?", "astanatimes.com") == 1


def test_a_failed_source_keeps_its_incremental_cursor_where_it_was(run: Run) -> None:
    con = duckdb.connect(str(run.warehouse), read_only=True)
    try:
        assert state.source_max_item_id(con, "kt.kz") is None
        assert state.source_validators(con, "kt.kz") == {}
        assert state.source_max_item_id(con, FAILING_SOURCE) is None
    finally:
        con.close()


def test_a_changed_layout_names_spider_field_and_url_and_is_not_retried(run: Run) -> None:
    entry = run.summary.sources["kt.kz"]
    assert (entry.status, entry.stage, entry.url) == ("failed", "parse", sc.url(CHANGED_LAYOUT))
    assert "layout changed" in entry.reason and "'title'" in entry.reason
    assert "kt.kz" in entry.reason
    assert run.ktkz.paths("/rus/rss") == ["/rus/rss"], "the crawl ran more than once"
    assert _count(run, "select count(*) from articles where source_id = 'kt.kz'") == 0
    assert _count(run, "select count(*) from crawl_runs where source_id = 'kt.kz'") == 0
