"""Migrations: applied once with their checksum; edits, newer warehouses and failures refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.migrate import MIGRATIONS_DIR, MigrationRefused, discover, migrate

TABLES_SQL = "select table_name from information_schema.tables"


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    return folder


def test_fresh_warehouse_gets_every_migration_once(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert migrate(con) == [m.version for m in discover()]
    assert migrate(con) == []
    tables = {r[0] for r in con.execute(TABLES_SQL).fetchall()}
    expected = {"sources", "crawl_runs", "_loads", "pages", "articles", "stories", "events"}
    assert expected | {"participants", "_migrations"} <= tables


def test_edited_applied_migration_is_refused(migrations: Path) -> None:
    con = duckdb.connect()
    migrate(con, directory=migrations)
    first = sorted(migrations.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationRefused, match="edited after it was applied"):
        migrate(con, directory=migrations)


def test_warehouse_newer_than_code_is_refused(migrations: Path) -> None:
    con = duckdb.connect()
    (migrations / "9999_future.sql").write_text("create table future (x int);")
    migrate(con, directory=migrations)
    (migrations / "9999_future.sql").unlink()
    with pytest.raises(MigrationRefused, match="newer mfa-watch"):
        migrate(con, directory=migrations)


def test_failing_migration_rolls_back_whole(migrations: Path) -> None:
    con = duckdb.connect()
    migrate(con, directory=migrations)
    (migrations / "9000_broken.sql").write_text(
        "create table half_done (x int);\ninsert into no_such_table values (1);"
    )
    with pytest.raises(MigrationRefused, match="9000_broken failed, rolled back"):
        migrate(con, directory=migrations)
    tables = {r[0] for r in con.execute(TABLES_SQL).fetchall()}
    assert "half_done" not in tables
    assert con.execute("select count(*) from _migrations where version = 9000").fetchone() == (0,)
    assert con.execute("select count(*) from articles").fetchone() == (0,)  # still usable


def test_previous_schema_with_rows_migrates_without_loss(migrations: Path) -> None:
    (migrations / "9001_extra.sql").write_text("alter table sources add column note varchar;")
    con = duckdb.connect()
    migrate(con, directory=migrations, stop_before=9001)
    con.execute("insert into sources values ('kt.kz', 'outlet', 'KT', 'https://www.kt.kz', ['ru'])")
    assert migrate(con, directory=migrations) == [9001]
    assert con.execute("select source_id, note from sources").fetchall() == [("kt.kz", None)]
