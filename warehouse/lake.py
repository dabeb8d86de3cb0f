"""DuckLake: the warehouse analysts read while the loader writes.

A DuckDB file has one writer and locks every other process out while it writes, readers
included: a query during a load gets `WarehouseLocked`. A DuckLake keeps its catalog in
PostgreSQL and its data as Parquet files in a folder; each commit is a snapshot, and a reader
reads the last committed snapshot while a writer prepares the next.

The loader does not load into the lake. DuckLake has no primary keys or unique constraints, and
two concurrent MERGEs of the same new keys duplicate rows (measured: shared/SCALING.md §4.1).
So the DuckDB file stays the system of record, whose keys make loads idempotent, and after the
loads `publish` copies it into the lake in ONE DuckLake transaction: every table replaced, every
view and macro recreated, and a row in `_lake_publishes` naming the loads it brought. Readers
see the previous snapshot or the new one, never half a publish. A publish whose loads the lake
already holds does nothing; a killed publish never committed, so the next one finds the loads
missing and publishes them. Whole tables are replaced: simple, and cheap at this project's
sizes (docs/ducklake.md has the figures); the Parquet files of replaced tables stay until
`maintain` expires old snapshots and deletes their files.

What DuckLake cannot store is adapted, as said here. Comments on macros and on a view's
columns are left out (DuckLake refuses them; docs/data-dictionary.md has them). The full-text
index's `match_bm25` has optional parameters with untyped NULL defaults, which DuckLake cannot
store: it is published as `match_bm25_all_args` with every parameter, plus a two-argument
`match_bm25` that passes the fts extension's documented defaults.

Extensions are LOADed from the files inside their PyPI wheels (duckdb-extension-ducklake and
-postgres-scanner), as warehouse/search.py does for fts: no INSTALL, no download, nothing written
to ~/.duckdb or any extension directory, and it works before a reader locks its configuration.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from warehouse import db
from warehouse.loaders import kill_point

LAKE_PREFIX = db.LAKE_PREFIX
CATALOG_KINDS = ("postgres:",)  # a catalog that many processes can read and write at once
DATA_ENV = "MFA_WATCH_LAKE_DATA"  # where a new lake writes its Parquet files
ALIAS = "lake"  # the lake's name in every connection this module opens
SOURCE = "loader_file"  # the loader's DuckDB file, attached read-only while publishing
LEDGER = "_lake_publishes"
# Tables the loader only ever appends to, each row tagged with its load: a publish appends the
# rows of the new loads instead of rewriting them (pages, the raw responses, are most of the
# bytes). `appendable` checks that the lake's copy still matches before it trusts this.
APPEND_ONLY = ("_loads", "pages", "article_versions")
PUBLISHED = "_lake_published_loads"  # a temporary table: the loads the lake held before
HELD_LOADS = f"select load_id from temp.main.{PUBLISHED}"  # noqa: S608 - constants only
LEDGER_DDL = f"""
create table if not exists {ALIAS}.main.{LEDGER} (
    publish_id varchar,
    published_at timestamptz,
    source_file varchar,
    n_loads integer,
    new_load_ids varchar[],
    n_tables integer,
    n_views integer,
    n_macros integer,
    seconds double,
    appended varchar[]
)
"""
LEDGER_COMMENT = (
    "One row per publish of the loader's DuckDB file into this lake: when, from which file, "
    "how many loads the lake then held and which loads were new."
)
EXTENSIONS = (
    ("duckdb_extension_postgres_scanner", "postgres_scanner"),
    ("duckdb_extension_ducklake", "ducklake"),
)
OPEN_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
FTS_SCHEMA_PREFIX = "fts_"  # the schemas DuckDB's fts extension creates, one per index
# The fts extension's documented defaults of match_bm25's optional parameters.
FTS_DEFAULTS = {"fields": "NULL", "k": "1.2", "b": "0.75", "conjunctive": "0"}
ALL_ARGS = "_all_args"
DROP_CLAUSE = {"table": "table", "view": "view", "macro": "macro", "table macro": "macro table"}
DEFAULT_RETENTION = timedelta(hours=1)  # longer than any reader's query on an old snapshot

_PASSWORD_RE = re.compile(r"(?:^|\s)password\s*=|^postgres(?:ql)?://[^/@\s]*:[^/@\s]*@", re.I)


class LakeError(db.WarehouseError):
    """A problem with the DuckLake that the user can act on; the message says what to do."""


class LakeNotPublished(LakeError):
    """The lake exists nowhere yet, or nothing was ever published into it."""


@dataclass(frozen=True)
class LakeTarget:
    """A DuckLake: its catalog, and where a new lake writes its data."""

    catalog: str  # what follows "ducklake:": "postgres:dbname=... host=... user=..."
    data_path: str | None = None  # only for a new lake; an existing lake knows its own

    @property
    def uri(self) -> str:
        return LAKE_PREFIX + self.catalog


def parse_target(value: str, data_path: str | os.PathLike[str] | None = None) -> LakeTarget:
    """`ducklake:postgres:<libpq conninfo>` and a data folder as a LakeTarget (checked)."""
    if not value.startswith(LAKE_PREFIX):
        raise LakeError(f"a DuckLake warehouse starts with {LAKE_PREFIX!r}: {value!r}")
    catalog = value.removeprefix(LAKE_PREFIX).strip()
    if not catalog.startswith(CATALOG_KINDS):
        raise LakeError(
            "the lake's catalog must be PostgreSQL: ducklake:postgres:<libpq conninfo> "
            "(a DuckDB catalog file locks readers out as the warehouse file does; SQLite "
            "serves one machine, and its extension is not installed)"
        )
    if not catalog.removeprefix("postgres:").strip():
        raise LakeError("no PostgreSQL connection after ducklake:postgres: (e.g. dbname=lake)")
    if _PASSWORD_RE.search(catalog.removeprefix("postgres:")):
        raise LakeError(
            "no password in --warehouse, please: it would be stored with the run's parameters "
            "and shown in logs. Put it in ~/.pgpass (or PGPASSFILE / PGPASSWORD)"
        )
    data = os.environ.get(DATA_ENV) if data_path is None else os.fspath(data_path)
    return LakeTarget(catalog, _data_folder(data) if data else None)


def _data_folder(value: str) -> str:
    """A local folder made absolute (readers may start elsewhere), with the trailing slash."""
    if "://" in value:
        return value if value.endswith("/") else value + "/"
    return os.path.join(os.path.abspath(value), "")


def quote_ident(name: str) -> str:
    """An SQL identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """An SQL string literal, single-quoted."""
    return "'" + value.replace("'", "''") + "'"


