"""Issue 10, parts 3 and 4: a DuckLake that analysts read while the loader writes.

A throwaway PostgreSQL on 127.0.0.1, started by the project's own scripts/local-postgres.sh
(module fixture; stopped and removed even when a test fails), holds the lakes' catalogs, one
database per test. The single-machine run into a DuckDB file (a) is the session's demo
warehouse (tests/conftest.py); the same run with --warehouse pointing at a DuckLake (b) is
`mfa-watch demo` in a subprocess, as a user runs it. Then: every table and view of the lake
equals the loader's file row for row, every example query of docs/queries.md answers the same
on both (through `mfa-watch sql`'s locked connection too), and (b) holds what (a) holds. During
a real load, paused inside its transaction at the loader's own kill point, a reader of the lake
gets the last publish while `mfa-watch sql` on the file gets the lock message; during the
publish, readers still see the previous snapshot. A killed publish changes nothing and the next
one publishes the missing load; maintenance keeps one snapshot and the answers. Last, Prefect
workers crawl, the loader loads, and the lake holds what the single-machine run holds.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from flows.batches import Batch, published_batches
from flows.cli import main
from flows.load import load_batch, prepare
from warehouse import lake, models, search
from warehouse.query import QueryRefused, run_readonly

ROOT = Path(__file__).resolve().parents[2]
LOCAL_PG = ROOT / "scripts" / "local-postgres.sh"
INSTALL_PG = ROOT / "scripts" / "install-postgres.sh"
POSTGRES_ROOT_ENV = "MFA_WATCH_POSTGRES_ROOT"  # where install-postgres.sh looks for the server
QUERIES_MD = ROOT / "docs" / "queries.md"
DOC_RUN_ID = "20260301T060000-0a1b2c3d"  # the example run id of the docs, replaced by a real one
# Columns of the example queries that name a run or a time of crawling or loading: two runs
# over the same snapshot differ there by design (as tests/scale/compare.RUN_SPECIFIC).
LIMIT_RE = re.compile(r"\blimit\s+\d+\s*;?\s*$", re.I)
RUN_COLUMNS = {"loaded_at", "load_id", "last_crawl_at", "last_loaded_at", "age_hours"}


def doc_queries(whole: bool = False) -> list[tuple[str, str]]:
    """(label, sql) of every example query in docs/queries.md; `whole`: without its LIMIT.

    A LIMIT cutting through rows that tie on the ORDER BY keeps whichever tied rows the scan
    met first, so two stores (or two runs) may keep different ones; compared whole, the
    answers must be equal, and the limited query only cuts them.
    """
    out = []
    text = QUERIES_MD.read_text(encoding="utf-8")
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.splitlines()[0].strip()
        for n, sql in enumerate(re.findall(r"```sql\n(.*?)```", section, flags=re.S), 1):
            query = LIMIT_RE.sub("", sql) if whole else sql
            out.append((f"{title} #{n}", query))
    return out


# --- PostgreSQL and the lake run ------------------------------------------------------------


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without Prefect's or mfa-watch's own settings (the harness's)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PREFECT_", "MFA_WATCH_")) and k != "DO_NOT_TRACK"
    }
    offline = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    # `demo` starts a temporary Prefect server: on a busy machine it needs more than 20 s
    slow_start = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
    return {**env, **offline, **slow_start, **extra}


def _cli(
    *args: str, cwd: Path, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """`mfa-watch ARGS` in a subprocess (python -m flows), as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "flows", *args],
        cwd=cwd,
        env=_clean_env(PREFECT_HOME=str(cwd / "prefect"), **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass(frozen=True)
class Postgres:
    folder: Path

    def lake(self, name: str) -> str:
        """A new database for one lake's catalog; the --warehouse value naming it."""
        proc = subprocess.run(
            ["bash", str(LOCAL_PG), "start", str(self.folder), "--db", name],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        return f"ducklake:postgres:{proc.stdout.strip()}"


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    """A cluster on 127.0.0.1 in a folder under /tmp (the postgres user must reach it as root)."""
    folder = Path(tempfile.mkdtemp(prefix="mfa-watch-pg-", dir="/tmp"))
    try:
        proc = subprocess.run(
            ["bash", str(LOCAL_PG), "start", str(folder)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"{proc.stderr} (run scripts/install-postgres.sh as root?)"
        yield Postgres(folder)
    finally:
        subprocess.run(["bash", str(LOCAL_PG), "stop", str(folder)], timeout=120, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class LakeRun:
    uri: str
    loader: Path  # the loader's DuckDB file
    data: Path
    landing: Path
    output: str


@pytest.fixture(scope="module")
def lake_run(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory) -> LakeRun:
    """(b): `mfa-watch demo` with --warehouse a DuckLake, in a subprocess."""
    root = tmp_path_factory.mktemp("lake-run")
    uri = postgres.lake("demo_lake")
    loader, data, landing = root / "loader.duckdb", root / "lake", root / "landing"
    proc = _cli(
        "demo", "--warehouse", uri, "--lake-data", str(data), "--loader-db", str(loader),
        "--landing", str(landing), cwd=root, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return LakeRun(uri, loader, data, landing, proc.stdout)


def _both(uri: str, loader: Path) -> duckdb.DuckDBPyConnection:
    """One connection with the loader's file as `f` and the lake as `lake`, both read-only."""
    con = duckdb.connect(config=lake.OPEN_CONFIG)
    lake.load_extensions(con)
    search.load_fts(con)
    con.execute(f"attach {lake.quote_literal(str(loader))} as f (read_only)")
    lake.attach(con, lake.parse_target(uri), read_only=True)
    return con


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return sorted(repr(r) for r in con.execute(sql).fetchall())


def _same(con: duckdb.DuckDBPyConnection, name: str) -> tuple[list[str], list[str]]:
    """The rows of a table or view in the lake, and in the file."""
    return _rows(con, f"select * from lake.{name}"), _rows(con, f"select * from f.{name}")


def _count(target: str | Path, table: str) -> int:
    result = run_readonly(target, f"select count(*) as n from {table}")
    return int(result.rows[0][0])


def _first_run(con: duckdb.DuckDBPyConnection, crawl_runs: str = "crawl_runs") -> str:
    row = con.execute(
        f"select run_id from {crawl_runs} order by started_at, run_id limit 1"
    ).fetchone()
    assert row is not None
    return str(row[0])


# --- (b) against its own file, and against (a) ----------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_lake_run_loaded_its_file_and_published_every_load_once(lake_run: LakeRun) -> None:
    assert f"warehouse: {lake_run.uri} (published from {lake_run.loader})" in lake_run.output
    assert "(12 rows)" in lake_run.output  # the sample query, answered by the lake
    con = _both(lake_run.uri, lake_run.loader)
    try:
        in_file = _rows(con, "select load_id from f.main._loads")
        assert len(in_file) == 5 and _rows(con, "select load_id from lake.main._loads") == in_file
        (ledger,) = con.execute(
            "select n_loads, new_load_ids, source_file from lake.main._lake_publishes"
        ).fetchall()
        assert ledger[0] == 5 and sorted(repr((i,)) for i in ledger[1]) == in_file
        assert ledger[2] == str(lake_run.loader.resolve())
    finally:
        con.close()
    assert any(lake_run.data.rglob("*.parquet")), "the lake's data is Parquet in --lake-data"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_table_and_view_of_the_lake_equals_the_loaders_file(lake_run: LakeRun) -> None:
    con = _both(lake_run.uri, lake_run.loader)
    try:
        tables = con.execute(
            "select schema_name, table_name, comment from duckdb_tables() "
            "where database_name = 'f' order by all"
        ).fetchall()
        views = con.execute(
            "select schema_name, view_name from duckdb_views() "
            "where database_name = 'f' and not internal order by all"
        ).fetchall()
        assert len(tables) >= 30 and len(views) >= 15  # raw, marts, seeds, search; stg and ready
        con.execute("begin transaction")  # one now() for the views that read the clock
        for schema, table, comment in tables:
            name = f'"{schema}"."{table}"'
            got, want = (
                _rows(con, f"select * from lake.{name}"),
                _rows(con, f"select * from f.{name}"),
            )
            assert got == want, f"{name}: {len(got)} rows in the lake, {len(want)} in the file"
            found = con.execute(
                "select comment from duckdb_tables() where database_name = 'lake' "
                "and schema_name = ? and table_name = ?",
                [schema, table],
            ).fetchone()
            assert found is not None and (found[0] or None) == (comment or None), name
        for schema, view in views:
            name = f'"{schema}"."{view}"'
            got, want = (
                _rows(con, f"select * from lake.{name}"),
                _rows(con, f"select * from f.{name}"),
            )
            assert got == want and got, name
        con.execute("commit")
        macros = "select schema_name, function_name from duckdb_functions() where database_name = ?"
        in_lake = set(con.execute(macros, ["lake"]).fetchall())
        assert set(con.execute(macros + " and not internal", ["f"]).fetchall()) <= in_lake
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_example_query_answers_the_same_on_the_lake_and_on_its_file(
    lake_run: LakeRun,
) -> None:
    con = _both(lake_run.uri, lake_run.loader)
    try:
        run_id = _first_run(con, "f.main.crawl_runs")
        con.execute("begin transaction")  # both answers at the same now()
        for (label, sql), (_, limited) in zip(doc_queries(whole=True), doc_queries(), strict=True):
            query = sql.replace(DOC_RUN_ID, run_id)
            con.execute("use f")
            want = _rows(con, query)
            con.execute("use lake")
            got = _rows(con, query)
            assert got == want, label
            assert con.execute(limited.replace(DOC_RUN_ID, run_id)).fetchall(), f"{label}: no rows"
        con.execute("commit")
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_mfa_watch_sql_answers_the_same_on_the_lake_and_on_its_file(
    lake_run: LakeRun, tmp_path: Path
) -> None:
    con = duckdb.connect(str(lake_run.loader), read_only=True)
    run_id = _first_run(con)
    con.close()
    for label, sql in doc_queries(whole=True):
        query = sql.replace(DOC_RUN_ID, run_id)
        on_file = run_readonly(lake_run.loader, query)
        on_lake = run_readonly(lake_run.uri, query)
        assert on_lake.columns == on_file.columns, label
        assert _masked(on_lake.columns, on_lake.rows, {"age_hours"}) == _masked(
            on_file.columns, on_file.rows, {"age_hours"}
        ), label  # age_hours: the hours to now(), read a moment apart
    # the command itself, in a subprocess: SQL and --search
    for args in (
        ["--format", "json", "select type, count(*) as n from events group by 1 order by 1"],
        ["--format", "json", "--search", "посол Японии", "--lang", "ru"],
    ):
        on_file = _cli("sql", "--warehouse", str(lake_run.loader), *args, cwd=tmp_path)
        on_lake = _cli("sql", "--warehouse", lake_run.uri, *args, cwd=tmp_path)
        assert on_file.returncode == on_lake.returncode == 0, on_lake.stderr
        assert on_lake.stdout == on_file.stdout and on_lake.stdout.count("\n") >= 2, args


def _masked(columns: list[str], rows: list[tuple[Any, ...]], drop: set[str]) -> list[str]:
    keep = [i for i, c in enumerate(columns) if c not in drop]
    return sorted(repr(tuple(r[i] for i in keep)) for r in rows)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_lake_holds_what_a_single_machine_run_into_a_duckdb_file_holds(
    lake_run: LakeRun, demo_warehouse: tuple[Path, Path]
) -> None:
    from tests.scale.compare import content_snapshot

    got, want = content_snapshot(lake_run.loader), content_snapshot(demo_warehouse[0])
    assert got == want and got["articles"][0] > 100  # and the lake is its loader's file, above
    for label, sql in doc_queries(whole=True):
        if DOC_RUN_ID in sql:
            continue  # which loads come after a given run depends on the crawls' finishing order
        # A story's origin among language versions published at the same moment is not fixed
        # between runs (compare.ORIGIN_BY_CONTRACT), and story_reports titles it by its origin.
        drop = RUN_COLUMNS | ({"title"} if label.startswith("story_reports") else set())
        on_file = run_readonly(demo_warehouse[0], sql)
        on_lake = run_readonly(lake_run.uri, sql)
        assert _masked(on_lake.columns, on_lake.rows, drop) == _masked(
            on_file.columns, on_file.rows, drop
        ), label


# --- during a load, during a publish, a killed publish, maintenance -------------------------


@dataclass(frozen=True)
class Staged:
    loader: Path  # every batch of the lake run loaded but one, models built
    held: Batch  # that batch


@pytest.fixture(scope="module")
def staged(lake_run: LakeRun, tmp_path_factory: pytest.TempPathFactory) -> Staged:
    batches = published_batches(lake_run.landing)
    held = min(batches, key=lambda b: int(b.manifest["items"]))
    loader = tmp_path_factory.mktemp("staged") / "loader.duckdb"
    prepare(loader)
    for batch in batches:
        if batch.load_id != held.load_id:
            assert load_batch(loader, batch).loaded
    models.refresh(loader)
    return Staged(loader, held)


def _copy(staged: Staged, folder: Path) -> Path:
    loader = folder / "loader.duckdb"
    shutil.copy(staged.loader, loader)
    return loader


# The loader as mfa-etl runs it (load, models, publish), paused at two of the kill points the
# reliability tests use: inside the load's transaction, and inside the publish's.
PAUSING_LOADER = """
import sys
from pathlib import Path
from flows.batches import open_batch
from flows.load import load_batch
from warehouse import lake, loaders, models

def pause(name):
    if name in ("before_done", "publish_before_commit"):
        print("paused", name, flush=True)
        sys.stdin.readline()

loaders.kill_point = pause
lake.kill_point = pause
loader, batch, uri = Path(sys.argv[1]), open_batch(Path(sys.argv[2])), sys.argv[3]
loaded = load_batch(loader, batch).loaded
models.refresh(loader)
published = lake.publish(loader, lake.parse_target(uri)).published
print("done", loaded, published, flush=True)
"""


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_during_a_load_the_lake_answers_and_the_file_is_locked(
    staged: Staged, postgres: Postgres, tmp_path: Path
) -> None:
    uri = postgres.lake("during_load")
    loader = _copy(staged, tmp_path)
    lake.publish(loader, lake.parse_target(uri, tmp_path / "lake"))
    before = _count(uri, "articles")
    n_new = int(staged.held.manifest["items"])
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSING_LOADER, str(loader), str(staged.held.path), uri],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().split() == ["paused", "before_done"], proc.stderr.read()
        # the load's transaction is open: the file is locked, the lake answers
        on_file = _cli(
            "sql", "--warehouse", str(loader), "select count(*) from articles", cwd=tmp_path
        )
        assert on_file.returncode == 2
        assert f"is locked by PID {proc.pid}" in on_file.stderr, on_file.stderr
        on_lake = _cli(
            "sql", "--warehouse", uri, "--format", "json", "select count(*) as n from articles",
            cwd=tmp_path,
        )  # fmt: skip
        assert on_lake.returncode == 0, on_lake.stderr
        assert json.loads(on_lake.stdout) == {"n": before}
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().split() == ["paused", "publish_before_commit"]
        # loaded and committed, publish not yet: the file has the new rows, the lake not yet
        assert _count(loader, "articles") == before + n_new
        assert _count(uri, "articles") == before
        assert _count(uri, "fct_articles") == before
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().split() == ["done", "True", "True"]
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert _count(uri, "articles") == before + n_new
    assert _count(uri, "fct_articles") == before + n_new


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_publish_is_idempotent_and_a_killed_one_is_redone_by_the_next(
    staged: Staged, postgres: Postgres, tmp_path: Path
) -> None:
    uri = postgres.lake("killed_publish")
    loader = _copy(staged, tmp_path)
    target = lake.parse_target(uri, tmp_path / "lake")
    first = lake.publish(loader, target)
    assert first.published and len(first.new_load_ids) == 4
    again = lake.publish(loader, target)
    assert not again.published and again.n_loads == 4
    assert _snapshot(uri) == first.snapshot_id  # nothing was committed
    assert load_batch(loader, staged.held).loaded
    models.refresh(loader)
    args = ["lake", "publish", "--warehouse", uri, "--loader-db", str(loader)]
    killed = _cli(*args, cwd=tmp_path, MFA_WATCH_TEST_KILL_AT="publish_before_commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _snapshot(uri) == first.snapshot_id
    assert _ledger(uri) == [sorted(first.new_load_ids)]
    assert staged.held.load_id not in _loads(uri)
    redone = _cli(*args, cwd=tmp_path)
    assert redone.returncode == 0, redone.stderr
    assert "5 loads, 1 new" in redone.stdout
    # the append-only tables got the new load's rows; every other table was replaced
    assert "(new loads appended to _loads, pages, article_versions)" in redone.stdout
    assert _ledger(uri) == [sorted(first.new_load_ids), [staged.held.load_id]]
    con = _both(uri, loader)
    try:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'f'"
        ).fetchall()
        for schema, table in tables:
            got, want = _same(con, f'"{schema}"."{table}"')
            assert got == want, table
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_rebuild_reaches_the_lake_although_it_adds_no_load(
    staged: Staged, postgres: Postgres, tmp_path: Path
) -> None:
    uri = postgres.lake("rebuilt")
    loader = _copy(staged, tmp_path)
    n_events = _count(loader, "events")
    first = lake.publish(loader, lake.parse_target(uri, tmp_path / "lake"))
    con = duckdb.connect(str(loader))
    try:  # derived rows lost in the file, and published so: the lake lacks them too
        con.execute("delete from participants")
        con.execute("delete from events")
    finally:
        con.close()
    assert lake.publish(loader, lake.parse_target(uri), force=True).published
    assert _count(uri, "events") == 0

    rebuilt = _cli("rebuild", "--warehouse", uri, "--loader-db", str(loader), cwd=tmp_path)

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _count(loader, "events") == n_events > 0
    assert _count(uri, "events") == n_events
    assert _count(uri, "fct_events") == n_events
    assert _loads(uri) == _loads(loader)  # no load was added or lost
    snapshot = _snapshot(uri)
    assert snapshot is not None and first.snapshot_id is not None
    assert snapshot > first.snapshot_id


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_an_append_only_table_whose_rows_changed_in_the_file_is_replaced_not_appended(
    staged: Staged, postgres: Postgres, tmp_path: Path
) -> None:
    uri = postgres.lake("guarded_append")
    loader = _copy(staged, tmp_path)
    target = lake.parse_target(uri, tmp_path / "lake")
    assert lake.publish(loader, target).published
    con = duckdb.connect(str(loader))
    con.execute("delete from pages where page_id in (select page_id from pages limit 3)")
    con.close()  # (no loader deletes pages today; a retention job one day might)
    assert load_batch(loader, staged.held).loaded
    result = lake.publish(loader, target)
    assert result.published and result.new_load_ids == [staged.held.load_id]
    assert result.appended == ["_loads", "article_versions"]
    assert _count(uri, "pages") == _count(loader, "pages")
    con = _both(uri, loader)
    try:
        for table in ("_loads", "pages", "article_versions"):
            got, want = _same(con, f"main.{table}")
            assert got == want, table
    finally:
        con.close()


def _snapshot(uri: str) -> int | None:
    con = lake.connect(lake.parse_target(uri), read_only=True)
    try:
        return lake.current_snapshot(con)
    finally:
        con.close()


def _ledger(uri: str) -> list[list[str]]:
    rows = run_readonly(uri, "select new_load_ids from _lake_publishes order by published_at").rows
    return [sorted(r[0]) for r in rows]


def _loads(target: str | Path) -> set[str]:
    return {r[0] for r in run_readonly(target, "select load_id from _loads").rows}


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_maintenance_keeps_one_snapshot_and_the_answers(
    staged: Staged, postgres: Postgres, tmp_path: Path
) -> None:
    uri = postgres.lake("maintained")
    target = lake.parse_target(uri, tmp_path / "lake")
    for _ in range(3):
        assert lake.publish(staged.loader, target, force=True).published
    before = run_readonly(uri, "select * from events_by_country_month")
    result = lake.maintain(target, older_than=timedelta(0))
    assert result.snapshots_after == 1 < result.snapshots_before
    assert result.files_before is not None and result.files_after is not None
    assert 0 < result.files_after < result.files_before
    assert result.bytes_after is not None and result.bytes_before is not None
    assert result.bytes_after * 2 < result.bytes_before  # three copies of each table were kept
    after = run_readonly(uri, "select * from events_by_country_month")
    assert sorted(map(repr, after.rows)) == sorted(map(repr, before.rows)) and after.rows
    assert _count(uri, "articles") == _count(staged.loader, "articles")


# --- the reader's lock-down on a lake -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize(
    "statement",
    [
        "copy articles to '{data}/leak.csv'",
        "attach '{data}/other.duckdb' as other",
        "select 1; copy articles to '{data}/leak.csv'",
        "create table main.x as select 1",
        "select * from read_csv('/etc/passwd')",
        "set enable_external_access = true",
        "explain analyze copy articles to '{data}/leak.csv'",
    ],
)
def test_sql_on_a_lake_reads_and_writes_nothing_else(lake_run: LakeRun, statement: str) -> None:
    sql = statement.format(data=lake_run.data)
    with pytest.raises(QueryRefused):
        run_readonly(lake_run.uri, sql)
    assert not list(lake_run.data.glob("leak.csv")) and not list(lake_run.data.glob("other*"))


# --- Prefect workers crawl, the loader loads, the lake holds what one machine holds --------


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_workers_and_the_loader_fill_a_lake_that_holds_what_one_machine_holds(
    worker_pool: Any,
    postgres: Postgres,
    demo_warehouse: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    from flows.scaleout import CRAWL_DEPLOYMENT, load_inbox
    from flows.sources import SOURCES
    from scrapers.snapshot import CAPTURED_AT
    from scrapers.snapshot.server import SnapshotServer
    from tests.helpers import FAST_CRAWL
    from tests.scale.compare import content_snapshot

    uri = postgres.lake("workers_lake")
    loader, landing, data = tmp_path / "loader.duckdb", tmp_path / "landing", tmp_path / "lake"
    names = list(SOURCES)
    with SnapshotServer(names) as snapshot:
        dispatched = worker_pool.run(
            "dispatch/hourly",
            {
                "sources": names,
                "landing": str(landing),
                "snapshot": {s: snapshot.snapshot_arg(s) for s in names},
                "allow_private_hosts": ["127.0.0.1"],
                "crawl_settings": FAST_CRAWL,
                "crawl_retries": 0,
                "first_run_days": None,
            },
        )
        (dispatch,) = worker_pool.wait_all([dispatched])
        crawl_ids = [
            r["id"]
            for r in worker_pool.runs_of(CRAWL_DEPLOYMENT)
            if r["parameters"].get("landing") == str(landing)
        ]
        crawls = worker_pool.wait_all(crawl_ids)
    assert dispatch["state"]["type"] == "COMPLETED"
    assert [c["state"]["type"] for c in crawls] == ["COMPLETED"] * len(names)
    parameters: dict[str, Any] = {
        "warehouse": str(loader),
        "landing": str(landing),
        "freshness_as_of": {s: CAPTURED_AT[s] for s in names},
    }
    # The loader publishes into the lake itself once load-inbox takes the lake (as mfa-etl
    # does); until then the lake is published right after it, by the command.
    in_loader = "lake" in inspect.signature(load_inbox.fn).parameters
    if in_loader:
        parameters |= {"lake": uri, "lake_data": str(data)}
    (loaded,) = worker_pool.wait_all([worker_pool.run("load-inbox/loader", parameters)])
    assert loaded["state"]["type"] == "COMPLETED", loaded["state"]
    if not in_loader:
        proc = _cli(
            "lake", "publish", "--warehouse", uri, "--loader-db", str(loader),
            "--lake-data", str(data), cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    assert content_snapshot(loader) == content_snapshot(demo_warehouse[0])
    con = _both(uri, loader)
    try:
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'f'"
        ).fetchall():
            name = f'"{schema}"."{table}"'
            assert _rows(con, f"select * from lake.{name}") == _rows(con, f"select * from f.{name}")
    finally:
        con.close()


# --- fast: parsing, ordering, the scripts, the command line ---------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ducklake:metadata.ducklake", "must be PostgreSQL"),
        ("ducklake:sqlite:cat.sqlite", "must be PostgreSQL"),
        ("ducklake:postgres:", "no PostgreSQL connection"),
        ("ducklake:postgres:dbname=lake password=secret", "no password"),
        ("ducklake:postgres:postgresql://etl:secret@db/lake", "no password"),
        ("data/warehouse.duckdb", "starts with"),
    ],
)
def test_a_lake_target_that_would_not_work_is_refused(value: str, message: str) -> None:
    with pytest.raises(lake.LakeError, match=message):
        lake.parse_target(value)


def test_a_lake_target_keeps_its_conninfo_and_an_absolute_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    target = lake.parse_target("ducklake:postgres:dbname=lake host=127.0.0.1", "lake-data")
    assert target.catalog == "postgres:dbname=lake host=127.0.0.1"
    assert target.uri == "ducklake:postgres:dbname=lake host=127.0.0.1"
    assert target.data_path == f"{tmp_path}/lake-data/"
    monkeypatch.setenv(lake.DATA_ENV, "s3://bucket/lake")
    assert lake.parse_target("ducklake:postgres:dbname=lake").data_path == "s3://bucket/lake/"


def _definition(name: str, body: str, kind: str = "view") -> lake.Definition:
    return lake.Definition("main", name, kind, f"create {name}", body)


def test_views_and_macros_are_created_after_what_they_name() -> None:
    defs = [
        _definition("source_freshness", "select * from stg_sources join source_gaps using (x)"),
        _definition("source_gaps", "select * from fct_articles"),
        _definition("stg_sources", "select * from sources"),
        _definition("kk_strip_vowel", "kk_strip(w)", "macro"),  # no word match: not kk_strip
        _definition("kk_strip", "regexp_replace(w, 'a', 'b')", "macro"),
    ]
    order = [d.name for d in lake.creation_order(defs)]
    assert order.index("stg_sources") < order.index("source_freshness")
    assert order.index("source_gaps") < order.index("source_freshness")
    assert order.index("kk_strip") < order.index("kk_strip_vowel")
    with pytest.raises(lake.LakeError, match="cycle"):
        lake.creation_order([_definition("a", "select * from b"), _definition("b", "from a")])


def test_fts_match_bm25_is_published_with_its_defaults_passed_explicitly() -> None:
    params = ["docname", "query_string", "fields", "k", "b", "conjunctive"]
    full, short = lake.macro_definitions("fts_search_ru", "match_bm25", "macro", params, "(x)")
    assert full.name == "match_bm25_all_args" and "(docname, query_string, fields, k" in full.create
    assert short.name == "match_bm25"
    assert '"fts_search_ru"."match_bm25"(docname, query_string) as' in short.create
    assert short.create.endswith(
        '"fts_search_ru"."match_bm25_all_args"(docname, query_string, NULL, 1.2, 0.75, 0)'
    )
    (plain,) = lake.macro_definitions("main", "changes_since", "table macro", ["since"], "select 1")
    assert plain.create == 'create or replace macro "main"."changes_since"(since) as table select 1'


def test_a_publish_drops_what_the_file_no_longer_has_and_keeps_the_ledger() -> None:
    inventory = lake.Inventory(
        ("main",),
        (lake.Table("main", "events", "Events.", (("type", "Kind; of event's."),)),),
        (_definition("events_by_month", "select * from events"),),
        frozenset({"kt.kz/1"}),
    )
    existing = [
        lake.LakeObject("main", "old_view", "view"),
        lake.LakeObject("main", "events", "view"),  # a view becoming a table
        lake.LakeObject("main", "gone", "table macro"),
        lake.LakeObject("main", lake.LEDGER, "table"),
        lake.LakeObject("main", "events_by_month", "view"),
    ]
    statements = lake.publish_statements(inventory, existing)
    assert 'drop view if exists "main"."events"' in statements
    assert 'drop view if exists "main"."old_view"' in statements
    assert 'drop macro table if exists "main"."gone"' in statements
    assert not any(lake.LEDGER in s or "events_by_month" in s for s in statements if "drop" in s)
    create = statements.index(
        'create or replace table "main"."events" as select * from "loader_file"."main"."events"'
    )
    assert statements.index('drop view if exists "main"."events"') < create
    assert """comment on column "main"."events"."type" is 'Kind; of event''s.'""" in statements


def test_the_postgres_scripts_are_valid_bash_and_the_install_is_a_no_op_when_installed(
    tmp_path: Path,
) -> None:
    for script in (LOCAL_PG, INSTALL_PG):
        assert subprocess.run(["bash", "-n", str(script)], timeout=30).returncode == 0
    fake = tmp_path / "15" / "bin"
    fake.mkdir(parents=True)
    for tool in ("initdb", "pg_ctl"):
        (fake / tool).write_text("#!/bin/sh\n")
        (fake / tool).chmod(0o755)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MFA_WATCH_POSTGRES_ROOT": str(tmp_path),
    }
    proc = subprocess.run(
        ["bash", str(INSTALL_PG)], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 0 and "already installed" in proc.stdout
    assert "apt-get" not in proc.stdout + proc.stderr


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run the script as an unprivileged user",
)
def test_a_missing_postgres_without_root_fails_with_the_command_to_run(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MFA_WATCH_POSTGRES_ROOT": str(tmp_path),
    }
    drop = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    proc = subprocess.run(
        [*drop, "bash", str(INSTALL_PG)], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert "apt-get update && apt-get install -y postgresql" in proc.stderr


def test_commands_that_need_the_file_or_a_lake_say_so_without_a_traceback(tmp_path: Path) -> None:
    runner = CliRunner()
    migrate = runner.invoke(main, ["migrate", "--warehouse", "ducklake:postgres:dbname=x"])
    assert migrate.exit_code == 2 and "give --warehouse FILE" in migrate.output
    publish = runner.invoke(main, ["lake", "publish", "--warehouse", str(tmp_path / "w.duckdb")])
    assert publish.exit_code == 2 and "give a DuckLake" in publish.output
    bad = runner.invoke(main, ["run", "--warehouse", "ducklake:postgres:dbname=x password=y"])
    assert bad.exit_code == 2 and "no password" in bad.output
    assert "Traceback" not in migrate.output + publish.output + bad.output
