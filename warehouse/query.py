"""Read-only queries for users: the warehouse opened so that SQL can read it and nothing else.

DuckDB's security model is "SQL is code" (RELIABILITY.md): a query could read local files,
ATTACH other databases, COPY data out or INSTALL extensions. `mfa-watch sql` opens the file
read-only with external access off and the configuration locked, so only the warehouse is
readable and nothing can be written or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse import db

SAFE_CONFIG: dict[str, str | bool | int] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


class QueryRefused(db.WarehouseError):
    """The statement is not allowed or failed; the message says which and why."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_readonly(path: Path, sql: str, params: list[Any] | None = None) -> QueryResult:
    """Run one statement on a read-only, locked-down connection."""
    con = db.connect(path, read_only=True, config=SAFE_CONFIG)
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


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
