"""The kt.kz spider end to end: `scrapy crawl kt.kz` in a subprocess against the snapshot.

A subprocess because Twisted's reactor cannot be restarted in one test process. Two crawls
share one snapshot server: a first full crawl, then an incremental one told the highest id it
already holds, which must fetch no article page at all. Told when each feed last answered, a
scheduled crawl asks the Russian feed and one other (scrapers.editions).
"""

from __future__ import annotations

import base64
import json
import re
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
from scrapers.snapshot.site import Reply, Request
from scrapers.snapshot.sites.ktkz import BASE, KtKzSite

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is
SEED_ID = "1377987726"
CRAWL_TIMEOUT = 180
SINCE = date(2026, 3, 1)
FEED_PATHS = ("/rus/rss", "/eng/rss", "/kaz/rss/")


@dataclass
class Crawl:
    batch: Path
    manifest: dict[str, Any]
    items: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    server_log: list[tuple[str, str, int]]  # what the snapshot was asked, in this crawl
    output: str


def run_crawl(server: SnapshotServer, landing: Path, run_id: str, *extra: str) -> Crawl:
    before = len(server.log)
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "kt.kz",
        "-a", f"snapshot={server.snapshot_arg('kt.kz')}",
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
    batch = landing / "kt.kz" / run_id
    assert batch.is_dir(), f"no published batch; landing has {list(landing.rglob('*'))}"

    def lines(name: str) -> list[dict[str, Any]]:
        text = (batch / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line]

    return Crawl(
        batch=batch,
        manifest=json.loads((batch / "manifest.json").read_text(encoding="utf-8")),
        items=lines("items.jsonl"),
        pages=lines("pages.jsonl"),
        server_log=list(server.log[before:]),
        output=output,
    )


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawl, Crawl, Crawl]]:
    landing = tmp_path_factory.mktemp("landing")
    site = KtKzSite()
    max_id = max(a.id for a in site.articles)
    with SnapshotServer(["kt.kz"]) as server:
        first = run_crawl(server, landing, "first")
        second = run_crawl(server, landing, "second", "-a", f"known_max_id={max_id}")
        backfill = run_crawl(server, landing, "since", "-a", f"since={SINCE.isoformat()}")
    yield first, second, backfill


def article_ids(crawl: Crawl) -> list[str]:
    return [str(item["source_item_id"]) for item in crawl.items]


