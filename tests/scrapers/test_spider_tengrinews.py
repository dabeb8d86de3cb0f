"""The Tengrinews spider end to end: `scrapy crawl tengrinews.kz` in a subprocess.

A subprocess because Twisted's reactor cannot be restarted in one test process. One snapshot
server (three listeners: tengrinews.kz, kaz., en.) serves every crawl; each is judged by its
published batch and by what the snapshot was asked. The crawls:
- first: page 1 of each edition's all-news listing and its articles;
- second, told what the first holds (highest id per edition, listing validators and when each
  last answered): robots.txt and a 304 for the Russian edition and the least recently checked
  other one (scrapers.editions), nothing else; all three once the Russian one has news;
- the editions moved on: only the new articles of each, judged per edition;
- only the source-wide `known_max_id`: it stands for the Russian edition alone;
- the Russian listing turned over: page 2 is read up to an article already held;
- a backfill (`since`): older pages until an article before that date.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from scrapers.items import PressRelease
from scrapers.snapshot.server import SnapshotServer
from scrapers.snapshot.sites.tengrinews import ORIGINS, PAGE_SIZE, TengrinewsSite

pytestmark = pytest.mark.slow

SOURCE = "tengrinews.kz"
ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is
CRAWL_TIMEOUT = 180
SITE = TengrinewsSite()
EDITIONS = {lang: SITE.edition(lang) for lang in ORIGINS}  # newest first
HOSTS = {lang: origin.split("//")[1] for lang, origin in ORIGINS.items()}
PAGE_ONE = {a.url for articles in EDITIONS.values() for a in articles[:PAGE_SIZE]}
BY_URL = {a.url: a for a in SITE.articles}


@dataclass
class Crawl:
    manifest: dict[str, Any]
    items: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    server_log: list[tuple[str, str, int]]  # what the snapshot was asked in this crawl


def run_crawl(server: SnapshotServer, landing: Path, run_id: str, *extra: str) -> Crawl:
    before = len(server.log)
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", SOURCE,
        "-a", f"snapshot={server.snapshot_arg(SOURCE)}",
        *extra,
        "-s", "MFA_ALLOW_PRIVATE_HOSTS=127.0.0.1",
        "-s", f"MFA_LANDING_DIR={landing}",
        "-s", f"MFA_RUN_ID={run_id}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
    ]  # fmt: skip
    done = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    batch = landing / SOURCE / run_id
    assert batch.is_dir(), f"no published batch: {output[-3000:]}"

    def lines(name: str) -> list[dict[str, Any]]:
        text = (batch / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line]

    return Crawl(
        manifest=json.loads((batch / "manifest.json").read_text(encoding="utf-8")),
        items=lines("items.jsonl"),
        pages=lines("pages.jsonl"),
        server_log=list(server.log[before:]),
    )


@pytest.fixture(scope="module")
def server() -> Iterator[SnapshotServer]:
    with SnapshotServer([SOURCE]) as srv:
        yield srv


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("landing")


@pytest.fixture(scope="module")
def first(server: SnapshotServer, landing: Path) -> Crawl:
    return run_crawl(server, landing, "run-1")


def item_urls(crawl: Crawl) -> set[str]:
    return {item["url"] for item in crawl.items}


def targets(crawl: Crawl) -> list[str]:
    return [target for _source, target, _status in crawl.server_log]


def held(**ids: int) -> str:
    """The known_max_ids argument: highest held id per edition host (lang=id)."""
    return json.dumps({HOSTS[lang]: value for lang, value in ids.items()})


def test_first_crawl_publishes_page_one_of_each_edition_once(first: Crawl) -> None:
    assert first.manifest["verdict"] == "ok", first.manifest["verdict_reason"]
    assert first.manifest["error_count"] == 0
    urls = [item["url"] for item in first.items]
    assert max(Counter(urls).values()) == 1
    assert set(urls) == PAGE_ONE
    # robots.txt and page 1 per edition, then the articles; no older page on a first run
    assert first.manifest["requests"] == 3 + 3 + len(PAGE_ONE)
    assert Counter(t for t in targets(first) if not t.startswith("/news/"))["/robots.txt"] == 3
    assert sorted(t for t in targets(first) if t.startswith("/news/")) == ["/news/page/1/"] * 3


def test_first_crawl_items_carry_the_right_fields(first: Crawl) -> None:
    for record in first.items:
        item = PressRelease.from_record(record)
        a = BY_URL[item.url]
        assert item.lang == a.lang and item.source == SOURCE
        assert item.published_at == a.published
        assert item.relevant is a.mfa
        assert item.source_item_id is not None and item.source_item_id.endswith(str(a.id))
    langs = Counter(r["lang"] for r in first.items)
    assert set(langs) == {"ru", "kk", "en"}
    assert sum(1 for r in first.items if not r["relevant"]) == sum(
        1 for url in PAGE_ONE if not BY_URL[url].mfa
    )


def held_by(first: Crawl) -> dict[str, int]:
    """What the flow reads from the warehouse after the first crawl: max id per host."""
    per_host: dict[str, int] = {}
    for record in first.items:
        host = urlsplit(record["url"]).hostname or ""
        item_id = int(record["source_item_id"].rsplit(":", 1)[-1])
        per_host[host] = max(per_host.get(host, 0), item_id)
    return per_host


def validators_of(first: Crawl, changed: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """Each listing's ETag (none for the hosts in `changed`) and when it last answered."""
    validators = {}
    for page in first.pages:
        if page["kind"] == "listing":
            headers = {k.lower(): v for k, v in page["headers"].items()}
            known = {"checked_at": page["fetched_at"]}
            if urlsplit(page["url"]).hostname not in changed:
                known["etag"] = headers.get("etag", "")
            validators[page["url"]] = known
    return validators


