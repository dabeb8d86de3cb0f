"""Writing one landing batch into the warehouse: all of it in one transaction, or nothing.

The flow computes every row first (flows/plan.py), then `apply_plan` writes them: pages
appended, articles merged on `article_id`, their old events replaced, stories recomputed, the
SQL data tests run on the load's rows (warehouse/datatests.py), and the `_loads` row marked
done, all before one COMMIT. A kill at any point leaves either the
whole load or none of it, and a load whose `_loads` row exists is never applied again.
Rows travel as Arrow tables (bulk), values always as parameters, never in SQL text.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from warehouse import datatests

KILL_POINT_ENV = "MFA_WATCH_TEST_KILL_AT"  # tests only: SIGKILL this process at a named point


@dataclass
class LoadPlan:
    load_id: str
    source_id: str
    run_id: str
    crawl_run: dict[str, Any]
    load_row: dict[str, Any]
    pages: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)  # inserted or updated rows
    seen_only: list[tuple[str, Any]] = field(default_factory=list)  # (article_id, last_seen)
    versions: list[dict[str, Any]] = field(default_factory=list)
    # Stored articles whose story changed (two stories merged, or a new origin): (article, story)
    story_updates: list[tuple[str, str]] = field(default_factory=list)
    events_replaced_for: list[str] = field(default_factory=list)  # article ids
    events: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    canonical_updates: list[tuple[str, str]] = field(default_factory=list)  # (event_id, canonical)
    # Stored event groups that joined a new one: (old canonical id, new canonical id)
    canonical_renames: list[tuple[str, str]] = field(default_factory=list)
    # The dedup index (migration 0003): new rows, new links, merged link-graph components
    # (old component, new), refreshed identity fields of changed articles; `dedup_rebuilt`:
    # the rows are the whole index (written over whatever the tables held).
    dedup_articles: list[dict[str, Any]] = field(default_factory=list)
    dedup_links: list[dict[str, Any]] = field(default_factory=list)
    component_renames: list[tuple[str, str]] = field(default_factory=list)
    dedup_refresh: list[dict[str, Any]] = field(default_factory=list)
    dedup_removed: list[str] = field(default_factory=list)  # articles out of the story index
    dedup_rebuilt: bool = False


def kill_point(name: str) -> None:
    """Die here if a reliability test asked for it (no effect otherwise)."""
    if os.environ.get(KILL_POINT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def is_loaded(con: duckdb.DuckDBPyConnection, load_id: str) -> bool:
    """Whether this batch was already loaded (its `_loads` row exists)."""
    row = con.execute("select 1 from _loads where load_id = ?", [load_id]).fetchone()
    return row is not None


def apply_plan(con: duckdb.DuckDBPyConnection, plan: LoadPlan) -> bool:
    """Write a plan in one transaction; False (and no change) if the batch was loaded already."""
    kill_point("before_begin")
    con.execute("begin transaction")
    try:
        if is_loaded(con, plan.load_id):
            con.execute("rollback")
            return False
        _insert(con, "crawl_runs", [plan.crawl_run], on_conflict="nothing")
        _insert(con, "pages", plan.pages, on_conflict="nothing")
        kill_point("mid_insert")
        _upsert_articles(con, plan)
        _insert(con, "article_versions", plan.versions, on_conflict="nothing")
        if plan.events_replaced_for:
            ids = plan.events_replaced_for
            con.execute(
                "delete from participants where event_id in "
                "(select event_id from events where article_id in (select unnest(?)))",
                [ids],
            )
            con.execute("delete from events where article_id in (select unnest(?))", [ids])
        _insert(con, "events", plan.events, on_conflict="nothing")
        _insert(con, "participants", plan.participants, on_conflict="nothing")
        _update_canonical_ids(con, plan)
        _write_dedup_index(con, plan)
        _refresh_stories(con, plan)
        # The contract's rules on this load's rows, before it is marked done: a violation
        # raises DataTestFailed and the rollback below takes the whole load back.
        datatests.check(con, plan.load_id)
        kill_point("before_done")
        _insert(con, "_loads", [plan.load_row], on_conflict="error")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    kill_point("after_commit")
    return True


@dataclass(frozen=True)
class DedupIndex:
    """The whole dedup index (rows of `dedup.articles` and `dedup.links`), as a rebuild makes it."""

    articles: list[dict[str, Any]]
    links: list[dict[str, Any]]


def replace_derived(
    con: duckdb.DuckDBPyConnection,
    article_updates: Sequence[tuple[str, str | None, str]],
    events: Sequence[dict[str, Any]],
    participants: Sequence[dict[str, Any]],
    dedup: DedupIndex | None = None,
) -> None:
    """Replace every story and event (a rebuild), and the dedup index, in one transaction."""
    con.execute("begin transaction")
    try:
        con.execute("delete from participants")
        con.execute("delete from events")
        con.execute("delete from stories")
        con.execute("delete from dedup.links")
        con.execute("delete from dedup.articles")
        if dedup is not None:
            _insert(con, "dedup.articles", dedup.articles, on_conflict="error")
            _insert(con, "dedup.links", dedup.links, on_conflict="error")
        if article_updates:
            ids, stories, features = (list(col) for col in zip(*article_updates, strict=True))
            con.execute(
                "update articles set story_id = s.story_id, dedup_features = s.features::json "
                "from (select unnest(?) as article_id, unnest(?) as story_id, "
                "unnest(?) as features) s where articles.article_id = s.article_id",
                [ids, stories, features],
            )
        _insert(con, "events", events, on_conflict="error")
        _insert(con, "participants", participants, on_conflict="error")
        kill_point("rebuild_before_commit")
        _recompute_stories(con, None)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _update_canonical_ids(con: duckdb.DuckDBPyConnection, plan: LoadPlan) -> None:
    """Stored events' new canonical ids, one statement each for single events and groups."""
    if plan.canonical_updates:
        ids, canon = (list(c) for c in zip(*plan.canonical_updates, strict=True))
        con.execute(
            "update events set canonical_event_id = s.canonical "
            "from (select unnest(?) as event_id, unnest(?) as canonical) s "
            "where events.event_id = s.event_id",
            [ids, canon],
        )
    if plan.canonical_renames:
        old, new = (list(c) for c in zip(*plan.canonical_renames, strict=True))
        con.execute(
            "update events set canonical_event_id = s.new "
            "from (select unnest(?) as old, unnest(?) as new) s "
            "where coalesce(events.canonical_event_id, events.event_id) = s.old",
            [old, new],
        )