def test_first_crawl_publishes_an_ok_batch(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    first, _, _ = crawls
    manifest = first.manifest
    assert manifest["source"] == "kt.kz"
    assert manifest["finish_reason"] == "finished"
    assert manifest["verdict"] == "ok", manifest["verdict_reason"]
    assert manifest["error_count"] == 0
    assert manifest["items"] == len(first.items)
    assert manifest["pages"] == len(first.pages)


def test_every_snapshot_article_once(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    first, _, _ = crawls
    site = KtKzSite()
    counts = Counter(article_ids(first))
    mfa_ids = {str(a.id) for a in site.articles if a.mfa}
    for item_id in mfa_ids:
        assert counts[item_id] == 1, item_id
    assert set(counts) == {str(a.id) for a in site.articles}  # the non-MFA ones too (kept,
    assert max(counts.values()) == 1  # flagged irrelevant; the flow filters them)
    by_id = {str(a.id): a for a in site.articles}
    for item in first.items:
        assert item["url"] == by_id[str(item["source_item_id"])].url
        assert item["relevant"] is by_id[str(item["source_item_id"])].mfa


def test_items_are_valid_press_releases(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    first, _, _ = crawls
    for record in first.items:
        release = PressRelease.from_record(record)
        assert record["article_id"] == release.article_id
        assert record["content_hash"] == release.content_hash
        assert release.url.startswith("https://www.kt.kz/")  # real URLs, not the loopback


def test_seed_article_fields(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    first, _, _ = crawls
    (seed,) = [i for i in first.items if i["source_item_id"] == SEED_ID]
    assert seed["url"] == (
        "https://www.kt.kz/rus/politics/"
        "posly_kazahstana_proveli_ryad_vstrech_dlya_razvitiya_1377987726.html"
    )
    assert seed["canonical_url"] == seed["url"]
    assert seed["lang"] == "ru"
    assert seed["title"] == (
        "Послы Казахстана провели ряд встреч для развития международного сотрудничества"
    )
    assert seed["published_at"] == "2026-02-11T09:47:00+05:00"
    assert seed["dateline_place"] == "Астана"
    assert seed["dateline_date"] == date(2026, 2, 10).isoformat()
    assert seed["caption"] == "Фото: МИД РК"
    assert seed["views"] == 4127
    assert seed["updated"] is False
    assert seed["relevant"] is True
    body = seed["body_text"]
    assert body.startswith("Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские дипломаты")
    assert "Альбертом Рамдином" in body and "В Джидде" in body
    assert "Фото: МИД РК" not in body and "Поделиться" not in body


def test_pages_hold_the_raw_responses(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    first, _, _ = crawls
    kinds = Counter(p["kind"] for p in first.pages)
    assert kinds["article"] == len(first.items)
    assert kinds["feed"] == 3
    assert kinds["listing"] >= 5  # four rubrics and at least one page back
    assert "https://www.kt.kz/rus/politics?page=2" in {p["url"] for p in first.pages}
    article_urls = [p["url"] for p in first.pages if p["kind"] == "article"]
    assert len(article_urls) == len(set(article_urls))  # no article fetched twice
    (seed_page,) = [p for p in first.pages if p["url"].endswith(f"_{SEED_ID}.html")]
    assert seed_page["status"] == 200
    assert seed_page["fetch_url"].startswith("http://127.0.0.1:")
    html = base64.b64decode(seed_page["body_b64"]).decode("utf-8")
    assert '<header class="page-heading"><h1>Послы Казахстана' in html
    assert "set-cookie" not in {k.lower() for k in seed_page["headers"]}


def test_snapshot_saw_each_article_requested_once(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    first, _, _ = crawls
    article_paths = [path for _, path, _ in first.server_log if path.endswith(".html")]
    assert len(article_paths) == len(first.items)
    assert len(article_paths) == len(set(article_paths))
    assert all(status == 200 for _, _, status in first.server_log)
    assert first.manifest["requests"] == len(first.server_log)


def test_incremental_crawl_fetches_no_article(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    _, second, _ = crawls
    assert second.manifest["finish_reason"] == "finished"
    assert second.manifest["error_count"] == 0
    assert second.items == []
    assert [p for p in second.pages if p["kind"] == "article"] == []
    assert not [path for _, path, _ in second.server_log if path.endswith(".html")]
    assert not [path for _, path, _ in second.server_log if "page=" in path]  # no paging back
    assert Counter(p["kind"] for p in second.pages) == {"feed": 3}  # the listings are not asked


def validators_of(crawl: Crawl, drop_etag: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """What the flow hands a scheduled run: each feed's ETag and when it last answered."""
    out = {}
    for page in crawl.pages:
        if page["kind"] in ("feed", "listing") and page["status"] in (200, 304):
            known = {"checked_at": page["fetched_at"]}
            if "etag" in page["headers"] and not page["url"].endswith(drop_etag):
                known["etag"] = page["headers"]["etag"]
            out[page["url"]] = known
    return out


def feeds_asked(crawl: Crawl) -> list[str]:
    return sorted(path for _, path, _ in crawl.server_log if path.endswith(FEED_PATHS))


def test_unchanged_site_costs_two_conditional_requests(
    crawls: tuple[Crawl, Crawl, Crawl], tmp_path: Path
) -> None:
    first, _, _ = crawls
    path = tmp_path / "validators.json"
    path.write_text(json.dumps(validators_of(first)), encoding="utf-8")
    site = KtKzSite()
    cache = tmp_path / "robots"
    with SnapshotServer(["kt.kz"]) as server:
        args = (
            "-a",
            f"known_max_id={max(a.id for a in site.articles)}",
            "-a",
            f"validators={path}",
        )
        args += ("-s", f"MFA_ROBOTS_CACHE_DIR={cache}")
        warm = run_crawl(server, tmp_path / "landing", "warm", *args)  # fetches robots.txt once
        again = run_crawl(server, tmp_path / "landing", "again", *args)
    assert [status for _, _, status in warm.server_log].count(304) == 2
    assert again.manifest["requests"] == 2  # robots.txt from the day-long cache
    assert sorted(status for _, _, status in again.server_log) == [304, 304]
    # the Russian feed (primary) and the secondary checked least recently by the first crawl
    stalest = min(("/eng/rss", "/kaz/rss/"), key=lambda p: checked_at(first, p))
    assert feeds_asked(again) == sorted(["/rus/rss", stalest])
    assert again.items == [] and again.manifest["verdict"] == "ok"


def checked_at(crawl: Crawl, path: str) -> str:
    (fetched,) = [p["fetched_at"] for p in crawl.pages if p["url"] == BASE + path]
    return str(fetched)


def test_a_primary_that_cannot_be_read_polls_every_edition(
    crawls: tuple[Crawl, Crawl, Crawl], tmp_path: Path
) -> None:
    """The Russian feed answers 404: the Kazakh feed, checked most recently, is still asked."""
    first, _, _ = crawls
    validators = validators_of(first, drop_etag=("/kaz/rss/",))  # it changed since
    validators[BASE + "/kaz/rss/"]["checked_at"] = "2999-01-01T00:00:00+00:00"  # newest check
    path = tmp_path / "validators.json"
    path.write_text(json.dumps(validators), encoding="utf-8")
    newest_kk = max(a.id for a in KtKzSite().articles if a.lang == "kk")
    held = tmp_path / "known_ids.json"
    ids = [str(a.id) for a in KtKzSite().articles if a.id != newest_kk]
    held.write_text(json.dumps(ids), encoding="utf-8")
    script = {"/rus/rss": [Reply.not_found()]}
    with SnapshotServer(["kt.kz"], script=script) as server:
        crawl = run_crawl(
            server,
            tmp_path / "landing",
            "primary-404",
            "-a",
            f"known_max_id={max(int(i) for i in ids)}",
            "-a",
            f"known_ids={held}",
            "-a",
            f"validators={path}",
        )
    assert feeds_asked(crawl) == sorted(FEED_PATHS)
    assert article_ids(crawl) == [str(newest_kk)]
    assert crawl.manifest["verdict"] == "partial"  # the 404 is reported, the item kept
    assert [e["url"] for e in crawl.manifest["errors"]] == [BASE + "/rus/rss"]


def test_known_ids_catch_an_item_below_the_highest_id_held(tmp_path: Path) -> None:
    """Editions polled in turn: an item older than the newest held can still be new."""
    site = KtKzSite()
    missing = sorted(a.id for a in site.articles if a.lang == "en")[-2]
    held = tmp_path / "known_ids.json"
    held.write_text(json.dumps([str(a.id) for a in site.articles if a.id != missing]), "utf-8")
    top = max(a.id for a in site.articles)
    assert missing < top
    with SnapshotServer(["kt.kz"]) as server:
        crawl = run_crawl(
            server,
            tmp_path,
            "gap-below-top",
            "-a",
            f"known_max_id={top}",
            "-a",
            f"known_ids={held}",
        )
    assert article_ids(crawl) == [str(missing)]


def test_a_feed_that_turned_over_pages_its_listings(tmp_path: Path) -> None:
    site = KtKzSite()
    ids = sorted(a.id for a in site.articles)
    with SnapshotServer(["kt.kz"]) as server:
        crawl = run_crawl(server, tmp_path, "gap", "-a", f"known_max_id={ids[0]}")
    listed = [path for _, path, _ in crawl.server_log if "/politics" in path or "affair" in path]
    assert listed, "the feeds held no known item, so the listings must be read for the gap"
    assert len(crawl.items) == len(ids) - 1


def test_since_backfill_stops_at_the_date(crawls: tuple[Crawl, Crawl, Crawl]) -> None:
    _, _, backfill = crawls
    expected = {str(a.id) for a in KtKzSite().articles if a.published_at.date() >= SINCE}
    assert backfill.manifest["verdict"] == "ok", backfill.manifest["verdict_reason"]
    assert set(article_ids(backfill)) == expected
    assert len(backfill.items) == len(expected)
    assert not [path for _, path, _ in backfill.server_log if "page=" in path]


# --- backfill windows [since, until) ---------------------------------------------------------

OLDER = (date(2026, 2, 12), date(2026, 3, 3))  # both edges fall on an article's day
NEWER = (date(2026, 3, 3), date(2026, 3, 28))  # the day after the newest: as plan_shards ends
DATED = {a.url: a.published_at.date() for a in KtKzSite().articles}


def dated_in(window: tuple[date, date]) -> set[str]:
    return {url for url, day in DATED.items() if window[0] <= day < window[1]}


@pytest.fixture(scope="module")
def windows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Crawl]]:
    landing = tmp_path_factory.mktemp("windows")
    with SnapshotServer(["kt.kz"]) as server:

        def window(run_id: str, since: date, until: date) -> Crawl:
            bounds = ("-a", f"since={since.isoformat()}", "-a", f"until={until.isoformat()}")
            return run_crawl(server, landing, run_id, *bounds)

        yield {
            "older": window("older", *OLDER),
            "newer": window("newer", *NEWER),
            "backfill": run_crawl(server, landing, "backfill", "-a", f"since={OLDER[0]}"),
        }


def item_urls(crawl: Crawl) -> list[str]:
    return [str(item["url"]) for item in crawl.items]


@pytest.mark.parametrize(("name", "window"), [("older", OLDER), ("newer", NEWER)])
def test_a_window_yields_its_articles_and_asks_no_article_outside(
    windows: dict[str, Crawl], name: str, window: tuple[date, date]
) -> None:
    crawl = windows[name]
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert item_urls(crawl) and sorted(item_urls(crawl)) == sorted(dated_in(window))
    asked = {p["url"] for p in crawl.pages if p["kind"] == "article"}
    assert asked == dated_in(window)


def test_adjacent_windows_add_up_to_one_backfill(windows: dict[str, Crawl]) -> None:
    both = [url for name in ("older", "newer") for url in item_urls(windows[name])]
    assert max(Counter(both).values()) == 1  # no overlap
    assert set(both) == set(item_urls(windows["backfill"]))  # no gap


UNDATED_RE = re.compile(r'<div class="news__date">[^<]*</div>|<pubDate>[^<]*</pubDate>')


class Undated(KtKzSite):
    """kt.kz whose listing cards and feed items carry no date: only article pages date."""

    def respond(self, request: Request) -> Reply:
        reply = super().respond(request)
        if reply.status != 200 or request.path == "/robots.txt":
            return reply
        body = UNDATED_RE.sub("", reply.body.decode("utf-8")).encode("utf-8")
        return Reply(reply.status, body, reply.headers)


def test_an_article_its_listing_does_not_date_is_judged_by_its_page(tmp_path: Path) -> None:
    server = SnapshotServer(["kt.kz"])
    server.sites = [Undated()]
    since, until = OLDER
    with server:
        bounds = ("-a", f"since={since.isoformat()}", "-a", f"until={until.isoformat()}")
        crawl = run_crawl(server, tmp_path, "undated", *bounds)
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert sorted(item_urls(crawl)) == sorted(dated_in(OLDER))
    asked = {p["url"] for p in crawl.pages if p["kind"] == "article"}
    outside = asked - dated_in(OLDER)
    assert outside  # the listing could not tell them apart, so their pages were read
    assert crawl.manifest["stats"]["window/outside_by_article_date"] == len(outside)