def listings_asked(crawl: Crawl) -> dict[str, int]:
    return {p["url"]: p["status"] for p in crawl.pages if p["kind"] == "listing"}


def test_second_crawl_asks_the_russian_listing_and_one_other(
    server: SnapshotServer, landing: Path, first: Crawl, tmp_path: Path
) -> None:
    validators = validators_of(first)
    vfile = tmp_path / "validators.json"
    vfile.write_text(json.dumps(validators), encoding="utf-8")
    known = max(int(r["source_item_id"]) for r in first.items if r["source_item_id"].isdigit())
    second = run_crawl(
        server,
        landing,
        "run-2",
        "-a", f"known_max_id={known}",
        "-a", f"known_max_ids={json.dumps(held_by(first))}",
        "-a", f"validators={vfile}",
    )  # fmt: skip
    assert second.manifest["verdict"] == "ok"
    assert second.items == []
    assert second.manifest["requests"] == 4  # robots.txt + one 304 on each of two hosts
    assert sorted(second.server_log) == sorted(
        [(SOURCE, "/robots.txt", 200)] * 2 + [(SOURCE, "/news/page/1/", 304)] * 2
    )
    ru, kk, en = (f"https://{HOSTS[lang]}/news/page/1/" for lang in ("ru", "kk", "en"))
    stalest = min((kk, en), key=lambda url: validators[url]["checked_at"])
    assert listings_asked(second) == {ru: 304, stalest: 304}


def test_something_new_on_the_russian_listing_asks_every_edition(
    server: SnapshotServer, landing: Path, first: Crawl, tmp_path: Path
) -> None:
    vfile = tmp_path / "validators.json"
    vfile.write_text(json.dumps(validators_of(first, changed=(HOSTS["ru"],))), "utf-8")
    per_host = held_by(first)
    ru_top = EDITIONS["ru"][2].id  # the two newest Russian articles are not held
    per_host[HOSTS["ru"]] = ru_top
    crawl = run_crawl(
        server,
        landing,
        "run-2b",
        "-a", f"known_max_ids={json.dumps(per_host)}",
        "-a", f"validators={vfile}",
    )  # fmt: skip
    assert item_urls(crawl) == {a.url for a in EDITIONS["ru"][:2]}
    ru, kk, en = (f"https://{HOSTS[lang]}/news/page/1/" for lang in ("ru", "kk", "en"))
    assert listings_asked(crawl) == {ru: 200, kk: 304, en: 304}


