"""The mfa-etl flow end to end against the kt.kz snapshot, under Prefect's test harness."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from flows.batches import published_batches
from flows.crawl import PROJECT_ROOT
from flows.load import load_batch
from flows.pipeline import NEEDS_ATTENTION, mfa_etl
from flows.summary import RunSummary, summary_of
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from tests.helpers import FAST_CRAWL, warehouse_snapshot

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
SEED_URL = (
    "https://www.kt.kz/rus/politics/"
    "posly_kazahstana_proveli_ryad_vstrech_dlya_razvitiya_1377987726.html"
)


def run_flow(
    server: SnapshotServer, warehouse: Path, landing: Path, as_of: str = CAPTURED_AT["kt.kz"]
) -> tuple[str, RunSummary]:
    state = mfa_etl(
        warehouse=str(warehouse),
        landing=str(landing),
        sources=["kt.kz"],
        snapshot={"kt.kz": server.snapshot_arg("kt.kz")},
        allow_private_hosts=["127.0.0.1"],
        crawl_settings=FAST_CRAWL,
        crawl_retries=0,
        freshness_as_of={"kt.kz": as_of},
        return_state=True,
    )
    name = state.name if state.name == NEEDS_ATTENTION else state.type.value
    return name, summary_of(state.result(raise_on_failure=False))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RunSummary]:
    """One clean run of the flow over the kt.kz snapshot."""
    root = tmp_path_factory.mktemp("etl")
    warehouse, landing = root / "w.duckdb", root / "landing"
    with SnapshotServer(["kt.kz"]) as server:
        status, summary = run_flow(server, warehouse, landing)
    assert status == "COMPLETED", summary.failure_message()
    return warehouse, landing, summary


def test_seed_article_is_one_article_with_its_fields(loaded: tuple[Path, Path, RunSummary]) -> None:
    warehouse, _, _ = loaded
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "select title, published_at, dateline_place, dateline_date, body_text, lang, "
        "source_item_id from articles where url = ?",
        [SEED_URL],
    ).fetchall()
    assert len(rows) == 1
    title, published, place, dateline, body, lang, item_id = rows[0]
    assert title == "Послы Казахстана провели ряд встреч для развития международного сотрудничества"
    assert isinstance(published, datetime) and published.utcoffset() is not None
    assert published.date() == date(2026, 2, 11)
    assert (place, dateline) == ("Астана", date(2026, 2, 10))
    assert body.startswith("Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские дипломаты")
    assert "В Джидде состоялся ежегодный международный благотворительный фестиваль" in body
    assert "Фото: МИД РК" not in body
    assert (lang, item_id) == ("ru", "1377987726")


def test_summary_counts_what_was_loaded(loaded: tuple[Path, Path, RunSummary]) -> None:
    warehouse, _, summary = loaded
    entry = summary.sources["kt.kz"]
    con = duckdb.connect(str(warehouse), read_only=True)
    (articles,) = con.execute("select count(*) from articles").fetchone() or (0,)
    (events,) = con.execute("select count(*) from events").fetchone() or (0,)
    assert entry.status == "ok" and entry.new == articles > 20
    assert entry.events == events > 0
    assert entry.requests >= entry.pages > articles


def test_loading_the_same_batch_twice_leaves_every_table_identical(
    loaded: tuple[Path, Path, RunSummary], tmp_path: Path
) -> None:
    warehouse, landing, _ = loaded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    before = warehouse_snapshot(copy)
    for batch in published_batches(landing):
        result = load_batch(copy, batch)
        assert not result.loaded
    assert warehouse_snapshot(copy) == before


def test_a_source_answering_500_fails_the_run_by_name_and_changes_nothing(
    loaded: tuple[Path, Path, RunSummary], tmp_path: Path
) -> None:
    warehouse, _, _ = loaded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    before = warehouse_snapshot(copy)
    with SnapshotServer(["kt.kz"], fault={"kt.kz": 500}) as server:
        status, summary = run_flow(server, copy, tmp_path / "landing")
    assert status == "FAILED"
    failed = summary.sources["kt.kz"]
    assert failed.status == "failed" and failed.stage == "fetch"
    assert failed.url.startswith("https://www.kt.kz/")
    assert "kt.kz" in summary.failure_message()
    assert warehouse_snapshot(copy) == before


def test_a_killed_crawl_publishes_nothing_and_the_next_run_loads_everything_once(
    loaded: tuple[Path, Path, RunSummary], tmp_path: Path
) -> None:
    clean_warehouse, _, _ = loaded
    warehouse, landing = tmp_path / "w.duckdb", tmp_path / "landing"
    with SnapshotServer(["kt.kz"], delay=0.2) as server:
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", "kt.kz",
            "-a", f"snapshot={server.snapshot_arg('kt.kz')}",
            "-s", "MFA_ALLOW_PRIVATE_HOSTS=127.0.0.1", "-s", f"MFA_LANDING_DIR={landing}",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        ]  # fmt: skip
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while server.requests["kt.kz"] < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert published_batches(landing) == []
    assert any(p.name.startswith(".partial-") for p in (landing / "kt.kz").iterdir())

    with SnapshotServer(["kt.kz"]) as server:
        status, _ = run_flow(server, warehouse, landing)
    assert status == "COMPLETED"
    query = (
        "select count(*), count(distinct article_id), count(distinct canonical_url) from articles"
    )
    counts = duckdb.connect(str(warehouse), read_only=True).execute(query).fetchone()
    expected = duckdb.connect(str(clean_warehouse), read_only=True).execute(query).fetchone()
    assert counts == expected


def test_a_second_run_with_nothing_new_completes_with_zero_new_articles(
    loaded: tuple[Path, Path, RunSummary], tmp_path: Path
) -> None:
    warehouse, _, _ = loaded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    before = warehouse_snapshot(copy)
    with SnapshotServer(["kt.kz"]) as server:
        status, summary = run_flow(server, copy, tmp_path / "landing")
    entry = summary.sources["kt.kz"]
    assert status == "COMPLETED"
    assert (entry.new, entry.updated, entry.events) == (0, 0, 0)
    # robots.txt (this landing folder has no cached copy), the Russian feed and the stalest
    # other edition: nothing else
    assert entry.requests <= 3
    after = warehouse_snapshot(copy)
    for table in ("articles", "stories", "events", "participants"):
        assert after[table] == before[table], table


def test_a_run_given_no_warehouse_loads_the_one_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a scheduled deployment does: it passes no warehouse, the service's environment
    (systemd, docker-compose) names it."""
    named = tmp_path / "srv" / "warehouse.duckdb"
    named.parent.mkdir()
    monkeypatch.setenv("MFA_WATCH_WAREHOUSE", str(named))
    monkeypatch.chdir(tmp_path)
    with SnapshotServer(["kt.kz"]) as server:
        state = mfa_etl(
            landing=str(tmp_path / "landing"),
            sources=["kt.kz"],
            snapshot={"kt.kz": server.snapshot_arg("kt.kz")},
            allow_private_hosts=["127.0.0.1"],
            crawl_settings=FAST_CRAWL,
            crawl_retries=0,
            freshness_as_of={"kt.kz": CAPTURED_AT["kt.kz"]},
            return_state=True,
        )
    summary = summary_of(state.result(raise_on_failure=False))
    assert state.is_completed(), summary.failure_message()
    assert summary.sources["kt.kz"].new > 0
    con = duckdb.connect(str(named), read_only=True)
    try:
        row = con.execute("select count(*) from articles").fetchone()
    finally:
        con.close()
    assert row is not None and row[0] == summary.sources["kt.kz"].new
    assert not (tmp_path / "data").exists()  # the default file was not made beside it


