"""Read-only queries for users: the warehouse opened so that SQL can read it and nothing else.

DuckDB's security model is "SQL is code" (RELIABILITY.md): a query could read local files,
ATTACH other databases, COPY data out or INSTALL extensions. `mfa-watch sql` opens the file
read-only with external access off and the configuration locked, so only the warehouse is
readable and nothing can be written or changed. The fts extension is loaded from its wheel
before the lock, so `search_articles('...')` works in user SQL (warehouse/search.py).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse import db, search

# Set when the connection opens: never install or load an extension behind the user's back.
OPEN_CONFIG: dict[str, str | bool | int] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
# Then, once the fts extension is loaded from its wheel (DuckDB refuses to LOAD a file after
# external access is off), files, ATTACH, COPY, INSTALL and every later SET are shut.
LOCK_STATEMENTS = ("set enable_external_access = false", "set lock_configuration = true")


class QueryRefused(db.WarehouseError):
    """The statement is not allowed or failed; the message says which and why."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_readonly(path: Path, sql: str, params: list[Any] | None = None) -> QueryResult:
    """Run one statement on a read-only, locked-down connection."""
    con = connect_locked(path)
    try:
        try:
            cursor = con.execute(sql, params or [])
        except (duckdb.PermissionException, duckdb.InvalidInputException) as exc:
            raise QueryRefused(f"refused: {_first_line(exc)}") from exc
        except duckdb.Error as exc:
            raise QueryRefused(f"query failed: {_first_line(exc)}") from exc
        columns = [d[0] for d in cursor.description or []]
        return QueryResult(columns, cursor.fetchall())
    finally:
        con.close()


def connect_locked(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only, full-text search loaded, then external access off and configuration locked."""
    con = db.connect(path, read_only=True, config=OPEN_CONFIG)
    try:
        # without the wheel only search_articles() fails, and says why
        with contextlib.suppress(search.SearchUnavailable):
            search.load_fts(con)
        for statement in LOCK_STATEMENTS:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
