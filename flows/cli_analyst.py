"""`mfa-watch export` and `mfa-watch report`: the analysts' commands, attached to the main group.

Both read the warehouse read-only and never change it. A load holding the file, or a warehouse
without its models yet, gets a sentence and exit status 2, not a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

WAREHOUSE_HELP = "DuckDB warehouse file [default: data/warehouse.duckdb or $MFA_WATCH_WAREHOUSE]"
DEFAULT_EXPORT_DIR = "data/export"
DEFAULT_REPORT = "data/report.html"


def _warehouse_option(fn: Any) -> Any:
    return click.option(
        "--warehouse",
        "warehouse",
        type=click.Path(dir_okay=False),
        default=None,
        help=WAREHOUSE_HELP,
    )(fn)


@click.command("export")
@_warehouse_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv"]),
    default="parquet",
    show_default=True,
    help="Parquet keeps every type; CSV is for spreadsheets (lists as JSON arrays).",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False),
    default=DEFAULT_EXPORT_DIR,
    show_default=True,
    help="Folder to write the files and schema.json into.",
)
def export_command(warehouse: str | None, fmt: str, output: str) -> None:
    """Write the marts (fct_events, fct_articles, dim_*) to a folder, with their schema.

    One file per mart plus schema.json (every column's type and description). pandas,
    polars and DuckDB read the Parquet back with the same types: dates, timezone-aware
    timestamps (UTC) and lists.

    Example:

        mfa-watch export --format parquet --output data/export
    """
    from flows.export import export
    from warehouse.db import WarehouseError, resolve_path

    try:
        result = export(resolve_path(warehouse), fmt, Path(output))
    except WarehouseError as exc:
        click.echo(f"mfa-watch export: {exc}", err=True)
        sys.exit(2)
    for table, rows in result.rows.items():
        click.echo(f"{result.files[table]}  {rows} rows")
    click.echo(f"{result.schema_file}  (columns, types, descriptions)")


@click.command("report")
@_warehouse_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=DEFAULT_REPORT,
    show_default=True,
    help="The HTML file to write.",
)
def report_command(warehouse: str | None, output: str) -> None:
    """Write one self-contained HTML page of charts (opens offline, no request leaves it).

    Events per month by type, a world map of events by country, the most active Kazakh
    diplomats and their counterparts, and the sources' freshness.

    Example:

        mfa-watch report --output data/report.html && xdg-open data/report.html
    """
    from flows.report import write_report
    from warehouse.db import WarehouseError, resolve_path

    try:
        path = write_report(resolve_path(warehouse), Path(output))
    except WarehouseError as exc:
        click.echo(f"mfa-watch report: {exc}", err=True)
        sys.exit(2)
    click.echo(f"{path}  ({path.stat().st_size / 1e6:.1f} MB, self-contained)")


COMMANDS = (export_command, report_command)