def test_editions_that_moved_on_give_only_their_new_articles(
    server: SnapshotServer, landing: Path
) -> None:
    ids = {"ru": 612470, "kk": 389205, "en": 276355}
    crawl = run_crawl(server, landing, "run-3", "-a", f"known_max_ids={held(**ids)}")
    expected = {a.url for a in SITE.articles if a.id > ids[a.lang] and a.url in PAGE_ONE}
    assert item_urls(crawl) == expected
    assert {BY_URL[u].lang for u in expected} == {"ru", "kk", "en"}
    assert crawl.manifest["requests"] == 6 + len(expected)


def test_source_wide_known_max_id_stands_for_the_russian_edition_only(
    server: SnapshotServer, landing: Path
) -> None:
    crawl = run_crawl(server, landing, "run-4", "-a", "known_max_id=612470")
    ru_new = {a.url for a in EDITIONS["ru"] if a.id > 612470}
    others = {a.url for lang in ("kk", "en") for a in EDITIONS[lang][:PAGE_SIZE]}
    assert item_urls(crawl) == ru_new | others


def test_a_listing_that_turned_over_is_read_back_to_a_held_article(
    server: SnapshotServer, landing: Path
) -> None:
    oldest_ru = EDITIONS["ru"][-1]
    crawl = run_crawl(server, landing, "run-5", "-a", f"known_max_ids={held(ru=oldest_ru.id)}")
    ru_items = {u for u in item_urls(crawl) if BY_URL[u].lang == "ru"}
    assert ru_items == {a.url for a in EDITIONS["ru"] if a.id > oldest_ru.id}
    assert len(ru_items) > PAGE_SIZE  # some came from page 2
    assert "/news/page/2/" in targets(crawl) and "/news/page/3/" not in targets(crawl)
    assert crawl.manifest["verdict"] == "ok"


def test_backfill_reads_older_pages_until_since(server: SnapshotServer, landing: Path) -> None:
    crawl = run_crawl(server, landing, "run-6", "-a", "since=2026-03-03")
    expected = {a.url for a in SITE.articles if a.published.date().isoformat() >= "2026-03-03"}
    assert item_urls(crawl) == expected
    assert Counter(targets(crawl))["/news/page/2/"] == 1  # only the Russian edition has one
    assert crawl.manifest["requests"] == 3 + 3 + 1 + len(expected)


# --- backfill windows [since, until) ---------------------------------------------------------

OLDER = ("2026-03-03", "2026-03-04")  # its first listing page is newer: read through, not taken
NEWER = ("2026-03-04", "2026-03-06")  # the day after the newest article: as plan_shards ends


def dated_in(window: tuple[str, str]) -> set[str]:
    since, until = window
    return {a.url for a in SITE.articles if since <= a.published.date().isoformat() < until}


@pytest.fixture(scope="module")
def windows(server: SnapshotServer, landing: Path) -> dict[str, Crawl]:
    def window(run_id: str, since: str, until: str) -> Crawl:
        return run_crawl(server, landing, run_id, "-a", f"since={since}", "-a", f"until={until}")

    return {
        "older": window("window-older", *OLDER),
        "newer": window("window-newer", *NEWER),
        "backfill": run_crawl(server, landing, "window-backfill", "-a", f"since={OLDER[0]}"),
    }


@pytest.mark.parametrize(("name", "window"), [("older", OLDER), ("newer", NEWER)])
def test_a_window_yields_its_articles_and_asks_no_article_outside(
    windows: dict[str, Crawl], name: str, window: tuple[str, str]
) -> None:
    crawl = windows[name]
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert item_urls(crawl) and item_urls(crawl) == dated_in(window)
    assert len(crawl.items) == len(dated_in(window))
    asked = {p["url"] for p in crawl.pages if p["kind"] == "article"}
    assert asked == dated_in(window)


def test_a_window_in_the_past_pages_through_the_newer_listing(windows: dict[str, Crawl]) -> None:
    older = windows["older"]
    assert "/news/page/2/" in targets(older)  # page 1 is newer than the window, page 2 holds it
    assert older.manifest["stats"]["window/after_until"] == len(
        {a.url for a in SITE.articles if a.published.date().isoformat() >= OLDER[1]}
    )


def test_adjacent_windows_add_up_to_one_backfill(windows: dict[str, Crawl]) -> None:
    both = [item["url"] for name in ("older", "newer") for item in windows[name].items]
    assert max(Counter(both).values()) == 1  # no overlap
    assert set(both) == item_urls(windows["backfill"])  # no gap
