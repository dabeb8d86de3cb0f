"""The gov.kz spider end to end: `scrapy crawl gov.kz` in a subprocess against the snapshot.

A subprocess because Twisted's reactor cannot be restarted in one test process. Three snapshot
servers: the site as it is (ticket, then the prefix listing), one whose ticket is refused (the
RSS path) and one that does not understand `projects=contains:` (project by project). Each gets
a full crawl, then an incremental one with the highest id held and the validators of the first
batch, whose request count is the promise: robots.txt + ticket + one listing on the API path.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from flows.transform.dates import ASTANA_TZ
from scrapers.items import PressRelease
from scrapers.snapshot.server import SnapshotServer
from scrapers.snapshot.sites.govkz import GovKzSite, load_releases

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is
CRAWL_TIMEOUT = 180
PAGE_SIZE = "5"  # small pages, so the first crawl pages through every listing
RELEASES = load_releases()
ALL_VERSIONS = {(r.id, lang) for r in RELEASES for lang in r.versions}
MAX_ID = max(r.id for r in RELEASES)
TICKET = "/api/v1/public/_/c/k6"
PREFIX_RU = (  # the gate listing: every mfa* project, Russian, page 1
    "/api/v1/public/content-manager/news?sort-by=created_date:DESC"
    "&projects=contains:mfa&page=1&size=5&lang=ru"
)


@dataclass
class Crawl:
    batch: Path
    manifest: dict[str, Any]
    items: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    server_log: list[tuple[str, str, int]]  # what the snapshot was asked, in this crawl


def run_crawl(server: SnapshotServer, landing: Path, run_id: str, *extra: str) -> Crawl:
    before = len(server.log)
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "gov.kz",
        "-a", f"snapshot={server.snapshot_arg('gov.kz')}",
        "-a", f"page_size={PAGE_SIZE}",
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
    batch = landing / "gov.kz" / run_id
    assert batch.is_dir(), done.stderr[-3000:]
    manifest = json.loads((batch / "manifest.json").read_text(encoding="utf-8"))
    items = _jsonl(batch / "items.jsonl")
    pages = _jsonl(batch / "pages.jsonl")
    return Crawl(batch, manifest, items, pages, server.log[before:])


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def validators_of(crawl: Crawl, path: Path) -> Path:
    """The {url: {"etag", "last_modified"}} file a flow builds from a batch's pages."""
    out = {}
    for page in crawl.pages:
        headers = {k.lower(): v for k, v in page["headers"].items()}
        if headers.get("etag"):
            out[page["url"]] = {"etag": headers["etag"], "last_modified": ""}
    path.write_text(json.dumps(out), encoding="utf-8")
    return path


@dataclass
class Scenario:
    first: Crawl
    second: Crawl


