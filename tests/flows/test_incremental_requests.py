"""What a scheduled run costs once the warehouse holds a site (issue 3), counted like the summary.

- An unchanged second run makes at most 2 requests per source (robots.txt counts when fetched),
  and the run summary's count is what the snapshot server saw on the wire.
- Items that appear on secondary editions only (kt.kz's English and Kazakh feeds, nothing on the
  Russian one) are loaded by the second and third runs, one edition a run, neither lost: the
  item of the edition asked second is older than the one loaded by the run before it.
Both start from the session's demo warehouse (one full run over every snapshot source). And
what "last checked" is read from: every 200, 304 or redirect of a loaded crawl, nothing else.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.pipeline import mfa_etl
from flows.sources import SOURCES
from flows.summary import RunSummary, summary_of
from scrapers.editions import Edition, choose
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from scrapers.snapshot.sites.ktkz import DATA_DIR, KtKzSite
from tests.helpers import FAST_CRAWL, warehouse_snapshot
from warehouse import state
from warehouse.migrate import migrate

slow = pytest.mark.slow

MAX_REQUESTS = 2  # per source, on a run that finds nothing new (issue 3)
KTKZ = "kt.kz"
FEEDS = {"ru": "/rus/rss", "en": "/eng/rss", "kk": "/kaz/rss/"}
FEED_URLS = {lang: "https://www.kt.kz" + path for lang, path in FEEDS.items()}

# Two items published only in the secondary editions (project-written, invented people).
KAZAKH_ITEM: dict[str, Any] = {
    "lang": "kk",
    "rubric": "politics",
    "slug": "kazakstan_elshisi_hanoyda_vetnam_syrtky_ister",
    "title": "Қазақстан елшісі Ханойда Вьетнам Сыртқы істер министрінің орынбасарымен кездесті",
    "views": 96,
    "caption": "Сурет: ҚР СІМ",
    "image": "5b1f0c2a9d3e4f60718293a4",
    "updated": False,
    "markup": "br",
    "kind": "meeting",
    "mfa": True,
    "translation_group": None,
    "note": "test-only item, published on the Kazakh feed alone",
    "paragraphs": [
        "Ханой. 27 наурыз. KAZAKHSTAN TODAY - Қазақстанның Вьетнамдағы елшісі Ерлан Сәрсенбаев "
        "Вьетнам Сыртқы істер министрінің орынбасары Нгуен Минь Хоамен кездесті, деп хабарлайды "
        "ҚР СІМ баспасөз қызметі.",
        "Тараптар сауда-экономикалық ынтымақтастықты, Алматы мен Ханой арасындағы тікелей әуе "
        "қатынасын ашу мәселесін және алдағы саяси консультацияларға дайындықты талқылады.",
    ],
}
ENGLISH_ITEM: dict[str, Any] = {
    "lang": "en",
    "rubric": "international_affair",
    "slug": "kazakh_ambassador_meets_malaysian_deputy_minister_in",
    "title": "Kazakh Ambassador meets Malaysian Deputy Minister in Kuala Lumpur",
    "views": 58,
    "caption": "Images | gov.kz",
    "image": "6c2a1d3b8e4f50617283a9b0",
    "updated": False,
    "markup": "p",
    "kind": "meeting",
    "mfa": True,
    "translation_group": None,
    "note": "test-only item, published on the English feed alone",
    "paragraphs": [
        "Kuala Lumpur. March 27. KAZAKHSTAN TODAY - Ambassador of Kazakhstan to Malaysia Nurlan "
        "Abdikarimov met with Deputy Minister of Foreign Affairs of Malaysia Ahmad Faizal Rahman, "
        "press service of the Kazakh MFA reports.",
        "The sides discussed preparations for the meeting of the intergovernmental commission "
        "and cooperation in halal industry, education and tourism.",
    ],
}
EARLIER, LATER = (1377988901, "27.03.2026, 16:30"), (1377988902, "27.03.2026, 16:50")


@dataclass
class Run:
    summary: RunSummary
    served: list[tuple[str, str, int]]  # (source, path, status) the snapshot answered


def run_flow(warehouse: Path, landing: Path, names: list[str], site: KtKzSite | None = None) -> Run:
    """One mfa-etl run over the snapshot of these sources (kt.kz's site replaced if given)."""
    server = SnapshotServer(names)
    if site is not None:
        server.sites = [site if s.source == KTKZ else s for s in server.sites]
    with server:
        result = mfa_etl(
            warehouse=str(warehouse),
            landing=str(landing),
            sources=names,
            snapshot={s: server.snapshot_arg(s) for s in names},
            allow_private_hosts=["127.0.0.1"],
            crawl_settings=FAST_CRAWL,
            crawl_retries=0,
            freshness_as_of={s: CAPTURED_AT[s] for s in names},
            return_state=True,
        )
        served = list(server.log)
    summary = summary_of(result.result(raise_on_failure=False))
    assert result.is_completed(), summary.failure_message() or summary.attention_message()
    return Run(summary, served)


def copy_demo(demo: tuple[Path, Path], into: Path) -> tuple[Path, Path]:
    """A writable copy of the demo warehouse and its landing folder (robots.txt cache included)."""
    warehouse, landing = demo
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy(warehouse, into / "w.duckdb")
    shutil.copytree(landing, into / "landing")
    return into / "w.duckdb", into / "landing"


# --- an unchanged second run ------------------------------------------------------------------


@pytest.fixture(scope="module")
def unchanged(
    demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Run, Path, dict[str, tuple[int, str]]]]:
    warehouse, landing = copy_demo(demo_warehouse, tmp_path_factory.mktemp("unchanged"))
    before = warehouse_snapshot(warehouse)
    yield run_flow(warehouse, landing, list(SOURCES)), warehouse, before


