"""The analysts' model: everything described, staging per raw table, marts true to raw rows."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from warehouse import dictionary, models
from warehouse.migrate import MIGRATIONS_DIR, migrate

CORE_SQL = (MIGRATIONS_DIR / "0001_core.sql").read_text(encoding="utf-8")
CORE_TABLES = sorted(re.findall(r"^create table (\w+)", CORE_SQL, flags=re.M))
LOCAL = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
MODEL_SQL = sorted(models.MODELS_DIR.rglob("*.sql"))
UPPER_KEYWORD_RE = re.compile(
    r"\b(SELECT|FROM|WHERE|CREATE|REPLACE|JOIN|GROUP|ORDER|WITH|AS|AND|OR|COMMENT|UNION)\b"
)


@pytest.fixture(scope="module")
def modelled(
    demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A copy of the demo warehouse, migrated and with its models and search index built."""
    path = tmp_path_factory.mktemp("models") / "warehouse.duckdb"
    shutil.copy(demo_warehouse[0], path)
    con = duckdb.connect(str(path), config=LOCAL)
    migrate(con)
    con.close()
    models.refresh(path)
    yield path


def _fresh() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config=LOCAL)
    migrate(con)
    return con


def test_every_core_table_and_column_is_described() -> None:
    con = _fresh()
    missing = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where table_name in (select unnest(?)) and (comment is null or comment = '')",
        [CORE_TABLES],
    ).fetchall()
    assert missing == []
    tables = con.execute(
        "select table_name from duckdb_tables() where comment is null or comment = ''"
    ).fetchall()
    assert tables == []
    assert len(CORE_TABLES) == 9


def test_every_model_table_view_and_column_is_described() -> None:
    con = _fresh()
    models.build_models(con)
    undescribed = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'main' and not internal and (comment is null or comment = '') "
        "order by all"
    ).fetchall()
    assert undescribed == []
    views = con.execute(
        "select view_name from duckdb_views() where not internal and schema_name = 'main' "
        "and (comment is null or comment = '')"
    ).fetchall()
    assert views == []


def test_one_staging_view_per_raw_table() -> None:
    staged = {p.stem for p in models.model_files(models.STAGING_DIR)}
    assert staged == {"stg_" + t.lstrip("_") for t in CORE_TABLES}


def test_models_build_on_an_empty_warehouse() -> None:
    con = _fresh()
    result = models.build_models(con)
    assert result.marts["fct_events"] == 0
    assert result.marts["dim_countries"] == result.seeds["ref_countries"] > 240
    assert result.views == list(models.VIEWS)
    assert con.execute("select count(*) from changes_since('2020-01-01')").fetchone() == (0,)


def test_marts_hold_every_raw_row(modelled: Path) -> None:
    con = duckdb.connect(str(modelled), read_only=True)
    pairs = [("fct_events", "events"), ("fct_articles", "articles")]
    for mart, raw in pairs:
        assert (
            con.execute(f"select count(*) from {mart}").fetchone()
            == con.execute(f"select count(*) from {raw}").fetchone()
        )
    people = con.execute(
        "select count(distinct name_key) from participants "
        "where role in ('kazakh', 'counterpart') and name_key is not null"
    ).fetchone()
    assert con.execute("select count(*) from dim_people").fetchone() == people
    assert con.execute("select count(*) from dim_people").fetchone()[0] > 10  # type: ignore[index]


def test_fct_events_joins_the_right_article_country_and_people(modelled: Path) -> None:
    con = duckdb.connect(str(modelled), read_only=True)
    wrong = con.execute(
        """
        select f.event_id from fct_events f
        join events e using (event_id)
        join articles a on a.article_id = e.article_id
        where f.source_id <> a.source_id or f.lang <> a.lang
            or f.event_type <> e.type or f.country_code is distinct from e.country
            or f.canonical_event_id <> coalesce(e.canonical_event_id, e.event_id)
        """
    ).fetchall()
    assert wrong == []
    named = con.execute(
        "select count(*) from fct_events where country_code is not null and country_name is null"
    ).fetchone()
    assert named == (0,)
    kazakh = con.execute(
        """
        select f.event_id from fct_events f
        where len(f.kazakh_participants) <> (
            select count(*) from participants p where p.event_id = f.event_id and p.role = 'kazakh'
        )
        """
    ).fetchall()
    assert kazakh == []


