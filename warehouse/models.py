"""The analysts' layer of the warehouse: staging views, marts and ready views, rebuilt in one go.

The raw tables (migrations) are a contract written by the loader; analysts should not have to
know how a load stores things to answer "which countries did the ministry meet most this
quarter". So, as in dbt's jaffle shop, `models/staging/stg_*.sql` rename and cast the raw
tables (views), `models/marts/*.sql` rebuild the facts and dimensions as tables, and
`models/views/*.sql` are the ready answers. Three small reference tables (seeds) come from
Python because their truth lives there: ISO countries and their Russian and Kazakh names
(pycountry), each source's expected cadence (the registry), and the organizations' names across
languages (the extractor's own list). Everything runs in one transaction, so a failed build
leaves the previous models; every statement is `create or replace`, so a rebuild is idempotent.
"""

from __future__ import annotations

import gettext
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pycountry

MODELS_DIR = Path(__file__).parent / "models"
STAGING_DIR = MODELS_DIR / "staging"
MARTS_DIR = MODELS_DIR / "marts"
VIEWS_DIR = MODELS_DIR / "views"

# Build order: each model reads only those before it.
MARTS = (
    "fct_articles",
    "fct_events",
    "dim_countries",
    "dim_people",
    "dim_organizations",
    "fct_person_events",
)
VIEWS = (
    "events_by_country_month",
    "person_activity",
    "counterpart_organizations",
    "story_reports",
    "source_gaps",
    "source_freshness",
    "changes_since",
)

SEED_DDL = {
    "ref_countries": """
        create or replace table ref_countries (
            country_code varchar primary key,
            country_code3 varchar not null,
            country_numeric varchar not null,
            name_en varchar not null,
            name_ru varchar,
            name_kk varchar
        );
        comment on table ref_countries is 'Seed: ISO 3166-1 countries with English, Russian and Kazakh names (from pycountry).';
        comment on column ref_countries.country_code is 'ISO 3166-1 alpha-2 code.';
        comment on column ref_countries.country_code3 is 'ISO 3166-1 alpha-3 code.';
        comment on column ref_countries.country_numeric is 'ISO 3166-1 numeric code.';
        comment on column ref_countries.name_en is 'English (common) name.';
        comment on column ref_countries.name_ru is 'Russian name.';
        comment on column ref_countries.name_kk is 'Kazakh name.';
    """,  # noqa: E501
    "ref_source_cadence": """
        create or replace table ref_source_cadence (
            source_id varchar primary key,
            cadence_hours integer not null
        );
        comment on table ref_source_cadence is 'Seed: how old each source''s newest item may be before its silence is an alert (flows/sources.py).';
        comment on column ref_source_cadence.source_id is 'The source.';
        comment on column ref_source_cadence.cadence_hours is 'Expected cadence in hours.';
    """,  # noqa: E501
    "ref_organizations": """
        create or replace table ref_organizations (
            name_as_written varchar primary key,
            organization_key varchar not null,
            abbreviations varchar[] not null
        );
        comment on table ref_organizations is 'Seed: each organization name found in events, mapped to one key across languages (the extractor''s list).';
        comment on column ref_organizations.name_as_written is 'The name or abbreviation as events carry it.';
        comment on column ref_organizations.organization_key is 'The organization''s key: its first abbreviation, else the name as written.';
        comment on column ref_organizations.abbreviations is 'Its abbreviations in Russian, Kazakh and English (the name itself when unknown).';
    """,  # noqa: E501
}


@dataclass(frozen=True)
class BuildResult:
    staging: list[str]
    seeds: dict[str, int]
    marts: dict[str, int]  # rows per mart
    views: list[str]
    seconds: dict[str, float]  # build time of each mart


