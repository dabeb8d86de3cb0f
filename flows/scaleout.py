"""Crawls on any number of Prefect workers, one loader for the warehouse.

Why: `mfa-etl` crawls and loads in one process, so one machine does all the work. Here the two
halves are separate deployments on a process work pool (deploy/prefect-pool.yaml,
flows/scaleout_deploy.py), and adding a machine means starting one more worker:

- `crawl-source`: one source (for a backfill, one source and date window) per flow run, on any
  worker. The spider runs in a subprocess (flows/crawl.py) and publishes an immutable landing
  batch; the run never opens DuckDB. What an incremental crawl must know of the warehouse is
  read from the crawl state the loader publishes beside the batches. A global concurrency
  limit per domain (`domain:<host>`, one slot) keeps one crawl per site at a time across all
  workers, so a daily run and a backfill never hit the same site together.
- `load-inbox`: the warehouse's only writer. It loads every published batch not yet in
  `_loads` (flows/load.py: one transaction a batch, idempotent), rebuilds the models, then
  publishes each source's crawl state. Its deployment allows one run at a time, and its queue
  is polled only by the worker on the warehouse's machine.
- `dispatch`: the schedule; it starts one `crawl-source` run per source (per window for a
  backfill, on the `backfill` queue) and returns at once.

The landing folder must be shared by every worker and the loader (one path on all machines).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.schemas.objects import FlowRun, State
from prefect.concurrency.sync import concurrency
from prefect.deployments import run_deployment
from prefect.states import Completed, Failed

from flows import sources as registry
from flows.crawl import CRAWL_TIMEOUT_SECONDS, CrawlOptions, Incremental, crawl
from flows.summary import RunSummary
from warehouse import db, state
from warehouse.targets import flow_targets

# Crawl runs import only this module, flows/crawl.py and Prefect (~3 s). The loader's modules
# (flows.load, flows.pipeline: dedup, NLP) take ~8 s more to import on this project's 2-core
# box, so load_inbox imports them in its body: each crawl run would pay for them otherwise.
DEFAULT_LANDING = Path("data/landing")  # as flows.pipeline.DEFAULT_LANDING
NEEDS_ATTENTION = "NeedsAttention"  # as flows.pipeline.NEEDS_ATTENTION
CRAWL_DEPLOYMENT = "crawl-source/per-source"
BACKFILL_QUEUE = "backfill"
DOMAIN_LIMIT_PREFIX = "domain:"
DOMAIN_SLOTS = 1  # crawls of one site at a time, across every worker
# A crawl waits this long for its site's slot (the holder may be a crawl of up to an hour
# with its retries); longer means the holder is stuck, and the run fails saying so.
SLOT_WAIT_SECONDS = 2 * CRAWL_TIMEOUT_SECONDS
STATE_DIR = "crawl-state"  # <landing>/<source>/crawl-state/: what the loader knows, for crawls
STATE_FILE = "state.json"
VALIDATORS_FILE = "validators.json"
KNOWN_IDS_FILE = "known_ids.json"
WORKER_NAME_ENV = "PREFECT__WORKER_NAME"  # set by the Prefect worker in each flow run's process


# --- Planning (pure) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    """One crawl-source flow run: a source, and for a backfill a window [since, until)."""

    source: str
    since: str | None = None
    until: str | None = None
    queue: str | None = None  # None: the deployment's own queue

    @property
    def run_name(self) -> str:
        if self.since is None:
            return self.source
        return f"{self.source} {self.since}..{self.until or 'now'}"


def domain_limit(source: str) -> str:
    """The global concurrency limit of a source's site: `domain:<host without www.>`."""
    host = urlsplit(registry.get(source).base_url).hostname or source
    return DOMAIN_LIMIT_PREFIX + host.removeprefix("www.")


def date_windows(start: date, end: date, days: int) -> list[tuple[date, date]]:
    """[since, until) windows of `days` covering [start, end), newest first."""
    if days < 1:
        raise ValueError(f"window_days must be at least 1, not {days}")
    windows = []
    since = start
    while since < end:
        until = min(since + timedelta(days=days), end)
        windows.append((since, until))
        since = until
    return windows[::-1]


def plan_shards(
    sources: Iterable[str],
    since: str | None = None,
    until: str | None = None,
    window_days: int | None = None,
    today: date | None = None,
) -> list[Shard]:
    """The crawl runs of a dispatch: one per source, or per source and window for a backfill.

    A backfill (`since` given) goes to the backfill queue; its windows are interleaved newest
    first, so every source's recent past arrives before anyone's distant past.
    """
    chosen = list(sources)
    for source in chosen:
        registry.get(source)  # a KeyError naming the known sources
    if since is None:
        if until or window_days:
            raise ValueError("until and window_days need since (they bound a backfill)")
        return [Shard(source) for source in chosen]
    if window_days is None:
        return [Shard(source, since, until, BACKFILL_QUEUE) for source in chosen]
    end = date.fromisoformat(until) if until else (today or date.today()) + timedelta(days=1)
    return [
        Shard(source, first.isoformat(), last.isoformat(), BACKFILL_QUEUE)
        for first, last in date_windows(date.fromisoformat(since), end, window_days)
        for source in chosen
    ]