def test_a_source_far_below_its_usual_volume_needs_attention_by_name(
    loaded: tuple[Path, Path, RunSummary], tmp_path: Path
) -> None:
    """A week of about 20 items a day, then a day whose crawls bring nothing: an alert."""
    warehouse, _, _ = loaded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    con = duckdb.connect(str(copy))
    try:  # the first crawl moves out of the last 24 h; a usual week is recorded before it
        con.execute(
            "update crawl_runs set started_at = started_at - interval 10 day, "
            "finished_at = finished_at - interval 10 day"
        )
        for day, items in enumerate((20, 22, 19, 21, 20, 23, 18), start=1):
            con.execute(
                "insert into crawl_runs (run_id, source_id, started_at, finished_at, verdict, "
                "n_items, n_pages, n_requests, n_errors) values (?, 'kt.kz', "
                "now() - to_days(?) - interval 5 minute, now() - to_days(?), 'ok', ?, 0, 0, 0)",
                [f"usual-{day}", day, day, items],
            )
    finally:
        con.close()
    with SnapshotServer(["kt.kz"]) as server:
        status, summary = run_flow(server, copy, tmp_path / "landing")
    assert status == NEEDS_ATTENTION
    assert [v.source for v in summary.volume] == ["kt.kz"]
    assert "kt.kz is far below its usual volume" in summary.attention_message()
    assert summary.silent == [] and summary.failed == []


def test_a_source_silent_beyond_its_cadence_needs_attention_by_name(
    loaded: tuple[Path, Path, RunSummary], tmp_path: Path
) -> None:
    warehouse, _, _ = loaded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    with SnapshotServer(["kt.kz"]) as server:
        status, summary = run_flow(server, copy, tmp_path / "landing", "2026-04-15T12:00:00+05:00")
    assert status == NEEDS_ATTENTION
    assert [f.source for f in summary.silent] == ["kt.kz"]
    assert "kt.kz is silent" in summary.attention_message()
    assert summary.failed == []
