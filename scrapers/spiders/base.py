"""What every source spider shares, so each spider file holds only its site's crawl order.

- Requests are made for the real URL and sent where the host map says (the snapshot in tests
  and the demo), so items carry real URLs either way.
- Every request has an errback that reports the failure with its URL to the batch writer.
- Incremental arguments: `known_max_id` (stop paging at the first item already held; ids rise),
  `since` (a backfill pages back until this date) and `validators` (a JSON file of the ETag /
  Last-Modified each feed or listing URL answered last time: `entry()` sends them as a
  conditional request, and a 304 means nothing new there).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request
from twisted.python.failure import Failure

from scrapers import signals as mfa_signals
from scrapers.hostmap import HostMap


class SourceSpider(scrapy.Spider):
    """Base of the project's spiders (not run itself)."""

    parser_module: ClassVar[str] = ""

    def __init__(
        self,
        snapshot: str | None = None,
        known_max_id: str | None = None,
        since: str | None = None,
        validators: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.host_map = HostMap.from_json(snapshot)
        if self.host_map:
            self.allowed_domains = [
                *getattr(self, "allowed_domains", []),
                *self.host_map.fetch_hosts(),
            ]
        self.known_max_id = int(known_max_id) if known_max_id else None
        self.since = date.fromisoformat(since) if since else None
        self.validators: dict[str, dict[str, str]] = (
            json.loads(Path(validators).read_text(encoding="utf-8")) if validators else {}
        )

    def public_url(self, url: str) -> str:
        """The real-site URL of a fetched URL."""
        return self.host_map.to_public(url)

    def fetch(self, url: str, callback: Callable[..., Any], kind: str, **kwargs: Any) -> Request:
        """A request for a real-site URL, routed through the host map, failures reported."""
        meta = {"page_kind": kind, **kwargs.pop("meta", {})}
        return scrapy.Request(
            self.host_map.to_fetch(url),
            callback=callback,
            errback=self.on_request_failed,
            meta=meta,
            **kwargs,
        )

    def entry(self, url: str, callback: Callable[..., Any], kind: str, **kwargs: Any) -> Request:
        """A feed or listing request, conditional on what the URL answered last time.

        The callback receives the 304 too (`response.status == 304`: nothing new there).
        """
        headers = dict(kwargs.pop("headers", {}))
        known = self.validators.get(url, {})
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        meta = {"handle_httpstatus_list": [304], **kwargs.pop("meta", {})}
        return self.fetch(url, callback, kind, headers=headers, meta=meta, **kwargs)

    def on_request_failed(self, failure: Failure) -> None:
        """Report a failed request (HTTP error, timeout, refused) to the batch writer."""
        request = getattr(failure, "request", None)
        if request is None:
            return
        self.crawler.signals.send_catch_log(
            mfa_signals.request_failed, failure=failure, request=request, spider=self
        )
        self.logger.warning("request failed: %s: %s", request.url, failure.getErrorMessage())

    def is_known(self, item_id: int | None) -> bool:
        """Whether an item with this rising id was already crawled by an earlier run."""
        return (
            item_id is not None and self.known_max_id is not None and item_id <= self.known_max_id
        )
