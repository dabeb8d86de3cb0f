"""Loading published landing batches into the warehouse, each in one transaction.

Every published batch not yet in `_loads` is loaded, oldest first, so a run that failed after
its crawl, or was killed mid-load, is caught up by the next one. The write connection is held
only while loading, so users' queries are locked out for as short a time as possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows import sources
from flows.batches import Batch, published_batches
from flows.plan import plan_load
from warehouse import db
from warehouse.loaders import apply_plan, is_loaded
from warehouse.migrate import migrate

LOCK_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class LoadResult:
    load_id: str
    source: str
    loaded: bool  # False: it was loaded before
    pages: int
    new: int
    updated: int
    unchanged: int
    events: int


def prepare(warehouse: Path) -> None:
    """Create or migrate the warehouse and register the sources (idempotent)."""
    con = db.connect(warehouse, wait_seconds=LOCK_WAIT_SECONDS)
    try:
        migrate(con)
        register_sources(con)
    finally:
        con.close()


def register_sources(con: duckdb.DuckDBPyConnection) -> None:
    """Upsert the registry's sources (values are the same on every run)."""
    for row in sources.source_rows():
        con.execute(
            "insert or replace into sources values (?, ?, ?, ?, ?)",
            [row["source_id"], row["kind"], row["name"], row["base_url"], row["languages"]],
        )


def pending_batches(warehouse: Path, landing: Path) -> list[Batch]:
    """Published batches the warehouse has not loaded yet, oldest first."""
    batches = published_batches(landing)
    if not batches:
        return []
    con = db.connect(warehouse, wait_seconds=LOCK_WAIT_SECONDS)
    try:
        return [b for b in batches if not is_loaded(con, b.load_id)]
    finally:
        con.close()


def load_batch(warehouse: Path, batch: Batch) -> LoadResult:
    """Plan and apply one batch; a second call for the same batch changes nothing."""
    con = db.connect(warehouse, wait_seconds=LOCK_WAIT_SECONDS)
    try:
        if is_loaded(con, batch.load_id):
            return LoadResult(batch.load_id, batch.source, False, 0, 0, 0, 0, 0)
        plan = plan_load(con, batch)
        loaded = apply_plan(con, plan)
        row = plan.load_row
        return LoadResult(
            batch.load_id,
            batch.source,
            loaded,
            int(row["n_pages"]),
            int(row["n_articles_new"]),
            int(row["n_articles_updated"]),
            int(row["n_articles_unchanged"]),
            int(row["n_events"]),
        )
    finally:
        con.close()
