"""Landing batches written by hand, shaped exactly as scrapers.batch.BatchWriter writes them.

Why: the load tests (kills, injection, data tests, concurrency) need batches of real-shaped
items without paying for a crawl each time. Items come from the snapshot's pages through the
real parsers, so what is loaded is what a crawl would have published; a test may then replace
fields (a title that is SQL, a views counter past INTEGER) before writing the batch.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import scrapy

from scrapers.batch import ITEMS, MANIFEST, PAGES
from scrapers.items import PressRelease
from tests.reliability.pages import Parser, article_pages, parsers

FINISHED = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # a fixed crawl time: loads are replayable


@cache
def snapshot_items(source: str) -> tuple[tuple[PressRelease, bytes], ...]:
    """(item, raw page) for the first article pages of a source's snapshot."""
    parse: Parser = next(p for p in parsers(source) if p.name == "parse_article")
    out = []
    for page in article_pages(source):
        out.append((parse(page.response(), page.url), page.body))
    return tuple(out)


def ktkz_items(count: int) -> list[tuple[PressRelease, bytes]]:
    """The first `count` kt.kz snapshot articles (29 at most), parsed, with their pages."""
    from scrapy.http import HtmlResponse

    from scrapers.parsing import ktkz
    from scrapers.snapshot.site import Request
    from scrapers.snapshot.sites.ktkz import BASE, KtKzSite

    site = KtKzSite()
    out = []
    for article in sorted(site.articles, key=lambda a: a.id)[:count]:
        body = site.respond(Request(BASE, "GET", article.path, "", {})).body
        response = HtmlResponse(url=BASE + article.path, body=body, encoding="utf-8")
        out.append((ktkz.parse_article(response, BASE + article.path), body))
    return out


def write_batch(
    landing: Path,
    items: Sequence[PressRelease | tuple[PressRelease, bytes]],
    run_id: str,
    *,
    source: str | None = None,
    finished: datetime = FINISHED,
) -> Path:
    """A published batch folder `<landing>/<source>/<run_id>/` holding these items."""
    pairs = [i if isinstance(i, tuple) else (i, b"") for i in items]
    source = source or pairs[0][0].source
    folder = landing / source / run_id
    folder.mkdir(parents=True)
    with open(folder / ITEMS, "w", encoding="utf-8") as fh:
        for item, _ in pairs:
            fh.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    with open(folder / PAGES, "w", encoding="utf-8") as fh:
        for seq, (item, body) in enumerate(pairs):
            record = {
                "seq": seq,
                "url": item.url,
                "fetch_url": item.url,
                "status": 200,
                "fetched_at": (finished - timedelta(minutes=1)).isoformat(),
                "headers": {"content-type": "text/html; charset=utf-8"},
                "body_b64": base64.b64encode(body).decode("ascii"),
                "kind": "article",
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    manifest: dict[str, Any] = {
        "source": source,
        "run_id": run_id,
        "finish_reason": "finished",
        "verdict": "ok",
        "verdict_reason": f"{len(pairs)} item(s)",
        "items": len(pairs),
        "pages": len(pairs),
        "error_count": 0,
        "errors": [],
        "requests": len(pairs),
        "stats": {},
        "scrapy_version": scrapy.__version__,
        "python_version": "3.11",
        "spider_code_hash": "test",
        "started_at": (finished - timedelta(minutes=5)).isoformat(),
        "finished_at": finished.isoformat(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def with_fields(item: PressRelease, **changes: Any) -> PressRelease:
    """A copy of an item with some fields replaced (validation runs again)."""
    return replace(item, **changes)
