"""Kazinform (source "inform.kz"): the state agency's three editions, MFA items and the rest.

Sites: www.inform.kz (ru), kaz.inform.kz (kk), qazinform.com (en; formerly en.inform.kz). What
counts: every article of each edition's RSS feed and lenta; the parser marks what is not about
the ministry `relevant=False` (kept, with the reason, so the raw page and the decision stay).
Crawl order per edition: its RSS feed as a conditional request (a 304: nothing new, done), the
feed's unknown articles, then the lenta pages while no item seen is already held or older than
`since` (a window's `until`: entries dated on or after it are passed over, an undated one is
judged by its page). A run with neither `known_ids` nor `since` walks at most UNBOUNDED_PAGES.
Which editions a run asks: the Russian one (the primary) always, the others as scrapers.editions
picks them (one in turn; all when the Russian feed shows an item not held, or on a first run).

Ids end in hex (`-adef40`) and do not rise, so `known_max_id` cannot tell old from new: pass
`-a known_ids=<JSON file: list of source_item_id>`. Redirects (old `_a` addresses, the move to
qazinform.com) are followed here through the host map, so a snapshot redirect never leaves it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.http import Request, TextResponse

from scrapers.items import PressRelease
from scrapers.parsing import kazinform as parsing
from scrapers.spiders.base import EDITION_META, WINDOW_CHECK, SourceSpider

# Edition -> (RSS feed, first lenta page), the Russian (primary) first. Kazakh feed and en/kk
# lenta paths are inferred.
EDITIONS = {
    "ru": ("https://www.inform.kz/ru/rss/", "https://www.inform.kz/ru/lenta"),
    "kk": ("https://kaz.inform.kz/rss/kk.xml", "https://kaz.inform.kz/lenta"),
    "en": ("https://qazinform.com/rss/en.xml", "https://qazinform.com/lenta"),
}
UNBOUNDED_PAGES = 10  # lenta pages walked per edition when no cursor says where to stop
MAX_HOPS = 5  # redirects followed for one link (Scrapy's REDIRECT_MAX_TIMES)
REDIRECTS = [301, 302, 303, 307, 308]  # handled by `_redirected`, not by Scrapy


class KazinformSpider(SourceSpider):
    """RSS feeds plus lenta pages of Kazinform's ru/kk/en editions."""

    name = "inform.kz"
    allowed_domains = ["inform.kz", "qazinform.com"]  # noqa: RUF012 (Scrapy extends this list)
    parser_module = "scrapers.parsing.kazinform"
    editions: ClassVar[dict[str, str]] = {lang: feed for lang, (feed, _) in EDITIONS.items()}

    def __init__(self, *args: Any, known_ids: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        raw = json.loads(Path(known_ids).read_text(encoding="utf-8")) if known_ids else []
        self.known_ids = frozenset(str(i).lower() for i in raw)
        self.requested: set[str] = set()  # public URLs asked for in this run
        self.taken: set[str] = set()  # article ids already followed in this run

    async def start(self) -> AsyncIterator[Request]:
        for request in self.poll_editions():
            yield request

    def edition_requests(self, edition: str) -> Iterator[Request]:
        """The edition's feed, conditional, its redirects left to this spider."""
        feed = self.editions[edition]
        self.requested.add(feed)
        meta = {"dont_redirect": True, "handle_httpstatus_list": [304, *REDIRECTS]}
        yield self.edition_entry(
            edition, self.parse_feed, "feed", cb_kwargs={"lang": edition}, meta=meta
        )

    def parse_feed(self, response: TextResponse, lang: str) -> Iterator[Request]:
        """Follow the feed's unknown articles; go on to the lenta when nothing known showed up."""
        if response.status == 304:
            self._count(f"{lang}/not_modified")
            return
        follow = self._redirected(response, self.parse_feed, "feed", {"lang": lang})
        if follow is not None:
            yield from follow
            if not follow and self.is_primary(lang):  # a redirect loop: the primary is unread
                yield from self.primary_answered(new=True)
            return
        entries = parsing.parse_feed(response, self.public_url(response.url))
        yield from self._take(entries, lang, EDITIONS[lang][1], 0)
        if self.is_primary(lang):
            yield from self.primary_answered(new=not all(self._is_old(e) for e in entries))

    def parse_listing(self, response: TextResponse, lang: str, depth: int) -> Iterator[Request]:
        """Follow the lenta page's unknown articles, then the next page if still needed."""
        kwargs = {"lang": lang, "depth": depth}
        follow = self._redirected(response, self.parse_listing, "listing", kwargs)
        if follow is not None:
            yield from follow
            return
        listing = parsing.parse_listing(response, self.public_url(response.url))
        yield from self._take(listing.entries, lang, listing.next_url, depth)

    def parse_article(self, response: TextResponse) -> Iterator[PressRelease | Request]:
        """Hand the page to the parser (after following a redirect); count its optional gaps."""
        follow = self._redirected(response, self.parse_article, "article", {})
        if follow is not None:
            yield from follow
            return
        item = parsing.parse_article(response, self.public_url(response.url))
        if self.outside_window(response, item.published_at):
            return
        for flag in item.flags:
            self._count(f"flag/{flag}")
        yield item

    def _take(
        self, entries: Iterable[parsing.Entry], lang: str, next_url: str | None, depth: int
    ) -> Iterator[Request]:
        reached_known = False
        for entry in entries:
            if self._is_old(entry):
                reached_known = True
                self._count("skipped_known")
                continue
            if entry.item_id not in self.taken and not self.after_window(entry.published):
                self.taken.add(entry.item_id)
                check = self.window_meta(entry.published)
                yield from self._get(entry.url, self.parse_article, "article", {}, check=check)
        unbounded = not self.known_ids and self.since is None
        if reached_known or next_url is None or (unbounded and depth >= UNBOUNDED_PAGES):
            return
        yield from self._get(
            next_url, self.parse_listing, "listing", {"lang": lang, "depth": depth + 1}
        )

    def _is_old(self, entry: parsing.Entry) -> bool:
        """Held by an earlier run, or published before the backfill's start date."""
        if entry.item_id in self.known_ids:
            return True
        return (
            self.since is not None
            and entry.published is not None
            and entry.published.date() < self.since
        )

    def _redirected(
        self, response: TextResponse, callback: Callable[..., Any], kind: str, kw: dict[str, Any]
    ) -> list[Request] | None:
        """None when not a redirect; else the request for its target (none if already asked)."""
        target = parsing.redirect_target(response, self.public_url(response.url))
        if target is None:
            return None
        hops = int(response.meta.get("kazinform_hops", 0)) + 1
        if hops > MAX_HOPS:
            self._count("redirect_loop")
            return []
        self._count("redirects")
        edition = response.meta.get(EDITION_META)  # a moved feed stays its edition's entry
        check = {k: v for k, v in response.meta.items() if k == WINDOW_CHECK}
        return list(self._get(target, callback, kind, kw, hops, edition, check))

    def _get(
        self,
        url: str,
        callback: Callable[..., Any],
        kind: str,
        kw: dict[str, Any],
        hops: int = 0,
        edition: str | None = None,
        check: dict[str, Any] | None = None,
    ) -> Iterator[Request]:
        """A request for a real URL, once per run, with redirects left to this spider."""
        if url in self.requested:
            return
        self.requested.add(url)
        meta = {"dont_redirect": True, "handle_httpstatus_list": REDIRECTS, "kazinform_hops": hops}
        meta |= check or {}
        if edition is None:
            yield self.fetch(url, callback, kind, cb_kwargs=kw, meta=meta)
            return
        meta[EDITION_META] = edition
        yield self.fetch(url, callback, kind, cb_kwargs=kw, meta=meta, errback=self.on_entry_failed)

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"kazinform/{key}", value)
