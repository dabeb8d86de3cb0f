"""`mfa-watch rebuild`: what the loads derived, made again from the stored texts alone.

The loads link stories and events incrementally, a batch at a time; a rebuild does it in one
pass over every article. Both must give the same rows, or history would depend on the order
the batches came in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from tests.helpers import record_a_later_migration, warehouse_snapshot

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

DERIVED = ("articles", "stories", "events", "participants")


@pytest.fixture
def copy(demo_warehouse: tuple[Path, Path], tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse[0], path)
    return path


def _rebuild(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rebuild", "--warehouse", str(path)])
    return result.exit_code, result.output


def _count(path: Path, sql: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute(sql).fetchone()
        assert row is not None
        return int(row[0])
    finally:
        con.close()


def test_a_rebuild_of_the_loaded_demo_gives_the_rows_its_loads_gave(copy: Path) -> None:
    before = warehouse_snapshot(copy)
    code, output = _rebuild(copy)
    assert code == 0, output
    after = warehouse_snapshot(copy)
    assert {t: after[t] for t in DERIVED} == {t: before[t] for t in DERIVED}
    stories = _count(copy, "select count(*) from stories")
    assert f"in {stories} stories" in output


def test_lost_events_come_back_and_the_marts_follow(copy: Path) -> None:
    n_events = _count(copy, "select count(*) from events")
    con = duckdb.connect(str(copy))
    try:
        con.execute("delete from participants")
        con.execute("delete from events")
    finally:
        con.close()

    code, output = _rebuild(copy)

    assert code == 0, output
    assert n_events > 0
    assert _count(copy, "select count(*) from events") == n_events
    assert _count(copy, "select count(*) from fct_events") == n_events
    assert f"{n_events} events" in output


def test_a_warehouse_newer_than_the_code_is_refused_and_left_as_it_was(copy: Path) -> None:
    record_a_later_migration(copy)
    before = warehouse_snapshot(copy)

    code, output = _rebuild(copy)

    assert code == 2, output
    assert "newer mfa-watch" in output and "Traceback" not in output
    assert warehouse_snapshot(copy) == before


def test_a_missing_warehouse_is_named_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    code, output = _rebuild(missing)
    assert code == 2
    assert str(missing) in output
    assert not missing.exists()
