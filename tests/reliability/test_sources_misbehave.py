"""Sources misbehave (RELIABILITY.md 9, 11, 12, 14, 16): each failure ends as the design says.

One crawl of the real kt.kz spider against a hostile copy of the site (scenarios.py,
"misbehave"): the Russian feed answers 503 twice before its 200; articles come truncated,
dropped, in broken chunks, hanging after their headers or never answering; one is an empty 200,
one a PNG; four are in windows-1251, declared in the header, in the page only, wrongly as UTF-8,
and with Kazakh letters as character references; robots.txt forbids /eng/; a feed sets a
session cookie. The permanent 500 and the 429 with Retry-After are covered elsewhere
(tests/flows/test_pipeline.py, tests/scrapers/test_retry_after.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse

from scrapers.items import PressRelease
from scrapers.parsing import ktkz
from scrapers.settings import RETRY_TIMES
from tests.reliability import scenarios as sc
from tests.reliability.conftest import Crawled

pytestmark = pytest.mark.slow
REPLACEMENT = "\ufffd"


@pytest.fixture(scope="module")
def crawled(hostile_crawls: dict[str, Crawled]) -> Crawled:
    return hostile_crawls["misbehave"]


def _item(crawled: Crawled, article_id: int) -> dict[str, object] | None:
    found = [i for i in crawled.run.items if i["url"] == sc.url(article_id)]
    assert len(found) <= 1
    return found[0] if found else None


def _expected(article_id: int) -> PressRelease:
    """The item the parser makes of the page served honestly (UTF-8)."""
    page = sc.honest_page(article_id)
    response = HtmlResponse(url=sc.url(article_id), body=page, encoding="utf-8")
    return ktkz.parse_article(response, sc.url(article_id))


def test_the_crawl_finishes_and_publishes_what_it_could_read(crawled: Crawled) -> None:
    run = crawled.run
    assert run.returncode == 0 and run.manifest["finish_reason"] == "finished"
    published = run.published
    assert published, run.manifest.get("verdict_reason")
    assert run.manifest["verdict"] == "partial"  # some pages failed; the source is reported
    assert len(run.items) >= 10


def test_503_503_then_200_succeeds_with_the_two_retries_in_the_stats(crawled: Crawled) -> None:
    assert crawled.site.paths("/rus/rss") == ["/rus/rss"] * 3
    assert crawled.run.stats["retry/reason_count/503 Service Unavailable"] == 2
    assert not crawled.run.errors_for("/rus/rss")
    assert _item(crawled, 1377988821) is not None  # an article only the Russian feed links


@pytest.mark.parametrize(
    "article_id", [sc.HANGS_AFTER_HEADERS, sc.NEVER_ANSWERS], ids=["after-headers", "never"]
)
def test_a_server_that_hangs_costs_bounded_attempts_and_the_run_still_ends(
    crawled: Crawled, article_id: int
) -> None:
    assert crawled.site.paths(sc.path(article_id)) == [sc.path(article_id)] * (RETRY_TIMES + 1)
    (error,) = crawled.run.errors_for(sc.path(article_id))
    assert error["message"].startswith("DownloadTimeoutError")
    assert _item(crawled, article_id) is None
    # Three attempts of MISBEHAVE_TIMEOUT each, in parallel with the rest, plus start-up.
    assert crawled.run.seconds < 60


@pytest.mark.parametrize(
    "article_id",
    [sc.PARTIAL, sc.DROPPED, sc.BROKEN_CHUNKED],
    ids=["partial-body", "dropped", "broken-chunked"],
)
def test_a_truncated_page_gives_no_item_and_a_recorded_error(
    crawled: Crawled, article_id: int
) -> None:
    assert _item(crawled, article_id) is None
    (error,) = crawled.run.errors_for(sc.path(article_id))
    assert error["stage"] == "fetch"
    assert error["message"].split(":")[0] in ("ResponseDataLossError", "DownloadFailedError")
    assert not [p for p in crawled.run.pages if p["url"] == sc.url(article_id)]


@pytest.mark.parametrize(
    "article_id",
    [sc.CP1251_HEADER, sc.CP1251_META_ONLY, sc.CP1251_KAZAKH],
    ids=["charset-in-header", "charset-in-page-only", "kazakh-as-references"],
)
def test_windows_1251_pages_are_decoded_exactly(crawled: Crawled, article_id: int) -> None:
    item = _item(crawled, article_id)
    expected = _expected(article_id)
    assert item is not None
    assert (item["title"], item["body_text"]) == (expected.title, expected.body_text)


def test_kazakh_letters_survive_a_windows_1251_page(crawled: Crawled) -> None:
    item = _item(crawled, sc.CP1251_KAZAKH)
    assert item is not None and any(ch in str(item["body_text"]) for ch in "әғқңөұүһі")


def test_a_page_in_another_charset_than_declared_is_never_stored_garbled(
    crawled: Crawled,
) -> None:
    for item in crawled.run.items:
        assert REPLACEMENT not in str(item["title"]), item["url"]
        assert str(item["body_text"]).count(REPLACEMENT) == 0, item["url"]
    assert _item(crawled, sc.CP1251_SAID_UTF8) is None
    assert crawled.run.errors_for(sc.path(sc.CP1251_SAID_UTF8)), "rejected, with its URL"


@pytest.mark.parametrize("article_id", [sc.EMPTY_200, sc.BINARY], ids=["empty-200", "png"])
def test_an_empty_or_binary_200_is_rejected_with_its_url_not_taken_for_a_new_layout(
    crawled: Crawled, article_id: int
) -> None:
    assert _item(crawled, article_id) is None
    (error,) = crawled.run.errors_for(sc.path(article_id))
    assert error["kind"] != "layout", error["message"]  # a layout change fails the whole source


def test_robots_txt_forbidding_the_news_path_means_zero_requests_to_it(crawled: Crawled) -> None:
    asked = crawled.site.paths(sc.ROBOTS_FORBIDDEN)
    assert asked == [], f"{len(asked)} request(s) under {sc.ROBOTS_FORBIDDEN}: {asked[:5]}"
    assert crawled.run.stats.get("robotstxt/forbidden", 0) >= 1


def test_what_robots_txt_forbids_is_listed_apart_not_counted_as_a_failure(
    crawled: Crawled,
) -> None:
    """A path a site closes to crawlers would otherwise fail the source on every run."""
    forbidden = crawled.run.manifest["robots_forbidden_urls"]
    assert forbidden and all(sc.ROBOTS_FORBIDDEN in urlsplit(u).path for u in forbidden)
    assert crawled.run.manifest["robots_forbidden"] == len(forbidden)
    assert not [e for e in crawled.run.errors if "robots" in e["message"].lower()]


def test_cookies_never_reach_the_batch_or_the_log(crawled: Crawled) -> None:
    assert any(sc.COOKIE_SECRET in hit.cookie for hit in crawled.site.hits)  # it was in play
    assert crawled.run.batch is not None
    for file in crawled.run.batch.iterdir():
        assert sc.COOKIE_SECRET not in file.read_text(encoding="utf-8"), file.name
    assert sc.COOKIE_SECRET not in crawled.run.output


def test_nothing_listens_during_a_crawl(crawled: Crawled) -> None:
    """Telnet console and remote control are off (settings test: test_settings.py)."""
    lowered = crawled.run.output.lower()
    assert "telnet console listening" not in lowered
    assert "remote control" not in lowered or "listening" not in lowered
