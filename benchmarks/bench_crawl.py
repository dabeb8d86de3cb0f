"""Benchmark: each spider against the loopback snapshot, politeness off; first and second run.

Usage: .venv/bin/python -m benchmarks.bench_crawl [SOURCE ...] [--json FILE]

Per source: a first crawl into an empty landing folder, its batch loaded into a scratch
warehouse, then a second (incremental) crawl given what the flow would give it: the held
state computed by `flows.pipeline.incremental_state` from that warehouse (highest id, highest
ids per host, validators file, known ids file) and the same robots.txt cache folder
(`flows.crawl.run_crawl` sets MFA_ROBOTS_CACHE_DIR under the landing folder). Both crawls run
`scrapy crawl` in a subprocess exactly as the flow does, with `DOWNLOAD_DELAY=0` and
`AUTOTHROTTLE_ENABLED=False`. Pages per second are given over the whole subprocess (Python and
Scrapy start-up included: what a run costs) and over the crawl itself (the manifest's start and
finish). The scratch load skips event extraction: the second crawl reads only article ids,
validators and dates from the warehouse.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_load import patched
from flows import plan as flow_plan
from flows import sources as registry
from flows.batches import open_batch
from flows.crawl import CrawlOptions, run_crawl
from flows.load import load_batch, prepare
from flows.pipeline import incremental_state
from scrapers.snapshot.server import SnapshotServer

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
LOOPBACK = ("127.0.0.1",)


def _crawl(server: SnapshotServer, source: str, landing: Path, held: Any | None) -> dict[str, Any]:
    options = CrawlOptions(
        snapshot=server.snapshot_arg(source),
        allow_private_hosts=LOOPBACK,
        known_max_id=held.max_id if held else None,
        known_max_ids=held.max_ids_by_host if held else None,
        validators=held.validators if held else None,
        known_ids=held.known_ids if held else None,
        settings=dict(FAST),
    )
    served_before = server.requests[source]
    t0 = time.perf_counter()
    result = run_crawl(source, landing, options)
    wall = time.perf_counter() - t0
    m = result.manifest
    inside = (
        datetime.fromisoformat(m["finished_at"]) - datetime.fromisoformat(m["started_at"])
    ).total_seconds()
    pages = int(m.get("pages", 0))
    return {
        "verdict": result.verdict,
        "requests": int(m.get("requests", 0)),
        "served": server.requests[source] - served_before,
        "pages": pages,
        "items": int(m.get("items", 0)),
        "wall_s": wall,
        "crawl_s": inside,
        "pages_per_s_wall": pages / wall if wall else 0.0,
        "pages_per_s_crawl": pages / inside if inside > 0 else 0.0,
        "batch": str(result.batch_dir),
    }


def bench_source(source: str) -> dict[str, Any]:
    """First and incremental crawl of one source against its snapshot."""
    with tempfile.TemporaryDirectory() as tmp, SnapshotServer([source]) as server:
        landing = Path(tmp) / "landing"
        warehouse = Path(tmp) / "wh.duckdb"
        first = _crawl(server, source, landing, None)
        prepare(warehouse)
        with patched({(flow_plan, "extract_events"): lambda article: []}):
            load_batch(warehouse, open_batch(Path(first["batch"])))
        held = incremental_state(warehouse, landing, source)
        second = _crawl(server, source, landing, held)
    held_args = {k: v is not None for k, v in vars(held).items()}
    for run in (first, second):
        run.pop("batch")
    return {"source": source, "first": first, "second": second, "held_state": held_args}


def run(sources: list[str]) -> dict[str, Any]:
    """Every chosen source, one after the other."""
    return {"sources": [bench_source(s) for s in sources]}


def main(argv: list[str] | None = None) -> None:
    """Command line: print the table, optionally save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", default=list(registry.SOURCES))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.sources)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    for s in result["sources"]:
        f, n = s["first"], s["second"]
        print(
            f"{s['source']:16} first {f['requests']:4} req {f['pages']:4} pages "
            f"{f['wall_s']:6.1f} s ({f['pages_per_s_wall']:6.1f}/s wall, "
            f"{f['pages_per_s_crawl']:6.1f}/s crawl) | second {n['requests']:4} req "
            f"{n['pages']:4} pages {n['wall_s']:6.1f} s"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
