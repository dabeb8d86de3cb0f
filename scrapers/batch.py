"""The landing batch: what one crawl hands to the flow, written so a kill leaves nothing loadable.

A crawl writes `items.jsonl` (one PressRelease a line) and `pages.jsonl` (every raw response,
body base64) into `<landing>/<source>/.partial-<run_id>/`. Only when the spider closes does it
write `manifest.json` (close reason, counts, errors with URLs, stats, versions) and rename the
folder to `<run_id>/` (or `.failed-<run_id>/` when the verdict says so). The rename is atomic,
so the flow sees a whole batch or none; a SIGKILL leaves a `.partial-*` folder nobody loads.
Scrapy never touches DuckDB.

Each error is kept with the URL it is about and a kind the verdict reads: "layout" (a required
field is gone: the source fails), "invalid" (an item refused by its validation), "rejected" (a
2xx that was no readable page, scrapers.pagecheck), "parse" and "fetch" (anything else). An
error that names its own URL (the documented errors do) is recorded under that URL, so a bad
item of a listing is reported as the item's page, not as the listing. A request robots.txt
forbids is no error (never sent, the site's choice): its URL is listed apart in the manifest.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from scrapers import signals as mfa_signals
from scrapers.errors import InvalidItem, LayoutChanged, RejectedPage
from scrapers.items import PressRelease
from scrapers.robots import ForbiddenByRobots
from scrapers.verdict import judge

MANIFEST = "manifest.json"
ITEMS = "items.jsonl"
PAGES = "pages.jsonl"
MAX_ERRORS_KEPT = 200
SKIPPED_PATHS = ("/robots.txt",)


def new_run_id() -> str:
    """A sortable, unique crawl id: UTC time plus randomness."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + os.urandom(4).hex()


