"""Kill anywhere (RELIABILITY.md 3, 4, 6, 7): a SIGKILL at any point of a load or a crawl loses
nothing and doubles nothing.

A load runs in a subprocess with MFA_WATCH_TEST_KILL_AT naming one of the loader's kill points
(warehouse.loaders.kill_point): before BEGIN, mid-insert, before `_loads` says done, after
COMMIT. The process dies there by SIGKILL, as under the OOM killer. Every kill point is hit by
the write step (`apply_plan` of a plan computed beforehand: planning writes nothing), and one
(mid-insert) by the whole `load_batch` as the flow runs it. Then:
- a load killed before its commit left no row at all, and the incremental cursor did not move;
- a load killed after its commit is whole once the warehouse is reopened (DuckDB replays its WAL);
- either way the next run leaves exactly the rows of one clean load.
A crawl killed from outside publishes nothing, and the flow's crawl step says how it died.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from flows.batches import published_batches
from flows.crawl import CrawlFailed, CrawlOptions, run_crawl
from flows.load import load_batch, pending_batches, prepare
from flows.plan import plan_load
from scrapers.batch import MANIFEST
from tests.helpers import warehouse_snapshot
from tests.reliability import hostile
from tests.reliability.batches import ktkz_items, write_batch
from tests.reliability.crawling import FAST, ROOT
from warehouse import db, state
from warehouse.loaders import KILL_POINT_ENV

pytestmark = pytest.mark.slow

BEFORE_DONE = ("before_begin", "mid_insert", "before_done")
KILL_POINTS = (*BEFORE_DONE, "after_commit")
LOAD_SCRIPT = """
import sys
from pathlib import Path
from flows.batches import open_batch
from flows.load import load_batch
print("loaded", load_batch(Path(sys.argv[1]), open_batch(Path(sys.argv[2]))).loaded, flush=True)
"""
APPLY_SCRIPT = """
import pickle, sys
from warehouse import db
from warehouse.loaders import apply_plan
with open(sys.argv[2], "rb") as fh:
    plan = pickle.load(fh)
con = db.connect(sys.argv[1])
print("applied", apply_plan(con, plan), flush=True)
con.close()
"""
WHOLE_LOAD = "mid_insert/load_batch"  # the kill point hit through the whole flow step
CASES = (*KILL_POINTS, WHOLE_LOAD)
NOT_DONE = (*BEFORE_DONE, WHOLE_LOAD)
SOURCE = "kt.kz"


class Killed:
    """A warehouse whose load was SIGKILLed at one point, kept as it was on disk right after."""

    def __init__(self, point: str, folder: Path, returncode: int) -> None:
        self.point = point
        self.folder = folder  # w.duckdb and, if the process left one, w.duckdb.wal
        self.returncode = returncode

    @property
    def wal_left(self) -> bool:
        wal = self.folder / "w.duckdb.wal"
        return wal.exists() and wal.stat().st_size > 0

    def copy(self, target: Path) -> Path:
        """A copy of the killed warehouse (its WAL too) to open without touching the original."""
        target.mkdir(parents=True, exist_ok=True)
        for file in self.folder.iterdir():
            shutil.copy(file, target / file.name)
        return target / "w.duckdb"


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One published kt.kz batch of 8 real-shaped items (relevant ones carry events)."""
    root = tmp_path_factory.mktemp("kill-landing")
    write_batch(root, ktkz_items(8), "20260328T120000-kill")
    return root


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated warehouse with its sources registered and nothing loaded."""
    path = tmp_path_factory.mktemp("kill-empty") / "w.duckdb"
    prepare(path)
    return path


@pytest.fixture(scope="module")
def clean(empty: Path, landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse after one clean load of the batch: what every rerun must end as."""
    path = tmp_path_factory.mktemp("kill-clean") / "w.duckdb"
    shutil.copy(empty, path)
    for batch in pending_batches(path, landing):
        assert load_batch(path, batch).loaded
    return path


@pytest.fixture(scope="module")
def killed(
    empty: Path, landing: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Killed]:
    """A load SIGKILLed at each kill point, all at once, each on its own copy of `empty`."""
    (batch,) = published_batches(landing)
    plan_file = tmp_path_factory.mktemp("kill-plan") / "plan.pickle"
    procs = {}

    def launch(case: str) -> None:
        folder = tmp_path_factory.mktemp("kill-" + case.replace("/", "-"))
        shutil.copy(empty, folder / "w.duckdb")
        point, _, whole = case.partition("/")
        env = {**os.environ, "PYTHONPATH": str(ROOT), KILL_POINT_ENV: point}
        script, arg = (LOAD_SCRIPT, batch.path) if whole else (APPLY_SCRIPT, plan_file)
        cmd = [sys.executable, "-c", script, str(folder / "w.duckdb"), str(arg)]
        procs[case] = (folder, subprocess.Popen(cmd, cwd=ROOT, env=env))

    launch(WHOLE_LOAD)  # the slow one (it plans too) starts while this process plans
    con = db.connect(empty, read_only=True)
    try:
        plan_file.write_bytes(pickle.dumps(plan_load(con, batch)))
    finally:
        con.close()
    for case in KILL_POINTS:
        launch(case)
    return {
        case: Killed(case, folder, proc.wait(timeout=180)) for case, (folder, proc) in procs.items()
    }


