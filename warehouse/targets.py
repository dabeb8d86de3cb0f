"""Where a loading run writes: the DuckDB file it loads, and the DuckLake it publishes into.

One rule for the command line and for scheduled runs alike, so that a deployment started by
`mfa-watch serve`, a Prefect worker or systemd honours the same environment as `mfa-watch run`:
the warehouse is --warehouse, else $MFA_WATCH_WAREHOUSE, else data/warehouse.duckdb. When it
names a DuckLake, the loader loads its own file (--loader-db, else $MFA_WATCH_LOADER_DB, else
data/warehouse.duckdb) and publishes it into the lake, whose new Parquet files go to
--lake-data, else $MFA_WATCH_LAKE_DATA.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from warehouse import db

LOADER_DB_VAR = "MFA_WATCH_LOADER_DB"


@dataclass(frozen=True)
class LoadTargets:
    path: Path  # the DuckDB file the loader writes
    lake: str | None = None  # the DuckLake it then publishes into (its ducklake: URI)
    lake_data: str | None = None  # where a new lake puts its Parquet files


def load_targets(
    warehouse: str | None = None, loader_db: str | None = None, lake_data: str | None = None
) -> LoadTargets:
    """The targets of a loading run; raises LakeError for a lake value that cannot work."""
    from warehouse.lake import parse_target

    target = db.resolve_target(warehouse)
    if not db.is_lake(target):
        return LoadTargets(Path(target))
    parsed = parse_target(target, lake_data)  # else $MFA_WATCH_LAKE_DATA
    loader = loader_db or os.environ.get(LOADER_DB_VAR)
    return LoadTargets(Path(loader) if loader else db.DEFAULT_PATH, parsed.uri, parsed.data_path)


def flow_targets(
    warehouse: str | None = None, lake: str | None = None, lake_data: str | None = None
) -> LoadTargets:
    """The targets of a loading flow from its parameters: with `lake`, `warehouse` is the
    loader's file; without, `warehouse` is a file or a lake, or None for the environment's."""
    return (
        load_targets(lake, warehouse, lake_data)
        if lake
        else load_targets(warehouse, None, lake_data)
    )