# --- Connecting ----------------------------------------------------------------------------


def extension_path(module: str, name: str) -> Path:
    """The extension file inside its PyPI wheel, for this DuckDB version."""
    try:
        package = importlib.import_module(module)
    except ImportError as exc:
        wheel = module.replace("_", "-")
        raise LakeError(
            f"DuckLake needs the {wheel} wheel: pip install {wheel}=={duckdb.__version__}"
        ) from exc
    folder = Path(str(package.__file__)).parent / "extensions" / f"v{duckdb.__version__}"
    path = folder / f"{name}.duckdb_extension"
    if not path.is_file():
        raise LakeError(f"no {name} extension for DuckDB {duckdb.__version__} at {path}")
    return path


def load_extensions(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD postgres_scanner and ducklake from their wheels' files (no INSTALL, no download)."""
    for module, name in EXTENSIONS:
        con.execute(f"load {quote_literal(str(extension_path(module, name)))}")


def attach(con: duckdb.DuckDBPyConnection, target: LakeTarget, *, read_only: bool) -> None:
    """ATTACH the lake as `lake`; a new lake is created only by a writer given a data folder."""
    options = ["read_only"] if read_only else []
    if target.data_path and not read_only:
        options.append(f"data_path {quote_literal(target.data_path)}")
    clause = f" ({', '.join(options)})" if options else ""
    try:
        con.execute(f"attach {quote_literal(target.uri)} as {ALIAS}{clause}")
    except duckdb.Error as exc:
        raise _attach_error(target, exc) from exc


def _attach_error(target: LakeTarget, exc: duckdb.Error) -> LakeError:
    text = str(exc)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if "data_path is not set" in text:
        return LakeError(
            f"{target.uri} holds no lake yet, and a new lake needs a folder for its data: "
            f"give --lake-data DIR (or set ${DATA_ENV})"
        )
    if "creating a new DuckLake is explicitly disabled" in text:
        return LakeNotPublished(
            f"nothing was ever published into {target.uri}: run `mfa-watch run` (or "
            "`mfa-watch demo`, `mfa-watch lake publish`) with --warehouse set to it first"
        )
    if "does not match existing data path" in text:
        return LakeError(f"{first} Leave out --lake-data (the lake knows its folder).")
    return LakeError(f"cannot attach the lake {target.uri}: {first}")


def connect(target: LakeTarget, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the extensions loaded and the lake attached as `lake`."""
    con = duckdb.connect(config=OPEN_CONFIG)
    try:
        load_extensions(con)
        attach(con, target, read_only=read_only)
    except BaseException:
        con.close()
        raise
    return con


def data_path(con: duckdb.DuckDBPyConnection) -> str:
    """The folder (or object store prefix) where the attached lake keeps its Parquet files."""
    row = con.execute(
        f"select value from ducklake_options({quote_literal(ALIAS)}) "  # noqa: S608 - constant
        "where option_name = 'data_path'"
    ).fetchone()
    if row is None:
        raise LakeError("the lake does not say where its data is (no data_path option)")
    return str(row[0])


def is_published(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether anything was ever published into the attached lake (its ledger exists)."""
    row = con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and table_name = ?",
        [ALIAS, LEDGER],
    ).fetchone()
    return bool(row and row[0])


def require_published(con: duckdb.DuckDBPyConnection, target: LakeTarget) -> None:
    """Raise LakeNotPublished unless a publish has committed into the attached lake."""
    if not is_published(con):
        raise LakeNotPublished(
            f"nothing was ever published into {target.uri}: run `mfa-watch run` (or "
            "`mfa-watch demo`, `mfa-watch lake publish`) with --warehouse set to it first"
        )


# --- What the loader's file holds (read from its catalog) -----------------------------------


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    comment: str | None = None
    column_comments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Definition:
    """A view or macro to recreate: its CREATE statement and the text its dependencies are in."""

    schema: str
    name: str
    kind: str  # view | macro | table macro
    create: str
    body: str
    comment: str | None = None  # views only: DuckLake keeps no comments on macros


@dataclass(frozen=True)
class Inventory:
    schemas: tuple[str, ...]
    tables: tuple[Table, ...]
    definitions: tuple[Definition, ...]  # views and macros, in no particular order
    load_ids: frozenset[str]


def read_inventory(con: duckdb.DuckDBPyConnection, database: str) -> Inventory:
    """Every schema, table, view and macro of an attached DuckDB database, and its loads."""
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, comment in con.execute(
        "select schema_name, table_name, column_name, comment from duckdb_columns() "
        "where database_name = ? and comment is not null and comment <> '' "
        "order by schema_name, table_name, column_index",
        [database],
    ).fetchall():
        columns.setdefault((schema, table), []).append((column, comment))
    tables = tuple(
        Table(schema, name, comment or None, tuple(columns.get((schema, name), ())))
        for schema, name, comment in con.execute(
            "select schema_name, table_name, comment from duckdb_tables() "
            "where database_name = ? and not temporary order by schema_name, table_name",
            [database],
        ).fetchall()
    )
    views = [
        Definition(schema, name, "view", _replace_view(sql), sql, comment or None)
        for schema, name, sql, comment in con.execute(
            "select schema_name, view_name, sql, comment from duckdb_views() "
            "where database_name = ? and not internal and not temporary",
            [database],
        ).fetchall()
    ]
    macros = [
        definition
        for schema, name, kind, params, body in con.execute(
            "select schema_name, function_name, function_type, parameters, macro_definition "
            "from duckdb_functions() where database_name = ? and not internal "
            "and function_type in ('macro', 'table_macro') "
            "order by schema_name, function_name",
            [database],
        ).fetchall()
        for definition in macro_definitions(
            schema, name, "table macro" if kind == "table_macro" else "macro", params, body
        )
    ]
    schemas = tuple(
        r[0]
        for r in con.execute(
            "select schema_name from duckdb_schemas() where database_name = ? and not internal "
            "order by schema_name",
            [database],
        ).fetchall()
    )
    return Inventory(schemas, tables, (*views, *macros), _load_ids(con, database, tables))


def _load_ids(
    con: duckdb.DuckDBPyConnection, database: str, tables: Sequence[Table]
) -> frozenset[str]:
    if not any(t.schema == "main" and t.name == "_loads" for t in tables):
        return frozenset()
    loads = f"{quote_ident(database)}.main._loads"
    rows = con.execute(f"select load_id from {loads}").fetchall()  # noqa: S608
    return frozenset(str(r[0]) for r in rows)


def _replace_view(sql: str) -> str:
    """DuckDB's stored `CREATE VIEW ...` as `CREATE OR REPLACE VIEW ...`."""
    return re.sub(r"^\s*create\s+view\b", "CREATE OR REPLACE VIEW", sql, count=1, flags=re.I)


def macro_definitions(
    schema: str, name: str, kind: str, params: Sequence[str], body: str
) -> list[Definition]:
    """The CREATE statements that rebuild one macro in the lake (two for fts's match_bm25)."""
    target = f"{quote_ident(schema)}.{quote_ident(name)}"
    as_ = "as table" if kind == "table macro" else "as"
    optional = (
        [p for p in params if p in FTS_DEFAULTS] if schema.startswith(FTS_SCHEMA_PREFIX) else []
    )
    if not optional:
        create = f"create or replace macro {target}({', '.join(params)}) {as_} {body}"
        return [Definition(schema, name, kind, create, body)]
    # DuckLake cannot store the untyped NULL default of `fields`: every parameter goes to
    # <name>_all_args, and <name> keeps the required ones and passes the defaults.
    full = f"{quote_ident(schema)}.{quote_ident(name + ALL_ARGS)}"
    required = [p for p in params if p not in FTS_DEFAULTS]
    call = f"{full}({', '.join([*required, *(FTS_DEFAULTS[p] for p in optional)])})"
    return [
        Definition(
            schema,
            name + ALL_ARGS,
            kind,
            f"create or replace macro {full}({', '.join(params)}) {as_} {body}",
            body,
        ),
        Definition(
            schema,
            name,
            kind,
            f"create or replace macro {target}({', '.join(required)}) {as_} {call}",
            call,
        ),
    ]


def creation_order(definitions: Sequence[Definition]) -> list[Definition]:
    """Views and macros ordered so that each comes after every other one its text names.

    DuckDB binds a view or macro when it is created, so what it reads must exist first; a
    definition depends on every other one whose name appears in its text as a word.
    """
    names = {d.name for d in definitions}
    pattern = {n: re.compile(rf"(?<![\w$]){re.escape(n)}(?![\w$])", re.I) for n in names}
    needs = {
        i: {n for n in names if n != d.name and pattern[n].search(d.body)}
        for i, d in enumerate(definitions)
    }
    ordered: list[Definition] = []
    pending = list(range(len(definitions)))
    while pending:
        waiting = {definitions[i].name for i in pending}
        ready = [i for i in pending if not (needs[i] & (waiting - {definitions[i].name}))]
        if not ready:
            stuck = sorted(definitions[i].name for i in pending)
            raise LakeError(f"views and macros that name each other in a cycle: {stuck}")
        ordered += [definitions[i] for i in ready]
        pending = [i for i in pending if i not in ready]
    return ordered


# --- Publishing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LakeObject:
    schema: str
    name: str
    kind: str  # table | view | macro | table macro


@dataclass(frozen=True)
class PublishResult:
    published: bool  # False: the lake already held every load of the file
    n_loads: int
    new_load_ids: list[str]
    tables: dict[str, int] = field(default_factory=dict)  # "schema.table" -> rows
    n_views: int = 0
    n_macros: int = 0
    seconds: float = 0.0
    snapshot_id: int | None = None
    appended: list[str] = field(default_factory=list)  # tables that only got the new loads


def publish_statements(
    inventory: Inventory, existing: Iterable[LakeObject], append: Iterable[str] = ()
) -> list[str]:
    """Every statement of one publish, in order (run with `lake` as the current database).

    Tables are replaced, except those in `append` (main schema): the rows of loads not in the
    temporary table `_lake_published_loads` are added to them.
    """
    if not inventory.tables:
        raise LakeError("the loader's file holds no table: nothing to publish")
    appended = set(append)
    wanted = {(t.schema, t.name, "table") for t in inventory.tables}
    wanted |= {(d.schema, d.name, d.kind) for d in inventory.definitions}
    out = [f"create schema if not exists {quote_ident(s)}" for s in inventory.schemas]
    for obj in sorted(existing, key=lambda o: (o.kind != "view", o.kind, o.schema, o.name)):
        if obj.name == LEDGER or (obj.schema, obj.name, obj.kind) in wanted:
            continue
        # a view or macro first, so that a table of the same name can take its place
        what = DROP_CLAUSE[obj.kind]
        out.append(f"drop {what} if exists {quote_ident(obj.schema)}.{quote_ident(obj.name)}")
    for table in inventory.tables:
        name = f"{quote_ident(table.schema)}.{quote_ident(table.name)}"
        source = f"{quote_ident(SOURCE)}.{name}"
        if table.schema == "main" and table.name in appended:
            new_rows = f"where load_id not in ({HELD_LOADS})"
            out.append(f"insert into {name} select * from {source} {new_rows}")  # noqa: S608
        else:
            out.append(f"create or replace table {name} as select * from {source}")  # noqa: S608
        out += _comments("table", name, table.comment, table.column_comments)
    for definition in creation_order(inventory.definitions):
        out.append(definition.create)
        if definition.kind == "view":  # (DuckLake keeps no comments on a view's columns)
            name = f"{quote_ident(definition.schema)}.{quote_ident(definition.name)}"
            out += _comments("view", name, definition.comment, ())
    return out


def _comments(
    kind: str, name: str, comment: str | None, columns: Sequence[tuple[str, str]]
) -> list[str]:
    out = [f"comment on {kind} {name} is {quote_literal(comment)}"] if comment else []
    out += [f"comment on column {name}.{quote_ident(c)} is {quote_literal(t)}" for c, t in columns]
    return out


def appendable(con: duckdb.DuckDBPyConnection, inventory: Inventory) -> list[str]:
    """The append-only tables whose lake copy is exactly the file's rows of the loads it holds.

    Same columns in the same order with the same types, and as many rows as the file has for
    the lake's loads (`_lake_published_loads`); any doubt means the table is replaced.
    """
    found = []
    names = {(t.schema, t.name) for t in inventory.tables}
    for table in APPEND_ONLY:
        if ("main", table) not in names:
            continue
        columns = [_columns(con, db_, table) for db_ in (SOURCE, ALIAS)]
        if not columns[1] or columns[0] != columns[1] or "load_id" not in dict(columns[0]):
            continue
        # identifiers are this module's constants
        held = f"where load_id in ({HELD_LOADS})"
        in_file = _scalar(con, f"select count(*) from {SOURCE}.main.{table} {held}")  # noqa: S608
        in_lake = _scalar(con, f"select count(*) from {ALIAS}.main.{table}")  # noqa: S608
        if in_file == in_lake:
            found.append(table)
    return found


def _columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? "
        "and schema_name = 'main' and table_name = ? order by column_index",
        [database, table],
    ).fetchall()
    return [(str(c), str(t)) for c, t in rows]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def lake_objects(con: duckdb.DuckDBPyConnection) -> list[LakeObject]:
    """The tables, views and macros the attached lake holds now."""
    found = [
        LakeObject(s, n, "table")
        for s, n in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ?", [ALIAS]
        ).fetchall()
    ]
    found += [
        LakeObject(s, n, "view")
        for s, n in con.execute(
            "select schema_name, view_name from duckdb_views() where database_name = ?", [ALIAS]
        ).fetchall()
    ]
    found += [
        LakeObject(s, n, "table macro" if k == "table_macro" else "macro")
        for s, n, k in con.execute(
            "select distinct schema_name, function_name, function_type from duckdb_functions() "
            "where database_name = ? and function_type in ('macro', 'table_macro')",
            [ALIAS],
        ).fetchall()
    ]
    return found


