"""A second process on a held warehouse gets a sentence naming the holder, not a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from warehouse import db

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(30)
"""


@pytest.fixture
def held_warehouse(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "w.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield path, proc.pid
    proc.kill()
    proc.wait()


def test_locked_warehouse_names_the_holding_pid(held_warehouse: tuple[Path, int]) -> None:
    path, pid = held_warehouse
    with pytest.raises(db.WarehouseLocked, match=f"locked by PID {pid}"):
        db.connect(path)
    with pytest.raises(db.WarehouseLocked, match=f"locked by PID {pid}"):
        db.connect(path, read_only=True)


def test_waiting_writer_gives_up_after_its_bound(held_warehouse: tuple[Path, int]) -> None:
    path, _ = held_warehouse
    started = time.monotonic()
    with pytest.raises(db.WarehouseLocked):
        db.connect(path, wait_seconds=1.0)
    assert time.monotonic() - started < 10


def test_missing_warehouse_for_reading_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(db.WarehouseError, match="mfa-watch demo"):
        db.connect(tmp_path / "none.duckdb", read_only=True)