def build_models(con: duckdb.DuckDBPyConnection) -> BuildResult:
    """Rebuild seeds, staging views, marts and ready views in one transaction (idempotent)."""
    staging = model_files(STAGING_DIR)
    marts = ordered_files(MARTS_DIR, MARTS)
    views = ordered_files(VIEWS_DIR, VIEWS)
    con.execute("begin transaction")
    try:
        for path in staging:
            con.execute(path.read_text(encoding="utf-8"))
        seeds = _build_seeds(con)
        counts, seconds = {}, {}
        for path in marts:
            started = time.perf_counter()
            con.execute(path.read_text(encoding="utf-8"))
            seconds[path.stem] = round(time.perf_counter() - started, 3)
            counts[path.stem] = _count(con, path.stem)
        for path in views:
            con.execute(path.read_text(encoding="utf-8"))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return BuildResult([p.stem for p in staging], seeds, counts, [p.stem for p in views], seconds)


def refresh(path: Path, wait_seconds: float = 60.0) -> BuildResult:
    """After loads: rebuild the models, then the search index, on the warehouse at `path`."""
    from warehouse import db
    from warehouse.search import build_search_index

    con = db.connect(path, wait_seconds=wait_seconds)
    try:
        result = build_models(con)
        build_search_index(con)
        return result
    finally:
        con.close()


def model_files(directory: Path) -> list[Path]:
    """The .sql files of a model folder, by name."""
    return sorted(directory.glob("*.sql"))


def ordered_files(directory: Path, order: Sequence[str]) -> list[Path]:
    """The folder's models in build order; a file missing from the order is an error."""
    found = {p.stem: p for p in model_files(directory)}
    unknown = sorted(set(found) - set(order))
    missing = sorted(set(order) - set(found))
    if unknown or missing:
        raise ValueError(
            f"{directory}: models not in the build order {unknown}, or missing {missing}"
        )
    return [found[name] for name in order]


# --- seeds -------------------------------------------------------------------------------


def country_rows() -> list[dict[str, Any]]:
    """ISO 3166-1 countries with their English, Russian and Kazakh names."""
    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("ru", "kk")
    }
    rows = []
    for country in pycountry.countries:
        rows.append(
            {
                "country_code": country.alpha_2,
                "country_code3": country.alpha_3,
                "country_numeric": country.numeric,
                "name_en": getattr(country, "common_name", None) or country.name,
                "name_ru": translations["ru"].gettext(country.name),
                "name_kk": translations["kk"].gettext(country.name),
            }
        )
    return rows


def cadence_rows() -> list[dict[str, Any]]:
    """Each registered source's cadence in hours."""
    from flows.sources import SOURCES

    return [{"source_id": s.source_id, "cadence_hours": s.cadence_hours} for s in SOURCES.values()]


def organization_rows(names: Iterable[str]) -> list[dict[str, Any]]:
    """Map organization names as written to one key per organization (ООН, БҰҰ, UN -> ООН)."""
    from flows.transform.events.orgs import find_organizations

    rows = []
    for name in sorted(set(names)):
        found = find_organizations(name)
        whole = [m for m in found if m.start == 0 and m.end == len(name)]
        if whole:
            key, abbreviations = whole[0].canonical, list(whole[0].abbreviations)
        else:
            key, abbreviations = name, [name]
        rows.append(
            {"name_as_written": name, "organization_key": key, "abbreviations": abbreviations}
        )
    return rows


def _organization_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        """
        select distinct name from (
            select unnest(organizations) as name from events
            union all
            select organization from participants
        )
        where name is not null and trim(name) <> ''
        """
    ).fetchall()
    return [r[0] for r in rows]


def _build_seeds(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    data = {
        "ref_countries": country_rows(),
        "ref_source_cadence": cadence_rows(),
        "ref_organizations": organization_rows(_organization_names(con)),
    }
    for table, rows in data.items():
        con.execute(SEED_DDL[table])
        _insert(con, table, rows)
    return {table: len(rows) for table, rows in data.items()}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Bulk insert through Arrow (never row by row)."""
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows)
    con.register("_seed", arrow)
    try:
        columns = ", ".join(arrow.column_names)
        # Table and column names come from this module's constants, never from input.
        con.execute(f"insert into {table} ({columns}) select {columns} from _seed")  # noqa: S608
    finally:
        con.unregister("_seed")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"select count(*) from {table}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0
