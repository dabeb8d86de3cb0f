"""`mfa-watch export`: the marts as files any analyst's tool reads, with their schema beside them.

A DuckDB file is locked while a load runs and needs DuckDB to read; an export is a snapshot
that pandas, polars, R or a spreadsheet can open anywhere. Parquet keeps every type as it is
in the warehouse (dates, timezone-aware timestamps in UTC, lists); CSV is for spreadsheets, so
its cells are text: timestamps are written in UTC as ISO 8601 with the offset, and lists as
JSON arrays (a comma inside a name cannot break them). `schema.json` lists each file's columns
with their DuckDB types and descriptions (from the warehouse's comments), so a CSV can be read
back with its types. Files are written under a temporary name and renamed, so a reader never
sees half a file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import db
from warehouse.models import MARTS

FORMATS = ("parquet", "csv")
SCHEMA_FILE = "schema.json"
CSV_NOTES = {
    "timestamps": "ISO 8601 in UTC with the offset (2026-03-03 14:10:00+00)",
    "dates": "ISO 8601 (2026-03-03)",
    "lists": 'JSON arrays (["ru", "en"])',
    "nulls": "empty cells",
}


@dataclass(frozen=True)
class ExportResult:
    output_dir: Path
    fmt: str
    rows: dict[str, int]
    files: dict[str, Path]
    schema_file: Path


def export(
    warehouse: Path, fmt: str, output_dir: Path, tables: Sequence[str] = MARTS
) -> ExportResult:
    """Write the marts to `output_dir` as Parquet or CSV, plus schema.json; return the counts."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    unknown = sorted(set(tables) - set(MARTS))
    if unknown:
        raise ValueError(f"not marts: {', '.join(unknown)} (marts: {', '.join(MARTS)})")
    con = db.connect(warehouse, read_only=True)
    try:
        missing = [t for t in tables if not _exists(con, t)]
        if missing:
            raise db.WarehouseError(
                f"the warehouse has no {', '.join(missing)} yet: a run builds the marts after "
                "its loads"
            )
        con.execute("set timezone = 'UTC'")
        output_dir.mkdir(parents=True, exist_ok=True)
        schema: dict[str, Any] = {
            "format": fmt,
            "exported_at": datetime.now(UTC).isoformat(),
            "warehouse": str(warehouse),
            "tables": {},
        }
        if fmt == "csv":
            schema["csv"] = CSV_NOTES
        rows, files = {}, {}
        for table in tables:
            columns = table_columns(con, table)
            target = output_dir / f"{table}.{fmt}"
            rows[table] = _copy(con, table, columns, fmt, target)
            files[table] = target
            schema["tables"][table] = {
                "file": target.name,
                "rows": rows[table],
                "description": _table_comment(con, table),
                "columns": columns,
            }
        schema_file = output_dir / SCHEMA_FILE
        _write_atomic(schema_file, json.dumps(schema, ensure_ascii=False, indent=2).encode("utf-8"))
        return ExportResult(output_dir, fmt, rows, files, schema_file)
    finally:
        con.close()


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[dict[str, Any]]:
    """Each column's name, DuckDB type, nullability and description, in order."""
    rows = con.execute(
        "select column_name, data_type, is_nullable, comment from duckdb_columns() "
        "where schema_name = 'main' and table_name = ? order by column_index",
        [table],
    ).fetchall()
    return [
        {"name": name, "type": data_type, "nullable": bool(nullable), "description": comment}
        for name, data_type, nullable, comment in rows
    ]


def csv_select(table: str, columns: Sequence[dict[str, Any]]) -> str:
    """The SELECT that writes a mart as CSV: lists as JSON arrays, everything else as is."""
    parts = []
    for col in columns:
        name = '"' + str(col["name"]).replace('"', '""') + '"'
        parts.append(f"to_json({name}) as {name}" if col["type"].endswith("[]") else name)
    return f"select {', '.join(parts)} from {table}"  # noqa: S608 - names from the catalog


def _copy(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[dict[str, Any]],
    fmt: str,
    target: Path,
) -> int:
    temp = target.with_name(f".{target.name}.tmp")
    quoted = str(temp).replace("'", "''")
    if fmt == "parquet":
        select = f"select * from {table}"  # noqa: S608 - a mart name from MARTS
        options = "format parquet, compression zstd"
    else:
        select = csv_select(table, columns)
        options = "format csv, header true"
    try:
        con.execute(f"copy ({select}) to '{quoted}' ({options})")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    row = con.execute(f"select count(*) from {table}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'main' and table_name = ?",
        [table],
    ).fetchone()
    return bool(row and row[0])


def _table_comment(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    row = con.execute(
        "select comment from duckdb_tables() where schema_name = 'main' and table_name = ?",
        [table],
    ).fetchone()
    return row[0] if row else None


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
