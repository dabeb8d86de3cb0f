"""Forward-only SQL migrations, each applied with its checksum in one transaction.

`warehouse/migrations/NNNN_name.sql` run in order. DuckDB DDL is transactional, so a failing
migration leaves neither its tables nor its `_migrations` row. An applied migration whose file
changed, or a warehouse that has migrations this code does not know (written by a newer
version), is refused: running on would corrupt data silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

LEDGER_DDL = """
create table if not exists _migrations (
    version integer primary key,
    name varchar not null,
    sha256 varchar not null,
    applied_at timestamptz not null
)
"""


class MigrationRefused(WarehouseError):
    """The warehouse and the code disagree about applied migrations."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migrations on disk, in version order."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME_RE.match(path.name)
        if match is None:
            raise MigrationRefused(f"migration file name not NNNN_name.sql: {path}")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationRefused(f"two migrations share a version in {directory}")
    return found


def applied(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """version -> sha256 of the migrations recorded in the warehouse."""
    con.execute(LEDGER_DDL)
    return {v: s for v, s in con.execute("select version, sha256 from _migrations").fetchall()}


def check(con: duckdb.DuckDBPyConnection, migrations: list[Migration]) -> list[Migration]:
    """Refuse edited or unknown applied migrations; return the pending ones."""
    done = applied(con)
    known = {m.version: m for m in migrations}
    newer = sorted(v for v in done if v not in known)
    if newer:
        raise MigrationRefused(
            f"the warehouse has migration(s) {newer} this code does not know: it was written "
            "by a newer mfa-watch; upgrade the code instead of running this one"
        )
    for version, sha in done.items():
        if known[version].sha256 != sha:
            raise MigrationRefused(
                f"migration {version:04d}_{known[version].name} was edited after it was applied "
                "(checksum differs); add a new migration instead of editing an applied one"
            )
    return [m for m in migrations if m.version not in done]


def migrate(
    con: duckdb.DuckDBPyConnection,
    *,
    stop_before: int | None = None,
    directory: Path = MIGRATIONS_DIR,
) -> list[int]:
    """Apply pending migrations (all, or those below stop_before); return the versions applied."""
    pending = check(con, discover(directory))
    done = []
    for migration in pending:
        if stop_before is not None and migration.version >= stop_before:
            break
        con.execute("begin transaction")
        try:
            con.execute(migration.sql)
            con.execute(
                "insert into _migrations values (?, ?, ?, ?)",
                [migration.version, migration.name, migration.sha256, datetime.now(UTC)],
            )
            con.execute("commit")
        except Exception as exc:
            con.execute("rollback")
            raise MigrationRefused(
                f"migration {migration.version:04d}_{migration.name} failed, rolled back: {exc}"
            ) from exc
        done.append(migration.version)
    return done
