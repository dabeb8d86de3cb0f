"""`mfa-watch`: the command line a user touches (DESIGN.md "Interfaces a user touches").

Every command takes --warehouse (default data/warehouse.duckdb, or $MFA_WATCH_WAREHOUSE): a
DuckDB file, or for run, demo, sql and lake a DuckLake, `ducklake:postgres:<conninfo>`, that
analysts read while loads run (warehouse/lake.py, docs/ducklake.md). Prefect is imported only
inside the commands that run flows, after its environment is set.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from flows import env
from flows.cli_analyst import COMMANDS as ANALYST_COMMANDS
from flows.deployments import FIRST_RUN_DAYS

WAREHOUSE_HELP = (
    "DuckDB warehouse file, or a DuckLake: ducklake:postgres:<libpq conninfo> "
    "[default: data/warehouse.duckdb or $MFA_WATCH_WAREHOUSE]"
)
LAKE_DATA_HELP = (
    "With a DuckLake --warehouse: the folder where a new lake writes its Parquet files "
    "(an existing lake knows its own) [$MFA_WATCH_LAKE_DATA]"
)
LOADER_DB_HELP = (
    "With a DuckLake --warehouse: the loader's own DuckDB file, loaded as usual and then "
    "published into the lake [default: data/warehouse.duckdb; $MFA_WATCH_LOADER_DB]"
)
SAMPLE_QUERY = """
select e.event_date, e.type, e.status,
       coalesce(e.city, '-') as city, coalesce(e.country, '-') as country,
       string_agg(p.name, ', ' order by p.seq) as participants
from events e left join participants p using (event_id)
group by all order by e.event_date desc nulls last, e.type limit 12
""".strip()


SEARCH_QUERY = """
select lang, source_id, cast(published_at as date) as published, round(score, 3) as score,
       title, url