class BatchWriter:
    """Scrapy extension writing the landing batch of one crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.landing = Path(crawler.settings.get("MFA_LANDING_DIR", "data/landing"))
        self.run_id = crawler.settings.get("MFA_RUN_ID") or new_run_id()
        self.errors: list[dict[str, Any]] = []
        self.error_count = 0
        self.robots_forbidden = 0  # requests robots.txt forbade (not errors: never sent)
        self.forbidden_urls: list[str] = []
        self.items = 0
        self.pages = 0
        self.started_at = datetime.now(UTC)
        self._items_fh: IO[str] | None = None
        self._pages_fh: IO[str] | None = None
        self.partial_dir: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BatchWriter:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.request_failed, signal=mfa_signals.request_failed)
        return ext

    # --- signals ---------------------------------------------------------------------------

    def spider_opened(self, spider: scrapy.Spider) -> None:
        self.partial_dir = self.landing / spider.name / f".partial-{self.run_id}"
        self.partial_dir.mkdir(parents=True, exist_ok=False)
        self._items_fh = open(self.partial_dir / ITEMS, "w", encoding="utf-8")  # noqa: SIM115
        self._pages_fh = open(self.partial_dir / PAGES, "w", encoding="utf-8")  # noqa: SIM115

    def response_received(
        self, response: Response, request: Request, spider: scrapy.Spider
    ) -> None:
        if self._pages_fh is None or response.url.endswith(SKIPPED_PATHS):
            return
        public = _public_url(spider, response.url)
        record = {
            "seq": self.pages,
            "url": public,
            "fetch_url": response.url,
            "status": response.status,
            "fetched_at": datetime.now(UTC).isoformat(),
            "headers": _headers(response),
            "body_b64": base64.b64encode(response.body).decode("ascii"),
            "kind": request.meta.get("page_kind", ""),
        }
        self._pages_fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.pages += 1

    def item_scraped(self, item: Any, response: Response, spider: scrapy.Spider) -> None:
        if self._items_fh is None:
            return
        if not isinstance(item, PressRelease):
            raise TypeError(f"{spider.name} yielded {type(item).__name__}, not PressRelease")
        self._items_fh.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
        self.items += 1

    def spider_error(self, failure: Failure, response: Response, spider: scrapy.Spider) -> None:
        exc = failure.value
        stage, kind = error_kind(exc, ("parse", "parse"))
        self._record(stage, kind, _error_url(exc) or _public_url(spider, response.url), exc)

    def request_failed(self, failure: Failure, request: Request, spider: scrapy.Spider) -> None:
        exc = failure.value
        if isinstance(exc, ForbiddenByRobots):  # the site's choice: listed, not an error
            url = _public_url(spider, request.url)
            spider.logger.info("robots.txt forbids %s: not fetched", url)
            self.robots_forbidden += 1
            if len(self.forbidden_urls) < MAX_ERRORS_KEPT:
                self.forbidden_urls.append(url)
            return
        stage, kind = error_kind(exc, ("fetch", "fetch"))
        self._record(stage, kind, _error_url(exc) or _public_url(spider, request.url), exc)

    def spider_closed(self, spider: scrapy.Spider, reason: str) -> None:
        if self.partial_dir is None:
            return
        for fh in (self._items_fh, self._pages_fh):
            if fh is not None:
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
        stats = _json_safe(self.crawler.stats.get_stats() if self.crawler.stats else {})
        verdict = judge(reason, self.items, self.errors, stats)
        manifest = {
            "source": spider.name,
            "run_id": self.run_id,
            "finish_reason": reason,
            "verdict": verdict.status,
            "verdict_reason": verdict.reason,
            "items": self.items,
            "pages": self.pages,
            "error_count": self.error_count,
            "errors": self.errors,
            "robots_forbidden": self.robots_forbidden,
            "robots_forbidden_urls": self.forbidden_urls,
            "requests": int(stats.get("downloader/request_count", 0) or 0),
            "stats": stats,
            "scrapy_version": scrapy.__version__,
            "python_version": sys.version.split()[0],
            "spider_code_hash": _code_hash(spider),
            "started_at": self.started_at.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
        }
        _write_json_durably(self.partial_dir / MANIFEST, manifest)
        final = self.partial_dir.with_name(
            self.run_id if verdict.publishable else f".failed-{self.run_id}"
        )
        os.replace(self.partial_dir, final)
        _fsync_dir(final.parent)

    # --- helpers ---------------------------------------------------------------------------

    def _record(self, stage: str, kind: str, url: str, exc: BaseException | None) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            message = f"{type(exc).__name__}: {exc}"[:500]
            self.errors.append({"stage": stage, "kind": kind, "url": url, "message": message})


def report_caught(spider: scrapy.Spider, response: Response, exc: Exception) -> None:
    """Record an error a callback caught and went on from (one bad item of a listing) as
    Scrapy records one it raised: logged, counted by CLOSESPIDER_ERRORCOUNT, kept with its URL."""
    spider.logger.warning("%s", exc)
    failure = Failure(exc)  # type: ignore[no-untyped-call]
    spider.crawler.signals.send_catch_log(
        signals.spider_error, failure=failure, response=response, spider=spider
    )


def error_kind(exc: BaseException | None, default: tuple[str, str]) -> tuple[str, str]:
    """(stage, kind) under which an error is recorded."""
    if isinstance(exc, LayoutChanged):
        return "parse", "layout"
    if isinstance(exc, InvalidItem):
        return "parse", "invalid"
    if isinstance(exc, RejectedPage):
        return "fetch", "rejected"
    return default


def _error_url(exc: BaseException | None) -> str | None:
    """The URL a documented error names (the item's page, not the listing it came from)."""
    if isinstance(exc, LayoutChanged | InvalidItem | RejectedPage) and exc.url:
        return exc.url
    return None


def _public_url(spider: scrapy.Spider, url: str) -> str:
    to_public = getattr(spider, "public_url", None)
    return str(to_public(url)) if callable(to_public) else url


_SECRET_HEADERS = {b"set-cookie", b"cookie", b"authorization"}


def _headers(response: Response) -> dict[str, str]:
    """Response headers worth keeping, names lower-cased (cookies and credentials never kept)."""
    out = {}
    for key, values in response.headers.items():
        if key.lower() in _SECRET_HEADERS:
            continue
        out[key.decode("latin-1").lower()] = b", ".join(values).decode("latin-1")
    return out


def _json_safe(stats: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in stats.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat()
        elif isinstance(value, int | float | str | bool) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _code_hash(spider: scrapy.Spider) -> str:
    """sha256 of the spider's module and its parser's, so a batch names the code that made it."""
    digest = hashlib.sha256()
    modules = [type(spider).__module__, getattr(spider, "parser_module", "")]
    for name in filter(None, modules):
        module = sys.modules.get(name)
        if module is not None:
            digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()[:16]


def _write_json_durably(path: Path, data: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