def published_load_ids(con: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
    """The loads the attached lake holds; None when nothing was ever published into it."""
    if not is_published(con):
        return None
    rows = con.execute(f"select load_id from {ALIAS}.main._loads").fetchall()  # noqa: S608
    return frozenset(str(r[0]) for r in rows)


def publish(
    source: Path,
    target: LakeTarget,
    *,
    force: bool = False,
    wait_seconds: float = 60.0,
) -> PublishResult:
    """Copy the loader's DuckDB file into the lake in one transaction; a no-op when up to date."""
    from warehouse import search

    started = time.perf_counter()
    con = duckdb.connect(config=OPEN_CONFIG)
    try:
        load_extensions(con)
        # views and macros are bound when created: search_articles needs fts's stem()
        with contextlib.suppress(search.SearchUnavailable):
            search.load_fts(con)
        db.attach_readonly(con, source, SOURCE, wait_seconds=wait_seconds)
        inventory = read_inventory(con, SOURCE)  # before the lake: its catalog is remote
        attach(con, target, read_only=False)
        held = published_load_ids(con)
        if held == inventory.load_ids and not force:
            return PublishResult(False, len(held), [])
        new = sorted(inventory.load_ids - (held or frozenset()))
        con.execute(
            f"create temp table {PUBLISHED} as select unnest(?::varchar[]) as load_id",
            [sorted(held or ())],
        )
        append = [] if held is None or force else appendable(con, inventory)
        statements = publish_statements(inventory, lake_objects(con), append)
        n_views = sum(d.kind == "view" for d in inventory.definitions)
        ledger: dict[str, Any] = {  # the columns of LEDGER_DDL, in order
            "publish_id": str(uuid.uuid4()),
            "published_at": datetime.now(UTC),
            "source_file": str(source.resolve()),
            "n_loads": len(inventory.load_ids),
            "new_load_ids": new,
            "n_tables": len(inventory.tables),
            "n_views": n_views,
            "n_macros": len(inventory.definitions) - n_views,
            "seconds": None,  # set just before the row is written
            "appended": append,
        }
        _write(con, statements, ledger, started)
        return PublishResult(
            True,
            len(inventory.load_ids),
            new,
            {f"{t.schema}.{t.name}": _count(con, t) for t in inventory.tables},
            n_views,
            len(inventory.definitions) - n_views,
            round(time.perf_counter() - started, 3),
            current_snapshot(con),
            append,
        )
    except duckdb.TransactionException as exc:
        raise LakeError(
            f"the publish into {target.uri} did not commit (another writer committed first?): "
            f"{_first_line(exc)}. Nothing changed; the next run publishes again."
        ) from exc
    finally:
        con.close()


def _write(
    con: duckdb.DuckDBPyConnection,
    statements: Sequence[str],
    ledger: dict[str, Any],
    started: float,
) -> None:
    """Run the publish's statements and its ledger row in one DuckLake transaction."""
    con.execute(f"use {ALIAS}")
    con.execute("begin transaction")
    try:
        for statement in statements:
            con.execute(statement)
        con.execute(LEDGER_DDL)
        con.execute(f"comment on table main.{LEDGER} is {quote_literal(LEDGER_COMMENT)}")
        ledger["seconds"] = round(time.perf_counter() - started, 3)
        columns, marks = ", ".join(ledger), ", ".join("?" * len(ledger))
        insert = f"insert into main.{LEDGER} ({columns}) values ({marks})"  # noqa: S608
        con.execute(insert, list(ledger.values()))
        kill_point("publish_before_commit")
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int | None:
    """The attached lake's latest snapshot id."""
    lake = quote_literal(ALIAS)
    row = con.execute(f"select max(snapshot_id) from ducklake_snapshots({lake})")  # noqa: S608
    found = row.fetchone()
    return int(found[0]) if found and found[0] is not None else None


def _count(con: duckdb.DuckDBPyConnection, table: Table) -> int:
    """Rows of a table in the loader's file (the lake has the same once published)."""
    name = f"{quote_ident(SOURCE)}.{quote_ident(table.schema)}.{quote_ident(table.name)}"
    return _scalar(con, f"select count(*) from {name}")  # noqa: S608


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- Maintenance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MaintenanceResult:
    snapshots_before: int
    snapshots_after: int
    files_before: int | None  # Parquet files in a local data folder (None: object store)
    files_after: int | None
    bytes_before: int | None
    bytes_after: int | None
    seconds: float


def maintain(target: LakeTarget, *, older_than: timedelta = DEFAULT_RETENTION) -> MaintenanceResult:
    """Merge small files, expire snapshots older than `older_than`, delete files nobody reads.

    Keep `older_than` longer than any reader's query: a query still reading an expired
    snapshot loses its files. Orphans (files of a publish killed before its commit) go too.
    """
    started = time.perf_counter()
    con = connect(target, read_only=False)
    try:
        require_published(con, target)
        folder = data_path(con)
        before = _snapshot_count(con), *_files(folder)
        lake = quote_literal(ALIAS)
        con.execute(f"call ducklake_merge_adjacent_files({lake})")
        # each cutoff is taken when its step runs: the files that expiring just released are
        # then kept until a later maintenance at least `older_than` after
        for step in ("expire_snapshots", "cleanup_old_files", "delete_orphaned_files"):
            cutoff = datetime.now(UTC) - older_than
            con.execute(f"call ducklake_{step}({lake}, older_than => ?)", [cutoff])
        after = _snapshot_count(con), *_files(folder)
    finally:
        con.close()
    return MaintenanceResult(
        before[0], after[0], before[1], after[1], before[2], after[2],
        round(time.perf_counter() - started, 3),
    )  # fmt: skip


def _snapshot_count(con: duckdb.DuckDBPyConnection) -> int:
    lake = quote_literal(ALIAS)
    row = con.execute(f"select count(*) from ducklake_snapshots({lake})")  # noqa: S608
    found = row.fetchone()
    return int(found[0]) if found else 0


def _files(folder: str) -> tuple[int | None, int | None]:
    """Parquet files and their bytes under a local data folder."""
    if "://" in folder:
        return None, None
    files = [p for p in Path(folder).rglob("*.parquet") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)
