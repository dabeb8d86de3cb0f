"""The Astana Times spider end to end: `scrapy crawl astanatimes.com` in a subprocess.

A subprocess because Twisted's reactor cannot be restarted in one test process. One snapshot
server serves every crawl; each crawl is judged by its published batch (manifest, items,
pages) and by what the snapshot was asked. The crawls:
- first: the feed and its ten posts;
- second, told what the first one holds (highest post id, the feed's validators): one
  conditional request for the feed (a 304) besides robots.txt, nothing else;
- the feed moved on by a few posts: only those are fetched;
- a post drafted long ago (low id) published after the last crawl: fetched all the same;
- the feed turned over completely (a gap): the spider reads /feed/?paged=2 until a held post;
- a backfill (`since`): older feed pages until a post before that date.
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

import pytest

from scrapers.items import PressRelease
from scrapers.parsing.astanatimes import FEED_URL
from scrapers.snapshot.server import SnapshotServer
from scrapers.snapshot.sites.astanatimes import AstanaTimesSite

pytestmark = pytest.mark.slow

SOURCE = "astanatimes.com"
ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is
CRAWL_TIMEOUT = 180
SITE = AstanaTimesSite()
POSTS = SITE.posts  # newest publication first
FEED = POSTS[:10]
BY_URL = {p.url: p for p in POSTS}


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


def validators_file(crawl: Crawl, path: Path) -> Path:
    """{url: {"etag", "last_modified"}} from a batch's feed pages, as the flow would build it."""
    out: dict[str, dict[str, str]] = {}
    for page in crawl.pages:
        if page["kind"] != "feed" or page["status"] != 200:
            continue
        headers = {k.lower(): v for k, v in page["headers"].items()}
        out[page["url"]] = {
            "etag": headers.get("etag", ""),
            "last_modified": headers.get("last-modified", ""),
        }
    path.write_text(json.dumps(out), encoding="utf-8")
    return path


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


def paths(crawl: Crawl) -> list[str]:
    return [target for _source, target, _status in crawl.server_log]


def item_urls(crawl: Crawl) -> set[str]:
    return {item["url"] for item in crawl.items}


def test_first_crawl_publishes_the_feeds_posts_once(first: Crawl) -> None:
    assert first.manifest["verdict"] == "ok", first.manifest["verdict_reason"]
    assert first.manifest["error_count"] == 0
    urls = [item["url"] for item in first.items]
    assert Counter(urls).most_common(1)[0][1] == 1  # every post once
    assert set(urls) == {p.url for p in FEED}
    # robots.txt, the feed, ten posts; no older feed page on a first run
    assert first.manifest["requests"] == 12
    assert sorted(paths(first)) == sorted(["/robots.txt", "/feed/", *(p.path for p in FEED)])
    assert max(Counter(paths(first)).values()) == 1  # no URL asked twice


def test_first_crawl_items_carry_the_right_fields(first: Crawl) -> None:
    for record in first.items:
        item = PressRelease.from_record(record)
        post = BY_URL[item.url]
        assert item.source == SOURCE and item.lang == "en"
        assert item.source_item_id == str(post.id)
        assert item.published_at == post.published
        assert item.relevant is post.mfa
        assert item.dateline_place is not None
        assert record["article_id"] == item.article_id
    assert sum(1 for r in first.items if not r["relevant"]) == 2


def test_first_crawl_keeps_the_raw_pages(first: Crawl) -> None:
    kinds = Counter(page["kind"] for page in first.pages)
    assert kinds == {"feed": 1, "article": 10}
    assert all(page["url"].startswith("https://astanatimes.com/") for page in first.pages)


def test_second_crawl_is_one_conditional_feed_request(
    server: SnapshotServer, landing: Path, first: Crawl, tmp_path: Path
) -> None:
    known = max(int(r["source_item_id"]) for r in first.items)
    validators = validators_file(first, tmp_path / "validators.json")
    second = run_crawl(
        server, landing, "run-2", "-a", f"known_max_id={known}", "-a", f"validators={validators}"
    )
    assert second.manifest["verdict"] == "ok"
    assert second.items == []
    assert second.manifest["requests"] <= 2  # robots.txt + the feed (304)
    assert second.server_log == [
        ("astanatimes.com", "/robots.txt", 200),
        ("astanatimes.com", "/feed/", 304),
    ]
    assert second.manifest["stats"]["astanatimes/feed_not_modified"] == 1


