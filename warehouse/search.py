"""Full-text search over article titles and bodies, per language, offline.

DuckDB's fts extension is not built in, and `INSTALL fts` downloads it; offline, only the PyPI
wheel `duckdb-extension-fts==1.5.5` has it (STACK.md §1 4c, the reason the project pins DuckDB
1.5.5). We LOAD the extension file straight from the wheel: nothing is installed, so nothing is
written to ~/.duckdb or any extension directory, and nothing is fetched. A LOAD must happen
before a connection turns external access off (after that DuckDB refuses to load files), so
the read-only query connection loads it first, then locks itself.

One fts index has one stemmer, so each language gets its own document table and index:
`search.ru` (snowball russian), `search.en` (snowball english) and `search.kk`. Snowball has no
Kazakh stemmer, and Kazakh is agglutinative (Қазақстан, Қазақстанның, Қазақстанға, Қазақстанда
...), so without one a query matches only the exact form. The Kazakh documents are therefore
indexed pre-stemmed by a light suffix stripper written here as SQL macros (`kk_stem_word`,
`kk_stem_text`): up to three case, possessive and plural endings are cut from words that keep
at least four letters, then one possessive -ы/-і from words that keep five, and a final voiced
г/ғ/б is unvoiced (министрлігі -> министрлік). The same macro stems the query, so both sides
agree; it overstems some words (Астана -> аста), which only merges forms, never loses them.
Snowball has its own limits: Russian fleeting vowels split a word (посол -> посол, but
послом, послы -> посл). The table macro `search_articles(q)` queries all three indexes;
scores are BM25 per index, so they rank well within a language, only roughly across them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseError

SEARCH_SCHEMA = "search"
# language of the text -> snowball stemmer of its index ("none": pre-stemmed by kk_stem_text)
STEMMERS = {"ru": "russian", "en": "english", "kk": "none"}
FALLBACK_LANG = "en"  # a text in none of the three languages goes to the English index

# Kazakh endings of two letters or more: case (genitive, dative, accusative, locative,
# ablative, instrumental, adjectival locative), possessive, plural and plural+possessive.
KK_SUFFIXES = tuple(
    " ".join(
        (
            "ның нің дың дің тың тің ға ге қа ке на не ны ні ды ді ты ті да де та те нда нде",
            "дан ден тан тен нан нен мен бен пен менен дағы дегі тағы тегі ндағы ндегі",
            "сы сі ым ім ың ің ымыз іміз мыз міз ыңыз іңіз",
            "лар лер дар дер тар тер лары лері дары дері тары тері",
        )
    ).split()
)
KK_MIN_STEM = 4  # letters a stem keeps after a multi-letter ending is cut
KK_MIN_STEM_SINGLE = 5  # letters a stem keeps after a one-letter possessive -ы/-і is cut
KK_PASSES = 3  # endings stack: plural + possessive + case

KK_MACROS = f"""
create or replace macro kk_strip(w) as
    regexp_replace(w, '^(.{{{KK_MIN_STEM},}}?)(?:{"|".join(KK_SUFFIXES)})$', '\\1');
create or replace macro kk_strip_vowel(w) as
    regexp_replace(w, '^(.{{{KK_MIN_STEM_SINGLE},}}?)[ыі]$', '\\1');
create or replace macro kk_unvoice(w) as
    regexp_replace(regexp_replace(regexp_replace(w, 'г$', 'к'), 'ғ$', 'қ'), 'б$', 'п');
create or replace macro kk_stem_word(w) as
    kk_unvoice(kk_strip_vowel({"kk_strip(" * KK_PASSES}lower(w){")" * KK_PASSES}));
create or replace macro kk_stem_text(t) as
    array_to_string(
        list_transform(
            list_filter(string_split_regex(lower(coalesce(t, '')), '[^\\p{{L}}]+'), w -> w <> ''),
            w -> kk_stem_word(w)
        ),
        ' '
    );
comment on macro kk_stem_word is 'A light Kazakh stemmer for one word (search): cuts case, possessive and plural endings.';
comment on macro kk_stem_text is 'The words of a Kazakh text, lower-cased and stemmed by kk_stem_word, joined by spaces.';
"""  # noqa: E501

# The language an article's text is indexed in: the detected one, else the page's.
TEXT_LANG = """
case when coalesce(detected_lang, lang) in ('ru', 'kk', 'en') then coalesce(detected_lang, lang)
     when lang in ('ru', 'kk', 'en') then lang
     else '{fallback}' end
"""

DOCS_SQL = """
create or replace table {schema}.{lang} as
select article_id, title, body_text as body
from articles
where ({text_lang}) = '{lang}'
"""

# Kazakh documents pre-stemmed: each distinct word is stemmed once (a corpus has far fewer
# distinct words than words), then the stems are put back; BM25 ignores word order.
KK_DOCS_SQL = """
create or replace table {schema}.kk as
with
docs as (
    select article_id, title, body_text from articles where ({text_lang}) = 'kk'
),
tokens as (
    select article_id, 'title' as field,
           unnest(string_split_regex(lower(title), '[^\\p{{L}}]+')) as word
    from docs
    union all
    select article_id, 'body' as field,
           unnest(string_split_regex(lower(body_text), '[^\\p{{L}}]+')) as word
    from docs
),
vocabulary as (
    select word, kk_stem_word(word) as stem
    from (select distinct word from tokens where word <> '')
),
stemmed as (
    select tokens.article_id, tokens.field, string_agg(vocabulary.stem, ' ') as text
    from tokens
    inner join vocabulary on tokens.word = vocabulary.word
    group by tokens.article_id, tokens.field
)
select
    docs.article_id,
    coalesce(titles.text, '') as title,
    coalesce(bodies.text, '') as body
