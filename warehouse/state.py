"""What the load planner needs to know of the warehouse before it writes a batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb


@dataclass(frozen=True)
class KnownArticle:
    article_id: str
    content_hash: str
    version: int
    first_seen: datetime
    story_id: str | None


def known_articles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, KnownArticle]:
    """The warehouse's rows for these article ids."""
    rows = con.execute(
        "select article_id, content_hash, version, first_seen, story_id from articles "
        "where article_id in (select unnest(?))",
        [ids],
    ).fetchall()
    return {r[0]: KnownArticle(*r) for r in rows}


def story_features(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(article_id, story_id, dedup features JSON) of every article in a story."""
    return con.execute(
        "select article_id, story_id, dedup_features::varchar from articles "
        "where story_id is not null and dedup_features is not null order by article_id"
    ).fetchall()


def source_max_item_id(con: duckdb.DuckDBPyConnection, source: str) -> int | None:
    """The highest numeric site id the warehouse holds for a source (incremental crawls)."""
    row = con.execute(
        "select max(try_cast(source_item_id as bigint)) from articles where source_id = ?",
        [source],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


ENTRY_KINDS = ("feed", "listing", "api")


def source_validators(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, dict[str, str]]:
    """{url: {"etag", "last_modified", "checked_at"}} of each feed/listing page of a source.

    The validators come from the latest 200 of the URL (a conditional request sends them);
    `checked_at` is when the URL last answered at all (entry_checks), so a spider can tell which
    edition it asked least recently (scrapers/editions.py). A key is left out when unknown.
    """
    rows = con.execute(
        """
        select url, headers->>'etag', headers->>'last-modified'
        from pages
        where source_id = ? and status = 200 and kind in (select unnest(?))
        qualify row_number() over (partition by url order by fetched_at desc, page_id) = 1
        """,
        [source, list(ENTRY_KINDS)],
    ).fetchall()
    out: dict[str, dict[str, str]] = {}
    for url, etag, modified in rows:
        known = {k: v for k, v in (("etag", etag), ("last_modified", modified)) if v}
        if known:
            out[url] = known
    for url, checked in entry_checks(con, source).items():
        out.setdefault(url, {})["checked_at"] = checked.isoformat()
    return out


def entry_checks(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, datetime]:
    """When each feed/listing URL of a source last answered (200, 304 or a redirect).

    Read from `pages`, which keeps every response of every loaded crawl, 304s included, so a
    request that failed (an error status or no answer) or a crawl whose batch was never loaded
    does not count as a check.
    """
    rows = con.execute(
        """
        select url, max(fetched_at)
        from pages
        where source_id = ? and status between 200 and 399 and kind in (select unnest(?))
        group by url
        """,
        [source, list(ENTRY_KINDS)],
    ).fetchall()
    return {url: checked for url, checked in rows}


def newest_items(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """The publication time of each source's newest relevant article."""
    rows = con.execute(
        "select source_id, max(published_at) from articles where relevant group by 1"
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def source_max_ids_by_host(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, int]:
    """The highest numeric site id per URL host of a source (editions number separately)."""
    rows = con.execute(
        r"""
        select regexp_extract(url, '^https?://([^/:]+)', 1) as host,
               max(try_cast(regexp_extract(source_item_id, '(\d+)$', 1) as bigint))
        from articles
        where source_id = ? and source_item_id is not null
        group by 1
        """,
        [source],
    ).fetchall()
    return {host: int(top) for host, top in rows if host and top is not None}


def source_item_ids(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """Every site id a source's articles carry (for sites whose ids do not rise)."""
    rows = con.execute(
        "select distinct source_item_id from articles "
        "where source_id = ? and source_item_id is not null order by 1",
        [source],
    ).fetchall()
    return [r[0] for r in rows]


def daily_item_counts(
    con: duckdb.DuckDBPyConnection, source: str, now: datetime, days: int = 14
) -> tuple[int, list[int]]:
    """Items crawled from a source in the 24 h before `now`, and in each earlier 24 h window.

    Windows in which the source was never crawled are left out (a paused schedule is not a
    silent source); the history is newest first, at most `days` windows long.
    """
    rows = con.execute(
        """
        select floor(epoch(? - coalesce(finished_at, started_at)) / 86400)::integer as window_no,
               sum(n_items)::integer
        from crawl_runs
        where source_id = ? and coalesce(finished_at, started_at) <= ?
          and coalesce(finished_at, started_at) > ? - to_days(?)
        group by window_no
        order by window_no
        """,
        [now, source, now, now, days + 1],
    ).fetchall()
    by_window = dict(rows)
    return by_window.get(0, 0), [n for w, n in rows if w > 0]