def _scenario(site: GovKzSite, landing: Path) -> Iterator[Scenario]:
    server = SnapshotServer(["gov.kz"])
    server.sites = [site]  # the same source id, served by a site with a switch set
    with server:
        first = run_crawl(server, landing, "full")
        validators = validators_of(first, landing / "validators.json")
        second = run_crawl(
            server,
            landing,
            "again",
            "-a",
            f"known_max_id={MAX_ID}",
            "-a",
            f"validators={validators}",
        )
        yield Scenario(first, second)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    yield from _scenario(GovKzSite(), tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def rss(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    yield from _scenario(GovKzSite(ticket=False), tmp_path_factory.mktemp("rss"))


@pytest.fixture(scope="module")
def per_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    yield from _scenario(GovKzSite(contains=False), tmp_path_factory.mktemp("projects"))


def _versions(crawl: Crawl) -> set[tuple[int, str]]:
    return {(int(i["source_item_id"]), i["lang"]) for i in crawl.items}


def _paths(crawl: Crawl) -> list[str]:
    """What the crawl asked of the source itself (robots.txt may come from a day-long cache)."""
    return [target for _source, target, _status in crawl.server_log if target != "/robots.txt"]


def _asked(crawl: Crawl) -> list[tuple[str, int]]:
    return [(t, s) for _source, t, s in crawl.server_log if t != "/robots.txt"]


def _requests(crawl: Crawl) -> int:
    """Requests the crawl made (the manifest's count, checked against the server's log)."""
    assert crawl.manifest["requests"] == len(crawl.server_log)
    return int(crawl.manifest["requests"])


# --------------------------------------------------------------------------------------------
# The API path
# --------------------------------------------------------------------------------------------


def test_first_crawl_publishes_every_version_once(api: Scenario) -> None:
    crawl = api.first
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert crawl.manifest["error_count"] == 0
    assert _versions(crawl) == ALL_VERSIONS
    assert len(crawl.items) == len(ALL_VERSIONS) == 49
    ids = [i["article_id"] for i in crawl.items]
    assert len(ids) == len(set(ids))
    for record in crawl.items:
        assert PressRelease.from_record(record).to_record() == record


def test_first_crawl_fields(api: Scenario) -> None:
    by_key = {(i["source_item_id"], i["lang"]): i for i in api.first.items}
    oman = by_key[("1174062", "kk")]
    assert oman["url"] == (
        "https://www.gov.kz/memleket/entities/mfa/press/news/details/1174062?lang=kk"
    )
    assert oman["canonical_url"] == oman["url"]
    assert oman["translation_group"] == "gov.kz:1174062"
    assert oman["title"] == "Қазақстан-Оман саяси консультациялары өтті"
    assert datetime.fromisoformat(oman["published_at"]) == datetime.fromisoformat(
        "2026-03-02T12:30:00+00:00"
    )
    assert oman["relevant"] is True and oman["flags"] == []
    washington = by_key[("1178650", "en")]
    assert washington["url"].startswith("https://www.gov.kz/memleket/entities/mfa-washington/")
    assert ("1178650", "kk") not in by_key
    assert by_key[("397512", "ru")]["flags"] == ["no_publication_time"]
    groups = {i["translation_group"] for i in api.first.items}
    assert len(groups) == len(RELEASES)


def test_first_crawl_requests(api: Scenario) -> None:
    paths = _paths(api.first)
    assert paths[:2] == [TICKET, PREFIX_RU]
    assert len(paths) == len(set(paths))  # no URL twice
    # the ticket, then ru 17 items: pages 1-4 plus the empty page 5; kk 15: 1-3 + 4; en 17: 1-5
    assert len(paths) == 1 + 5 + 4 + 5
    assert _requests(api.first) <= len(paths) + 1  # + robots.txt
    assert all(status == 200 for _, status in _asked(api.first))


def test_batch_keeps_no_cookie(api: Scenario) -> None:
    ticket_page = next(p for p in api.first.pages if p["kind"] == "ticket")
    assert ticket_page["status"] == 200
    assert not {k.lower() for k in ticket_page["headers"]} & {"set-cookie", "cookie"}
    manifest_text = (api.first.batch / "manifest.json").read_text(encoding="utf-8")
    assert "ticket=" not in manifest_text


def test_second_crawl_is_robots_ticket_and_one_conditional_listing(api: Scenario) -> None:
    crawl = api.second
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert crawl.items == []
    assert _requests(crawl) <= 3  # robots.txt (unless cached), the ticket, one listing
    assert _asked(crawl) == [(TICKET, 200), (PREFIX_RU, 304)]


def test_incremental_crawl_takes_only_new_versions(tmp_path: Path) -> None:
    cut = 1175418  # held: everything up to the Riyadh meeting of 5 March
    server = SnapshotServer(["gov.kz"])
    with server:
        crawl = run_crawl(server, tmp_path, "newer", "-a", f"known_max_id={cut}")
    assert crawl.manifest["verdict"] == "ok"
    assert _versions(crawl) == {v for v in ALL_VERSIONS if v[0] > cut}
    assert len(crawl.items) == 8
    # the ticket, then page 1 of ru, kk, en: each page holds a known id, so no page 2
    assert len(_paths(crawl)) == 4 and _requests(crawl) <= 5


def test_backfill_since_a_date(tmp_path: Path) -> None:
    server = SnapshotServer(["gov.kz"])
    with server:
        crawl = run_crawl(server, tmp_path, "since", "-a", "since=2026-03-01")
    assert crawl.manifest["verdict"] == "ok"
    assert {int(i["source_item_id"]) for i in crawl.items} == {
        1174062, 1175418, 1178650, 1180127, 1181492,
    }  # fmt: skip
    assert len(crawl.items) == 14


# --------------------------------------------------------------------------------------------
# The fallbacks
# --------------------------------------------------------------------------------------------


def test_refused_ticket_falls_back_to_rss_with_the_same_items(api: Scenario, rss: Scenario) -> None:
    crawl = rss.first
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    statuses = dict(_asked(crawl))
    assert statuses[TICKET] == 403
    assert statuses[PREFIX_RU] == 400
    feeds = [t for t in statuses if t.startswith("/api/v1/public/rss/")]
    assert len(feeds) == 17  # 6 projects: 5 in ru/kk/en, mfa-washington in ru/en
    assert crawl.manifest["stats"]["govkz/fallback/rss"] == 1
    hashes = {(i["article_id"], i["content_hash"], i["published_at"]) for i in crawl.items}
    assert hashes == {
        (i["article_id"], i["content_hash"], i["published_at"]) for i in api.first.items
    }


def test_rss_second_crawl_asks_each_gate_feed_once(rss: Scenario) -> None:
    crawl = rss.second
    assert crawl.manifest["verdict"] == "ok"
    assert crawl.items == []
    feeds = [(t, s) for t, s in _asked(crawl) if t.startswith("/api/v1/public/rss/")]
    assert len(feeds) == 6 and all(t.endswith("/ru") and s == 304 for t, s in feeds)
    assert len(_paths(crawl)) == 2 + 6 and _requests(crawl) <= 3 + 6  # ticket, listing (400)


def test_prefix_filter_refused_falls_back_to_project_listings(
    api: Scenario, per_project: Scenario
) -> None:
    crawl = per_project.first
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert crawl.manifest["stats"]["govkz/fallback/projects"] == 1
    assert {i["article_id"] for i in crawl.items} == {i["article_id"] for i in api.first.items}
    assert len(crawl.items) == 49
    second = per_project.second
    assert second.items == []
    assert len(_paths(second)) == 2 + 6  # ticket, prefix listing (500), 6 gate listings (304)
    assert _requests(second) <= 3 + 6


# --------------------------------------------------------------------------------------------
# Backfill windows [since, until)
# --------------------------------------------------------------------------------------------

OLDER = ("2026-02-09", "2026-03-02")  # both edges fall on a release's Astana day
NEWER = ("2026-03-02", "2026-03-21")  # the day after the newest release: as plan_shards ends


def _dated_in(window: tuple[str, str]) -> set[tuple[int, str]]:
    since, until = window
    return {
        (r.id, lang)
        for r in RELEASES
        if since <= r.created.astimezone(ASTANA_TZ).date().isoformat() < until
        for lang in r.versions
    }


@pytest.fixture(scope="module")
def windows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Crawl]]:
    landing = tmp_path_factory.mktemp("windows")
    with SnapshotServer(["gov.kz"]) as server:

        def window(run_id: str, since: str, until: str) -> Crawl:
            return run_crawl(
                server, landing, run_id, "-a", f"since={since}", "-a", f"until={until}"
            )

        yield {
            "older": window("older", *OLDER),
            "newer": window("newer", *NEWER),
            "backfill": run_crawl(server, landing, "backfill", "-a", f"since={OLDER[0]}"),
        }


