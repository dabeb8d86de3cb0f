"""Migrations (RELIABILITY.md 31, 32): the schema is what its snapshot says, and an upgrade keeps
every row.

tests/warehouse/test_migrate.py already holds 33 and 34 (a failing migration rolls back whole;
an edited applied migration or a warehouse newer than the code is refused) and an upgrade over a
synthetic extra migration. This module adds the schema snapshot (warehouse/schema.sql, written by
`python -m warehouse.schema_snapshot`) and the upgrade over the project's real migrations: a
warehouse built up to each migration N-1, filled with the rows of a real load, then migrated.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.load import load_batch, pending_batches, prepare
from tests.reliability.batches import ktkz_items, write_batch
from warehouse.migrate import discover, migrate
from warehouse.schema_snapshot import SNAPSHOT, fresh_schema, main, schema_sql

SUCCESSORS = [m.version for m in discover()][1:]


def test_a_fresh_warehouse_has_exactly_the_schema_of_the_snapshot() -> None:
    stored = SNAPSHOT.read_text(encoding="utf-8")
    assert fresh_schema() == stored, (
        "warehouse/schema.sql is out of date: run `python -m warehouse.schema_snapshot` "
        "and commit the diff with the migration"
    )


def test_the_snapshot_is_valid_sql_that_rebuilds_the_same_schema() -> None:
    con = duckdb.connect()
    try:
        con.execute(SNAPSHOT.read_text(encoding="utf-8"))
        assert schema_sql(con) == fresh_schema()
    finally:
        con.close()


def test_the_snapshot_check_passes_on_the_committed_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--check"]) == 0
    assert "out of date" not in capsys.readouterr().out


def test_the_snapshot_check_fails_on_a_schema_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "schema.sql"
    stale.write_text(SNAPSHOT.read_text(encoding="utf-8").replace("title VARCHAR", "title TEXT"))
    monkeypatch.setattr("warehouse.schema_snapshot.SNAPSHOT", stale)
    assert main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert stale.read_text(encoding="utf-8") != fresh_schema()  # --check never rewrites


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse at the newest schema holding one real load (articles, events, stories...)."""
    root = tmp_path_factory.mktemp("migrations")
    warehouse, landing = root / "w.duckdb", root / "landing"
    write_batch(landing, ktkz_items(6), "20260328T120000-mig")
    prepare(warehouse)
    for batch in pending_batches(warehouse, landing):
        load_batch(warehouse, batch)
    return warehouse


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, list(column_name order by column_index) from duckdb_columns() "
        "where not internal and schema_name = 'main' group by 1"
    ).fetchall()
    return {name: list(columns) for name, columns in rows}


def _rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[Any]:
    listed = ", ".join(f'"{c}"' for c in columns)
    return sorted(con.execute(f'select {listed} from "{table}"').fetchall(), key=repr)


@pytest.mark.slow
@pytest.mark.parametrize(
    "version",
    SUCCESSORS or [pytest.param(None, marks=pytest.mark.skip(reason="one migration so far"))],
)
def test_a_warehouse_at_the_previous_migration_with_rows_upgrades_without_loss(
    version: int, loaded: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    try:
        migrate(con, stop_before=version)
        tables = _tables(con)
        con.execute(f"attach '{loaded}' as newest (read_only)")
        for table, columns in tables.items():
            if table == "_migrations":
                continue
            listed = ", ".join(f'"{c}"' for c in columns)
            con.execute(f'insert into "{table}" select {listed} from newest."{table}"')
        con.execute("detach newest")
        before = {t: _rows(con, t, cols) for t, cols in tables.items() if t != "_migrations"}
        assert sum(len(r) for r in before.values()) > 0, "no rows to carry over"
        applied = migrate(con)
        assert applied and applied[0] == version
        after = {t: _rows(con, t, cols) for t, cols in tables.items() if t != "_migrations"}
        assert after == before  # every old row, in every old column, still readable
        assert migrate(con) == []  # and a second run is a no-op
        assert {t: _rows(con, t, c) for t, c in tables.items() if t != "_migrations"} == after
    finally:
        con.close()


@pytest.mark.slow
def test_migrating_a_loaded_warehouse_again_changes_nothing(loaded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(loaded, copy)
    con = duckdb.connect(str(copy))
    try:
        tables = _tables(con)
        before = {t: _rows(con, t, cols) for t, cols in tables.items()}
        assert migrate(con) == []
        assert {t: _rows(con, t, cols) for t, cols in tables.items()} == before
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# 34, through the commands: a run or a migrate never writes to a warehouse newer than the code
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("command", ["run", "migrate"])
def test_a_warehouse_newer_than_the_code_is_left_untouched_by_the_commands(
    command: str, loaded: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from flows.cli import main
    from tests.helpers import record_a_later_migration, warehouse_snapshot

    newer = tmp_path / "newer.duckdb"
    shutil.copy(loaded, newer)
    record_a_later_migration(newer)
    before = warehouse_snapshot(newer)
    args = [command, "--warehouse", str(newer)]
    if command == "run":
        args += ["--source", "kt.kz", "--landing", str(tmp_path / "landing")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "newer mfa-watch" in result.output and "Traceback" not in result.output
    assert warehouse_snapshot(newer) == before
