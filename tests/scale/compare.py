"""Comparing two warehouses built by different runs over the same snapshot.

tests/helpers.warehouse_snapshot compares every column, which suits replays of the same
batches. Two separate crawls differ, by design, in what names or times the crawl and the load
(run and load ids, fetch and load times, the snapshot server's port and Date header, Scrapy's
timing stats): those columns are left out here and every other column of every table must be
equal, row for row.

One column is compared by what it means rather than by value: `stories.origin_article_id`.
warehouse/loaders.py picks the origin with `arg_min(article_id, published_at)`, and the ru, kk
and en versions of a ministry release share their publication time, so which of them becomes
the origin depends on the order the rows were loaded in (two single-machine runs can differ
too). The contract ("the ministry's own article, else the earliest") is what is compared: the
origin's source and publication time.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from tests.helpers import TABLES

RUN_SPECIFIC = {
    "_loads": {"load_id", "run_id", "started_at", "finished_at"},
    "crawl_runs": {"run_id", "started_at", "finished_at", "stats"},
    "pages": {"page_id", "load_id", "fetch_url", "fetched_at", "headers"},
    "articles": {"first_seen", "last_seen", "load_id"},
    "article_versions": {"seen_at", "load_id"},
}
ORIGIN_BY_CONTRACT = """
    select s.* exclude (origin_article_id), o.source_id, o.published_at
    from stories s left join articles o on o.article_id = s.origin_article_id
"""
HEADERS_OF_THE_MOMENT = {"date"}  # response headers that name the time of the fetch


def _headers(raw: str | None) -> str:
    headers = json.loads(raw) if raw else {}
    return json.dumps({k: v for k, v in headers.items() if k not in HEADERS_OF_THE_MOMENT})


def content_rows(path: Path) -> dict[str, list[str]]:
    """Every table's rows without their run-specific columns, as sorted reprs."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            columns = [r[0] for r in con.execute(f'describe "{table}"').fetchall()]
            kept = [f'"{c}"' for c in columns if c not in RUN_SPECIFIC.get(table, set())]
            if table == "pages":  # the headers too, minus those of the moment (last column)
                kept.append("headers::varchar")
            sql = f'select {", ".join(kept)} from "{table}"'
            if table == "stories":
                sql = ORIGIN_BY_CONTRACT
            rows = [list(r) for r in con.execute(sql).fetchall()]
            if table == "pages":
                rows = [[*r[:-1], _headers(r[-1])] for r in rows]
            out[table] = sorted(repr(r) for r in rows)
        return out
    finally:
        con.close()


def content_snapshot(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent hash per table, run-specific columns left out."""
    return {
        table: (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        for table, rows in content_rows(path).items()
    }
