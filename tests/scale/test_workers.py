"""Issue 10 on one machine: two Prefect workers crawl, one loader loads, and the warehouse ends
exactly as one single-machine `mfa-etl` run leaves it.

A real `prefect server` (SQLite, loopback), the scale-out pool and two long-lived workers started
through scripts/worker.sh (tests/scale/pool.py). The `dispatch` deployment starts one
`crawl-source` run per snapshot source at once; the runs spread over both workers (three slots
each, five runs); each publishes a landing batch and never opens DuckDB. Then `load-inbox`,
whose queue only w1 polls, loads them all, and a second loader run finds nothing to do. The
warehouse is compared, table by table and row by row, with the session's demo warehouse (one
`mfa-etl` run over the same snapshot), leaving out only the columns that name a run or a time.
Last, two crawls of one site started together run one after the other: the per-domain limit
holds across workers.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.batches import published_batches
from flows.pipeline import incremental_state
from flows.scaleout import CRAWL_DEPLOYMENT, domain_limit, read_crawl_state
from flows.scaleout_deploy import DEPLOYMENTS, POOL
from flows.sources import SOURCES
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from tests.helpers import FAST_CRAWL
from tests.scale.compare import content_rows, content_snapshot
from tests.scale.pool import Pool

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

LOADER = "load-inbox/loader"
SUMMARY = "load-inbox-summary"
DISPATCH = "dispatch/hourly"
SLOW_REPLY_SECONDS = 0.5  # the politeness check: each kt.kz crawl then lasts several seconds


@dataclass(frozen=True)
class ScaledRun:
    dispatch: dict[str, Any]
    crawls: list[dict[str, Any]]
    loads: list[dict[str, Any]]
    records: dict[str, dict[str, Any]]  # source -> what its crawl run recorded
    warehouse: Path
    landing: Path


@pytest.fixture(scope="module")
def scaled(worker_pool: Pool, tmp_path_factory: pytest.TempPathFactory) -> ScaledRun:
    """dispatch over every snapshot source, wait for the crawls, then two loader runs."""
    root = tmp_path_factory.mktemp("scaled")
    warehouse, landing = root / "warehouse.duckdb", root / "landing"
    names = list(SOURCES)
    with SnapshotServer(names) as snapshot:
        dispatched = worker_pool.run(
            DISPATCH,
            {
                "sources": names,
                "landing": str(landing),
                "snapshot": {s: snapshot.snapshot_arg(s) for s in names},
                "allow_private_hosts": ["127.0.0.1"],
                "crawl_settings": FAST_CRAWL,
                "crawl_retries": 0,
                "first_run_days": None,
            },
        )
        (dispatch,) = worker_pool.wait_all([dispatched])
        crawls = worker_pool.wait_all([r["id"] for r in worker_pool.runs_of(CRAWL_DEPLOYMENT)])
    loader = {
        "warehouse": str(warehouse),
        "landing": str(landing),
        "freshness_as_of": {s: CAPTURED_AT[s] for s in names},
    }
    loads = [worker_pool.wait_all([worker_pool.run(LOADER, loader)])[0] for _ in range(2)]
    records = {}
    for run in crawls:
        source = run["parameters"]["source"]
        key = f"crawl-{source.replace('.', '-')}"
        (records[source],) = worker_pool.table_artifact(run["id"], key)
    return ScaledRun(dispatch, crawls, loads, records, warehouse, landing)


def _state(run: dict[str, Any]) -> tuple[str, str]:
    return run["state"]["type"], run["state"].get("message") or ""


def test_dispatch_started_one_crawl_per_source_and_every_crawl_completed(
    scaled: ScaledRun, worker_pool: Pool
) -> None:
    pool = worker_pool
    assert _state(scaled.dispatch)[0] == "COMPLETED", _state(scaled.dispatch)
    dispatches = [r for d in DEPLOYMENTS if d.flow == "dispatch" for r in pool.runs_of(d.full_name)]
    assert len(dispatches) == 1, "a schedule fired during the test (deployments not paused?)"
    assert sorted(r["parameters"]["source"] for r in scaled.crawls) == sorted(SOURCES)
    for run in scaled.crawls:
        assert _state(run)[0] == "COMPLETED", (run["name"], _state(run))
        assert run["parent_task_run_id"], "a crawl run is linked to the dispatch that made it"


def test_both_workers_ran_crawls_and_each_record_names_the_real_worker_process(
    scaled: ScaledRun, worker_pool: Pool
) -> None:
    pids = {name: proc.pid for name, proc in worker_pool.workers.items()}
    ran = {r["worker"] for r in scaled.records.values()}
    assert ran == {"w1", "w2"}, scaled.records
    for source, record in scaled.records.items():
        # scripts/worker.sh execs the worker, so the process started is the worker itself,
        # and every flow run is a child of the worker that took it
        assert record["worker_pid"] == pids[record["worker"]], (source, record, pids)
        assert record["verdict"] == "ok" and record["items"] > 0, record


def test_each_crawl_published_one_batch_and_the_loader_loaded_each_exactly_once(
    scaled: ScaledRun,
) -> None:
    batches = published_batches(scaled.landing)
    assert sorted(b.source for b in batches) == sorted(SOURCES)
    assert {b.run_id for b in batches} == {r["run_id"] for r in scaled.records.values()}
    con = duckdb.connect(str(scaled.warehouse), read_only=True)
    try:
        loads = con.execute("select load_id, status from _loads").fetchall()
    finally:
        con.close()
    assert sorted(loads) == sorted((b.load_id, "done") for b in batches)


def test_the_loader_runs_on_the_warehouse_worker_and_a_second_run_loads_nothing(
    scaled: ScaledRun, worker_pool: Pool
) -> None:
    first, second = scaled.loads
    assert _state(first) == ("COMPLETED", f"{len(SOURCES)} batch(es) loaded")
    assert _state(second) == ("COMPLETED", "0 batch(es) loaded")
    w1 = worker_pool.workers["w1"].pid  # the only worker polling the `load` queue
    for run in scaled.loads:
        assert run["work_queue_name"] == "load"
        found = worker_pool.artifacts(run["id"], SUMMARY)
        assert f"Loaded by worker `w1` on {socket.gethostname()} (PID {w1})" in found[0]["data"]


def test_the_warehouse_holds_exactly_what_one_single_machine_run_gives(
    scaled: ScaledRun, demo_warehouse: tuple[Path, Path]
) -> None:
    got, want = content_snapshot(scaled.warehouse), content_snapshot(demo_warehouse[0])
    differing = [t for t in want if got[t] != want[t]]
    if differing:  # name the first differing rows, not just hashes
        rows_got, rows_want = content_rows(scaled.warehouse), content_rows(demo_warehouse[0])
        detail = {
            t: (
                sorted(set(rows_got[t]) - set(rows_want[t]))[:2],
                sorted(set(rows_want[t]) - set(rows_got[t]))[:2],
            )
            for t in differing
        }
        pytest.fail(f"tables differ from the single-machine run: {differing}: {detail}")
    assert got["articles"][0] > 100 and got["events"][0] > 0  # not two empty warehouses


def test_the_loader_published_each_sources_crawl_state_as_the_warehouse_holds_it(
    scaled: ScaledRun, tmp_path: Path
) -> None:
    for source in SOURCES:
        published = read_crawl_state(scaled.landing, source)
        direct = incremental_state(scaled.warehouse, tmp_path, source)
        assert published.max_id == direct.max_id, source
        assert published.max_ids_by_host == direct.max_ids_by_host, source
        for got, want in ((published.validators, direct.validators),
                          (published.known_ids, direct.known_ids)):  # fmt: skip
            assert (got is None) == (want is None), source
            if got and want:
                assert json.loads(Path(got).read_text()) == json.loads(Path(want).read_text())
        assert published.known_ids or published.max_id is not None, source


def test_the_pool_has_its_deployments_and_one_domain_limit_per_source(
    worker_pool: Pool,
) -> None:
    for spec in DEPLOYMENTS:
        found = worker_pool.get(f"/deployments/name/{spec.full_name}")
        assert (found["work_pool_name"], found["work_queue_name"]) == (POOL, spec.queue)
        limit = found.get("global_concurrency_limit") or {}
        assert limit.get("limit") == spec.limit, spec.full_name
    for source in SOURCES:
        found = worker_pool.get(f"/v2/concurrency_limits/{domain_limit(source)}")
        assert found["limit"] == 1 and found["active"], found


def test_two_crawls_of_one_site_started_together_run_one_after_the_other(
    worker_pool: Pool, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    with SnapshotServer(["kt.kz"], delay=SLOW_REPLY_SECONDS) as snapshot:
        parameters = {
            "source": "kt.kz",
            "landing": str(landing),
            "snapshot": snapshot.snapshot_arg("kt.kz"),
            "allow_private_hosts": ["127.0.0.1"],
            "crawl_settings": FAST_CRAWL,
            "crawl_retries": 0,
        }
        ids = [worker_pool.run(CRAWL_DEPLOYMENT, parameters) for _ in range(2)]
        runs = worker_pool.wait_all(ids)
    assert [_state(r)[0] for r in runs] == ["COMPLETED", "COMPLETED"], [_state(r) for r in runs]
    spans = sorted(
        (datetime.fromisoformat(m["started_at"]), datetime.fromisoformat(m["finished_at"]))
        for m in (b.manifest for b in published_batches(landing))
    )
    assert len(spans) == 2
    (_, first_end), (second_start, _) = spans
    assert second_start >= first_end, f"two crawls of kt.kz overlapped: {spans}"
