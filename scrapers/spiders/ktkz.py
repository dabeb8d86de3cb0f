"""kt.kz (Kazakhstan Today): the ministry's releases as this outlet republishes them.

Site: https://www.kt.kz, server-rendered, in three language versions (/rus/, /eng/, /kaz/).
What counts: every article of the rubrics that carry the MFA's releases (politics, international
affairs) and of the RSS feeds; the relevance filter downstream decides what is about the
ministry. A first run or a backfill reads the three RSS feeds (newest 20 each) and the rubric
listings, paged back until a date before `since` or the end (a window's `until`: entries dated
on or after it are not followed, an undated one is judged by its page). A scheduled run
(`known_max_id` set) asks only feeds, conditionally (a 304 costs no page): the Russian one
(the primary) and the other editions scrapers.editions picks (one in turn, all when the Russian
feed has something new), and pages a language's listings only when its feed holds no item
already known: then the feed turned over since the last run and the gap is in the listings.
Each article is requested once per run, whichever page linked it. Parsing: scrapers.parsing.ktkz.

What is "held": the ids in `known_ids` (a JSON file: list of source_item_id) when given, else
every id up to `known_max_id`. Ids rise across the three editions, so while editions are polled
in turn the highest id held says nothing of an edition not polled since: an English item older
than a Kazakh one loaded last run would pass for held. The flow passes both.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.http import Request, TextResponse

from scrapers.items import PressRelease
from scrapers.parsing import ktkz as parsing
from scrapers.spiders.base import SourceSpider

BASE = "https://www.kt.kz"
# Edition -> its RSS feed and the rubrics of its language that carry MFA releases (SOURCES.md
# §2.1; the /kaz/ rubric slug is inferred). The Russian edition first: the primary.
FEEDS = {
    "ru": ("/rus/rss", ("/rus/politics",)),
    "en": ("/eng/rss", ("/eng/international_affair", "/eng/politics")),
    "kk": ("/kaz/rss/", ("/kaz/politics",)),
}


class KtKzSpider(SourceSpider):
    """RSS feeds plus rubric listings of kt.kz, articles parsed into PressRelease items."""

    name = "kt.kz"
    allowed_domains = ["kt.kz"]  # noqa: RUF012 (Scrapy reads and extends this list)
    parser_module = "scrapers.parsing.ktkz"
    editions: ClassVar[dict[str, str]] = {lang: BASE + feed for lang, (feed, _) in FEEDS.items()}

    def __init__(self, *args: Any, known_ids: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_ids: frozenset[int] | None = None
        if known_ids:
            raw = json.loads(Path(known_ids).read_text(encoding="utf-8"))
            self.known_ids = frozenset(int(i) for i in map(str, raw) if i.isdigit())
        self.requested: set[int] = set()  # article ids asked for in this run

    async def start(self) -> AsyncIterator[Request]:
        for request in self.poll_editions():
            yield request

    def edition_requests(self, edition: str) -> Iterator[Request]:
        """The edition's feed; its rubric listings too unless the run is a scheduled one."""
        yield self.edition_entry(edition, self.parse_feed, "feed", cb_kwargs={"edition": edition})
        if not self._scheduled():
            for path in FEEDS[edition][1]:
                yield self.fetch(BASE + path, self.parse_listing, "listing")

    def parse_feed(self, response: TextResponse, edition: str) -> Iterator[Request]:
        """Follow the feed's new articles; page the listings if the feed turned over."""
        if response.status == 304:
            self._count("feed_not_modified")
            return
        entries = parsing.parse_feed(response, self.public_url(response.url))
        self._count("feed_entries", len(entries))
        yield from self._follow(entries)
        if self._scheduled() and entries and not any(self._is_old(e) for e in entries):
            for path in FEEDS[edition][1]:
                yield self.fetch(BASE + path, self.parse_listing, "listing")
        if self.is_primary(edition):
            yield from self.primary_answered(new=any(not self._is_old(e) for e in entries))

    def parse_listing(self, response: TextResponse) -> Iterator[Request]:
        """Follow the page's new articles; page back while nothing old has shown up."""
        public = self.public_url(response.url)
        entries = parsing.parse_listing(response, public)
        self._count("listing_entries", len(entries))
        yield from self._follow(entries)
        if not entries or any(self._is_old(e) for e in entries):
            return
        next_url = parsing.next_page_url(response, public)
        if next_url is not None:
            yield self.fetch(next_url, self.parse_listing, "listing")

    def parse_article(self, response: TextResponse) -> Iterator[PressRelease]:
        """Hand the page to the parser; count its optional gaps."""
        item = parsing.parse_article(response, self.public_url(response.url))
        if self.outside_window(response, item.published_at):
            return
        for flag in item.flags:
            self._count(f"flag/{flag}")
        yield item

    def _follow(self, entries: Iterable[parsing.ListingEntry]) -> Iterator[Request]:
        for entry in entries:
            if self._is_old(entry):
                self._count("skipped_known")
                continue
            if entry.id in self.requested or self.after_window(entry.published):
                continue
            self.requested.add(entry.id)
            meta = self.window_meta(entry.published)
            yield self.fetch(entry.url, self.parse_article, "article", meta=meta)

    def _scheduled(self) -> bool:
        """A run that holds items already and is no backfill: the feeds are enough."""
        return self.known_max_id is not None and self.since is None

    def _is_old(self, entry: parsing.ListingEntry) -> bool:
        """Held by an earlier run, or published before the backfill's start date."""
        held = entry.id in self.known_ids if self.known_ids is not None else self.is_known(entry.id)
        if held:
            return True
        return (
            self.since is not None
            and entry.published is not None
            and entry.published.date() < self.since
        )

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"ktkz/{key}", value)
