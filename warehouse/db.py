"""Opening the warehouse: one place that knows its path, its lock, and what its errors mean.

DuckDB lets one read-write process hold a file and locks every other process out, readers
included. A user's query during a load, or two runs at once, must get a sentence naming the
holder, not an IOException traceback.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import duckdb

DEFAULT_PATH = Path("data/warehouse.duckdb")
ENV_VAR = "MFA_WATCH_WAREHOUSE"

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


def resolve_path(value: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse path: the --warehouse value, else $MFA_WATCH_WAREHOUSE, else the default."""
    if value:
        return Path(value)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_PATH


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
    deadline = time.monotonic() + wait_seconds
    delay = 0.2
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            match = _LOCK_RE.search(str(exc))
            if match is None:
                raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseLocked(path, int(match["pid"]), match["cmd"]) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
