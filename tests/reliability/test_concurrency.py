"""Concurrency (RELIABILITY.md 26, 27): two runs at once never load a batch twice, and whoever
finds the warehouse busy gets a sentence naming the holder, not a traceback.

DuckDB lets one process write a file and locks every other process out, readers included
(STACK.md §4). The defences, first to last: each deployment runs one flow at a time
(Prefect's concurrency limit, CANCEL_NEW); a load holds the file only while it writes and a
second writer waits with a bounded backoff (warehouse.db.connect); `_loads` makes a batch that
the other process loaded meanwhile a no-op. tests/warehouse/test_lock.py covers the lock error
itself; here the runs, the CLI and the deployments are checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.load import load_batch, pending_batches, prepare
from tests.helpers import warehouse_snapshot
from tests.reliability.batches import ktkz_items, with_fields, write_batch
from tests.reliability.crawling import ROOT

RUN_SCRIPT = """
import sys
from pathlib import Path
from flows.load import load_batch, pending_batches, prepare
warehouse, landing = Path(sys.argv[1]), Path(sys.argv[2])
prepare(warehouse)
for batch in pending_batches(warehouse, landing):
    print(batch.run_id, load_batch(warehouse, batch).loaded, flush=True)
"""
HOLDER = """
import sys, time
from warehouse import db
con = db.connect(sys.argv[1])
con.execute("begin transaction")
con.execute("insert into sources values ('held.kz', 'outlet', 'Held', 'https://held.kz', ['ru'])")
print("holding", flush=True)
time.sleep(60)
"""


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three published kt.kz batches (marked not relevant: no event extraction, faster loads)."""
    root = tmp_path_factory.mktemp("conc-landing")
    items = [(with_fields(item, relevant=False), page) for item, page in ktkz_items(9)]
    for n in range(3):
        write_batch(root, items[n * 3 : n * 3 + 3], f"20260328T12000{n}-conc")
    return root


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A migrated warehouse held by another process in the middle of a write transaction."""
    path = tmp_path / "w.duckdb"
    prepare(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield path, proc.pid
    proc.kill()
    proc.wait()


@pytest.mark.slow
def test_two_runs_at_once_load_every_batch_exactly_once(landing: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", RUN_SCRIPT, str(warehouse), str(landing)]
    runs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)]
    runs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True))
    reference = tmp_path / "ref.duckdb"  # one run alone, while the two race
    prepare(reference)
    for batch in pending_batches(reference, landing):
        load_batch(reference, batch)
    outputs = [run.communicate(timeout=240)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    loaded = [line.split()[0] for out in outputs for line in out.splitlines() if "True" in line]
    assert sorted(loaded) == [f"20260328T12000{n}-conc" for n in range(3)]  # each once
    assert warehouse_snapshot(warehouse) == warehouse_snapshot(reference)


def test_a_query_during_a_load_gets_a_clear_message_naming_the_holder(
    held: tuple[Path, int],
) -> None:
    path, pid = held
    result = CliRunner().invoke(main, ["sql", "--warehouse", str(path), "select 1"])
    assert result.exit_code == 2
    assert f"locked by PID {pid}" in result.output
    assert "Retry" in result.output
    assert "Traceback" not in result.output


def test_the_lock_message_suggests_only_commands_that_exist(held: tuple[Path, int]) -> None:
    path, _ = held
    result = CliRunner().invoke(main, ["sql", "--warehouse", str(path), "select 1"])
    suggested = set(re.findall(r"mfa-watch (\w+)", result.output)) - {"sql"}
    assert suggested <= set(main.commands), f"the message suggests {suggested}"


def test_a_migration_during_a_load_fails_fast_naming_the_holder(held: tuple[Path, int]) -> None:
    path, pid = held
    result = CliRunner().invoke(main, ["migrate", "--warehouse", str(path)])
    assert result.exit_code == 2
    assert f"locked by PID {pid}" in result.output and "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_a_run_that_finds_the_warehouse_held_says_so_by_pid_not_with_a_traceback(
    held: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flow waits a bounded time for the lock (60 s in production, 1 s here), then ends."""
    path, pid = held
    monkeypatch.setattr("flows.load.LOCK_WAIT_SECONDS", 1.0)
    result = CliRunner().invoke(
        main,
        ["run", "--warehouse", str(path), "--source", "kt.kz", "--landing", str(tmp_path / "l")],
    )
    assert result.exit_code != 0
    assert not isinstance(result.exception, TypeError | AttributeError), result.exception
    assert f"locked by PID {pid}" in result.output, result.output


def test_each_deployment_runs_one_flow_at_a_time_and_cancels_the_newcomer() -> None:
    import yaml  # PyYAML comes with Prefect

    from flows.deployments import SCHEDULES

    declared = yaml.safe_load((ROOT / "deploy" / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in declared["deployments"]}
    assert set(deployments) == {s.name for s in SCHEDULES}
    for deployment in deployments.values():
        limit = deployment["concurrency_limit"]
        assert (limit["limit"], limit["collision_strategy"]) == (1, "CANCEL_NEW")
