"""Every example query of docs/queries.md, run on the demo warehouse, answers what it says.

The queries run through the same read-only, locked-down connection as `mfa-watch sql`, and each
answer is checked against the raw tables, not against the views themselves.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse import models
from warehouse.migrate import migrate
from warehouse.search import load_fts

QUERIES_MD = Path(__file__).parents[2] / "docs" / "queries.md"
DOC_RUN_ID = "20260301T060000-0a1b2c3d"  # the example run id of the docs, replaced by a real one
LOCAL = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
LATIN_RE = re.compile(r"[A-Za-z]")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


def doc_queries() -> dict[str, list[str]]:
    """section title -> the SQL blocks under it, in order."""
    out: dict[str, list[str]] = {}
    for section in re.split(r"^## ", QUERIES_MD.read_text(encoding="utf-8"), flags=re.M)[1:]:
        title = section.splitlines()[0].strip()
        out[title] = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    return out


QUERIES = doc_queries()


@pytest.fixture(scope="module")
def modelled(
    demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("views") / "warehouse.duckdb"
    shutil.copy(demo_warehouse[0], path)
    con = duckdb.connect(str(path), config=LOCAL)
    migrate(con)
    con.close()
    models.refresh(path)
    yield path


@pytest.fixture(scope="module")
def con(modelled: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only, fts loaded from the wheel, then external access off and config locked."""
    connection = duckdb.connect(str(modelled), read_only=True, config=LOCAL)
    load_fts(connection)
    connection.execute("set enable_external_access = false")
    connection.execute("set lock_configuration = true")
    yield connection
    connection.close()


