"""Exports: the marts read back unchanged by DuckDB, pandas and polars (types included)."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest

from flows.export import SCHEMA_FILE, export
from warehouse import db, models
from warehouse.migrate import migrate

LOCAL = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


@pytest.fixture(scope="module")
def modelled(
    demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("export") / "warehouse.duckdb"
    shutil.copy(demo_warehouse[0], path)
    con = duckdb.connect(str(path), config=LOCAL)
    migrate(con)
    models.build_models(con)
    con.close()
    yield path


@pytest.fixture(scope="module")
def originals(modelled: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]], list[str]]]:
    """mart -> (columns, rows in file order, DuckDB types), straight from the warehouse."""
    con = duckdb.connect(str(modelled), read_only=True)
    out = {}
    for mart in models.MARTS:
        cursor = con.execute(f"select * from {mart}")
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
        types = [r[1] for r in con.execute(f"describe {mart}").fetchall()]
        out[mart] = (columns, rows, types)
    con.close()
    return out


@pytest.fixture(scope="module")
def parquet_dir(modelled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    export(modelled, "parquet", out)
    return out


@pytest.fixture(scope="module")
def csv_dir(modelled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    export(modelled, "csv", out)
    return out


def normal(value: Any) -> Any:
    """One Python value whatever the reader's representation (NaN/NA, numpy arrays, Timestamps)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.ndarray):
        return [normal(v) for v in value.tolist()]
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    return value


def test_parquet_reads_back_unchanged_in_duckdb(parquet_dir: Path, originals: Any) -> None:
    con = duckdb.connect()
    for mart, (columns, rows, types) in originals.items():
        file = str(parquet_dir / f"{mart}.parquet")
        cursor = con.execute("select * from read_parquet(?)", [file])
        assert [d[0] for d in cursor.description or []] == columns
        assert cursor.fetchall() == rows, mart
        read_types = [r[1] for r in con.execute(f"describe select * from '{file}'").fetchall()]
        assert read_types == types, mart


def test_parquet_reads_back_unchanged_in_polars(parquet_dir: Path, originals: Any) -> None:
    for mart, (columns, rows, _) in originals.items():
        frame = pl.read_parquet(parquet_dir / f"{mart}.parquet")
        assert frame.columns == columns
        assert [tuple(normal(v) for v in r) for r in frame.rows()] == rows, mart
    events = pl.read_parquet(parquet_dir / "fct_events.parquet").schema
    assert events["event_date"] == pl.Date
    assert events["published_at"] == pl.Datetime("us", "UTC")
    assert events["counterparts"] == pl.List(pl.String)


def test_parquet_reads_back_unchanged_in_pandas(parquet_dir: Path, originals: Any) -> None:
    for mart, (columns, rows, _) in originals.items():
        frame = pd.read_parquet(parquet_dir / f"{mart}.parquet")
        assert list(frame.columns) == columns
        back = [tuple(normal(v) for v in r) for r in frame.itertuples(index=False, name=None)]
        assert back == rows, mart
    events = pd.read_parquet(parquet_dir / "fct_events.parquet")
    assert str(events["published_at"].dtype) == "datetime64[us, UTC]"
    assert isinstance(events["event_date"].dropna().iloc[0], date)
    assert isinstance(events["counterparts"].iloc[0], np.ndarray)


def test_schema_json_describes_every_column(parquet_dir: Path, originals: Any) -> None:
    schema = json.loads((parquet_dir / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert schema["format"] == "parquet"
    assert set(schema["tables"]) == set(models.MARTS)
    for mart, (columns, rows, types) in originals.items():
        entry = schema["tables"][mart]
        assert entry["rows"] == len(rows) and entry["file"] == f"{mart}.parquet"
        assert [c["name"] for c in entry["columns"]] == columns
        assert [c["type"] for c in entry["columns"]] == types
        assert all(c["description"] for c in entry["columns"]) and entry["description"]


def test_csv_reads_back_unchanged_in_duckdb_with_its_schema(csv_dir: Path, originals: Any) -> None:
    schema = json.loads((csv_dir / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert "lists" in schema["csv"]
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    for mart, (_, rows, _) in originals.items():
        cols = schema["tables"][mart]["columns"]
        raw = {c["name"]: ("VARCHAR" if c["type"].endswith("[]") else c["type"]) for c in cols}
        select = ", ".join(
            f'cast("{c["name"]}"::json as {c["type"]})'
            if c["type"].endswith("[]")
            else f'"{c["name"]}"'
            for c in cols
        )
        file = str(csv_dir / f"{mart}.csv")
        back = con.execute(
            f"select {select} from read_csv(?, header = true, columns = {raw!r})", [file]
        ).fetchall()
        assert back == rows, mart


def test_csv_reads_in_pandas_and_polars(csv_dir: Path, originals: Any) -> None:
    columns, rows, _ = originals["fct_events"]
    frame = pd.read_csv(csv_dir / "fct_events.csv", keep_default_na=False, na_values=[""])
    assert list(frame.columns) == columns and len(frame) == len(rows)
    at = columns.index("published_at")
    lists = columns.index("counterparts")
    first = frame.iloc[0]
    assert pd.to_datetime(first["published_at"], utc=True).to_pydatetime() == rows[0][at]
    assert json.loads(first["counterparts"]) == rows[0][lists]
    polars = pl.read_csv(csv_dir / "fct_events.csv", try_parse_dates=True)
    assert polars.schema["event_date"] == pl.Date
    assert polars["event_date"].to_list() == [r[columns.index("event_date")] for r in rows]
    assert isinstance(polars.schema["published_at"], pl.Datetime)
    assert polars["published_at"].dt.convert_time_zone("UTC").to_list() == [r[at] for r in rows]


def test_export_leaves_the_warehouse_untouched(modelled: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(modelled.read_bytes()).hexdigest()
    result = export(modelled, "parquet", tmp_path / "out", tables=["dim_countries"])
    assert hashlib.sha256(modelled.read_bytes()).hexdigest() == before
    assert result.rows["dim_countries"] > 240
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "dim_countries.parquet",
        SCHEMA_FILE,
    ]


def test_export_refuses_unknown_formats_tables_and_unmodelled_warehouses(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.close()
    with pytest.raises(ValueError, match="format"):
        export(path, "xlsx", tmp_path / "out")
    with pytest.raises(ValueError, match="not marts"):
        export(path, "csv", tmp_path / "out", tables=["articles"])
    with pytest.raises(db.WarehouseError, match="no fct_articles"):
        export(path, "csv", tmp_path / "out")


def test_exported_dates_are_real_dates(parquet_dir: Path) -> None:
    frame = pl.read_parquet(parquet_dir / "fct_articles.parquet")
    published = frame["published_at"].to_list()
    assert all(isinstance(v, datetime) and v.tzinfo is not None for v in published)


def test_export_command_writes_the_files(modelled: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli_analyst import export_command

    out = tmp_path / "out"
    args = ["--warehouse", str(modelled), "--format", "csv", "--output", str(out)]
    result = CliRunner().invoke(export_command, args)
    assert result.exit_code == 0, result.output
    assert f"{out / 'fct_events.csv'}  " in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{m}.csv" for m in models.MARTS] + [SCHEMA_FILE]
    )
    help_text = CliRunner().invoke(export_command, ["--help"]).output
    assert "Example:" in help_text and "mfa-watch export" in help_text


def test_export_command_on_a_missing_warehouse_says_so(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli_analyst import export_command

    result = CliRunner().invoke(export_command, ["--warehouse", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "mfa-watch export:" in result.output and "Traceback" not in result.output
