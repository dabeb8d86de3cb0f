"""Tengrinews: the ministry's releases as this general outlet republishes them, in three editions.

Site: https://tengrinews.kz (ru), https://kaz.tengrinews.kz (kk), https://en.tengrinews.kz (en),
server-rendered listings and article pages (section pages load more on scroll with JavaScript,
so the numbered `/news/page/{n}/` listings are read instead). What counts: every article of
the all-news listing of each edition; the parser's relevance filter marks the MFA items among
the domestic ones. Crawl order: page 1 of each edition's listing, conditional on its last
validators (an unchanged listing is one 304), then the article pages not held yet. Older pages
are read only in a bounded run: a backfill (`since`) until an article before that date (a
window's `until`: newer cards are not followed, an undated one is judged by its page), or an
incremental run whose whole page is new, until an article already held. Which editions a run
asks: the Russian one (the primary) always, the others as scrapers.editions picks them (one in
turn; all when the Russian page 1 shows an article not held, or on a first run).

Ids rise per edition, not across them, so "held" is judged per host: `known_max_ids` (a JSON
object {host: highest id}) when given; otherwise `known_max_id` stands for the Russian
edition only (the parser stores the other editions' ids with their host, so the warehouse's
single highest id is the Russian one). Parsing: scrapers.parsing.tengrinews.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

from scrapy.http import Request, TextResponse

from scrapers.items import PressRelease
from scrapers.parsing import tengrinews as parsing
from scrapers.spiders.base import EDITION_META, SourceSpider

# Edition -> its origin, the Russian (primary) first.
ORIGINS = {
    "ru": "https://tengrinews.kz",
    "kk": "https://kaz.tengrinews.kz",
    "en": "https://en.tengrinews.kz",
}
SECTION = "news"  # all sections; MFA items appear under kazakhstan_news and world_news
MAX_PAGES = 50  # a backfill reads at most this many listing pages per edition


class TengrinewsSpider(SourceSpider):
    """The all-news listings of the three editions, new articles parsed into PressRelease."""

    name = "tengrinews.kz"
    allowed_domains = ["tengrinews.kz"]  # noqa: RUF012 (Scrapy reads and extends this list)
    parser_module = "scrapers.parsing.tengrinews"
    editions: ClassVar[dict[str, str]] = {
        lang: parsing.listing_url(origin, SECTION, 1) for lang, origin in ORIGINS.items()
    }

    def __init__(self, *args: Any, known_max_ids: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given = json.loads(known_max_ids) if known_max_ids else {}
        self.top_ids: dict[str, int] = {host: int(value) for host, value in given.items()}
        if self.known_max_id is not None:
            self.top_ids.setdefault(parsing.MAIN_HOST, self.known_max_id)
        self.requested: set[str] = set()  # article URLs asked for in this run

    async def start(self) -> AsyncIterator[Request]:
        for request in self.poll_editions():
            yield request

    def edition_requests(self, edition: str) -> Iterator[Request]:
        """Page 1 of the edition's listing, conditional."""
        meta = {"listing_page": 1, "origin": ORIGINS[edition]}
        yield self.edition_entry(edition, self.parse_listing, "listing", meta=meta)

    def parse_listing(self, response: TextResponse) -> Iterator[Request]:
        """Follow the page's new articles; page back in a bounded run while nothing is old."""
        page = int(response.meta["listing_page"])
        origin = str(response.meta["origin"])
        if response.status == 304:
            self._count("listing_not_modified")
            return
        if response.status == 404:  # past the last page
            self._count("listing_end")
            return
        host = parsing.host_of(origin)
        entries = parsing.parse_listing(response, self.public_url(response.url))
        new = [e for e in entries if not parsing.is_old(e, self.top_ids.get(e.host), self.since)]
        self._count("listing_entries", len(entries))
        self._count("skipped_known", len(entries) - len(new))
        for entry in new:
            if entry.url not in self.requested and not self.after_window(entry.published):
                self.requested.add(entry.url)
                meta = self.window_meta(entry.published)
                yield self.fetch(entry.url, self.parse_article, "article", meta=meta)
        bounded = self.since is not None or host in self.top_ids
        if parsing.page_back(entries, new, bounded) and page < MAX_PAGES:
            yield self.fetch(
                parsing.listing_url(origin, SECTION, page + 1),
                self.parse_listing,
                "listing",
                meta={"listing_page": page + 1, "origin": origin, "handle_httpstatus_list": [404]},
            )
        if self.is_primary(str(response.meta.get(EDITION_META, ""))):
            yield from self.primary_answered(new=bool(new))

    def parse_article(self, response: TextResponse) -> Iterator[PressRelease]:
        """Hand the page to the parser; count its optional gaps and irrelevant items."""
        item = parsing.parse_article(response, self.public_url(response.url))
        if self.outside_window(response, item.published_at):
            return
        for flag in item.flags:
            self._count(f"flag/{flag}")
        if not item.relevant:
            self._count("not_relevant")
        yield item

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"tengrinews/{key}", value)
