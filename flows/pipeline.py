"""The `mfa-etl` flow: crawl every source, load what they published, report per source.

Thin on purpose: the tasks orchestrate, the logic lives in scrapers/, flows/transform/,
flows/plan.py and warehouse/. Sources fail alone: each crawl is its own task; a failed source
is named in the summary with its stage and URL, the others still load, and the run then ends
Failed. Crawls retry (network trouble passes); a changed layout never does. With a DuckLake
(`lake`), the run ends by publishing the loader's file into it (warehouse/lake.py).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed, Failed, State

from flows import sources as registry
from flows.batches import Batch
from flows.crawl import CrawlFailed, CrawlOptions, Incremental, crawl
from flows.freshness import Freshness, assess
from flows.load import LoadResult, load_batch, pending_batches, prepare
from flows.summary import RunSummary, SourcesFailed
from flows.volume import VolumeAlert, assess_volume
from warehouse import db, models, state
from warehouse import lake as ducklake
from warehouse.lake import PublishResult
from warehouse.models import BuildResult
from warehouse.targets import flow_targets

DEFAULT_LANDING = Path("data/landing")
NEEDS_ATTENTION = "NeedsAttention"  # the state name an automation can watch for


@task
def load(warehouse: Path, batch: Batch) -> LoadResult:
    """Load one published batch in one transaction (idempotent; rerunning the flow retries)."""
    result = load_batch(warehouse, batch)
    get_run_logger().info("%s: loaded=%s %s", batch.load_id, result.loaded, result)
    return result


@task
def refresh_models(warehouse: Path) -> BuildResult:
    """Rebuild the marts, ready views and search index (one transaction each; idempotent)."""
    result = models.refresh(warehouse, wait_seconds=60)
    get_run_logger().info("models rebuilt in %s s: %s", sum(result.seconds.values()), result.marts)
    return result


@task
def publish_lake(warehouse: Path, target: str, data_path: str | None = None) -> PublishResult:
    """Publish the warehouse file into the DuckLake in one transaction (a no-op when up to date)."""
    result = ducklake.publish(warehouse, ducklake.parse_target(target, data_path))
    get_run_logger().info(
        "lake: %s, %s load(s) (%s new) in %s s, snapshot %s",
        "published" if result.published else "up to date",
        result.n_loads,
        len(result.new_load_ids),
        result.seconds,
        result.snapshot_id,
    )
    return result


def incremental_state(warehouse: Path, landing: Path, source: str) -> Incremental:
    if not warehouse.exists():
        return Incremental()
    con = db.connect(warehouse, wait_seconds=60)
    try:
        max_id = state.source_max_item_id(con, source)
        by_host = state.source_max_ids_by_host(con, source)
        validators = state.source_validators(con, source)
        item_ids = state.source_item_ids(con, source)
    finally:
        con.close()
    return Incremental(
        max_id,
        json.dumps(by_host, sort_keys=True) if by_host else None,
        _state_file(landing, source, "validators.json", validators),
        _state_file(landing, source, "known_ids.json", item_ids),
    )


def _state_file(landing: Path, source: str, name: str, data: object) -> str | None:
    """Write crawl state the spider reads as a file argument (None when there is none)."""
    if not data:
        return None
    file = landing / source / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(file.resolve())


def freshness(warehouse: Path, chosen: list[str], as_of: dict[str, str] | None) -> list[Freshness]:
    """Freshness of each source, at now or at the given moment per source (the snapshot's)."""
    con = db.connect(warehouse, read_only=True, wait_seconds=60)
    try:
        newest = state.newest_items(con)
    finally:
        con.close()
    now = datetime.now(UTC)
    out = []
    for source in chosen:
        moment = datetime.fromisoformat(as_of[source]) if as_of and source in as_of else now
        out += assess(newest, {source: registry.get(source).cadence_hours}, moment)
    return out


def volume(warehouse: Path, chosen: list[str]) -> list[VolumeAlert]:
    """Sources whose items in the last 24 h fell far below their usual daily level."""
    con = db.connect(warehouse, read_only=True, wait_seconds=60)
    try:
        now = datetime.now(UTC)
        counts = {source: state.daily_item_counts(con, source, now) for source in chosen}
    finally:
        con.close()
    alerts = (assess_volume(source, usual, current) for source, (current, usual) in counts.items())
    return [alert for alert in alerts if alert is not None]


def load_pending(warehouse: Path, landing: Path, summary: RunSummary) -> None:
    """Load every pending batch, oldest first, one transaction each; count them per source.

    A batch that fails is named in the summary and stays pending; the others still load.
    """
    logger = get_run_logger()
    for batch in pending_batches(warehouse, landing):
        entry = summary.source(batch.source)
        try:
            result = load(warehouse, batch)
        except Exception as exc:
            entry.fail("load", str(batch.path), f"{type(exc).__name__}: {exc}")
            logger.error("%s: load of %s failed: %s", batch.source, batch.load_id, exc)
            continue
        summary.loads += int(result.loaded)
        entry.pages += result.pages
        entry.new += result.new
        entry.updated += result.updated
        entry.unchanged += result.unchanged
        entry.events += result.events


@flow(name="mfa-etl", log_prints=True)
def mfa_etl(
    warehouse: str | None = None,
    landing: str = str(DEFAULT_LANDING),
    sources: list[str] | None = None,
    since: str | None = None,
    snapshot: dict[str, str] | None = None,
    allow_private_hosts: list[str] | None = None,
    crawl_settings: dict[str, str] | None = None,
    crawl_retries: int = 2,
    freshness_as_of: dict[str, str] | None = None,
    first_run_days: int | None = None,
    lake: str | None = None,
    lake_data: str | None = None,
) -> State:
    """Crawl the sources, load every pending batch, publish and return the run summary.

    `warehouse` is a DuckDB file or a DuckLake (ducklake:postgres:<conninfo>); None is
    $MFA_WATCH_WAREHOUSE, else data/warehouse.duckdb (warehouse/targets.py), so scheduled runs
    follow the environment as `mfa-watch run` does. With a lake, the loader's own file is
    loaded, then published into it. Given `lake` as well, `warehouse` is that file.
    """
    logger = get_run_logger()
    landing_path = Path(landing)
    chosen = sources or list(registry.SOURCES)
    summary = RunSummary()
    try:
        where = flow_targets(warehouse, lake, lake_data)
        warehouse_path, lake, lake_data = where.path, where.lake, where.lake_data
        prepare(warehouse_path)
    except db.WarehouseError as exc:  # locked, newer than this code, unreadable: say so, no trace
        logger.error("%s", exc)
        return Failed(message=str(exc), data=exc)

    # --- Extract: one crawl per source, in parallel (each is polite to its own host) -----
    futures = {}
    for source in chosen:
        held = Incremental() if since else incremental_state(warehouse_path, landing_path, source)
        # A source never crawled before is read back first_run_days, not to the site's first
        # page (a live listing pages back for years).
        first = date.today() - timedelta(days=first_run_days) if first_run_days else None
        start = since or (first.isoformat() if first and held.max_id is None else None)
        options = CrawlOptions(
            snapshot=(snapshot or {}).get(source),
            allow_private_hosts=tuple(allow_private_hosts or ()),
            known_max_id=held.max_id,
            known_max_ids=held.max_ids_by_host,
            validators=held.validators,
            known_ids=held.known_ids,
            since=start,
            settings=crawl_settings or {},
        )
        futures[source] = crawl.with_options(retries=crawl_retries).submit(
            source, landing_path, options
        )
    for source, future in futures.items():
        entry = summary.source(source)
        try:
            result = future.result()
        except CrawlFailed as exc:
            entry.fail(exc.stage, exc.url, exc.reason)
            logger.error("%s", exc)
            continue
        manifest = result.manifest
        entry.requests = int(manifest.get("requests", 0))
        entry.items = int(manifest.get("items", 0))
        entry.errors = list(manifest.get("errors", []))
        if result.verdict == "partial":
            first = entry.errors[0] if entry.errors else {}
            entry.fail(
                str(first.get("stage", "crawl")),
                str(first.get("url", "")),
                manifest["verdict_reason"],
            )

    # --- Transform + Load: every pending batch, oldest first, one transaction each -------
    load_pending(warehouse_path, landing_path, summary)

    # --- Models: marts, ready views and the search index, rebuilt after the loads -------
    try:
        refresh_models(warehouse_path)
    except Exception as exc:  # the loads are committed; say so and end Failed
        logger.error("model rebuild failed (the loads are committed): %s", exc)
        return Failed(message=f"loads committed, but the model rebuild failed: {exc}")
    if lake:
        try:
            publish_lake(warehouse_path, lake, lake_data)
        except Exception as exc:  # the file holds the loads; the next run publishes them
            logger.error("publish to the lake failed (the loads are committed): %s", exc)
            message = f"loads committed, but the publish to the lake failed: {exc}"
            return Failed(message=message, data=ducklake.LakeError(message))

    summary.freshness = freshness(warehouse_path, chosen, freshness_as_of)
    summary.volume = volume(warehouse_path, chosen)
    create_markdown_artifact(
        key="mfa-etl-summary", markdown=summary.to_markdown(), description="per-source run summary"
    )
    logger.info("summary: %s", json.dumps(summary.to_dict(), ensure_ascii=False))
    if summary.failed:
        return Failed(message=summary.failure_message(), data=SourcesFailed(summary))
    if summary.needs_attention:
        logger.warning("needs attention: %s", summary.attention_message())
        return Failed(
            name=NEEDS_ATTENTION, message=summary.attention_message(), data=SourcesFailed(summary)
        )
    return Completed(message=f"{summary.loads} batch(es) loaded", data=summary)