@pytest.mark.parametrize(("name", "window"), [("older", OLDER), ("newer", NEWER)])
def test_a_window_yields_exactly_its_versions(
    windows: dict[str, Crawl], name: str, window: tuple[str, str]
) -> None:
    crawl = windows[name]
    assert crawl.manifest["verdict"] == "ok", crawl.manifest["verdict_reason"]
    assert _versions(crawl) and _versions(crawl) == _dated_in(window)
    assert len(crawl.items) == len(_dated_in(window))
    for page in crawl.pages:  # a detail is asked only for a listed item inside the window
        if page["kind"] == "api_detail":
            item_id = int(page["url"].split("/news/")[1].split("?")[0])
            assert any(v[0] == item_id for v in _dated_in(window)), page["url"]


def test_a_window_in_the_past_pages_through_the_newer_listing(windows: dict[str, Crawl]) -> None:
    older = windows["older"]
    assert older.manifest["stats"]["govkz/after_until"] >= 5  # page 1 of ru was all newer
    assert any("page=2&" in path for path in _paths(older))
    assert not _versions(older) & _dated_in(NEWER)


def test_adjacent_windows_add_up_to_one_backfill(windows: dict[str, Crawl]) -> None:
    both = [
        (int(i["source_item_id"]), i["lang"]) for n in ("older", "newer") for i in windows[n].items
    ]
    assert len(both) == len(set(both))  # no overlap
    assert set(both) == _versions(windows["backfill"])  # no gap