def test_a_feed_that_moved_on_gets_only_its_new_posts(
    server: SnapshotServer, landing: Path
) -> None:
    known = 172290  # as if the last crawl ended at the grain-exports post
    crawl = run_crawl(server, landing, "run-3", "-a", f"known_max_id={known}")
    expected = {p.url for p in FEED if p.id > known}
    assert item_urls(crawl) == expected and len(expected) == 4
    assert crawl.manifest["requests"] == 2 + len(expected)
    assert crawl.manifest["stats"]["astanatimes/skipped_known"] == 6


def test_a_late_published_draft_is_fetched_despite_its_low_id(
    server: SnapshotServer, landing: Path, tmp_path: Path
) -> None:
    late = next(p for p in FEED if any(q.id > p.id and q.published < p.published for q in FEED))
    # The last crawl saw the feed as it was at 10:00 Astana time, holding ids up to 172262.
    validators = tmp_path / "validators.json"
    seen = {"etag": '"an-older-feed"', "last_modified": "Tue, 03 Mar 2026 05:00:00 GMT"}
    validators.write_text(json.dumps({FEED_URL: seen}), encoding="utf-8")
    crawl = run_crawl(
        server, landing, "run-4", "-a", "known_max_id=172262", "-a", f"validators={validators}"
    )
    assert late.url in item_urls(crawl)
    assert item_urls(crawl) == {p.url for p in FEED if p.id > 172262} | {late.url}


def test_a_feed_that_turned_over_is_read_back_to_a_held_post(
    server: SnapshotServer, landing: Path
) -> None:
    held = POSTS[10]  # the newest post of feed page 2
    crawl = run_crawl(server, landing, "run-5", "-a", f"known_max_id={held.id}")
    assert item_urls(crawl) == {p.url for p in FEED}
    assert "/feed/?paged=2" in paths(crawl)
    assert "/feed/?paged=3" not in paths(crawl)
    assert crawl.manifest["requests"] == 3 + len(FEED)
    assert crawl.manifest["verdict"] == "ok"


def test_backfill_reads_older_feed_pages_until_since(server: SnapshotServer, landing: Path) -> None:
    crawl = run_crawl(server, landing, "run-6", "-a", "since=2026-03-02")
    expected = {p.url for p in POSTS if p.published.date().isoformat() >= "2026-03-02"}
    assert item_urls(crawl) == expected
    assert len(expected) > len(FEED)  # some came from /feed/?paged=2
    assert "/feed/?paged=2" in paths(crawl)
    assert crawl.manifest["requests"] == 3 + len(expected)


# --- backfill windows [since, until) ---------------------------------------------------------

OLDER = ("2026-03-01", "2026-03-03")  # the whole first feed page is newer: read through it
NEWER = ("2026-03-03", "2026-03-04")  # the day after the newest post: as plan_shards ends


def dated_in(window: tuple[str, str]) -> set[str]:
    since, until = window
    return {p.url for p in POSTS if since <= p.published.date().isoformat() < until}


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
def test_a_window_yields_its_posts_and_asks_no_post_outside(
    windows: dict[str, Crawl], name: str, window: tuple[str, str]
) -> None:
    crawl = windows[name]
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert item_urls(crawl) and item_urls(crawl) == dated_in(window)
    assert len(crawl.items) == len(dated_in(window))
    asked = {p["url"] for p in crawl.pages if p["kind"] == "article"}
    assert asked == dated_in(window)


def test_a_window_in_the_past_reads_through_the_newer_feed_page(
    windows: dict[str, Crawl],
) -> None:
    older = windows["older"]
    assert all(p.published.date().isoformat() >= OLDER[1] for p in FEED)
    assert "/feed/?paged=2" in paths(older)
    assert older.manifest["stats"]["window/after_until"] == len(FEED)


def test_adjacent_windows_add_up_to_one_backfill(windows: dict[str, Crawl]) -> None:
    both = [item["url"] for name in ("older", "newer") for item in windows[name].items]
    assert max(Counter(both).values()) == 1  # no overlap
    assert set(both) == item_urls(windows["backfill"])  # no gap
