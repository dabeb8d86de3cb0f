"""Honour Retry-After on 429 and 503 before Scrapy's own retry asks again.

Scrapy's RetryMiddleware retries 429/503 at once, which is exactly what a server that said
"come back in 30 seconds" asked us not to do. This middleware sits after it on the way in:
it waits the delay the server gave (seconds or an HTTP date), then lets the retry happen. A
delay beyond MFA_RETRY_AFTER_MAX seconds is not waited out in a scheduled run: the request is
given up (reported with its URL) and the next run catches up.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

STATUSES = (429, 503)
DEFAULT_MAX_SECONDS = 120.0


class RetryAfterTooLong(IgnoreRequest):
    """The server asked us to wait longer than a run will."""


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """The delay a Retry-After header asks for, or None when it says nothing usable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    """Downloader middleware: wait what a 429/503 asks before the retry."""

    def __init__(self, crawler: Crawler, max_seconds: float) -> None:
        self.crawler = crawler
        self.max_seconds = max_seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler, crawler.settings.getfloat("MFA_RETRY_AFTER_MAX", DEFAULT_MAX_SECONDS))

    async def process_response(
        self, request: Request, response: Response, spider: scrapy.Spider | None = None
    ) -> Response:
        if response.status not in STATUSES:
            return response
        header = response.headers.get(b"Retry-After")
        delay = retry_after_seconds(header.decode("latin-1") if header else None, datetime.now(UTC))
        if delay is None:
            return response
        stats = self.crawler.stats
        if delay > self.max_seconds:
            if stats is not None:
                stats.inc_value("mfa/retry_after/too_long")
            raise RetryAfterTooLong(
                f"{request.url} answered {response.status} with Retry-After {delay:.0f} s "
                f"(more than {self.max_seconds:.0f} s): left for the next run"
            )
        if stats is not None:
            stats.inc_value("mfa/retry_after/waited_seconds", round(delay))
        await asyncio.sleep(delay)
        return response
