"""Data quality (RELIABILITY.md 35, 15): SQL data tests run inside every load, before COMMIT, and
a violation rolls the load back; a source that suddenly brings far fewer items is flagged.

The rules live in warehouse/datatests/*.sql (each returns its violating rows) and run through
warehouse.datatests.run_datatests. Each rule is shown to catch its own violation here, the real
extractor's output is shown to pass them all, and a load that breaks one leaves no row behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.load import load_batch, pending_batches, prepare
from flows.transform.events.model import EVENT_TYPES, ROLES, STATUSES
from tests.helpers import warehouse_snapshot
from tests.reliability.batches import ktkz_items, with_fields, write_batch
from warehouse.datatests import DataTestFailed, discover, run_datatests
from warehouse.schema_snapshot import SNAPSHOT

REQUIRED_RULES = {
    "articles_article_id_unique",
    "articles_required_fields",
    "articles_lang_allowed",
    "events_type_status_allowed",
    "participants_role_allowed",
    "country_codes",
    "events_evidence_in_article",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse after one clean load of real-shaped kt.kz items (with events)."""
    root = tmp_path_factory.mktemp("dq")
    warehouse, landing = root / "w.duckdb", root / "landing"
    write_batch(landing, ktkz_items(6), "20260328T120000-dq")
    prepare(warehouse)
    for batch in pending_batches(warehouse, landing):
        assert load_batch(warehouse, batch).loaded
    return warehouse


@pytest.fixture
def copy(loaded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    shutil.copy(loaded, path)
    return path


def _failing(path: Path, *statements: str) -> set[str]:
    con = duckdb.connect(str(path))
    try:
        for sql in statements:
            con.execute(sql)
        return {v.test for v in run_datatests(con)}
    finally:
        con.close()


def test_every_contract_rule_has_a_data_test() -> None:
    assert {t.name for t in discover()} >= REQUIRED_RULES
    assert all(t.description and t.description != t.name for t in discover())


@pytest.mark.slow
def test_a_clean_load_passes_every_data_test(loaded: Path) -> None:
    con = duckdb.connect(str(loaded), read_only=True)
    try:
        (events,) = con.execute("select count(*) from events").fetchone() or (0,)
        assert events > 0, "the clean load should carry events to check"
        assert run_datatests(con) == []
    finally:
        con.close()


@pytest.mark.slow
def test_the_demo_warehouse_passes_every_data_test(demo_warehouse: tuple[Path, Path]) -> None:
    con = duckdb.connect(str(demo_warehouse[0]), read_only=True)
    try:
        assert [str(v) for v in run_datatests(con)] == []
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rule", "corruption"),
    [
        ("articles_required_fields", "update articles set title = '  ' where rowid = 0"),
        ("articles_required_fields", "update articles set url = '' where rowid = 0"),
        ("articles_lang_allowed", "update articles set lang = 'de' where rowid = 0"),
        ("events_type_status_allowed", "update events set type = 'dinner' where rowid = 0"),
        ("events_type_status_allowed", "update events set status = 'maybe' where rowid = 0"),
        ("participants_role_allowed", "update participants set role = 'observer' where rowid = 0"),
        ("country_codes", "update events set country = 'kz' where rowid = 0"),
        ("country_codes", "update participants set country = 'KAZ' where rowid = 0"),
        (
            "events_evidence_in_article",
            "update events set evidence = 'Never said.' where rowid = 0",
        ),
        (
            "events_evidence_in_article",
            "insert into events (event_id, article_id, type, status, evidence, extractor_version) "
            "values ('orphan', 'no-such-article', 'meeting', 'held', 'x', 'test')",
        ),
    ],
)
def test_each_data_test_catches_its_violation(rule: str, corruption: str, copy: Path) -> None:
    con = duckdb.connect(str(copy))
    try:
        assert con.execute("select count(*) from participants").fetchone() != (0,)
    finally:
        con.close()
    assert _failing(copy, corruption) == {rule}


def test_the_unique_article_rule_catches_a_duplicate_once_the_key_is_gone(tmp_path: Path) -> None:
    """The primary key makes duplicates impossible today; the rule still guards a later schema."""
    con = duckdb.connect(str(tmp_path / "nokey.duckdb"))
    try:
        con.execute(
            SNAPSHOT.read_text(encoding="utf-8").replace(
                "article_id VARCHAR PRIMARY KEY,\n    source_id",
                "article_id VARCHAR,\n    source_id",
            )
        )
        columns = (
            "article_id, source_id, url, canonical_url, lang, title, body_text, published_at, "
            "content_hash, version, first_seen, last_seen, load_id"
        )
        row = (
            "'a1', 'kt.kz', 'https://www.kt.kz/x', 'https://www.kt.kz/x', 'ru', 'T', 'B', "
            "'2026-03-01 10:00:00+05', 'h', 1, '2026-03-01 10:00:00+05', "
            "'2026-03-01 10:00:00+05', 'l1'"
        )
        con.execute(f"insert into articles ({columns}) values ({row}), ({row})")
        assert {v.test for v in run_datatests(con)} == {"articles_article_id_unique"}
    finally:
        con.close()