# --- Crawl state: published by the loader, read by crawls (no DuckDB on the workers) --------


def _write_atomically(path: Path, data: object) -> None:
    """Write JSON through a temporary name and a rename: a reader sees the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def publish_crawl_state(warehouse: Path, landing: Path, sources: Iterable[str]) -> None:
    """Write what the warehouse holds of each source for its next incremental crawl."""
    con = db.connect(warehouse, read_only=True, wait_seconds=60)
    try:
        for source in sources:
            folder = landing / source / STATE_DIR
            _write_atomically(folder / VALIDATORS_FILE, state.source_validators(con, source))
            _write_atomically(folder / KNOWN_IDS_FILE, state.source_item_ids(con, source))
            held = {
                "max_id": state.source_max_item_id(con, source),
                "max_ids_by_host": state.source_max_ids_by_host(con, source),
                "published_at": datetime.now(UTC).isoformat(),
            }
            _write_atomically(folder / STATE_FILE, held)  # last: it marks the state complete
    finally:
        con.close()


def read_crawl_state(landing: Path, source: str) -> Incremental:
    """The crawl state the loader published for a source (empty before its first load)."""
    folder = (landing / source / STATE_DIR).resolve()
    if not (folder / STATE_FILE).is_file():
        return Incremental()
    held = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    by_host = held.get("max_ids_by_host")
    validators = json.loads((folder / VALIDATORS_FILE).read_text(encoding="utf-8"))
    known_ids = json.loads((folder / KNOWN_IDS_FILE).read_text(encoding="utf-8"))
    return Incremental(
        held.get("max_id"),
        json.dumps(by_host, sort_keys=True) if by_host else None,
        str(folder / VALIDATORS_FILE) if validators else None,
        str(folder / KNOWN_IDS_FILE) if known_ids else None,
    )


def worker_identity() -> dict[str, Any]:
    """Which worker runs this flow run: its name, host and PID (the flow run's parent)."""
    return {
        "worker": os.environ.get(WORKER_NAME_ENV, "-"),
        "host": socket.gethostname(),
        "worker_pid": os.getppid(),
    }


# --- Flows -----------------------------------------------------------------------------------


@flow(name="crawl-source", log_prints=True)
def crawl_source(
    source: str,
    since: str | None = None,
    until: str | None = None,
    landing: str = str(DEFAULT_LANDING),
    snapshot: str | None = None,
    allow_private_hosts: list[str] | None = None,
    crawl_settings: dict[str, str] | None = None,
    crawl_retries: int = 2,
    first_run_days: int | None = None,
) -> State:
    """Crawl one source (a backfill: one window) into a published landing batch; no loading."""
    if until is not None and since is None:  # a scheduled run has no window
        raise ValueError("until bounds a backfill window [since, until): it needs since")
    logger = get_run_logger()
    landing_path = Path(landing)
    held = Incremental() if since else read_crawl_state(landing_path, source)
    first = date.today() - timedelta(days=first_run_days) if first_run_days else None
    start = since or (first.isoformat() if first and held.max_id is None else None)
    options = CrawlOptions(
        snapshot=snapshot,
        allow_private_hosts=tuple(allow_private_hosts or ()),
        known_max_id=held.max_id,
        known_max_ids=held.max_ids_by_host,
        validators=held.validators,
        known_ids=held.known_ids,
        since=start,
        until=until,
        settings=crawl_settings or {},
    )
    limit = domain_limit(source)
    logger.info("%s: waiting for %s", source, limit)
    with concurrency(limit, occupy=DOMAIN_SLOTS, timeout_seconds=SLOT_WAIT_SECONDS, strict=True):
        result = crawl.with_options(retries=crawl_retries)(source, landing_path, options)
    manifest = result.manifest
    record = {
        "source": source,
        "run_id": result.run_id,
        "verdict": result.verdict,
        "items": manifest.get("items"),
        "pages": manifest.get("pages"),
        "requests": manifest.get("requests"),
        "since": start,
        "until": until,
        **worker_identity(),
    }
    create_table_artifact(
        key=f"crawl-{source.replace('.', '-')}",
        table=[record],
        description="the landing batch this crawl published, and the worker that ran it",
    )
    message = (
        f"{source}: batch {result.run_id}, {record['items']} items, "
        f"on worker {record['worker']} ({record['host']})"
    )
    if result.verdict == "partial":
        return Failed(message=f"{message}; partial: {manifest.get('verdict_reason')}")
    return Completed(message=message)


@flow(name="load-inbox", log_prints=True)
def load_inbox(
    warehouse: str | None = None,
    landing: str = str(DEFAULT_LANDING),
    freshness_as_of: dict[str, str] | None = None,
    lake: str | None = None,
    lake_data: str | None = None,
) -> State:
    """Load every published batch not loaded yet, rebuild the models, publish crawl state.

    As `mfa-etl` does after its crawls: one transaction a batch, the marts rebuilt, with `lake`
    the file published into the DuckLake, and the run ends NeedsAttention when a source went
    silent or brought far less than usual. `warehouse`, `lake` and `lake_data` as in `mfa-etl`
    (None: $MFA_WATCH_WAREHOUSE, else data/warehouse.duckdb).
    """
    from flows.load import prepare
    from flows.pipeline import freshness, load_pending, publish_lake, refresh_models, volume

    logger = get_run_logger()
    landing_path = Path(landing)
    try:
        where = flow_targets(warehouse, lake, lake_data)
        warehouse_path, lake, lake_data = where.path, where.lake, where.lake_data
        prepare(warehouse_path)
    except db.WarehouseError as exc:  # locked, newer than this code, unreadable: no traceback
        logger.error("%s", exc)
        return Failed(message=str(exc), data=exc)
    summary = RunSummary()
    load_pending(warehouse_path, landing_path, summary)
    if summary.loads:
        refresh_models(warehouse_path)
    publish_crawl_state(warehouse_path, landing_path, registry.SOURCES)
    if lake:  # a no-op when the lake is up to date
        try:
            publish_lake(warehouse_path, lake, lake_data)
        except Exception as exc:  # the file holds the loads; the next run publishes them
            logger.error("publish to the lake failed (the loads are committed): %s", exc)
            return Failed(message=f"loads committed, but the publish to the lake failed: {exc}")

    sources = list(registry.SOURCES)
    summary.freshness = freshness(warehouse_path, sources, freshness_as_of)
    summary.volume = volume(warehouse_path, sources)
    me = worker_identity()
    create_markdown_artifact(
        key="load-inbox-summary",
        markdown=summary.to_markdown()
        + f"\nLoaded by worker `{me['worker']}` on {me['host']} (PID {me['worker_pid']}).\n",
        description="batches loaded by this run, per source, and each source's freshness",
    )
    logger.info("summary: %s", json.dumps(summary.to_dict(), ensure_ascii=False))
    if summary.failed:
        return Failed(message=summary.failure_message())
    if summary.needs_attention:
        return Failed(name=NEEDS_ATTENTION, message=summary.attention_message())
    return Completed(message=f"{summary.loads} batch(es) loaded")


@flow(name="dispatch", log_prints=True)
def dispatch(
    sources: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    window_days: int | None = None,
    landing: str = str(DEFAULT_LANDING),
    snapshot: dict[str, str] | None = None,
    allow_private_hosts: list[str] | None = None,
    crawl_settings: dict[str, str] | None = None,
    crawl_retries: int = 2,
    first_run_days: int | None = None,
) -> list[str]:
    """Start one crawl-source run per source (and window) without waiting; their run ids."""
    shards = plan_shards(sources or list(registry.SOURCES), since, until, window_days)
    ensure_domain_limits({s.source for s in shards})
    started = []
    for shard in shards:
        parameters = {
            "source": shard.source,
            "since": shard.since,
            "until": shard.until,
            "landing": landing,
            "snapshot": (snapshot or {}).get(shard.source),
            "allow_private_hosts": allow_private_hosts,
            "crawl_settings": crawl_settings,
            "crawl_retries": crawl_retries,
            "first_run_days": first_run_days,
        }
        run = cast(
            FlowRun,
            run_deployment(
                CRAWL_DEPLOYMENT,
                parameters=parameters,
                flow_run_name=shard.run_name,
                work_queue_name=shard.queue,
                timeout=0,
            ),
        )  # a sync call in a sync flow: the run itself, not a coroutine
        started.append(str(run.id))
    get_run_logger().info("started %s crawl run(s): %s", len(started), started)
    return started


def ensure_domain_limits(sources: Iterable[str]) -> list[str]:
    """Create the missing per-domain concurrency limits (an admin's changed limit is kept)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectNotFound

    created = []
    with get_client(sync_client=True) as client:
        for name in sorted({domain_limit(s) for s in sources}):
            try:
                client.read_global_concurrency_limit_by_name(name)
            except ObjectNotFound:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=DOMAIN_SLOTS)
                )
                created.append(name)
    return created
