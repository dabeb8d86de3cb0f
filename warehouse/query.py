"""Read-only queries for users: the warehouse opened so that SQL can read it and nothing else.

DuckDB's security model is "SQL is code" (RELIABILITY.md): a query could read local files,
ATTACH other databases, COPY data out or INSTALL extensions. `mfa-watch sql` opens the file
read-only with external access off and the configuration locked, so only the warehouse is
readable and nothing can be written or changed. The fts extension is loaded from its wheel
before the lock, so `search_articles('...')` works in user SQL (warehouse/search.py).

A DuckLake (`ducklake:postgres:...`, warehouse/lake.py) is attached read-only and read at its
latest published snapshot, so queries answer while a loader writes. Its Parquet files must stay
readable after the lock, and DuckDB can only open a folder for reading and writing together,
so on a lake every statement must also be a query (SELECT, DESCRIBE, SHOW, SUMMARIZE): COPY,
ATTACH and EXPORT, which could write into the lake's folder, never run.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import Any

import duckdb

from warehouse import db, lake, search

# Set when the connection opens: never install or load an extension behind the user's back.
OPEN_CONFIG: dict[str, str | bool | int] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
# Then, once the fts extension is loaded from its wheel (DuckDB refuses to LOAD a file after
# external access is off), files, ATTACH, COPY, INSTALL and every later SET are shut.
LOCK_STATEMENTS = ("set enable_external_access = false", "set lock_configuration = true")
# What a user statement on a lake may be (duckdb.extract_statements' types).
# (not EXPLAIN: EXPLAIN ANALYZE runs the statement it explains, which may be a COPY)
LAKE_STATEMENTS = frozenset({duckdb.StatementType.SELECT})


class QueryRefused(db.WarehouseError):
    """The statement is not allowed or failed; the message says which and why."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_readonly(
    target: str | os.PathLike[str], sql: str, params: list[Any] | None = None
) -> QueryResult:
    """Run one statement on a read-only, locked-down connection to a file or a lake."""
    if db.is_lake(target):
        _refuse_writes(sql)
    con = connect_locked(target)
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


def connect_locked(target: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """Read-only, full-text search loaded, then external access off and configuration locked."""
    if db.is_lake(target):
        return _connect_lake(lake.parse_target(os.fspath(target)))
    con = db.connect(target, read_only=True, config=OPEN_CONFIG)
    try:
        _lock(con)
    except BaseException:
        con.close()
        raise
    return con


def _connect_lake(target: lake.LakeTarget) -> duckdb.DuckDBPyConnection:
    """The lake attached read-only and made current; only its data folder stays readable."""
    con = lake.connect(target, read_only=True)
    try:
        lake.require_published(con, target)
        con.execute(f"use {lake.ALIAS}")
        folder = lake.data_path(con)
        con.execute(f"set allowed_directories = [{lake.quote_literal(folder)}]")
        _lock(con)
    except BaseException:
        con.close()
        raise
    return con


def _lock(con: duckdb.DuckDBPyConnection) -> None:
    # without the wheel only search_articles() fails, and says why
    with contextlib.suppress(search.SearchUnavailable):
        search.load_fts(con)
    for statement in LOCK_STATEMENTS:
        con.execute(statement)


def _refuse_writes(sql: str) -> None:
    """On a lake, every statement must be a query: anything else could write files."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"query failed: {_first_line(exc)}") from exc
    for statement in statements:
        if statement.type not in LAKE_STATEMENTS:
            kind = statement.type.name.lower()
            raise QueryRefused(f"refused: only queries run on a lake, not {kind} statements")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
