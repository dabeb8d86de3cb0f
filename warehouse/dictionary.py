"""The data dictionary, generated from the warehouse's own comments.

Descriptions live in the catalog (`COMMENT ON`, migration 0002 and each model's SQL), so the
DuckDB CLI, `duckdb_columns()` and this document cannot disagree. The document is generated
from a fresh in-memory warehouse built by the migrations, models and search index, so it
describes the schema, not whatever data a warehouse holds.

Usage: .venv/bin/python -m warehouse.dictionary [OUTPUT]   (default docs/data-dictionary.md)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

DEFAULT_OUTPUT = Path("docs/data-dictionary.md")
# An argument each table macro accepts on an empty warehouse, to describe its columns.
MACRO_SAMPLE_ARGS = {"changes_since": "2000-01-01", "search_articles": "x"}

# (title, what the layer is for, predicate on (schema, name, kind))
LAYERS: tuple[tuple[str, str], ...] = (
    ("Core tables", "Written by the loader (warehouse/migrations); names are a contract."),
    ("Marts", "Facts and dimensions rebuilt after every load (warehouse/models/marts)."),
    ("Ready views", "Answers to the usual questions (warehouse/models/views, docs/queries.md)."),
    ("Table macros", "Views that take an argument: `select * from name(arg)`."),
    ("Staging views", "The raw tables renamed and cast (warehouse/models/staging)."),
    ("Seeds", "Reference tables filled from Python at each model build."),
    ("Search", "Full-text search documents, one table per language (warehouse/search.py)."),
    (
        "Loader internals",
        "Dedup's index (warehouse/migrations/0003): the loader's state, not a contract; "
        "`mfa-watch rebuild` writes it anew.",
    ),
)


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str | None


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str  # table | view | macro
    comment: str | None
    columns: tuple[Column, ...]

    @property
    def layer(self) -> str:
        """Which section of the dictionary the relation belongs to."""
        if self.kind == "macro":
            return "Table macros"
        if self.schema == "search":
            return "Search"
        if self.schema == "dedup":
            return "Loader internals"
        if self.name.startswith("stg_"):
            return "Staging views"
        if self.name.startswith("ref_"):
            return "Seeds"
        if self.name.startswith(("fct_", "dim_")):
            return "Marts"
        return "Ready views" if self.kind == "view" else "Core tables"


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every user table, view and table macro (main, search, dedup schemas), with comments."""
    columns: dict[tuple[str, str], list[Column]] = {}
    for schema, table, name, data_type, comment in con.execute(
        """
        select schema_name, table_name, column_name, data_type, comment
        from duckdb_columns()
        where database_name = current_database() and not internal
        order by schema_name, table_name, column_index
        """
    ).fetchall():
        columns.setdefault((schema, table), []).append(Column(name, data_type, comment))
    out = []
    for schema, name, kind, comment in con.execute(
        """
        select schema_name, table_name, 'table', comment from duckdb_tables()
        where database_name = current_database() and not internal
            and schema_name in ('main', 'search', 'dedup')
        union all
        select schema_name, view_name, 'view', comment from duckdb_views()
        where database_name = current_database() and not internal
            and schema_name in ('main', 'search', 'dedup')
        union all
        select distinct schema_name, function_name, 'macro', comment from duckdb_functions()
        where database_name = current_database() and function_type = 'table_macro'
            and schema_name = 'main' and not internal
        order by 1, 2
        """
    ).fetchall():
        out.append(Relation(schema, name, kind, comment, tuple(columns.get((schema, name), []))))
    return out


def macro_parameters(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The parameter names of a table macro."""
    row = con.execute(
        "select parameters from duckdb_functions() where function_name = ? "
        "and function_type = 'table_macro' and schema_name = 'main' limit 1",
        [name],
    ).fetchone()
    return list(row[0]) if row else []


def macro_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    """(column, type) of a table macro's result, described with its sample argument."""
    # The name is one of MACRO_SAMPLE_ARGS' keys (a constant), the argument a parameter.
    rows = con.execute(
        f"describe select * from {name}(?)",  # noqa: S608
        [MACRO_SAMPLE_ARGS[name]],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def render(con: duckdb.DuckDBPyConnection) -> str:
    """The dictionary as Markdown: one section per layer, one table per relation."""
    found = relations(con)
    lines = [
        "# Data dictionary",
        "",
        "Generated by `python -m warehouse.dictionary` from the warehouse's own `COMMENT ON`",
        "descriptions (also visible in `duckdb_tables()`, `duckdb_views()` and",
        "`duckdb_columns()`). Do not edit by hand: change the comment and regenerate.",
        "Example queries for the ready views are in [queries.md](queries.md).",
        "",
    ]
    for title, purpose in LAYERS:
        members = [r for r in found if r.layer == title]
        if not members:
            continue
        lines += [f"## {title}", "", purpose, ""]
        for rel in members:
            name = rel.name if rel.schema == "main" else f"{rel.schema}.{rel.name}"
            if rel.kind == "macro":
                name = f"{name}({', '.join(macro_parameters(con, rel.name))})"
            lines += [f"### `{name}` ({rel.kind})", "", _cell(rel.comment), ""]
            if rel.kind == "macro" and rel.name in MACRO_SAMPLE_ARGS:
                lines += ["| column | type |", "|---|---|"]
                lines += [f"| `{c}` | {t} |" for c, t in macro_columns(con, rel.name)]
                lines.append("")
            if rel.columns:
                lines += ["| column | type | description |", "|---|---|---|"]
                lines += [
                    f"| `{c.name}` | {c.data_type} | {_cell(c.comment)} |" for c in rel.columns
                ]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def reference_warehouse() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with every migration, model and the search index, no data."""
    from warehouse.migrate import migrate
    from warehouse.models import build_models
    from warehouse.search import build_search_index

    con = duckdb.connect(
        ":memory:",
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    migrate(con)
    build_models(con)
    build_search_index(con)
    return con


def write_dictionary(output: Path = DEFAULT_OUTPUT) -> Path:
    """Generate the dictionary from a reference warehouse into `output`."""
    con = reference_warehouse()
    try:
        text = render(con)
    finally:
        con.close()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return output


def _cell(text: str | None) -> str:
    return (text or "(no description)").replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    print(write_dictionary(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT))
