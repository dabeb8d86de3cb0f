"""Regression: requests that waited for robots.txt were let through as if nothing were forbidden.

Scrapy 2.19's RobotsTxtMiddleware hands every request arriving during the robots.txt download
the same Deferred; each await consumes its result, so only the first waiter got the parser and
the others got None ("allow all"). A site's start requests all arrive together, so a forbidden
path was fetched. scrapers.robots.CachedRobotsTxtMiddleware gives every waiter the parser.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from scrapers.robots import CachedRobotsTxtMiddleware

ROBOTS = b"User-agent: *\nDisallow: /eng/\n"
SITE = "http://127.0.0.1:8701"


class SlowEngine:
    """Answers robots.txt only when the test says so; counts what it was asked."""

    def __init__(self, status: int = 200, body: bytes = ROBOTS) -> None:
        self.release = asyncio.Event()
        self.asked: list[str] = []
        self.status, self.body = status, body

    async def download_async(self, request: Request) -> TextResponse:
        self.asked.append(request.url)
        await self.release.wait()
        return TextResponse(request.url, status=self.status, body=self.body, request=request)


async def _outcomes(engine: SlowEngine, paths: list[str]) -> dict[str, str]:
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True})
    crawler.engine = engine  # type: ignore[assignment]
    middleware = CachedRobotsTxtMiddleware(crawler)

    async def outcome(path: str) -> str:
        try:
            await middleware.process_request(Request(SITE + path))
        except IgnoreRequest:
            return "forbidden"
        return "allowed"

    tasks = [asyncio.ensure_future(outcome(p)) for p in paths]
    await asyncio.sleep(0.01)  # every request is now waiting on the one robots.txt download
    engine.release.set()
    return dict(zip(paths, await asyncio.gather(*tasks), strict=True))


def test_every_waiter_gets_the_parser() -> None:
    engine = SlowEngine()
    paths = ["/rus/rss", "/eng/rss", "/eng/politics", "/kaz/rss/", "/eng/international_affair"]
    got = asyncio.run(_outcomes(engine, paths))
    assert got == {p: "forbidden" if p.startswith("/eng/") else "allowed" for p in paths}
    assert engine.asked == [SITE + "/robots.txt"]  # fetched once for all of them


@pytest.mark.parametrize("first", ["/eng/rss", "/rus/rss"])
def test_the_first_request_is_judged_like_the_others(first: str) -> None:
    got = asyncio.run(_outcomes(SlowEngine(), [first, "/eng/politics"]))
    assert got["/eng/politics"] == "forbidden"
    assert got[first] == ("forbidden" if first.startswith("/eng/") else "allowed")


def test_a_robots_txt_that_cannot_be_read_allows_all_for_every_waiter() -> None:
    """Scrapy's policy when robots.txt fails (the parser is None): unchanged, for all alike."""

    class FailingEngine(SlowEngine):
        async def download_async(self, request: Request) -> Any:
            await self.release.wait()
            raise IgnoreRequest("robots.txt refused")

    got = asyncio.run(_outcomes(FailingEngine(), ["/eng/rss", "/eng/politics"]))
    assert got == {"/eng/rss": "allowed", "/eng/politics": "allowed"}
