"""Helpers shared by the flow and reliability tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

TABLES = (
    "sources", "crawl_runs", "_loads", "pages", "articles", "article_versions", "stories",
    "events", "participants",
)  # fmt: skip


def warehouse_snapshot(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent hash of every table: equal means unchanged."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            rows = sorted(repr(r) for r in con.execute(f"select * from {table}").fetchall())
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return out
    finally:
        con.close()


def record_a_later_migration(path: Path) -> None:
    """Make the warehouse at `path` look migrated by a later mfa-watch than this one."""
    con = duckdb.connect(str(path))
    try:
        con.execute("insert into _migrations values (9999, 'from_the_future', 'x', now())")
    finally:
        con.close()


FAST_CRAWL = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
