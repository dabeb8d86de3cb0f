"""Opening the warehouse: one place that knows its path, its lock, and what its errors mean.

DuckDB lets one read-write process hold a file and locks every other process out, readers
included. A user's query during a load, or two runs at once, must get a sentence naming the
holder, not an IOException traceback. Where readers must not wait for loads, the warehouse can
also be a DuckLake (`ducklake:postgres:<conninfo>`, warehouse/lake.py): `resolve_target` gives
either form, `resolve_path` only a file, for the commands that work on the file itself.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")

DEFAULT_PATH = Path("data/warehouse.duckdb")
ENV_VAR = "MFA_WATCH_WAREHOUSE"
LAKE_PREFIX = "ducklake:"  # --warehouse ducklake:postgres:<conninfo> names a DuckLake

_LOCK_RE = re.compile(r"Conflicting lock is held in (?P<cmd>.*?) \(PID (?P<pid>\d+)\)")


class WarehouseError(RuntimeError):
    """A problem with the warehouse file that the user can act on."""


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse (a load is running, or another session)."""

    def __init__(self, path: Path, pid: int | None, holder: str) -> None:
        who = f"PID {pid} ({holder})" if pid else holder
        super().__init__(
            f"warehouse {path} is locked by {who}: a load or another session holds it. "
            "Retry when it ends, or query an export (mfa-watch export)."
        )
        self.path = path
        self.pid = pid


def resolve_target(value: str | os.PathLike[str] | None = None) -> str:
    """The --warehouse value, else $MFA_WATCH_WAREHOUSE, else the default: a file or a lake."""
    if value:
        return os.fspath(value)
    return os.environ.get(ENV_VAR) or str(DEFAULT_PATH)


def is_lake(target: str | os.PathLike[str]) -> bool:
    """Whether a warehouse target names a DuckLake rather than a DuckDB file."""
    return os.fspath(target).startswith(LAKE_PREFIX)


def resolve_path(value: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse file: the --warehouse value, else $MFA_WATCH_WAREHOUSE, else the default."""
    target = resolve_target(value)
    if is_lake(target):
        raise WarehouseError(
            "this command works on the loader's DuckDB file, and the warehouse given is a "
            "DuckLake: give --warehouse FILE (the file the loader publishes from)"
        )
    return Path(target)


def connect(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    wait_seconds: float = 0.0,
    config: dict[str, str | bool | int] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; on a lock retry with backoff for wait_seconds, then WarehouseLocked."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(
            f"no warehouse at {path}: run `mfa-watch demo` or `mfa-watch run` first"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    settings: dict[str, str | bool | int | float | list[str]] = dict(config or {})
    return _retry_on_lock(
        path, wait_seconds, lambda: duckdb.connect(str(path), read_only=read_only, config=settings)
    )


def attach_readonly(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    alias: str,
    *,
    wait_seconds: float = 0.0,
) -> None:
    """ATTACH the warehouse file read-only under `alias`; a lock behaves as in `connect`."""
    path = Path(path)
    if not path.exists():
        raise WarehouseError(
            f"no warehouse at {path}: run `mfa-watch demo` or `mfa-watch run` first"
        )
    literal = str(path).replace("'", "''")
    # the alias is the caller's constant; the path is quoted as an SQL literal
    _retry_on_lock(
        path, wait_seconds, lambda: con.execute(f"attach '{literal}' as {alias} (read_only)")
    )


def _retry_on_lock(path: Path, wait_seconds: float, open_: Callable[[], T]) -> T:
    """Call `open_`; while the file is locked, retry with backoff, then WarehouseLocked."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.2
    while True:
        try:
            return open_()
        except duckdb.IOException as exc:
            match = _LOCK_RE.search(str(exc))
            if match is None:
                raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseLocked(path, int(match["pid"]), match["cmd"]) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
