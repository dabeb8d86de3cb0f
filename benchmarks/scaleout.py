"""Benchmark: a backfill of the whole snapshot on the scale-out pool, with one worker and with two.

Usage: .venv/bin/python -m benchmarks.scaleout [--config 1x1 --config 2x1 ...] [--polite]
                                               [--json FILE]

A config `WxL` is W workers with L flow runs each (`--limit`). For each config, a fresh Prefect
server, pool and workers are started exactly as tests/scale does (tests/scale/pool.py), then the
`dispatch` flow backfills every snapshot source from 2000-01-01 (one `crawl-source` run per
source on the `backfill` queue, whose limit of 2 runs at once is kept), and one `load-inbox` run
loads the batches. Times are wall clock, from the dispatch request to the last crawl's end
(crawls) and to the loader's end (total); per run, the time from creation to the flow starting
(queue + process start-up) and the time it ran. Snapshot servers answer at once; politeness is
off (DOWNLOAD_DELAY 0, no AutoThrottle) unless `--polite` keeps the project's settings
(1 s between requests to a host, AutoThrottle), which is what a real backfill pays.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from flows.sources import SOURCES
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from tests.scale.pool import Pool, WorkerSpec, running_pool

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
SINCE = "2000-01-01"  # before every snapshot item: the whole archive
RUN_TIMEOUT_SECONDS = 900.0


def _workers(config: str) -> list[WorkerSpec]:
    count, limit = (int(n) for n in config.lower().split("x"))
    return [WorkerSpec(f"w{i + 1}", "crawl,backfill,load", limit) for i in range(count)]


def _seconds(run: dict[str, Any], start: str, end: str) -> float:
    return (datetime.fromisoformat(run[end]) - datetime.fromisoformat(run[start])).total_seconds()


def _backfill(pool: Pool, root: Path, polite: bool) -> dict[str, Any]:
    names = list(SOURCES)
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    with SnapshotServer(names) as snapshot:
        t0 = time.monotonic()
        dispatch = pool.run(
            "dispatch/hourly",
            {
                "sources": names,
                "since": SINCE,
                "landing": str(landing),
                "snapshot": {s: snapshot.snapshot_arg(s) for s in names},
                "allow_private_hosts": ["127.0.0.1"],
                "crawl_settings": {} if polite else FAST,
                "crawl_retries": 0,
            },
        )
        pool.wait_all([dispatch], RUN_TIMEOUT_SECONDS)
        ids = [r["id"] for r in pool.runs_of("crawl-source/per-source")]
        crawls = pool.wait_all(ids, RUN_TIMEOUT_SECONDS)
        crawled = time.monotonic() - t0
    loader = pool.run(
        "load-inbox/loader",
        {
            "warehouse": str(warehouse),
            "landing": str(landing),
            "freshness_as_of": {s: CAPTURED_AT[s] for s in names},
        },
    )
    (load,) = pool.wait_all([loader], RUN_TIMEOUT_SECONDS)
    total = time.monotonic() - t0
    runs = []
    for run in crawls:
        source = run["parameters"]["source"]
        (record,) = pool.table_artifact(run["id"], f"crawl-{source.replace('.', '-')}")
        runs.append(
            {
                "source": source,
                "state": run["state"]["type"],
                "worker": record["worker"],
                "items": record["items"],
                "requests": record["requests"],
                "queued_s": round(_seconds(run, "created", "start_time"), 1),
                "ran_s": round(_seconds(run, "start_time", "end_time"), 1),
            }
        )
    return {
        "crawls_s": round(crawled, 1),
        "total_s": round(total, 1),
        "loader_s": round(_seconds(load, "start_time", "end_time"), 1),
        "loader_state": load["state"]["type"],
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", action="append", help="WORKERSxLIMIT (default 1x1, 2x1)")
    parser.add_argument("--polite", action="store_true", help="keep the project's crawl delays")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = {}
    for config in args.config or ["1x1", "2x1"]:
        with tempfile.TemporaryDirectory(prefix=f"bench-scaleout-{config}-") as tmp:
            root = Path(tmp)
            started = time.monotonic()
            with running_pool(root, _workers(config)) as pool:
                up = time.monotonic() - started
                result = {"pool_up_s": round(up, 1), **_backfill(pool, root, args.polite)}
        results[config] = result
        per_worker: dict[str, int] = {}
        for run in result["runs"]:
            per_worker[run["worker"]] = per_worker.get(run["worker"], 0) + 1
        print(
            f"{config}: crawls {result['crawls_s']} s, loader {result['loader_s']} s, "
            f"total {result['total_s']} s (pool up in {result['pool_up_s']} s); "
            f"runs per worker {per_worker}; "
            + ", ".join(f"{r['source']} {r['queued_s']}+{r['ran_s']} s" for r in result["runs"]),
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps({"polite": args.polite, **results}, indent=1))


if __name__ == "__main__":
    main()
