"""What every source spider shares, so each spider file holds only its site's crawl order.

- Requests are made for the real URL and sent where the host map says (the snapshot in tests
  and the demo), so items carry real URLs either way.
- Every request has an errback that reports the failure with its URL to the batch writer.
- Incremental arguments: `known_max_id` (stop paging at the first item already held; ids rise),
  `since` (a backfill pages back until this date), `until` (a backfill window's exclusive end:
  listing pages newer than it are walked through, their articles not asked for; days are Astana
  days, so windows [since, until) that meet neither overlap nor leave a gap; in a backfill an
  article its listing does not date is kept only if its page dates it inside the window) and
  `validators` (a JSON file of the ETag / Last-Modified each feed or listing URL answered last
  time: `entry()` sends them as a conditional request, and a 304 means nothing new there;
  `checked_at`, when it last answered).
- Sources with several editions (ru/kk/en feeds or listings) name them in `editions`, primary
  first: a scheduled run polls the primary and the secondaries scrapers.editions chooses by
  their `checked_at`, and the rest once the primary shows something new (or could not be read).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from scrapers import signals as mfa_signals
from scrapers.editions import Choice, Edition, choose
from scrapers.hostmap import HostMap
from scrapers.parsing.common import Window, local_day

EDITION_META = "edition"  # request meta key: the edition whose entry request this is
BACKFILL = "backfill"  # why every edition is polled when `since` is given
WINDOW_CHECK = "window_check"  # request meta: the listing gave no date, the article page's decides


class SourceSpider(scrapy.Spider):
    """Base of the project's spiders (not run itself)."""

    parser_module: ClassVar[str] = ""
    # Edition -> its entry URL (feed or first listing page), the primary first; empty when the
    # source has one entry. A spider that fills it implements `edition_requests`.
    editions: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        snapshot: str | None = None,
        known_max_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
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
        self.until = date.fromisoformat(until) if until else None
        if self.until is not None and (self.since is None or self.until <= self.since):
            raise ValueError(f"until ({until}) bounds a backfill: it needs an earlier since")
        self.window = Window(self.since, self.until)
        self.validators: dict[str, dict[str, str]] = (
            json.loads(Path(validators).read_text(encoding="utf-8")) if validators else {}
        )
        self.polled_editions: set[str] = set()  # editions whose requests this run has made

    def public_url(self, url: str) -> str:
        """The real-site URL of a fetched URL."""
        return self.host_map.to_public(url)

    def fetch(self, url: str, callback: Callable[..., Any], kind: str, **kwargs: Any) -> Request:
        """A request for a real-site URL, routed through the host map, failures reported."""
        meta = {"page_kind": kind, **kwargs.pop("meta", {})}
        errback = kwargs.pop("errback", self.on_request_failed)
        return scrapy.Request(
            self.host_map.to_fetch(url), callback=callback, errback=errback, meta=meta, **kwargs
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

    # --- editions ------------------------------------------------------------------------------

    def edition_requests(self, edition: str) -> Iterable[Request]:
        """The requests that poll one edition (its entry, made with `edition_entry`)."""
        raise NotImplementedError(f"{self.name} names editions but cannot poll them")

    def edition_entry(
        self, edition: str, callback: Callable[..., Any], kind: str, **kwargs: Any
    ) -> Request:
        """The conditional entry request of an edition; a failure of the primary's is routed."""
        meta = {EDITION_META: edition, **kwargs.pop("meta", {})}
        return self.entry(
            self.editions[edition],
            callback,
            kind,
            meta=meta,
            errback=self.on_entry_failed,
            **kwargs,
        )

    def poll_editions(self) -> Iterator[Request]:
        """The run's first requests: the primary and the secondaries chosen for this run."""
        yield from self._poll(self._choose(primary_new=False))

    def primary_answered(self, new: bool) -> Iterator[Request]:
        """Once the primary answered: every edition not polled yet, if it had something new."""
        if new:
            yield from self._poll(self._choose(primary_new=True))

    def is_primary(self, edition: str) -> bool:
        """Whether this is the edition polled on every run."""
        return bool(self.editions) and edition == next(iter(self.editions))

    def on_entry_failed(self, failure: Failure) -> list[Request]:
        """Report the failure; a primary that could not be read says nothing: poll the rest."""
        self.on_request_failed(failure)
        request = getattr(failure, "request", None)
        if request is None or not self.is_primary(str(request.meta.get(EDITION_META, ""))):
            return []
        self.logger.info("the primary edition could not be read: polling every edition")
        return list(self.primary_answered(new=True))

    def _choose(self, primary_new: bool) -> Choice:
        if self.since is not None:  # a backfill reads every edition back to its date
            return Choice(tuple(self.editions), BACKFILL)
        primary, *secondaries = (
            Edition(key, self._last_checked(url)) for key, url in self.editions.items()
        )
        return choose(primary, secondaries, datetime.now(UTC), primary_new=primary_new)

    def _poll(self, choice: Choice) -> Iterator[Request]:
        for key in choice.keys:
            if key in self.polled_editions:
                continue
            self.polled_editions.add(key)
            why = "overdue" if key in choice.overdue else choice.reason
            self.logger.info("polling edition %s (%s)", key, why)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value(f"editions/polled/{key}", why)
            yield from self.edition_requests(key)

    def _last_checked(self, url: str) -> datetime | None:
        value = self.validators.get(url, {}).get("checked_at")
        return datetime.fromisoformat(value) if value else None

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

    # --- the backfill window [since, until) ------------------------------------------------------

    def after_window(self, published: datetime | None) -> bool:
        """Listed as dated on or after `until`: not asked for (the listing still pages on)."""
        if not self.window.after(local_day(published)):
            return False
        self._window_stat("after_until")
        return True

    def window_meta(self, published: datetime | None) -> dict[str, Any]:
        """An article request's meta: when its listing gave no date, its page's date decides."""
        return {WINDOW_CHECK: True} if published is None and self.window.bounded else {}

    def outside_window(self, response: Response, published_at: datetime) -> bool:
        """An article its listing did not date whose page dates it outside the window."""
        day = local_day(published_at)
        if not response.meta.get(WINDOW_CHECK) or day is None or self.window.holds(day):
            return False
        self._window_stat("outside_by_article_date")
        return True

    def _window_stat(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"window/{key}")
