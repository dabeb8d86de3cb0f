"""What `make demo` promises: every source loads, one release is one story across outlets and
languages, and a second run over the unchanged snapshot costs almost nothing and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import mfa_etl
from flows.sources import SOURCES
from flows.summary import summary_of
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from tests.helpers import FAST_CRAWL, warehouse_snapshot

pytestmark = pytest.mark.slow


def test_every_source_loads_relevant_articles(demo_warehouse: tuple[Path, Path]) -> None:
    warehouse, _ = demo_warehouse
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "select source_id, count(*) filter (where relevant), count(*) filter (where not relevant) "
        "from articles group by 1"
    ).fetchall()
    counts = {source: (relevant, other) for source, relevant, other in rows}
    assert set(counts) == set(SOURCES)
    assert all(relevant >= 8 for relevant, _ in counts.values()), counts
    assert counts["inform.kz"][1] > 0 and counts["tengrinews.kz"][1] > 0  # the filter dropped some


def test_a_ministry_release_in_three_languages_and_its_reprints_are_one_story(
    demo_warehouse: tuple[Path, Path],
) -> None:
    warehouse, _ = demo_warehouse
    con = duckdb.connect(str(warehouse), read_only=True)
    stories = con.execute(
        """
        select s.story_id,
               list_distinct(list(a.lang) filter (where a.source_id = 'gov.kz')) as gov_langs,
               list_distinct(list(a.source_id) filter (where a.source_id <> 'gov.kz')) as outlets,
               any_value(o.source_id) as origin_source
        from articles a
        join stories s on s.story_id = a.story_id
        join articles o on o.article_id = s.origin_article_id
        group by s.story_id
        """
    ).fetchall()
    full = [s for s in stories if len(s[1] or []) == 3 and len(s[2] or []) >= 2]
    assert full, "no gov.kz release in ru/kk/en reprinted by two outlets"
    assert all(origin == "gov.kz" for *_, origin in full)  # the ministry's page is the origin


def test_a_second_run_over_the_unchanged_snapshot_costs_little_and_changes_nothing(
    demo_warehouse: tuple[Path, Path], tmp_path: Path
) -> None:
    warehouse, landing = demo_warehouse
    copy, landing_copy = tmp_path / "w.duckdb", tmp_path / "landing"
    shutil.copy(warehouse, copy)
    shutil.copytree(landing, landing_copy)  # the robots.txt cache lives there
    before = warehouse_snapshot(copy)
    names = list(SOURCES)
    with SnapshotServer(names) as server:
        state = mfa_etl(
            warehouse=str(copy),
            landing=str(landing_copy),
            sources=names,
            snapshot={s: server.snapshot_arg(s) for s in names},
            allow_private_hosts=["127.0.0.1"],
            crawl_settings=FAST_CRAWL,
            crawl_retries=0,
            freshness_as_of={s: CAPTURED_AT[s] for s in names},
            return_state=True,
        )
        log = list(server.log)
    summary = summary_of(state.result(raise_on_failure=False))
    assert state.is_completed(), summary.failure_message()
    for source in names:
        served = [status for s, _, status in log if s == source]
        assert len(served) <= 2, (source, served)  # the primary edition and one other
        assert served.count(200) <= 2, (source, served)  # gov.kz's ticket and API page
        assert summary.sources[source].requests == len(served)
    after = warehouse_snapshot(copy)
    for table in ("articles", "article_versions", "stories", "events", "participants"):
        assert after[table] == before[table], table