@slow
def test_an_unchanged_second_run_makes_at_most_two_requests_per_source(
    unchanged: tuple[Run, Path, dict[str, tuple[int, str]]],
) -> None:
    run, _, _ = unchanged
    assert set(run.summary.sources) == set(SOURCES)
    for source, entry in run.summary.sources.items():
        on_the_wire = [(path, status) for s, path, status in run.served if s == source]
        assert entry.requests == len(on_the_wire), (source, on_the_wire)  # nothing uncounted
        assert 1 <= entry.requests <= MAX_REQUESTS, (source, on_the_wire)
        assert all(status in (200, 304) for _, status in on_the_wire), (source, on_the_wire)
        assert entry.new == entry.updated == 0, source


@slow
def test_the_run_summary_shows_the_requests(
    unchanged: tuple[Run, Path, dict[str, tuple[int, str]]],
) -> None:
    run, _, _ = unchanged
    text = run.summary.to_text().splitlines()
    assert "requests" in text[0]
    for source, entry in run.summary.sources.items():
        (row,) = [line for line in text if line.startswith(source + " ")]
        assert row.split()[2] == str(entry.requests)


@slow
def test_an_unchanged_run_asks_the_primary_and_one_other_edition(
    unchanged: tuple[Run, Path, dict[str, tuple[int, str]]],
) -> None:
    run, _, _ = unchanged
    kt = [path for s, path, _ in run.served if s == KTKZ]
    assert FEEDS["ru"] in kt and len(kt) == 2
    assert len({FEEDS["en"], FEEDS["kk"]} & set(kt)) == 1


@slow
def test_an_unchanged_run_changes_no_article_and_records_its_checks(
    unchanged: tuple[Run, Path, dict[str, tuple[int, str]]],
) -> None:
    _, warehouse, before = unchanged
    after = warehouse_snapshot(warehouse)
    for table in ("articles", "article_versions", "stories", "events", "participants"):
        assert after[table] == before[table], table
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        statuses = con.execute(
            "select status, count(*) from pages where load_id = "
            "(select max(load_id) from _loads where source_id = ?) group by 1",
            [KTKZ],
        ).fetchall()
    finally:
        con.close()
    assert dict(statuses) == {304: 2}  # the 304s are pages too: they are the "last checked"


# --- items on the secondary editions only -----------------------------------------------------


@dataclass
class Secondary:
    runs: list[Run]
    warehouse: Path
    first: str  # the edition the second run asks (the least recently checked)
    items: dict[str, int]  # edition -> id of its new item