def test_dim_people_counts_distinct_events_of_one_name_key(modelled: Path) -> None:
    con = duckdb.connect(str(modelled), read_only=True)
    key, n_events, languages, names = con.execute(
        "select person_key, n_events, languages, names_as_written from dim_people "
        "order by n_events desc, person_key limit 1"
    ).fetchone()  # type: ignore[misc]
    raw = con.execute(
        "select count(distinct coalesce(e.canonical_event_id, e.event_id)) from participants p "
        "join events e using (event_id) where p.name_key = ?",
        [key],
    ).fetchone()
    assert (n_events,) == raw
    assert n_events >= 3
    assert len(languages) >= 2  # one person, reported in several languages
    assert len(names) >= 2


def test_dim_organizations_merges_one_organization_across_languages(modelled: Path) -> None:
    con = duckdb.connect(str(modelled), read_only=True)
    rows = con.execute("select organization_key, abbreviations from dim_organizations").fetchall()
    keys = [k for k, _ in rows]
    assert len(keys) == len(set(keys)) > 0
    for key, abbreviations in rows:
        assert key in abbreviations
        others = set(abbreviations) - {key}
        assert not others & set(keys), f"{key} split across {others & set(keys)}"


def test_dim_countries_has_iso_names_in_three_languages(modelled: Path) -> None:
    con = duckdb.connect(str(modelled), read_only=True)
    row = con.execute(
        "select country_code3, name_en, name_ru, name_kk from dim_countries "
        "where country_code = 'KZ'"
    ).fetchone()
    assert row == ("KAZ", "Kazakhstan", "Казахстан", "Қазақстан")
    total = con.execute("select sum(n_reports) from dim_countries").fetchone()
    placed = con.execute("select count(*) from events where country is not null").fetchone()
    assert total == placed


def test_rebuild_is_idempotent(modelled: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy(modelled, path)
    con = duckdb.connect(str(path), config=LOCAL)
    before = {m: con.execute(f"select * from {m} order by all").fetchall() for m in models.MARTS}
    models.build_models(con)
    after = {m: con.execute(f"select * from {m} order by all").fetchall() for m in models.MARTS}
    assert before == after
    assert all(before[m] for m in ("fct_events", "fct_articles", "dim_people"))


def test_failed_build_leaves_the_previous_models(
    modelled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy(modelled, path)
    broken = tmp_path / "marts"
    shutil.copytree(models.MARTS_DIR, broken)
    (broken / "dim_organizations.sql").write_text(
        "create or replace table dim_organizations as select * from no_such_table;",
        encoding="utf-8",
    )
    con = duckdb.connect(str(path), config=LOCAL)
    con.execute("delete from events where country = 'KZ'")
    n_before = con.execute("select count(*) from fct_events").fetchone()
    monkeypatch.setattr(models, "MARTS_DIR", broken)
    with pytest.raises(duckdb.CatalogException, match="no_such_table"):
        models.build_models(con)
    # fct_events was rebuilt before the failure, then rolled back with it
    assert con.execute("select count(*) from fct_events").fetchone() == n_before
    assert con.execute("select count(*) from dim_organizations").fetchone()[0] > 0  # type: ignore[index]


def test_model_order_must_name_every_file(tmp_path: Path) -> None:
    (tmp_path / "fct_articles.sql").write_text("select 1;", encoding="utf-8")
    (tmp_path / "fct_extra.sql").write_text("select 1;", encoding="utf-8")
    with pytest.raises(ValueError, match="fct_extra"):
        models.ordered_files(tmp_path, ["fct_articles"])


@pytest.mark.parametrize("path", MODEL_SQL, ids=lambda p: p.stem)
def test_model_sql_is_lowercase_and_jaffle_shaped(path: Path) -> None:
    sql = path.read_text(encoding="utf-8")
    code = re.sub(r"--.*", "", sql)
    code = re.sub(r"'(?:[^']|'')*'", "''", code)  # strings may say anything
    assert not UPPER_KEYWORD_RE.search(code)
    if path.parent.name == "marts":
        assert f"create or replace table {path.stem} as" in code
        assert "final as (" in code and "select * from final" in code
    if path.parent.name == "staging":
        assert f"create or replace view {path.stem} as" in code
        assert " join " not in code and "group by" not in code  # rename and cast only
    assert f" {path.stem} is '" in sql  # described where it is defined


def test_data_dictionary_is_generated_and_current() -> None:
    con = dictionary.reference_warehouse()
    text = dictionary.render(con)
    committed = Path(__file__).parents[2] / "docs" / "data-dictionary.md"
    assert committed.read_text(encoding="utf-8") == text, (
        "docs/data-dictionary.md is stale: run python -m warehouse.dictionary"
    )
    assert "(no description)" not in text
    for name in [*CORE_TABLES, *models.MARTS, *models.VIEWS]:
        assert f"### `{name}" in text
    assert "| `name_key` | VARCHAR | A key that matches one person" in text