def _write_dedup_index(con: duckdb.DuckDBPyConnection, plan: LoadPlan) -> None:
    """The load's rows of the dedup index: new articles and links, merged components."""
    if plan.dedup_rebuilt:
        con.execute("delete from dedup.links")
        con.execute("delete from dedup.articles")
    if plan.component_renames:
        old, new = (list(c) for c in zip(*plan.component_renames, strict=True))
        con.execute(
            "update dedup.articles set component = s.new "
            "from (select unnest(?) as old, unnest(?) as new) s "
            "where dedup.articles.component = s.old",
            [old, new],
        )
    if plan.dedup_removed:
        con.execute(
            "delete from dedup.articles where article_id in (select unnest(?))",
            [plan.dedup_removed],
        )
    _insert(con, "dedup.articles", plan.dedup_articles, on_conflict="update", key=("article_id",))
    _insert(con, "dedup.links", plan.dedup_links, on_conflict="nothing")
    if plan.dedup_refresh:
        arrow = pa.Table.from_pylist(plan.dedup_refresh)
        con.register("_refresh", arrow)
        try:
            con.execute(
                "update dedup.articles set published = r.published, cite = r.cite, "
                "content_hash = r.content_hash, long_text = r.long_text "
                "from _refresh r where dedup.articles.article_id = r.article_id"
            )
        finally:
            con.unregister("_refresh")


def _upsert_articles(con: duckdb.DuckDBPyConnection, plan: LoadPlan) -> None:
    _insert(con, "articles", plan.articles, on_conflict="update", key=("article_id",))
    if plan.seen_only:
        ids = [a for a, _ in plan.seen_only]
        seen = [s for _, s in plan.seen_only]
        con.execute(
            "update articles set last_seen = greatest(articles.last_seen, s.seen) "
            "from (select unnest(?) as article_id, unnest(?) as seen) s "
            "where articles.article_id = s.article_id",
            [ids, seen],
        )
    if plan.story_updates:
        ids = [a for a, _ in plan.story_updates]
        keys = [k for _, k in plan.story_updates]
        con.execute(
            "update articles set story_id = s.story_id "
            "from (select unnest(?) as article_id, unnest(?) as story_id) s "
            "where articles.article_id = s.article_id",
            [ids, keys],
        )


def _refresh_stories(con: duckdb.DuckDBPyConnection, plan: LoadPlan) -> None:
    """Recompute the stories this load touched; drop those left without articles."""
    touched = {str(a["story_id"]) for a in plan.articles if a.get("story_id")}
    touched |= {k for _, k in plan.story_updates}
    if plan.story_updates:
        con.execute(
            "delete from stories where story_id not in "
            "(select distinct story_id from articles where story_id is not null)"
        )
    if touched:
        _recompute_stories(con, sorted(touched))


def _recompute_stories(con: duckdb.DuckDBPyConnection, story_ids: list[str] | None) -> None:
    """Rebuild the `stories` rows of these stories (all when None) from their articles."""
    if story_ids is None:
        rows = con.execute("select distinct story_id from articles where story_id is not null")
        story_ids = [r[0] for r in rows.fetchall()]
    con.execute(
        """
        insert or replace into stories
        select
            story_id,
            coalesce(
                arg_min(article_id, (published_at, article_id)) filter (where source_id = 'gov.kz'),
                arg_min(article_id, (published_at, article_id))
            ) as origin_article_id,
            min(published_at) as first_published_at,
            count(*) as n_articles,
            list_sort(list_distinct(list(lang))) as languages,
            list_sort(list_distinct(list(source_id))) as sources
        from articles
        where story_id in (select unnest(?))
        group by story_id
        """,
        [story_ids],
    )
    con.execute(
        "update events set story_id = a.story_id from articles a "
        "where events.article_id = a.article_id and a.story_id in (select unnest(?))",
        [story_ids],
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[dict[str, Any]],
    *,
    on_conflict: str,
    key: tuple[str, ...] = (),
) -> None:
    """Bulk insert dict rows through Arrow; columns are the table's, in its order."""
    if not rows:
        return
    columns = _columns(con, table)
    arrow = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows])
    con.register("_stage", arrow)
    try:
        select = ", ".join(f'"{c}"' for c in columns)
        clause = ""
        if on_conflict == "nothing":
            clause = " on conflict do nothing"
        elif on_conflict == "update":  # "error": a conflict raises
            sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
            clause = f" on conflict ({', '.join(key)}) do update set {sets}"
        # Identifiers come from the table's own catalog, values from the Arrow table.
        con.execute(f"insert into {table} ({select}) select {select} from _stage{clause}")  # noqa: S608
    finally:
        con.unregister("_stage")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    schema, _, name = table.rpartition(".")
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema or "main", name],
    ).fetchall()
    return [r[0] for r in rows]