@pytest.mark.slow
def test_every_value_the_extractor_may_emit_is_allowed(copy: Path) -> None:
    con = duckdb.connect(str(copy))
    try:
        for value in EVENT_TYPES:
            con.execute("update events set type = ? where rowid = 0", [value])
            assert run_datatests(con) == [], value
        for value in STATUSES:
            con.execute("update events set status = ? where rowid = 0", [value])
            assert run_datatests(con) == [], value
        for value in (*ROLES, "organization"):
            con.execute("update participants set role = ? where rowid = 0", [value])
            assert run_datatests(con) == [], value
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# 35. A load that breaks a data test is rolled back whole
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_load_that_breaks_a_data_test_fails_and_leaves_no_row(
    loaded: Path, copy: Path, tmp_path: Path
) -> None:
    item, page = ktkz_items(8)[7]
    bad = with_fields(item, lang="de")  # the parser never says so; a buggy one might
    landing = tmp_path / "landing"
    write_batch(landing, [(bad, page)], "20260328T130000-bad")
    (batch,) = pending_batches(copy, landing)
    before = warehouse_snapshot(copy)
    with pytest.raises(DataTestFailed, match="articles_lang_allowed") as failed:
        load_batch(copy, batch)
    assert "kt.kz/20260328T130000-bad" in str(failed.value)
    assert warehouse_snapshot(copy) == before
    assert pending_batches(copy, landing) == [batch]  # the next run tries it again


@pytest.mark.slow
def test_an_old_bad_row_does_not_block_later_loads(copy: Path, tmp_path: Path) -> None:
    """Rules look at the rows of the load being written, not at the whole history."""
    con = duckdb.connect(str(copy))
    try:
        con.execute("update articles set lang = 'de' where rowid = 0")
    finally:
        con.close()
    landing = tmp_path / "landing"
    write_batch(landing, ktkz_items(8)[6:], "20260328T140000-good")
    (batch,) = pending_batches(copy, landing)
    assert load_batch(copy, batch).loaded


# --------------------------------------------------------------------------------------------
# 15. A source far below its usual volume is flagged
# --------------------------------------------------------------------------------------------


def test_a_crawl_far_below_the_trailing_median_is_flagged() -> None:
    from flows.volume import assess_volume  # the check the flow runs after each crawl

    usual = [22, 25, 19, 24, 23, 21, 26, 20]
    alert = assess_volume("kt.kz", usual, 1)
    assert alert is not None and alert.source == "kt.kz"
    assert "kt.kz" in alert.reason and "1" in alert.reason
    assert assess_volume("kt.kz", usual, 18) is None  # an ordinary dip
    assert assess_volume("kt.kz", [1, 0, 2, 1, 0, 1], 0) is None  # quiet sources stay quiet
    assert assess_volume("kt.kz", [25, 24], 0) is None  # too little history to judge


@pytest.mark.slow
def test_the_volume_history_comes_from_the_recorded_crawls(loaded: Path, tmp_path: Path) -> None:
    from warehouse.state import daily_item_counts

    path = tmp_path / "w.duckdb"
    shutil.copy(loaded, path)
    con = duckdb.connect(str(path))
    try:
        latest = "select max(finished_at) + interval 1 minute from crawl_runs"
        (now,) = con.execute(latest).fetchone()
        history = [(1, 20), (1, 4), (2, 21), (4, 19)]  # (days before the clean crawl, items)
        for n, (days, count) in enumerate(history):
            con.execute(
                "insert into crawl_runs (run_id, source_id, started_at, finished_at, verdict, "
                "n_items, n_pages, n_requests, n_errors) "
                "values (?, 'kt.kz', ?::timestamptz - to_days(?) - interval 1 hour, "
                "?::timestamptz - to_days(?), 'ok', ?, 0, 0, 0)",
                [f"hist-{n}", now, days, now, days, count],
            )
        current, usual = daily_item_counts(con, "kt.kz", now)
    finally:
        con.close()
    # the clean load's crawl is today's; earlier days summed per day, newest first, and the
    # day on which nothing was crawled (3 days before) left out rather than counted as zero
    assert (current, usual) == (6, [24, 21, 19])
