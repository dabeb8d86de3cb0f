"""The Astana Times (astanatimes.com): English rewrites of the ministry's releases.

Site: https://astanatimes.com (apex host), WordPress, English only. What counts: every post of
the site feed; the relevance filter (in the parser) marks which are about the ministry.
Crawl order: the feed `/feed/` (the newest 10 posts, about 11 hours of news, so the schedule
must poll it several times an hour), conditional on its last Last-Modified/ETag (an unchanged
feed is one 304), then the article page of every post not held yet. Older feed pages
(`/feed/?paged=N`, inferred) are read only in a bounded run: a backfill (`since`) until a post
before that date shows up (a window's `until`: newer posts are not fetched, the feed pages on
past them; an undated one is judged by its page), or an incremental run whose whole first
page is new (the feed turned over since the last crawl) until a held post shows up.
Parsing: scrapers.parsing.astanatimes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from scrapy.http import Request, TextResponse

from scrapers.items import PressRelease
from scrapers.parsing import astanatimes as parsing
from scrapers.spiders.base import SourceSpider

MAX_FEED_PAGES = 30  # a backfill reads at most this many feed pages (300 posts)


class AstanaTimesSpider(SourceSpider):
    """The WordPress feed of astanatimes.com, new posts parsed into PressRelease items."""

    name = "astanatimes.com"
    allowed_domains = ["astanatimes.com"]  # noqa: RUF012 (Scrapy reads and extends this list)
    parser_module = "scrapers.parsing.astanatimes"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requested: set[str] = set()  # article URLs asked for in this run

    async def start(self) -> AsyncIterator[Request]:
        yield self.entry(parsing.FEED_URL, self.parse_feed, "feed", meta={"feed_page": 1})

    def parse_feed(self, response: TextResponse) -> Iterator[Request]:
        """Follow the feed's new posts; read the next feed page when the run is bounded."""
        page = int(response.meta.get("feed_page", 1))
        if response.status == 304:
            self._count("feed_not_modified")
            return
        if response.status == 404:  # past the last feed page
            self._count("feed_end")
            return
        entries = parsing.parse_feed(response, self.public_url(response.url))
        new = [
            e
            for e in entries
            if parsing.is_new(e, self.known_max_id, self._seen_until(), self.since)
        ]
        self._count("feed_entries", len(entries))
        self._count("skipped_known", len(entries) - len(new))
        for entry in new:
            if entry.url not in self.requested and not self.after_window(entry.published):
                self.requested.add(entry.url)
                meta = self.window_meta(entry.published)
                yield self.fetch(entry.url, self.parse_article, "article", meta=meta)
        bounded = self.known_max_id is not None or self.since is not None
        if parsing.page_back(entries, new, bounded) and page < MAX_FEED_PAGES:
            if self.known_max_id is not None:
                self._count("feed_gap_pages")
            yield self.fetch(
                parsing.feed_page_url(page + 1),
                self.parse_feed,
                "feed",
                meta={"feed_page": page + 1, "handle_httpstatus_list": [404]},
            )

    def parse_article(self, response: TextResponse) -> Iterator[PressRelease]:
        """Hand the page to the parser; count its optional gaps and irrelevant posts."""
        item = parsing.parse_article(response, self.public_url(response.url))
        if self.outside_window(response, item.published_at):
            return
        for flag in item.flags:
            self._count(f"flag/{flag}")
        if not item.relevant:
            self._count("not_relevant")
        yield item

    def _seen_until(self) -> datetime | None:
        """The feed's Last-Modified as the previous run saw it (posts after it are new)."""
        known = self.validators.get(parsing.FEED_URL, {})
        return parsing.parse_http_date(known.get("last_modified", ""))

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"astanatimes/{key}", value)