def run(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


def test_every_view_and_macro_has_a_documented_query() -> None:
    documented = " ".join(QUERIES)
    for name in [*models.VIEWS, "search_articles"]:
        assert name in documented, f"docs/queries.md has no section for {name}"
    assert all(QUERIES.values())
    assert sum(len(v) for v in QUERIES.values()) >= 12


def test_view_queries_run_through_mfa_watch_sql(modelled: Path) -> None:
    from warehouse.query import run_readonly

    plain = duckdb.connect(str(modelled), read_only=True)
    run_id = _first_run(plain)
    plain.close()
    for title, blocks in QUERIES.items():
        if title == "search_articles":
            continue  # needs fts loaded in the locked connection (see test_search)
        for sql in blocks:
            result = run_readonly(modelled, sql.replace(DOC_RUN_ID, run_id))
            assert result.rows, f"{title}: no rows"


def test_countries_of_the_latest_quarter(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["events_by_country_month"][0])
    assert 0 < len(rows) <= 10
    events = [r["events"] for r in rows]
    assert events == sorted(events, reverse=True) and events[0] >= 2
    for r in rows:
        # one real event can be reported as announced, then as held
        assert max(r["held"], r["announced"]) <= r["events"] <= r["held"] + r["announced"]
        assert r["country_name"] != "unknown" and len(r["country_code"]) == 2
    # cross-check the whole view against the raw events
    total = one(con, "select sum(n_events) from events_by_country_month")
    raw = one(
        con,
        "select count(*) from (select distinct coalesce(canonical_event_id, event_id), "
        "upper(country), date_trunc('month', event_date) from events "
        "where event_date is not null)",
    )
    assert total == raw


def test_events_abroad_month_by_month(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["events_by_country_month"][1])
    months = [r["month"] for r in rows]
    assert months == sorted(set(months)) and len(months) >= 2
    assert all(r["events_abroad"] >= r["countries"] >= 1 for r in rows)
    abroad = one(
        con,
        "select count(distinct canonical_event_id) from fct_events "
        "where country_code is not null and country_code <> 'KZ' and event_month = ?",
        [months[-1]],
    )
    assert rows[-1]["events_abroad"] >= abroad


def test_one_persons_activity_across_languages(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["person_activity"][0])
    assert len(rows) >= 2
    languages = {lang for r in rows for lang in r["languages"]}
    written = {name for r in rows for name in r["written_as"]}
    assert {"ru", "en"} <= languages <= {"ru", "kk", "en"}
    assert any(LATIN_RE.search(n) for n in written) and any(CYRILLIC_RE.search(n) for n in written)
    key = one(
        con,
        "select person_key from dim_people "
        "where list_contains(names_as_written, 'Daniyar Orazbekov')",
    )
    raw = one(
        con,
        "select count(distinct coalesce(e.canonical_event_id, e.event_id)) "
        "from participants p join events e using (event_id) where p.name_key = ?",
        [key],
    )
    assert sum(r["events"] for r in rows) == raw


def test_whom_the_ambassador_in_washington_met(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["person_activity"][1])
    assert rows
    assert len({r["person_name"] for r in rows}) == 1
    latest_year = one(con, "select max(year(event_date)) from person_activity")
    assert all(r["event_date"].year == latest_year for r in rows)
    met = {name for r in rows for name in r["met"]}
    assert met, "the ambassador met nobody?"
    dates = [r["event_date"] for r in rows]
    assert dates == sorted(dates)


def test_most_active_kazakh_diplomats(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["person_activity"][2])
    assert 3 <= len(rows) <= 10
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    top = rows[0]
    n_events = one(
        con, "select n_events from dim_people where display_name = ?", [top["person_name"]]
    )
    assert top["events"] <= n_events
    assert top["met"] and len(top["met"]) <= 5


def test_organizations_counted_once_across_languages(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["counterpart_organizations"][0])
    names = [r["organization"] for r in rows]
    assert len(names) == len(set(names)) >= 2
    for r in rows:
        assert not (set(r["abbreviations"]) - {r["organization"]}) & set(names)
        assert r["first_event"] <= r["last_event"]
    top = rows[0]
    assert top["events"] >= 2 and top["events"] >= rows[-1]["events"]
    raw = one(
        con,
        "select count(distinct coalesce(canonical_event_id, event_id)) from events "
        "where list_has_any(organizations, ?)",
        [top["abbreviations"]],
    )
    assert top["events"] == raw


def test_releases_only_one_outlet_carried(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["story_reports"][0])
    assert 0 < len(rows) <= 20
    published = [r["published"] for r in rows]
    assert published == sorted(published, reverse=True)
    wrong = con.execute(
        "select story_id from story_reports s where single_outlet <> ("
        "select count(distinct source_id) = 1 from articles a where a.story_id = s.story_id)"
    ).fetchall()
    assert wrong == []


def test_releases_that_travelled(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["story_reports"][1])
    assert rows
    for r in rows:
        sources = {report.split(" (")[0] for report in r["reports"]}
        assert len(sources) == r["n_outlets"] > 1
        assert set(r["languages"]) == {report[-3:-1] for report in r["reports"]}


def test_source_freshness(con: duckdb.DuckDBPyConnection) -> None:
    from flows.sources import SOURCES

    rows = run(con, QUERIES["source_freshness and source_gaps"][0])
    assert sorted(r["source_id"] for r in rows) == sorted(SOURCES)
    for r in rows:
        assert r["is_silent"] == (r["age_hours"] > r["cadence_hours"])
        assert r["cadence_hours"] == SOURCES[r["source_id"]].cadence_hours
        newest = one(
            con,
            "select max(published_at) from articles where relevant and source_id = ?",
            [r["source_id"]],
        )
        assert r["newest_published_at"] == newest
        assert r["last_crawl_verdict"] in ("ok", "partial")
        if r["n_gaps"]:
            assert r["longest_gap_hours"] > r["cadence_hours"]


def test_source_gaps(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["source_freshness and source_gaps"][1])
    assert rows
    per_source: dict[str, int] = {}
    for r in rows:
        per_source[r["source_id"]] = per_source.get(r["source_id"], 0) + 1
        assert r["gap_hours"] > r["cadence_hours"]
        assert isinstance(r["gap_start"], datetime) and r["gap_end"] > r["gap_start"]
        between = one(
            con,
            "select count(*) from articles where relevant and source_id = ? "
            "and published_at > ? and published_at < ?",
            [r["source_id"], r["gap_start"], r["gap_end"]],
        )
        assert between == 0, "a gap with an article inside it"
    assert max(per_source.values()) <= 3


def test_changes_of_the_last_day(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["changes_since"][0])
    loads = one(con, "select count(distinct source_id) from _loads")
    assert len({r["source_id"] for r in rows}) == loads
    assert sum(r["articles"] for r in rows) == one(con, "select count(*) from article_versions")
    assert {r["change"] for r in rows} <= {"new", "updated"}


def test_changes_after_a_given_run(con: duckdb.DuckDBPyConnection) -> None:
    run_id = _first_run(con)
    rows = run(con, QUERIES["changes_since"][1].replace(DOC_RUN_ID, run_id))
    finished = one(con, "select finished_at from _loads where run_id = ?", [run_id])
    source = one(con, "select source_id from _loads where run_id = ?", [run_id])
    assert rows and all(r["loaded_at"] > finished for r in rows)
    assert source not in {r["source_id"] for r in rows}
    everything = one(con, "select count(*) from changes_since('2000-01-01')")
    assert everything == one(con, "select count(*) from article_versions")


def test_changes_since_refuses_what_it_cannot_read(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.InvalidInputException, match="neither a run id"):
        con.execute("select * from changes_since('last tuesday')").fetchall()
    assert one(con, "select count(*) from changes_since(date '2999-01-01')") == 0


def test_search_example(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, QUERIES["search_articles"][0])
    assert 0 < len(rows) <= 5
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert "Япон" in rows[0]["title"]


def _first_run(con: duckdb.DuckDBPyConnection) -> str:
    return str(one(con, "select run_id from _loads order by finished_at, run_id limit 1"))


def test_queries_md_dates_are_data_relative() -> None:
    # the demo's articles are from the past: a literal "this year" would go stale silently
    text = QUERIES_MD.read_text(encoding="utf-8")
    for block in [b for blocks in QUERIES.values() for b in blocks]:
        assert "current_date" not in block
    assert "current_date" in text  # the prose says how to write it on a live warehouse
