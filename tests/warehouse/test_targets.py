"""One rule for where a loading run writes, whether a person or a schedule starts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.db import DEFAULT_PATH
from warehouse.lake import LakeError
from warehouse.targets import load_targets

LAKE = "ducklake:postgres:dbname=lake host=127.0.0.1"


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MFA_WATCH_WAREHOUSE", "MFA_WATCH_LOADER_DB", "MFA_WATCH_LAKE_DATA"):
        monkeypatch.delenv(name, raising=False)


def test_nothing_given_is_the_default_file() -> None:
    assert load_targets() == load_targets(None, None, None)
    assert load_targets().path == DEFAULT_PATH
    assert load_targets().lake is None


def test_the_environment_names_the_file_when_the_option_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MFA_WATCH_WAREHOUSE", "/srv/mfa/warehouse.duckdb")
    assert load_targets().path == Path("/srv/mfa/warehouse.duckdb")
    assert load_targets("given.duckdb").path == Path("given.duckdb")


def test_a_lake_in_the_environment_loads_the_loader_file_then_publishes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MFA_WATCH_WAREHOUSE", LAKE)
    monkeypatch.setenv("MFA_WATCH_LOADER_DB", str(tmp_path / "loader.duckdb"))
    monkeypatch.setenv("MFA_WATCH_LAKE_DATA", str(tmp_path / "parquet"))
    where = load_targets()
    assert where.path == tmp_path / "loader.duckdb"
    assert where.lake == LAKE
    assert where.lake_data == f"{tmp_path / 'parquet'}/"


def test_a_lake_without_a_loader_file_loads_the_default_file() -> None:
    where = load_targets(LAKE)
    assert (where.path, where.lake) == (DEFAULT_PATH, LAKE)


def test_a_lake_value_that_cannot_work_is_refused_before_anything_runs() -> None:
    with pytest.raises(LakeError, match="no password"):
        load_targets("ducklake:postgres:dbname=lake password=secret")