from search_articles(?)
where ? is null or lang = ?
limit ?
""".strip()


def warehouse_option(fn: Any) -> Any:
    return click.option("--warehouse", "warehouse", default=None, help=WAREHOUSE_HELP)(fn)


def lake_options(fn: Any) -> Any:
    """--lake-data and --loader-db: what a command that loads needs when the warehouse is a lake."""
    fn = click.option(
        "--loader-db",
        type=click.Path(dir_okay=False),
        envvar="MFA_WATCH_LOADER_DB",
        default=None,
        help=LOADER_DB_HELP,
    )(fn)
    return click.option(
        "--lake-data",
        type=click.Path(file_okay=False),
        envvar="MFA_WATCH_LAKE_DATA",
        default=None,
        help=LAKE_DATA_HELP,
    )(fn)


def _load_targets(
    warehouse: str | None, loader_db: str | None, lake_data: str | None
) -> tuple[Path, str | None, str | None]:
    """(the DuckDB file to load, the lake to publish it into or None, the lake's data folder)."""
    from warehouse.lake import LakeError
    from warehouse.targets import load_targets

    try:
        where = load_targets(warehouse, loader_db, lake_data)
    except LakeError as exc:
        raise click.BadParameter(str(exc), param_hint="--warehouse") from None
    return where.path, where.lake, where.lake_data


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Follow Kazakhstan's diplomacy: crawl MFA releases, extract events, query them in SQL.

    Example:

        mfa-watch demo && mfa-watch sql "select type, count(*) from events group by 1"
    """


@main.command()
@warehouse_option
@lake_options
@click.option(
    "--landing", default="data/landing", show_default=True, help="Landing batches folder."
)
def demo(warehouse: str | None, lake_data: str | None, loader_db: str | None, landing: str) -> None:
    """One full run over the offline snapshot of the sources (served on 127.0.0.1).

    Starts the snapshot server, runs the mfa-etl flow against it, prints the per-source
    summary and a sample query's result. Run it twice: the second run fetches almost nothing.
    With a DuckLake --warehouse the run loads --loader-db, then publishes it into the lake.

    Example:

    \b
        mfa-watch demo --warehouse /tmp/demo.duckdb
        mfa-watch demo --warehouse "ducklake:postgres:dbname=lake host=127.0.0.1" \\
            --lake-data /srv/lake
    """
    path, lake, lake_folder = _load_targets(warehouse, loader_db, lake_data)
    env.configure()
    from flows.pipeline import mfa_etl
    from flows.sources import SOURCES
    from scrapers.snapshot import CAPTURED_AT
    from scrapers.snapshot.server import SITES, SnapshotServer

    names = [s for s in SOURCES if s in SITES]
    started = time.monotonic()
    with SnapshotServer(names) as server:
        state = mfa_etl(
            warehouse=str(path),
            landing=landing,
            sources=names,
            snapshot={s: server.snapshot_arg(s) for s in names},
            allow_private_hosts=["127.0.0.1"],
            crawl_settings={"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"},
            crawl_retries=0,
            freshness_as_of={s: CAPTURED_AT[s] for s in names},
            lake=lake,
            lake_data=lake_folder,
            return_state=True,
        )
        served = dict(server.requests)
    summary = _summary_or_exit(state)
    click.echo("")
    click.echo(summary.to_text())
    click.echo(f"\nsnapshot requests served: {json.dumps(served)}")
    where = f"{lake} (published from {path})" if lake else str(path)
    click.echo(f"wall time: {time.monotonic() - started:.1f} s; warehouse: {where}")
    _print_sample(lake or path)
    click.echo("\n" + _ui_hint(state.state_details.flow_run_id))
    if summary.failed:
        sys.exit(1)


@main.command()
@warehouse_option
@lake_options
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Backfill back to this date."
)
@click.option(
    "--landing", default="data/landing", show_default=True, help="Landing batches folder."
)
def run(
    warehouse: str | None,
    lake_data: str | None,
    loader_db: str | None,
    sources: tuple[str, ...],
    since: datetime | None,
    landing: str,
) -> None:
    """One run against the live sources (the scheduled job).

    A source never crawled before is read back 30 days unless --since says otherwise. With a
    DuckLake --warehouse the run loads --loader-db as usual, then publishes it into the lake
    in one transaction: readers see the previous publish or this one, never half.

    Example:

    \b
        mfa-watch run --source kt.kz --since 2024-01-01
        mfa-watch run --warehouse "ducklake:postgres:dbname=lake host=db.internal user=etl"
    """
    path, lake, lake_folder = _load_targets(warehouse, loader_db, lake_data)
    env.configure()
    from flows.pipeline import mfa_etl
    from flows.sources import get

    for source in sources:
        try:
            get(source)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--source") from None
    state = mfa_etl(
        warehouse=str(path),
        landing=landing,
        sources=list(sources) or None,
        since=since.date().isoformat() if since else None,
        first_run_days=FIRST_RUN_DAYS,
        lake=lake,
        lake_data=lake_folder,
        return_state=True,
    )
    summary = _summary_or_exit(state)
    click.echo(summary.to_text())
    if summary.failed:
        sys.exit(1)


@main.command()
def serve() -> None:
    """Serve the scheduled deployments of mfa-etl from this process (Ctrl-C stops).

    Runs appear in the Prefect UI of the server PREFECT_API_URL points to (start one with
    `mfa-watch server`). Schedules: see flows/deployments.py.

    Example:

        PREFECT_API_URL=http://127.0.0.1:4200/api mfa-watch serve
    """
    env.configure()
    from prefect import serve as prefect_serve

    from flows.deployments import deployments

    prefect_serve(*deployments())


@main.command()
@click.option("--port", default=4200, show_default=True, help="Port of the UI and API.")
def server(port: int) -> None:
    """Start a local Prefect server with its UI on 127.0.0.1 (telemetry and analytics off).

    Example:

        mfa-watch server --port 4200   # then open http://127.0.0.1:4200
    """
    import os
    import subprocess

    env.configure()
    # `--port` alone does not tell the UI where the API is: it would call port 4200.
    os.environ.setdefault("PREFECT_UI_URL", f"http://127.0.0.1:{port}")
    os.environ.setdefault("PREFECT_UI_API_URL", f"http://127.0.0.1:{port}/api")
    click.echo(f"Prefect UI: http://127.0.0.1:{port}  (API http://127.0.0.1:{port}/api)")
    click.echo(f"In another shell: export PREFECT_API_URL=http://127.0.0.1:{port}/api")
    prefect = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    sys.exit(subprocess.call(cmd, env=os.environ.copy()))


@main.command()
@warehouse_option
@click.argument("query", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--search", "text", help="Full-text search of titles and bodies instead of SQL.")
@click.option("--lang", type=click.Choice(["ru", "kk", "en"]), help="With --search: one language.")
@click.option("--limit", default=20, show_default=True, help="With --search: how many articles.")
def sql(
    warehouse: str | None,
    query: str | None,
    fmt: str,
    text: str | None,
    lang: str | None,
    limit: int,
) -> None:
    """Run one read-only SQL query on the warehouse, or a full-text search (--search).

    Files, ATTACH, COPY, INSTALL and SET are refused: the warehouse is all it can read.
    Search stems Russian and English (snowball) and Kazakh (a light suffix stripper); in SQL
    it is the table macro search_articles('text'). On a DuckLake --warehouse the query reads
    the latest publish and answers while a load runs (a DuckDB file is locked then).

    Example:

    \b
        mfa-watch sql "select country, count(*) from events group by 1 order by 2 desc"
        mfa-watch sql --search "посол Японии" --lang ru
        mfa-watch sql --warehouse "ducklake:postgres:dbname=lake host=db.internal" \\
            "select * from events_by_country_month limit 5"
    """
    from warehouse.db import WarehouseError, resolve_target
    from warehouse.query import run_readonly

    if (query is None) == (text is None):
        raise click.UsageError("give either a QUERY or --search TEXT")
    params: list[Any] = []
    if text is not None:
        query, params = SEARCH_QUERY, [text, lang, lang, limit]
    assert query is not None
    try:
        result = run_readonly(resolve_target(warehouse), query, params)
    except WarehouseError as exc:
        click.echo(f"mfa-watch sql: {exc}", err=True)
        sys.exit(2)
    _emit(result.columns, result.rows, fmt)


@main.group("lake")
def lake_group() -> None:
    """The DuckLake: publish the loader's DuckDB file into it, keep it small.

    `mfa-watch run` and `demo` publish by themselves when --warehouse is a lake; these are
    for doing it by hand (after `mfa-watch rebuild`, say) and for the maintenance schedule.
    See docs/ducklake.md.

    Example:

    \b
        export MFA_WATCH_WAREHOUSE="ducklake:postgres:dbname=lake host=127.0.0.1 user=etl"
        mfa-watch lake publish --loader-db data/warehouse.duckdb --lake-data /srv/lake
        mfa-watch lake maintain --older-than 60
    """


def _lake_target(warehouse: str | None, lake_data: str | None = None) -> Any:
    from warehouse.db import is_lake, resolve_target
    from warehouse.lake import LakeError, parse_target

    target = resolve_target(warehouse)
    if not is_lake(target):
        raise click.BadParameter(
            "give a DuckLake: ducklake:postgres:<conninfo>", param_hint="--warehouse"
        )
    try:
        return parse_target(target, lake_data)
    except LakeError as exc:
        raise click.BadParameter(str(exc), param_hint="--warehouse") from None


@lake_group.command("publish")
@warehouse_option
@lake_options
@click.option("--force", is_flag=True, help="Publish even when the lake holds every load.")
def lake_publish(
    warehouse: str | None, lake_data: str | None, loader_db: str | None, force: bool
) -> None:
    """Copy the loader's DuckDB file into the lake, in one transaction.

    Every table is replaced and every view and macro recreated; readers see the previous
    publish or this one. Nothing happens when the lake already holds every load of the file,
    unless --force (after a rebuild, which changes rows without new loads).

    Example:

    \b
        mfa-watch lake publish --warehouse "ducklake:postgres:dbname=lake host=127.0.0.1" \\
            --loader-db data/warehouse.duckdb --lake-data /srv/lake
    """
    from warehouse.db import DEFAULT_PATH, WarehouseError
    from warehouse.lake import publish

    target = _lake_target(warehouse, lake_data)
    source = Path(loader_db) if loader_db else DEFAULT_PATH
    try:
        result = publish(source, target, force=force)
    except WarehouseError as exc:
        click.echo(f"mfa-watch lake publish: {exc}", err=True)
        sys.exit(2)
    if not result.published:
        click.echo(f"{target.uri}: up to date ({result.n_loads} loads), nothing published")
        return
    rows = sum(result.tables.values())
    appended = f" (new loads appended to {', '.join(result.appended)})" if result.appended else ""
    click.echo(
        f"{target.uri}: published {len(result.tables)} tables ({rows} rows){appended}, "
        f"{result.n_views} views, {result.n_macros} macros; {result.n_loads} loads, "
        f"{len(result.new_load_ids)} new; snapshot {result.snapshot_id}; {result.seconds} s"
    )


@lake_group.command("maintain")
@warehouse_option
@click.option(
    "--older-than",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Minutes: snapshots older than this expire, and files unused that long are deleted.",
)
def lake_maintain(warehouse: str | None, older_than: int) -> None:
    """Merge small files, expire old snapshots, delete the files no snapshot reads.

    Each publish replaces whole tables, so the lake's folder grows by one copy per publish
    until this runs. Keep --older-than longer than the longest query: a query still reading
    an expired snapshot would lose its files. Schedule it (hourly or daily).

    Example:

    \b
        mfa-watch lake maintain --warehouse "ducklake:postgres:dbname=lake host=127.0.0.1"
    """
    from datetime import timedelta

    from warehouse.db import WarehouseError
    from warehouse.lake import maintain

    target = _lake_target(warehouse)
    try:
        result = maintain(target, older_than=timedelta(minutes=older_than))
    except WarehouseError as exc:
        click.echo(f"mfa-watch lake maintain: {exc}", err=True)
        sys.exit(2)
    click.echo(
        f"{target.uri}: snapshots {result.snapshots_before} -> {result.snapshots_after}; "
        f"Parquet files {result.files_before} -> {result.files_after} "
        f"({result.bytes_before} -> {result.bytes_after} bytes); {result.seconds} s"
    )


@main.command()
@warehouse_option
def migrate(warehouse: str | None) -> None:
    """Create the warehouse or bring it to the current schema.

    Example:

        mfa-watch migrate --warehouse data/warehouse.duckdb
    """
    from warehouse import db
    from warehouse.migrate import migrate as run_migrations

    try:
        path = db.resolve_path(warehouse)
        con = db.connect(path)
        try:
            applied = run_migrations(con)
        finally:
            con.close()
    except db.WarehouseError as exc:
        click.echo(f"mfa-watch migrate: {exc}", err=True)
        sys.exit(2)
    click.echo(f"{path}: applied {applied or 'nothing (up to date)'}")


@main.command()
@warehouse_option
@lake_options
def rebuild(warehouse: str | None, lake_data: str | None, loader_db: str | None) -> None:
    """Re-cluster every story and re-extract every event from the stored texts.

    Run it after an upgrade that improves dedup or the extractor: history improves with it.
    Stories, events, participants and dedup's index are replaced in one transaction (a failed
    or killed rebuild leaves the warehouse as it was), then the marts and the search index are
    rebuilt. With a DuckLake --warehouse, --loader-db is rebuilt and then published whole
    (a rebuild adds no load, so the publish is forced).

    Example:

        mfa-watch rebuild --warehouse data/warehouse.duckdb
    """
    from flows.rebuild import rebuild as rebuild_warehouse
    from warehouse import lake as ducklake
    from warehouse import models
    from warehouse.db import WarehouseError

    path, lake, lake_folder = _load_targets(warehouse, loader_db, lake_data)
    if not path.exists():
        click.echo(f"mfa-watch rebuild: no warehouse at {path}: nothing to rebuild", err=True)
        sys.exit(2)
    try:
        result = rebuild_warehouse(path)
        models.refresh(path, wait_seconds=60)
        published = (
            ducklake.publish(path, ducklake.parse_target(lake, lake_folder), force=True)
            if lake
            else None
        )
    except WarehouseError as exc:
        click.echo(f"mfa-watch rebuild: {exc}", err=True)
        sys.exit(2)
    click.echo(
        f"{path}: {result.articles} articles in {result.stories} stories, {result.events} "
        f"events (extractor {result.extractor_version}); marts and search index rebuilt"
    )
    if published is not None:
        click.echo(f"{lake}: published, snapshot {published.snapshot_id}")


@main.command()
@click.option(
    "--jsonl",
    "source",
    type=click.File("r", encoding="utf-8"),
    required=True,
    help="Articles, one JSON object a line ('-' for standard input).",
)
def extract(source: Iterable[str]) -> None:
    """Print the diplomatic events of each article (DESIGN.md "Event contract").

    Input lines: {"id", "source", "url", "lang", "title", "published", "body"}.
    Output lines, in order: {"id", "events": [...]}, or {"id", "error"} for a bad line
    (the others are still processed; the exit status is then 1).

    Example:

        mfa-watch extract --jsonl articles.jsonl > events.jsonl
    """
    from flows.jsonl import read_articles
    from flows.transform.events import extract_events

    failed = False
    for line in read_articles(source):
        if line.article is None:
            failed = True
            _print_json({"id": line.id, "error": line.error})
            continue
        events = [e.to_contract() for e in extract_events(line.article)]
        _print_json({"id": line.id, "events": events})
    sys.exit(1 if failed else 0)


@main.command()
@click.option(
    "--jsonl",
    "source",
    type=click.File("r", encoding="utf-8"),
    required=True,
    help="Articles, one JSON object a line ('-' for standard input).",
)
def dedup(source: Iterable[str]) -> None:
    """Print the story key of each article: one key per release across outlets and languages.

    Output lines, in order: {"id", "story"}, or {"id", "error"} for a bad line (exit status 1).

    Example:

        mfa-watch dedup --jsonl articles.jsonl
    """
    from flows.jsonl import read_articles
    from flows.transform.dedup import story_keys

    lines = list(read_articles(source))
    keys = story_keys([line.article for line in lines if line.article is not None])
    for line in lines:
        if line.article is None:
            _print_json({"id": line.id, "error": line.error})
        else:
            _print_json({"id": line.id, "story": keys[line.article.id]})
    sys.exit(1 if any(line.article is None for line in lines) else 0)


# --- output -------------------------------------------------------------------------------


def _summary_or_exit(state: Any) -> Any:
    """The run's summary; a run stopped by the warehouse itself (locked, unreadable) exits 2."""
    from flows.summary import summary_of
    from warehouse.db import WarehouseError

    result = state.result(raise_on_failure=False)
    if isinstance(result, WarehouseError):
        click.echo(f"error: {result}", err=True)
        sys.exit(2)
    return summary_of(result)


