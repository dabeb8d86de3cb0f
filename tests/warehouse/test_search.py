"""Full-text search: per-language stemming, rebuilt after loads, loaded offline from the wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from warehouse import search
from warehouse.migrate import migrate

LOCAL = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def indexed(
    demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("search") / "warehouse.duckdb"
    shutil.copy(demo_warehouse[0], path)
    con = duckdb.connect(str(path), config=LOCAL)
    migrate(con)
    search.build_search_index(con)
    con.close()
    yield path


@pytest.fixture
def kk() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(":memory:", config=LOCAL)
    con.execute(search.KK_MACROS)
    yield con
    con.close()


def _stem(con: duckdb.DuckDBPyConnection, word: str) -> str:
    row = con.execute("select kk_stem_word(?)", [word]).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize(
    "forms",
    [
        ("Қазақстан", "Қазақстанның", "Қазақстанға", "Қазақстанда", "Қазақстаннан"),
        ("елші", "елшісі", "елшісімен", "елшілері"),
        ("министрлік", "министрлігі", "министрлігінің"),
        ("Жапония", "Жапонияға", "Жапонияда"),
        ("кездесу", "кездесуде"),
    ],
)
def test_kazakh_forms_of_one_word_share_a_stem(
    kk: duckdb.DuckDBPyConnection, forms: tuple[str, ...]
) -> None:
    assert len({_stem(kk, f) for f in forms}) == 1, [_stem(kk, f) for f in forms]


@pytest.mark.parametrize(
    "words", [("Қазақстан", "Қытай"), ("елші", "елдер"), ("министр", "министрлік")]
)
def test_kazakh_different_words_keep_different_stems(
    kk: duckdb.DuckDBPyConnection, words: tuple[str, str]
) -> None:
    assert _stem(kk, words[0]) != _stem(kk, words[1])


def test_kazakh_text_is_split_into_stemmed_words(kk: duckdb.DuckDBPyConnection) -> None:
    row = kk.execute("select kk_stem_text('Қазақстанның елшісі, 2026 — Жапонияда!')").fetchone()
    assert row is not None
    assert row[0].split() == [_stem(kk, "Қазақстан"), "елші", _stem(kk, "Жапония")]


def test_short_words_are_left_alone(kk: duckdb.DuckDBPyConnection) -> None:
    for word in ("мен", "және", "елі", "ана"):
        assert _stem(kk, word) == word


def _only_other_forms(
    con: duckdb.DuckDBPyConnection, hits: list[search.SearchHit], word: str
) -> int:
    """How many hits never write `word` itself: found through the stem, not the exact form."""
    ids = [h.article_id for h in hits]
    row = con.execute(
        "select count(*) from articles where article_id in (select unnest(?)) "
        "and not contains(lower(title || ' ' || body_text), lower(?))",
        [ids, word],
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_search_stems_russian_english_and_kazakh(indexed: Path) -> None:
    con = duckdb.connect(str(indexed), read_only=True, config=LOCAL)
    ru = search.search(con, "министрами", lang="ru", limit=100)  # instrumental plural
    assert ru and all(h.lang == "ru" for h in ru)
    assert any("инистр" in h.title for h in ru)
    assert _only_other_forms(con, ru, "министрами") > 0
    en = search.search(con, "ambassadors", lang="en", limit=100)
    assert en and any("Ambassador" in h.title for h in en)
    assert _only_other_forms(con, en, "ambassadors") > 0
    kk = search.search(con, "Жапонияда", lang="kk")  # the title says Жапонияға
    assert kk and "Жапония" in kk[0].title
    assert _only_other_forms(con, kk, "Жапонияда") > 0
    assert [h.score for h in ru] == sorted((h.score for h in ru), reverse=True)
    everywhere = search.search(con, "Japan Жапония Япония", limit=50)
    assert {h.lang for h in everywhere} == {"ru", "kk", "en"}


def test_search_limits_and_refuses_bad_input(indexed: Path) -> None:
    con = duckdb.connect(str(indexed), read_only=True, config=LOCAL)
    assert len(search.search(con, "Казахстан", limit=3)) == 3
    assert search.search(con, "   ") == []
    assert search.search(con, "zzzqqqxxx") == []
    with pytest.raises(ValueError, match="lang"):
        search.search(con, "посол", lang="de")


def test_index_is_rebuilt_after_a_load(indexed: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy(indexed, path)
    con = duckdb.connect(str(path), config=LOCAL)
    now = datetime.now(UTC)
    con.execute(
        """
        insert into articles (article_id, source_id, url, canonical_url, lang, title, body_text,
            published_at, content_hash, version, first_seen, last_seen, load_id)
        values ('new-article', 'kt.kz', 'https://www.kt.kz/x', 'https://www.kt.kz/x', 'ru',
            'Консультации в Улан-Баторе', 'Стороны обсудили сотрудничество с Монголией.',
            ?, 'h', 1, ?, ?, 'test/1')
        """,
        [now, now, now],
    )
    assert "new-article" not in {h.article_id for h in search.search(con, "Монголия")}
    counts = search.build_search_index(con)
    assert (
        counts["ru"]
        == con.execute(
            "select count(*) from articles where coalesce(detected_lang, lang) = 'ru'"
        ).fetchone()[0]
    )  # type: ignore[index]
    assert "new-article" in {h.article_id for h in search.search(con, "Монголия")}


def test_search_without_an_index_says_so(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"), config=LOCAL)
    migrate(con)
    with pytest.raises(search.SearchUnavailable, match="no search index"):
        search.search(con, "посол")


def test_locked_read_only_connection_can_search_but_not_load_files(indexed: Path) -> None:
    con = duckdb.connect(str(indexed), read_only=True, config=LOCAL)
    search.load_fts(con)
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    assert search.search(con, "посол")
    rows = con.execute("select count(*) from search_articles('посол')").fetchone()
    assert rows is not None and rows[0] > 0
    with pytest.raises(duckdb.PermissionException):
        con.execute("load '/tmp/some.duckdb_extension'")
    with pytest.raises(duckdb.Error):
        con.execute("set enable_external_access = true")


LOADER = """
import json, sys, duckdb
from warehouse import search
con = duckdb.connect(sys.argv[1], config={"autoinstall_known_extensions": False,
                                          "autoload_known_extensions": False})
search.build_search_index(con)
print(json.dumps(con.execute(
    "select install_path, installed from duckdb_extensions() where extension_name = 'fts'"
).fetchone()))
"""


def test_fts_loads_from_the_wheel_and_writes_nothing_to_home(indexed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = tmp_path / "w.duckdb"
    shutil.copy(indexed, path)
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    # In a network namespace of its own where the machine allows one: a download would fail.
    offline = ["unshare", "-n"] if _can_unshare_network() else []
    out = subprocess.run(
        [*offline, sys.executable, "-c", LOADER, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    _install_path, installed = json.loads(out.stdout.strip().splitlines()[-1])
    assert not installed  # loaded from the wheel's file, never installed
    assert list(home.iterdir()) == []
    assert search.fts_extension_path().is_file()


def _can_unshare_network() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0
