"""The scale-out pieces that need no server: shard planning, domain limits, crawl state files,
the deployments' YAML against their Python counterpart, and the worker script's arguments."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from flows import scaleout
from flows.crawl import CrawlOptions, CrawlResult, Incremental, crawl_command
from flows.deployments import TIMEZONE
from flows.scaleout import (
    BACKFILL_QUEUE,
    Shard,
    date_windows,
    domain_limit,
    plan_shards,
    publish_crawl_state,
    read_crawl_state,
)
from flows.scaleout_deploy import DEPLOYMENTS, POOL, QUEUES, TAGS
from flows.sources import SOURCES

ROOT = Path(__file__).resolve().parents[2]
POOL_YAML = ROOT / "deploy" / "prefect-pool.yaml"
WORKER_SCRIPT = ROOT / "scripts" / "worker.sh"


# --- planning ---------------------------------------------------------------------------------


def test_a_scheduled_dispatch_is_one_run_per_source_on_the_deployments_own_queue() -> None:
    assert plan_shards(["kt.kz", "gov.kz"]) == [Shard("kt.kz"), Shard("gov.kz")]
    assert [s.run_name for s in plan_shards(["kt.kz"])] == ["kt.kz"]


def test_a_backfill_without_windows_is_one_run_per_source_on_the_backfill_queue() -> None:
    shards = plan_shards(["kt.kz", "inform.kz"], since="2024-01-01")
    assert shards == [
        Shard("kt.kz", "2024-01-01", None, BACKFILL_QUEUE),
        Shard("inform.kz", "2024-01-01", None, BACKFILL_QUEUE),
    ]
    assert shards[0].run_name == "kt.kz 2024-01-01..now"


def test_windows_cover_the_range_once_newest_first_and_interleave_the_sources() -> None:
    shards = plan_shards(["kt.kz", "gov.kz"], "2024-01-01", "2024-03-15", window_days=30)
    assert [(s.source, s.since, s.until) for s in shards] == [
        ("kt.kz", "2024-03-01", "2024-03-15"),
        ("gov.kz", "2024-03-01", "2024-03-15"),
        ("kt.kz", "2024-01-31", "2024-03-01"),
        ("gov.kz", "2024-01-31", "2024-03-01"),
        ("kt.kz", "2024-01-01", "2024-01-31"),
        ("gov.kz", "2024-01-01", "2024-01-31"),
    ]
    assert {s.queue for s in shards} == {BACKFILL_QUEUE}


def test_open_ended_windows_reach_through_today() -> None:
    shards = plan_shards(["kt.kz"], "2026-03-01", window_days=7, today=date(2026, 3, 10))
    assert [(s.since, s.until) for s in shards] == [
        ("2026-03-08", "2026-03-11"),
        ("2026-03-01", "2026-03-08"),
    ]


def test_date_windows_are_contiguous_and_refuse_a_zero_width() -> None:
    windows = date_windows(date(2020, 1, 1), date(2021, 1, 1), 45)
    ordered = windows[::-1]
    assert ordered[0][0] == date(2020, 1, 1) and ordered[-1][1] == date(2021, 1, 1)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ordered))
    assert date_windows(date(2020, 1, 1), date(2020, 1, 1), 7) == []
    with pytest.raises(ValueError, match="at least 1"):
        date_windows(date(2020, 1, 1), date(2020, 2, 1), 0)


def test_bounds_without_since_and_unknown_sources_are_refused() -> None:
    with pytest.raises(ValueError, match="need since"):
        plan_shards(["kt.kz"], until="2024-01-01")
    with pytest.raises(ValueError, match="need since"):
        plan_shards(["kt.kz"], window_days=30)
    with pytest.raises(KeyError, match=r"known: gov\.kz"):
        plan_shards(["kt.kz", "example.kz"])


def test_each_source_has_its_own_domain_limit_named_after_its_host() -> None:
    assert domain_limit("gov.kz") == "domain:gov.kz"  # https://www.gov.kz
    assert domain_limit("astanatimes.com") == "domain:astanatimes.com"
    assert len({domain_limit(s) for s in SOURCES}) == len(SOURCES)


class _RecordingCrawl:
    """Stands for the crawl task: records the options, answers an ok batch."""

    def __init__(self) -> None:
        self.options: list[CrawlOptions] = []

    def with_options(self, **_: Any) -> _RecordingCrawl:
        return self

    def __call__(self, source: str, landing: Path, options: CrawlOptions) -> CrawlResult:
        self.options.append(options)
        return CrawlResult(source, "run-1", landing / source / "run-1", {"verdict": "ok"})


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> _RecordingCrawl:
    """crawl_source with its crawl task, domain slot, logger and artifact replaced."""
    fake = _RecordingCrawl()
    monkeypatch.setattr(scaleout, "crawl", fake)
    monkeypatch.setattr(scaleout, "concurrency", lambda *a, **k: contextlib.nullcontext())
    monkeypatch.setattr(scaleout, "get_run_logger", lambda: logging.getLogger("test"))
    monkeypatch.setattr(scaleout, "create_table_artifact", lambda **k: None)
    return fake


def test_a_window_bounded_above_is_passed_to_the_crawl(
    tmp_path: Path, recorded: _RecordingCrawl
) -> None:
    state = scaleout.crawl_source.fn("kt.kz", "2024-01-01", "2024-02-01", landing=str(tmp_path))
    assert state.is_completed()
    (options,) = recorded.options
    assert (options.since, options.until) == ("2024-01-01", "2024-02-01")
    assert options.known_max_id is None and options.known_ids is None  # a backfill reads all
    cmd = crawl_command("kt.kz", tmp_path, "run-1", options)
    assert cmd[cmd.index("since=2024-01-01") - 1] == "-a"
    assert cmd[cmd.index("until=2024-02-01") - 1] == "-a"


def test_a_scheduled_crawl_gets_no_until(tmp_path: Path, recorded: _RecordingCrawl) -> None:
    scaleout.crawl_source.fn("kt.kz", landing=str(tmp_path))
    (options,) = recorded.options
    assert options.since is None and options.until is None
    assert not any(
        arg.startswith("until=") for arg in crawl_command("kt.kz", tmp_path, "r", options)
    )


def test_until_without_since_is_refused_before_anything_is_crawled(
    tmp_path: Path, recorded: _RecordingCrawl
) -> None:
    with pytest.raises(ValueError, match="needs since"):
        scaleout.crawl_source.fn("kt.kz", None, "2024-02-01", landing=str(tmp_path))
    assert recorded.options == [] and not any(tmp_path.iterdir())


def test_the_scale_out_flows_share_the_pipelines_names_for_landing_and_attention() -> None:
    from flows import pipeline

    assert scaleout.DEFAULT_LANDING == pipeline.DEFAULT_LANDING
    assert scaleout.NEEDS_ATTENTION == pipeline.NEEDS_ATTENTION


# --- crawl state --------------------------------------------------------------------------------


def test_no_published_state_means_a_first_crawl(tmp_path: Path) -> None:
    assert read_crawl_state(tmp_path, "kt.kz") == Incremental()


def test_state_published_for_an_empty_warehouse_reads_back_empty_and_leaves_no_temp_files(
    tmp_path: Path,
) -> None:
    from flows.load import prepare

    warehouse, landing = tmp_path / "w.duckdb", tmp_path / "landing"
    prepare(warehouse)
    publish_crawl_state(warehouse, landing, ["kt.kz"])
    assert read_crawl_state(landing, "kt.kz") == Incremental()
    folder = landing / "kt.kz" / scaleout.STATE_DIR
    assert sorted(p.name for p in folder.iterdir()) == [
        "known_ids.json",
        "state.json",
        "validators.json",
    ]
    assert json.loads((folder / "state.json").read_text())["max_id"] is None


def test_published_state_points_the_crawl_at_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "kt.kz" / scaleout.STATE_DIR
    folder.mkdir(parents=True)
    (folder / "validators.json").write_text('{"https://www.kt.kz/rss": {"etag": "\\"x\\""}}')
    (folder / "known_ids.json").write_text('["101", "102"]')
    (folder / "state.json").write_text('{"max_id": 102, "max_ids_by_host": {"www.kt.kz": 102}}')
    got = read_crawl_state(tmp_path, "kt.kz")
    assert got.max_id == 102
    assert got.max_ids_by_host == '{"www.kt.kz": 102}'
    assert got.validators == str((folder / "validators.json").resolve())
    assert got.known_ids == str((folder / "known_ids.json").resolve())


# --- deployments --------------------------------------------------------------------------------


def _yaml_deployments() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(POOL_YAML.read_text(encoding="utf-8"))
    assert data["build"] is None and data["push"] is None and "pull" not in data
    return {d["name"]: d for d in data["deployments"]}


def test_prefect_pool_yaml_declares_exactly_the_python_deployments() -> None:
    declared = _yaml_deployments()
    assert list(declared) == [d.name for d in DEPLOYMENTS]
    for spec in DEPLOYMENTS:
        d = declared[spec.name]
        assert d["entrypoint"] == spec.entrypoint
        assert d["work_pool"] == {"name": POOL, "work_queue_name": spec.queue}
        assert d["description"] == spec.description
        assert d.get("parameters", {}) == spec.parameters
        assert d["tags"] == list(TAGS)
        schedules = d.get("schedules", [])
        want = [{"cron": spec.cron, "timezone": TIMEZONE, "active": True}] if spec.cron else []
        assert schedules == want, spec.name
        limit = d.get("concurrency_limit")
        want_limit = {"limit": spec.limit, "collision_strategy": spec.collision}
        assert limit == (want_limit if spec.limit else None), spec.name


def test_one_loader_at_a_time_on_a_queue_of_its_own_and_backfills_after_scheduled_work() -> None:
    (loader,) = [d for d in DEPLOYMENTS if d.flow == "load-inbox"]
    assert (loader.limit, loader.collision, loader.queue) == (1, "ENQUEUE", "load")
    others = {d.queue for d in DEPLOYMENTS if d.flow != "load-inbox"}
    assert "load" not in others
    priority = {q.name: q.priority for q in QUEUES}
    assert priority["crawl"] < priority["backfill"]  # 1 is served first


def test_the_deployments_start_their_flows_by_file_and_name() -> None:
    for spec in DEPLOYMENTS:
        path, name = spec.entrypoint.split(":")
        assert (ROOT / path).is_file()
        assert getattr(scaleout, name).name == spec.flow


# --- the worker script --------------------------------------------------------------------------


def _worker_sh(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return subprocess.run(
        ["bash", str(WORKER_SCRIPT), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_worker_script_help_names_its_options() -> None:
    result = _worker_sh("--help")
    assert result.returncode == 0
    for option in ("--name", "--limit", "--queues", "--pool"):
        assert option in result.stdout


def test_worker_script_refuses_unknown_options_and_a_missing_server() -> None:
    unknown = _worker_sh("--nmae", "w1", PREFECT_API_URL="http://127.0.0.1:9/api")
    assert unknown.returncode == 2 and "unknown option --nmae" in unknown.stderr
    no_server = _worker_sh("--name", "w1")
    assert no_server.returncode != 0 and "PREFECT_API_URL" in no_server.stderr


# --- the loader finds its warehouse as mfa-etl does ------------------------------------------


@pytest.mark.usefixtures("prefect_harness")
def test_the_loader_given_no_warehouse_prepares_the_one_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "srv" / "warehouse.duckdb"
    named.parent.mkdir()
    monkeypatch.setenv("MFA_WATCH_WAREHOUSE", str(named))
    monkeypatch.chdir(tmp_path)
    scaleout.load_inbox(landing=str(tmp_path / "landing"), return_state=True)
    assert named.exists()
    assert not (tmp_path / "data").exists()  # not the default file beside it


@pytest.mark.usefixtures("prefect_harness")
def test_the_loader_refuses_a_newer_warehouse_by_state_not_by_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.load import prepare
    from tests.helpers import record_a_later_migration, warehouse_snapshot

    newer = tmp_path / "warehouse.duckdb"
    prepare(newer)
    record_a_later_migration(newer)
    before = warehouse_snapshot(newer)
    monkeypatch.setenv("MFA_WATCH_WAREHOUSE", str(newer))
    state = scaleout.load_inbox(landing=str(tmp_path / "landing"), return_state=True)
    assert state.is_failed()
    assert "newer mfa-watch" in str(state.message)
    assert warehouse_snapshot(newer) == before