def test_every_kill_point_really_kills_the_load(killed: dict[str, Killed]) -> None:
    assert {p: k.returncode for p, k in killed.items()} == dict.fromkeys(CASES, -signal.SIGKILL)


@pytest.mark.parametrize("point", NOT_DONE)
def test_a_load_killed_before_it_is_done_leaves_no_row_of_it(
    point: str, killed: dict[str, Killed], empty: Path, landing: Path, tmp_path: Path
) -> None:
    warehouse = killed[point].copy(tmp_path)
    assert warehouse_snapshot(warehouse) == warehouse_snapshot(empty)
    assert [b.run_id for b in pending_batches(warehouse, landing)] == ["20260328T120000-kill"]


@pytest.mark.parametrize("point", NOT_DONE)
def test_the_incremental_cursor_does_not_move_when_its_load_dies(
    point: str, killed: dict[str, Killed], clean: Path, tmp_path: Path
) -> None:
    con = duckdb.connect(str(killed[point].copy(tmp_path)), read_only=True)
    try:
        assert state.source_max_item_id(con, SOURCE) is None
        assert state.source_validators(con, SOURCE) == {}
    finally:
        con.close()
    con = duckdb.connect(str(clean), read_only=True)
    try:
        assert state.source_max_item_id(con, SOURCE) is not None  # the clean load moved it
    finally:
        con.close()


def test_a_load_killed_after_commit_is_whole_once_the_wal_is_replayed(
    killed: dict[str, Killed], clean: Path, landing: Path, tmp_path: Path
) -> None:
    after = killed["after_commit"]
    assert after.wal_left, "the commit should still be in the WAL when the process died"
    warehouse = after.copy(tmp_path)
    assert warehouse_snapshot(warehouse) == warehouse_snapshot(clean)  # opening replays it
    assert pending_batches(warehouse, landing) == []


@pytest.mark.parametrize("point", CASES)
def test_the_run_after_a_kill_leaves_exactly_the_rows_of_one_clean_load(
    point: str, killed: dict[str, Killed], clean: Path, landing: Path, tmp_path: Path
) -> None:
    warehouse = killed[point].copy(tmp_path)
    prepare(warehouse)  # what the next run does first
    for batch in pending_batches(warehouse, landing):
        load_batch(warehouse, batch)
    assert warehouse_snapshot(warehouse) == warehouse_snapshot(clean)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = con.execute("select count(*), count(distinct article_id) from articles").fetchone()
        (loads,) = con.execute("select count(*) from _loads").fetchone() or (0,)
    finally:
        con.close()
    assert counts == (8, 8) and loads == 1


def test_no_code_deletes_write_ahead_logs() -> None:
    """The WAL is the committed data of a killed load: nothing in the project may delete it."""
    offenders = []
    for folder in ("flows", "warehouse", "scrapers"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            deletes = any(call in text for call in ("unlink(", "os.remove(", "rmtree("))
            if ".wal" in text and deletes:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# --------------------------------------------------------------------------------------------
# A killed crawl
# --------------------------------------------------------------------------------------------


def test_a_batch_killed_between_manifest_and_rename_is_never_loaded(tmp_path: Path) -> None:
    folder = write_batch(tmp_path, ktkz_items(1), "20260328T120000-late")
    hidden = folder.with_name(f".partial-{folder.name}")
    folder.rename(hidden)
    assert (hidden / MANIFEST).is_file()  # complete on disk, but never renamed into place
    assert published_batches(tmp_path) == []
    assert pending_batches(tmp_path / "w.duckdb", tmp_path) == []


def _scrapy_children() -> list[int]:
    """PIDs of `scrapy crawl` processes whose parent is this test process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"scrapy" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_crawl_killed_from_outside_publishes_nothing_and_says_how_it_died(
    tmp_path: Path,
) -> None:
    landing = tmp_path / "landing"
    outcome: dict[str, BaseException | object] = {}
    with hostile.HostileServer("kt.kz", routes={"/rus/rss": hostile.hang()}) as server:
        options = CrawlOptions(
            snapshot=server.host_map(), allow_private_hosts=("127.0.0.1",), settings=FAST
        )

        def crawl() -> None:
            try:
                outcome["result"] = run_crawl(SOURCE, landing, options)
            except BaseException as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=crawl)
        thread.start()
        deadline = time.monotonic() + 60
        while "/rus/rss" not in server.paths() and time.monotonic() < deadline:
            time.sleep(0.05)  # the spider is open and waiting on the hanging feed
        children = _scrapy_children()
        assert len(children) == 1, children
        os.kill(children[0], signal.SIGKILL)
        thread.join(timeout=60)
    error = outcome.get("error")
    assert isinstance(error, CrawlFailed), outcome
    assert error.source == SOURCE and error.stage == "crawl"
    assert f"exited {-signal.SIGKILL} without a batch" in str(error)
    assert published_batches(landing) == []
    assert any(p.name.startswith(".partial-") for p in (landing / SOURCE).iterdir())
