"""Injection and data safety (RELIABILITY.md 21, 28): whatever a page says is stored as data,
byte for byte after the cleaning rules, and never runs as SQL or breaks a load.

- a title that is SQL is stored verbatim and every table survives (values travel as parameters;
  ruff's S608 is enforced by `make lint`);
- NUL bytes, bidi overrides, emoji, quotes and a 1 MB title follow the cleaning rules of
  flows/transform/clean.py through the parser, and whatever the item holds comes back out of
  DuckDB exactly;
- a value the page controls cannot make the batch unloadable (a views counter past INTEGER);
- a page dated in the future is refused, not stored as news from the future.
The query side (read-only, no files, ATTACH, COPY, INSTALL or SET) is tests/flows/test_cli.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from scrapy.http import HtmlResponse

from flows.load import load_batch, pending_batches, prepare
from flows.transform.clean import normalize_text
from scrapers.errors import ParseError
from scrapers.items import PressRelease
from scrapers.parsing import ktkz
from scrapers.snapshot.sites.ktkz import BASE
from tests.reliability import scenarios as sc
from tests.reliability.batches import ktkz_items, with_fields, write_batch
from tests.reliability.pages import MODULES, article_pages
from tests.reliability.test_hostile_content import _article_parser

SQL_TITLE = "'); drop table articles; --"
SQL_BODY = "Robert\"); DELETE FROM events; SELECT * FROM read_csv('/etc/passwd'); --\nSecond line."
ODD = "A\x00B \u202egnp.exe\u202c «Астана» “quoted” 'single' 🇰🇿👍🏽 \u200dzwj Қазақстан"
BIG_TITLE = "Заголовок " * 100_000  # 1 MB of title
VIEWS_RE = re.compile(r'(<span class="page-meta__views">.*?</svg>)\s*[\d\s]+(</span>)')


def _load(tmp_path: Path, items: list[PressRelease | tuple[PressRelease, bytes]]) -> Path:
    warehouse, landing = tmp_path / "w.duckdb", tmp_path / "landing"
    write_batch(landing, items, "20260328T150000-inj")
    prepare(warehouse)
    for batch in pending_batches(warehouse, landing):
        assert load_batch(warehouse, batch).loaded
    return warehouse


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}


@pytest.mark.slow
def test_a_title_that_is_sql_is_stored_verbatim_and_every_table_survives(tmp_path: Path) -> None:
    (item, page), (other, other_page) = ktkz_items(2)
    hostile = with_fields(item, title=SQL_TITLE, body_text=SQL_BODY)
    prepare(tmp_path / "ref.duckdb")
    reference = duckdb.connect(str(tmp_path / "ref.duckdb"), read_only=True)
    expected_tables = _tables(reference)
    reference.close()
    warehouse = _load(tmp_path, [(hostile, page), (other, other_page)])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert _tables(con) == expected_tables
        rows = con.execute(
            "select title, body_text from articles where article_id = ?", [hostile.article_id]
        ).fetchall()
        assert rows == [(SQL_TITLE, SQL_BODY)]
        assert con.execute("select count(*) from articles").fetchone() == (2,)
        (versions,) = con.execute(
            "select title from article_versions where article_id = ?", [hostile.article_id]
        ).fetchone() or ("",)
        assert versions == SQL_TITLE
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "title", [ODD, BIG_TITLE, SQL_TITLE + ODD], ids=["nul-rtl-emoji-quotes", "1MB", "sql+odd"]
)
def test_whatever_an_item_holds_comes_back_out_byte_exact(title: str, tmp_path: Path) -> None:
    item, page = ktkz_items(1)[0]
    odd = with_fields(item, title=title, caption=title[:1000], dateline_place=ODD)
    warehouse = _load(tmp_path, [(odd, page)])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute(
            "select title, caption, dateline_place from articles where article_id = ?",
            [odd.article_id],
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    assert [v.encode("utf-8") for v in row] == [
        v.encode("utf-8") for v in (title, title[:1000], ODD)
    ]


@pytest.mark.slow
def test_a_page_title_follows_the_cleaning_rules_then_round_trips(tmp_path: Path) -> None:
    """NUL and bidi controls are removed, quotes made ASCII, emoji and Kazakh letters kept."""
    article = sc.SITE.articles[0]
    html = sc.honest_page(article.id).decode("utf-8")
    shown = sc.SITE.article_page(article).split("<h1>", 1)[1].split("</h1>", 1)[0]
    raw_title = "Пресс-релиз &#0; \u202eevil\u202c «МИД» 🇰🇿"
    page = html.replace(f"<h1>{shown}</h1>", f"<h1>{raw_title}</h1>", 1).encode("utf-8")
    url = BASE + article.path
    item = ktkz.parse_article(HtmlResponse(url=url, body=page, encoding="utf-8"), url)
    assert "\x00" not in item.title and "\u202e" not in item.title
    assert '"МИД"' in item.title and "🇰🇿" in item.title
    assert item.title == normalize_text(item.title)
    warehouse = _load(tmp_path, [(item, page)])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        stored = con.execute("select title from articles").fetchone()
    finally:
        con.close()
    assert stored == (item.title,)


@pytest.mark.slow
def test_a_views_counter_past_integer_does_not_make_the_batch_unloadable(tmp_path: Path) -> None:
    """kt.kz prints views after the time; a page can print any number there."""
    article = next(a for a in sc.SITE.articles if a.id == 1377988821)
    page = sc.honest_page(article.id).decode("utf-8")
    hostile, found = VIEWS_RE.subn(r"\g<1>99 999 999 999\g<2>", page)
    assert found == 1
    url = sc.url(article.id)
    item = ktkz.parse_article(HtmlResponse(url=url, body=hostile.encode(), encoding="utf-8"), url)
    others = ktkz_items(3)
    warehouse, landing = tmp_path / "w.duckdb", tmp_path / "landing"
    write_batch(landing, [*others, (item, hostile.encode())], "20260328T160000-views")
    prepare(warehouse)
    (batch,) = pending_batches(warehouse, landing)
    assert load_batch(warehouse, batch).loaded  # the batch's other articles are not held hostage
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from articles").fetchone() == (4,)
    finally:
        con.close()


@pytest.mark.parametrize("source", tuple(MODULES))
def test_an_article_dated_in_the_future_is_refused_not_stored(source: str) -> None:
    page = article_pages(source)[0]
    future = page.body.replace(b"2026", b"2099")
    assert future != page.body
    with pytest.raises(ParseError):
        _article_parser(source)(page.response(future), page.url)
