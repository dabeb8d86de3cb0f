"""The Kazinform spider end to end: `scrapy crawl inform.kz` in a subprocess against the snapshot.

A subprocess because Twisted's reactor cannot be restarted in one test process. Four crawls
share one snapshot server (four loopback listeners: www.inform.kz, kaz.inform.kz, en.inform.kz,
qazinform.com):
- first: no cursor, every article of the three editions once (the old `_a` link in the lenta
  is followed through its 301);
- unchanged: the ids held and the feeds' validators with the time each last answered: the
  Russian feed and the least recently checked other one (scrapers.editions), each a robots.txt
  and a 304, nothing else;
- one new item per edition: the ids held minus the newest of each edition, no validators: the
  three feeds and exactly those three articles;
- backfill: `since` only: every article from that day on, and no older one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers.items import PressRelease
from scrapers.snapshot.server import SnapshotServer
from scrapers.snapshot.sites.kazinform import KazinformSite
from scrapers.spiders.kazinform import EDITIONS as SPIDER_EDITIONS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is
SOURCE = "inform.kz"
CRAWL_TIMEOUT = 180
SINCE = date(2026, 3, 1)
EDITIONS = ("ru", "kk", "en")
EDITION_FEEDS = {lang: feed for lang, (feed, _) in SPIDER_EDITIONS.items()}
ROBOTS_AND_FEEDS = 2 * len(EDITIONS)  # a run that asks every edition (no check on record)
UNCHANGED = 2 * 2  # robots.txt (not cached in these crawls) and a 304, on the two hosts asked


@dataclass
class Crawl:
    batch: Path
    manifest: dict[str, Any]
    items: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    server_log: list[tuple[str, str, int]]


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
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    batch = landing / SOURCE / run_id
    assert batch.is_dir(), f"no published batch: {(done.stdout + done.stderr)[-3000:]}"

    def lines(name: str) -> list[dict[str, Any]]:
        text = (batch / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line]

    return Crawl(
        batch=batch,
        manifest=json.loads((batch / "manifest.json").read_text(encoding="utf-8")),
        items=lines("items.jsonl"),
        pages=lines("pages.jsonl"),
        server_log=list(server.log[before:]),
    )


def validators_of(crawl: Crawl) -> dict[str, dict[str, str]]:
    """{url: {"etag", "last_modified", "checked_at"}} of the feeds of a batch, as the flow keeps."""
    out = {}
    for page in crawl.pages:
        headers = {k.lower(): v for k, v in page["headers"].items()}
        if page["kind"] == "feed" and page["status"] == 200:
            out[page["url"]] = {
                "etag": headers.get("etag", ""),
                "last_modified": headers.get("last-modified", ""),
                "checked_at": page["fetched_at"],
            }
    return out


@dataclass
class Crawls:
    first: Crawl
    unchanged: Crawl
    one_new: Crawl
    backfill: Crawl
    newest: dict[str, str]  # edition -> id of its newest article (left out of known_ids)


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    landing = tmp_path_factory.mktemp("landing")
    site = KazinformSite()
    with SnapshotServer([SOURCE]) as server:
        first = run_crawl(server, landing, "first")
        held = [str(item["source_item_id"]) for item in first.items]
        known = landing / "known_ids.json"
        known.write_text(json.dumps(held), encoding="utf-8")
        validators = landing / "validators.json"
        validators.write_text(json.dumps(validators_of(first)), encoding="utf-8")
        unchanged = run_crawl(
            server,
            landing,
            "unchanged",
            "-a",
            f"known_ids={known}",
            "-a",
            f"validators={validators}",
        )
        newest = {lang: next(a.id for a in site.articles if a.lang == lang) for lang in EDITIONS}
        older = landing / "known_ids_older.json"
        older.write_text(json.dumps([i for i in held if i not in newest.values()]), "utf-8")
        one_new = run_crawl(server, landing, "one-new", "-a", f"known_ids={older}")
        backfill = run_crawl(server, landing, "since", "-a", f"since={SINCE.isoformat()}")
    yield Crawls(first, unchanged, one_new, backfill, newest)


def ids(crawl: Crawl) -> list[str]:
    return [str(item["source_item_id"]) for item in crawl.items]


def test_first_crawl_publishes_an_ok_batch(crawls: Crawls) -> None:
    manifest = crawls.first.manifest
    assert manifest["source"] == SOURCE
    assert manifest["finish_reason"] == "finished"
    assert manifest["verdict"] == "ok", manifest["verdict_reason"]
    assert manifest["error_count"] == 0
    assert manifest["items"] == len(crawls.first.items)
    assert manifest["pages"] == len(crawls.first.pages)


def test_every_snapshot_article_once(crawls: Crawls) -> None:
    site = KazinformSite()
    counts = Counter(ids(crawls.first))
    assert set(counts) == {a.id for a in site.articles}
    assert max(counts.values()) == 1
    assert len({item["article_id"] for item in crawls.first.items}) == len(site.articles)


def test_items_carry_real_urls_and_the_relevance_decision(crawls: Crawls) -> None:
    site = KazinformSite()
    for record in crawls.first.items:
        item = PressRelease.from_record(record)
        article = site.by_id(str(item.source_item_id))
        assert item.url == item.canonical_url == article.url
        assert item.lang == article.lang
        assert item.published_at == article.published_at
        assert item.title
        assert item.relevant is article.mfa, (article.id, item.relevance_reason)
        assert item.relevance_reason
    irrelevant = [r for r in crawls.first.items if not r["relevant"]]
    assert len(irrelevant) >= 4  # non-MFA items are kept, flagged, for the flow to filter


def test_no_url_is_requested_twice(crawls: Crawls) -> None:
    for crawl in (crawls.first, crawls.unchanged, crawls.one_new, crawls.backfill):
        urls = Counter(page["url"] for page in crawl.pages)
        assert max(urls.values(), default=1) == 1, urls.most_common(3)
        assert all(page["url"].startswith("https://") for page in crawl.pages)


def test_old_url_in_the_lenta_is_followed_through_its_redirect(crawls: Crawls) -> None:
    site = KazinformSite()
    listed_old = [a for a in site.articles if a.listed_url and a.listed_url != a.url]
    assert listed_old
    by_url = {page["url"]: page for page in crawls.first.pages}
    for article in listed_old:
        assert article.listed_url is not None
        assert by_url[article.listed_url]["status"] == 301
        assert by_url[article.url]["status"] == 200
    assert crawls.first.manifest["stats"].get("kazinform/redirects", 0) >= len(listed_old)


def test_unchanged_site_costs_the_primary_feed_and_one_other(crawls: Crawls) -> None:
    crawl = crawls.unchanged
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert crawl.manifest["requests"] == UNCHANGED == len(crawl.server_log)
    assert crawl.items == []
    assert sorted(status for _, _, status in crawl.server_log) == [200] * 2 + [304] * 2
    assert {page["kind"] for page in crawl.pages} == {"feed"}
    feeds = validators_of(crawls.first)
    secondaries = [EDITION_FEEDS[lang] for lang in ("kk", "en")]
    stalest = min(secondaries, key=lambda url: feeds[url]["checked_at"])
    assert sorted(page["url"] for page in crawl.pages) == sorted([EDITION_FEEDS["ru"], stalest])


def test_one_new_item_per_edition_fetches_just_those(crawls: Crawls) -> None:
    crawl = crawls.one_new
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert sorted(ids(crawl)) == sorted(crawls.newest.values())
    assert crawl.manifest["requests"] == ROBOTS_AND_FEEDS + len(EDITIONS)
    assert not [page for page in crawl.pages if page["kind"] == "listing"]


def test_backfill_since_a_date(crawls: Crawls) -> None:
    site = KazinformSite()
    crawl = crawls.backfill
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    expected = {a.id for a in site.articles if a.published_at.date() >= SINCE}
    assert set(ids(crawl)) == expected
    assert len(ids(crawl)) == len(expected)


# --- backfill windows [since, until) ---------------------------------------------------------

OLDER = (date(2026, 1, 20), date(2026, 2, 25))  # both edges fall on an article's day
NEWER = (date(2026, 2, 25), date(2026, 3, 13))  # the day after the newest: as plan_shards ends
ARTICLES = KazinformSite().articles
DAY_OF = {  # every address an article page may be asked by (current, listed, old) -> its day
    url: a.published_at.date()
    for a in ARTICLES
    for url in (a.url, a.listed_url, *a.old_urls)
    if url is not None
}


def dated_in(window: tuple[date, date]) -> set[str]:
    return {a.id for a in ARTICLES if window[0] <= a.published_at.date() < window[1]}


@pytest.fixture(scope="module")
def windows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Crawl]]:
    landing = tmp_path_factory.mktemp("windows")
    with SnapshotServer([SOURCE]) as server:

        def window(run_id: str, since: date, until: date) -> Crawl:
            bounds = ("-a", f"since={since.isoformat()}", "-a", f"until={until.isoformat()}")
            return run_crawl(server, landing, run_id, *bounds)

        yield {
            "older": window("older", *OLDER),
            "newer": window("newer", *NEWER),
            "backfill": run_crawl(server, landing, "backfill", "-a", f"since={OLDER[0]}"),
        }


@pytest.mark.parametrize(("name", "window"), [("older", OLDER), ("newer", NEWER)])
def test_a_window_yields_its_articles_and_asks_no_article_outside(
    windows: dict[str, Crawl], name: str, window: tuple[date, date]
) -> None:
    crawl = windows[name]
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert ids(crawl) and sorted(ids(crawl)) == sorted(dated_in(window))
    asked = [p["url"] for p in crawl.pages if p["kind"] == "article"]
    assert asked and all(window[0] <= DAY_OF[url] < window[1] for url in asked)


def test_adjacent_windows_add_up_to_one_backfill(windows: dict[str, Crawl]) -> None:
    both = [i for name in ("older", "newer") for i in ids(windows[name])]
    assert max(Counter(both).values()) == 1  # no overlap
    assert set(both) == set(ids(windows["backfill"]))  # no gap
