"""robots.txt obeyed, but fetched at most once a day per host.

A request robots.txt forbids raises ForbiddenByRobots: the site's choice, not a failure of the
crawl. The batch writer lists those URLs apart from the errors, so a path a site closes to
crawlers does not fail the source's run every hour (the silence and volume alerts still say
when a source stops bringing items).

RFC 9309 §2.4 lets a crawler cache robots.txt for up to 24 hours. A scheduled run polls a
source every hour or half hour, so re-fetching robots.txt each time would double the requests
of a run that finds nothing new. The cache is keyed by the real host (the snapshot's loopback
port changes between demo runs) and lives in MFA_ROBOTS_CACHE_DIR; without it nothing is cached.

Also a fix of Scrapy 2.19's middleware: every request that arrives while robots.txt is still
downloading awaits the same Deferred, and each await adds a callback that consumes the result;
only the first waiter gets the parser, the others get None, which the middleware reads as
"allow everything". The start requests of a site all arrive together, so a path robots.txt
forbids was fetched anyway. Here a waiter that gets None looks up what was stored for the host
once the download finished (the parser, or None when robots.txt could not be fetched).
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

MAX_AGE_SECONDS = 24 * 3600


class ForbiddenByRobots(IgnoreRequest):
    """A request the site's robots.txt forbids (never sent)."""


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with a day-long cache between crawls."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        folder = crawler.settings.get("MFA_ROBOTS_CACHE_DIR")
        self.cache_dir = Path(folder) if folder else None
        self.max_age = crawler.settings.getint("MFA_ROBOTS_CACHE_SECONDS", MAX_AGE_SECONDS)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:  # the only refusal the parent raises here
            raise ForbiddenByRobots(f"forbidden by robots.txt: {request.url}") from exc

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            body = self._cached(self._public_host(request.url))
            if body is not None:
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self._stats.inc_value("robotstxt/cache_hit")
        parser = await super().robot_parser(request)
        if parser is None:  # maybe a waiter whose result an earlier waiter consumed
            parser = self._settled(netloc)
        return parser

    def _settled(self, netloc: str) -> RobotParser | None:
        """What the finished robots.txt download stored for a host (None: it failed)."""
        stored = self._parsers.get(netloc)
        if isinstance(stored, Deferred):  # cannot happen once awaited; never guess "allowed"
            raise IgnoreRequest(f"robots.txt of {netloc} not settled")
        return stored

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await super()._parse_robots(response, netloc, request)
        if response.status == 200 and self.cache_dir is not None:
            path = self._path(self._public_host(response.url))
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(response.body)
            tmp.replace(path)

    def _cached(self, host: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        path = self._path(host)
        try:
            if time.time() - path.stat().st_mtime > self.max_age:
                return None
            return path.read_bytes()
        except OSError:
            return None

    def _path(self, host: str) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / f"{host.replace(':', '_')}.robots.txt"

    def _public_host(self, url: str) -> str:
        spider = self.crawler.spider
        to_public = getattr(spider, "public_url", None)
        public = to_public(url) if callable(to_public) else url
        return urlsplit(public).netloc.lower()