@pytest.fixture(scope="module")
def secondary_only(
    demo_warehouse: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Secondary:
    root = tmp_path_factory.mktemp("secondary")
    warehouse, landing = copy_demo(demo_warehouse, root)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        checks = state.entry_checks(con, KTKZ)
    finally:
        con.close()
    editions = [Edition(lang, checks.get(url)) for lang, url in FEED_URLS.items()]
    first = choose(editions[0], editions[1:], datetime.now(UTC)).keys[1]
    second = "kk" if first == "en" else "en"
    # The edition asked first gets the later (higher) id, so a "highest id held" cursor would
    # pass the other edition's item for held on the next run.
    ids = {first: LATER, second: EARLIER}
    data = root / "ktkz-data"
    shutil.copytree(DATA_DIR, data)
    for lang, item in (("kk", KAZAKH_ITEM), ("en", ENGLISH_ITEM)):
        item_id, published = ids[lang]
        record = {"id": item_id, "published": published, **item}
        (data / f"{item_id}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    site = KtKzSite(data)
    runs = [run_flow(warehouse, landing, [KTKZ], site) for _ in range(2)]
    return Secondary(runs, warehouse, first, {lang: ids[lang][0] for lang in ids})


def feeds_asked(run: Run) -> dict[str, int]:
    return {lang: status for s, path, status in run.served for lang in FEEDS if path == FEEDS[lang]}


@slow
def test_the_second_run_asks_the_stalest_secondary_and_loads_its_item(
    secondary_only: Secondary,
) -> None:
    run = secondary_only.runs[0]
    first = secondary_only.first
    assert feeds_asked(run) == {"ru": 304, first: 200}
    articles = [path for s, path, _ in run.served if path.endswith(".html")]
    assert [a.rsplit("_", 1)[1] for a in articles] == [f"{secondary_only.items[first]}.html"]
    assert run.summary.sources[KTKZ].new == 1
    assert run.summary.sources[KTKZ].requests == len(run.served) == 3


@slow
def test_the_third_run_asks_the_other_secondary_and_loads_its_older_item(
    secondary_only: Secondary,
) -> None:
    run = secondary_only.runs[1]
    other = "kk" if secondary_only.first == "en" else "en"
    assert feeds_asked(run) == {"ru": 304, other: 200}
    articles = [path for s, path, _ in run.served if path.endswith(".html")]
    assert [a.rsplit("_", 1)[1] for a in articles] == [f"{secondary_only.items[other]}.html"]
    assert run.summary.sources[KTKZ].new == 1
    assert run.summary.sources[KTKZ].requests == len(run.served) == 3


@slow
def test_both_secondary_items_are_in_the_warehouse_with_their_edition(
    secondary_only: Secondary,
) -> None:
    con = duckdb.connect(str(secondary_only.warehouse), read_only=True)
    try:
        rows = con.execute(
            "select source_item_id, lang, relevant from articles where source_id = ? "
            "and source_item_id in (select unnest(?))",
            [KTKZ, [str(i) for i in secondary_only.items.values()]],
        ).fetchall()
    finally:
        con.close()
    assert sorted(rows) == sorted(
        (str(item_id), lang, True) for lang, item_id in secondary_only.items.items()
    )


# --- "last checked", as the warehouse records it ------------------------------------------------

FEED = "https://www.kt.kz/kaz/rss/"


def test_a_check_is_any_answer_of_a_loaded_crawl_but_an_error(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    t0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    pages = [  # (url, status, minutes after t0, kind, headers)
        (FEED, 200, 0, "feed", {"etag": '"a1"'}),
        (FEED, 304, 60, "feed", {"etag": '"a1"'}),
        (FEED, 503, 120, "feed", {}),  # an error is no check
        ("https://www.kt.kz/eng/rss", 404, 60, "feed", {}),  # never answered
        ("https://www.kt.kz/rus/rss", 301, 30, "feed", {"location": "/rus/rss/"}),
        ("https://www.kt.kz/rus/politics/x_1377988001.html", 200, 90, "article", {}),
    ]
    for seq, (url, status, minutes, kind, headers) in enumerate(pages):
        con.execute(
            "insert into pages values (?, 'kt.kz/r1', 'kt.kz', ?, ?, ?, ?, ?, ?, '')",
            [
                str(seq),
                url,
                url,
                status,
                t0 + timedelta(minutes=minutes),
                kind,
                json.dumps(headers),
            ],
        )
    checks = state.entry_checks(con, KTKZ)
    assert checks == {
        FEED: t0 + timedelta(minutes=60),
        "https://www.kt.kz/rus/rss": t0 + timedelta(minutes=30),
    }
    validators = state.source_validators(con, KTKZ)
    assert validators[FEED].keys() == {"etag", "checked_at"}  # no Last-Modified was sent
    assert validators[FEED]["etag"] == '"a1"'  # from the latest 200
    assert datetime.fromisoformat(validators[FEED]["checked_at"]) == t0 + timedelta(minutes=60)
    assert set(validators) == {FEED, "https://www.kt.kz/rus/rss"}
    assert state.entry_checks(con, "inform.kz") == {}
    con.close()