def _print_json(obj: dict[str, Any]) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _emit(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    if fmt == "json":
        for row in rows:
            _print_json(dict(zip(columns, row, strict=True)))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        click.echo(_table(columns, rows))


def _table(columns: list[str], rows: list[tuple[Any, ...]], width: int = 60) -> str:
    def cell(v: Any) -> str:
        text = "" if v is None else (v.isoformat() if isinstance(v, date | datetime) else str(v))
        text = text.replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _ui_hint(flow_run_id: object) -> str:
    """Where to open this run in the Prefect UI."""
    import os

    api = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    if api:
        ui = api.removesuffix("/api")
        return f"Prefect UI: {ui}/runs/flow-run/{flow_run_id}  (all runs: {ui}/runs)"
    home = os.environ.get("PREFECT_HOME", "data/prefect")
    return (
        f"Prefect UI: this run is kept in {home}; to see it, run `mfa-watch server` from this\n"
        f"folder and open http://127.0.0.1:4200/runs/flow-run/{flow_run_id}"
    )


def _print_sample(target: str | Path) -> None:
    from warehouse.query import run_readonly

    click.echo("\nSample query (the latest events):\n" + SAMPLE_QUERY + "\n")
    result = run_readonly(target, SAMPLE_QUERY)
    click.echo(_table(result.columns, result.rows, width=48))


for _command in ANALYST_COMMANDS:  # export, report (flows/cli_analyst.py)
    main.add_command(_command)


if __name__ == "__main__":
    main()