from docs
left join stemmed as titles on docs.article_id = titles.article_id and titles.field = 'title'
left join stemmed as bodies on docs.article_id = bodies.article_id and bodies.field = 'body'
"""

SEARCH_MACRO = """
create or replace macro search_articles(q) as table
with
hits as (
    select article_id, fts_search_ru.match_bm25(article_id, q) as score from search.ru
    union all
    select article_id, fts_search_en.match_bm25(article_id, q) as score from search.en
    union all
    select article_id, fts_search_kk.match_bm25(article_id, kk_stem_text(q)) as score
    from search.kk
),
final as (
    select
        hits.score,
        articles.article_id,
        articles.source_id,
        articles.lang,
        articles.title,
        articles.published_at,
        articles.url,
        articles.story_id,
        articles.relevant
    from hits
    inner join articles on hits.article_id = articles.article_id
    where hits.score is not null
)
select * from final
order by score desc, published_at desc;
comment on macro table search_articles is 'search_articles(q): articles whose title or body match q (BM25, stemmed per language), best first.';
"""  # noqa: E501


class SearchUnavailable(WarehouseError):
    """Full-text search cannot run here; the message says why and what to do."""


@dataclass(frozen=True)
class SearchHit:
    score: float
    article_id: str
    source_id: str
    lang: str
    title: str
    published_at: datetime
    url: str
    story_id: str | None


def fts_extension_path(version: str | None = None) -> Path:
    """The fts extension file inside the duckdb-extension-fts wheel, for this DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError as exc:
        raise SearchUnavailable(
            "full-text search needs the duckdb-extension-fts wheel (pip install "
            f"duckdb-extension-fts=={duckdb.__version__})"
        ) from exc
    tag = version or f"v{duckdb.__version__}"
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / tag / "fts.duckdb_extension"
    if not path.is_file():
        raise SearchUnavailable(f"no fts extension for DuckDB {tag} in the wheel: {path}")
    return path


def fts_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the fts extension is loaded in this connection."""
    # duckdb_extensions() scans the extension directory, which a locked connection refuses;
    # the catalog of functions answers without touching the file system.
    row = con.execute(
        "select count(*) from duckdb_functions() where function_name = 'stem'"
    ).fetchone()
    return bool(row and row[0])


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD fts from the wheel's file (no INSTALL, no download); call before locking."""
    if fts_loaded(con):
        return
    path = str(fts_extension_path()).replace("'", "''")
    try:
        con.execute(f"load '{path}'")
    except duckdb.Error as exc:
        raise SearchUnavailable(f"cannot load the fts extension: {exc}") from exc


def build_search_index(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build the per-language indexes and the search macros in one transaction."""
    load_fts(con)
    counts = {}
    con.execute("begin transaction")
    try:
        con.execute(f"create schema if not exists {SEARCH_SCHEMA}")
        con.execute(KK_MACROS)
        text_lang = TEXT_LANG.format(fallback=FALLBACK_LANG)
        for lang, stemmer in STEMMERS.items():
            docs = KK_DOCS_SQL if stemmer == "none" else DOCS_SQL
            con.execute(docs.format(schema=SEARCH_SCHEMA, lang=lang, text_lang=text_lang))
            con.execute(
                f"pragma create_fts_index('{SEARCH_SCHEMA}.{lang}', 'article_id', 'title', "
                f"'body', stemmer = '{stemmer}', overwrite = 1)"
            )
            con.execute(
                f"comment on table {SEARCH_SCHEMA}.{lang} is 'Search documents in {lang} "
                f"(stemmer: {stemmer}): one row per article, indexed by schema "
                f"fts_{SEARCH_SCHEMA}_{lang}.'"
            )
            con.execute(
                f"comment on column {SEARCH_SCHEMA}.{lang}.article_id is 'The article.'; "
                f"comment on column {SEARCH_SCHEMA}.{lang}.title is 'Its title as indexed.'; "
                f"comment on column {SEARCH_SCHEMA}.{lang}.body is 'Its text as indexed.'"
            )
            # schema and language names are this module's constants
            row = con.execute(f"select count(*) from {SEARCH_SCHEMA}.{lang}").fetchone()  # noqa: S608
            counts[lang] = int(row[0]) if row else 0
        con.execute(SEARCH_MACRO)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return counts


def search(
    con: duckdb.DuckDBPyConnection, query: str, lang: str | None = None, limit: int = 20
) -> list[SearchHit]:
    """Articles matching `query` (all words optional, BM25), best first; `lang` narrows it."""
    if lang is not None and lang not in STEMMERS:
        raise ValueError(f"lang must be one of {sorted(STEMMERS)}, not {lang!r}")
    if not query.strip():
        return []
    load_fts(con)
    if not has_index(con):
        raise SearchUnavailable(
            "the warehouse has no search index yet: a run builds it after its loads"
        )
    rows = con.execute(
        "select score, article_id, source_id, lang, title, published_at, url, story_id "
        "from search_articles(?) where ? is null or lang = ? limit ?",
        [query, lang, lang, limit],
    ).fetchall()
    return [SearchHit(*row) for row in rows]


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether build_search_index has run on this warehouse."""
    row = con.execute(
        "select count(*) from duckdb_functions() "
        "where function_name = 'search_articles' and schema_name = 'main'"
    ).fetchone()
    return bool(row and row[0])
