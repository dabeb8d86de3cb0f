"""Real-shaped pages of every source, and every parser that reads them, for the hostile tests.

Why here: the fuzzing and hostile-content tests must cover *every* parser of scrapers/parsing/,
including ones added later. Parsers are found by their signature (a function whose first
parameter is `response`), and each is fed the pages its source really serves (the offline
snapshot: articles, listings, feeds, API answers), then mutated.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from scrapers.snapshot.server import load_site
from scrapers.snapshot.site import Request

# The spider of each source may fetch only these domains (its allowed_domains).
DOMAINS = {
    "kt.kz": ("kt.kz",),
    "gov.kz": ("gov.kz",),
    "inform.kz": ("inform.kz", "qazinform.com"),
    "astanatimes.com": ("astanatimes.com",),
    "tengrinews.kz": ("tengrinews.kz",),
}
MODULES = {
    "kt.kz": "scrapers.parsing.ktkz",
    "gov.kz": "scrapers.parsing.govkz",
    "inform.kz": "scrapers.parsing.kazinform",
    "astanatimes.com": "scrapers.parsing.astanatimes",
    "tengrinews.kz": "scrapers.parsing.tengrinews",
}
# The element that holds an article's text on each HTML source (where hostile markup goes).
BODY_OPENERS = {
    "kt.kz": '<div class="page-content">',
    "inform.kz": '<div class="article__body-text">',
    "astanatimes.com": '<div class="entry-content">',
    "tengrinews.kz": '<div class="content_main_text">',
}
ARTICLES_PER_SOURCE = 3


@dataclass(frozen=True)
class Page:
    """One page as a spider would receive it."""

    source: str
    kind: str  # article (an API detail on gov.kz) | listing | feed
    url: str  # the public URL
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return f"Page({self.kind} {self.url})"

    def response(self, body: bytes | None = None, content_type: str | None = None) -> TextResponse:
        """A Scrapy response of the right class for this page (optionally another body)."""
        ctype = content_type or self.content_type
        cls = XmlResponse if "xml" in ctype else HtmlResponse if "html" in ctype else TextResponse
        headers = {"Content-Type": ctype, **dict(self.headers)}
        response: TextResponse = cls(
            url=self.url, body=self.body if body is None else body, headers=headers, status=200
        )
        return response


@dataclass(frozen=True)
class Parser:
    """A parser function of scrapers/parsing/ and how to call it."""

    source: str
    name: str
    function: Callable[..., Any]
    takes_url: bool

    def __call__(self, response: TextResponse, url: str) -> Any:
        return self.function(response, url) if self.takes_url else self.function(response)

    def __str__(self) -> str:
        return f"{MODULES[self.source].rsplit('.', 1)[1]}.{self.name}"


def fetch(source: str, url: str, headers: dict[str, str] | None = None) -> tuple[bytes, str]:
    """The snapshot's body and content type for a public URL."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    reply = load_site(source).respond(
        Request(origin, "GET", parts.path or "/", parts.query, headers or {})
    )
    if reply.status != 200:
        raise AssertionError(f"snapshot answered {reply.status} to {url}")
    return reply.body, dict(reply.headers).get("Content-Type", "text/html; charset=utf-8")


@cache
def parsers(source: str) -> tuple[Parser, ...]:
    """Every parser of a source: public functions whose first parameter is `response`."""
    module = importlib.import_module(MODULES[source])
    found = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        params = list(inspect.signature(function).parameters)
        if params and params[0] == "response":
            found.append(Parser(source, name, function, len(params) > 1))
    return tuple(found)


@cache
def pages(source: str) -> tuple[Page, ...]:
    """A few articles plus the listing and feed pages of a source, from the snapshot."""
    site: Any = load_site(source)
    urls: list[tuple[str, str, dict[str, str]]] = []
    if source == "gov.kz":
        from scrapers.parsing import govkz
        from scrapers.snapshot.sites.govkz import TICKET_COOKIE, TICKET_VALUE

        ticket = {"cookie": f"{TICKET_COOKIE}={TICKET_VALUE}"}
        for release in site.releases[:ARTICLES_PER_SOURCE]:
            lang = next(iter(release.versions))
            urls.append(("article", govkz.detail_url(release.id, lang), ticket))
        urls.append(("listing", govkz.news_list_url("eq:mfa", "ru", 1, 5), ticket))
        urls.append(("feed", govkz.rss_url("mfa", "ru"), {}))
    else:
        posts = getattr(site, "articles", None) or site.posts
        urls += [("article", a.url, {}) for a in posts[:ARTICLES_PER_SOURCE]]
        urls += [(kind, url, {}) for kind, url in _LISTS[source]]
    out = []
    for kind, url, headers in urls:
        body, ctype = fetch(source, url, headers)
        out.append(Page(source, kind, url, body, ctype))
    return tuple(out)


def article_pages(source: str) -> tuple[Page, ...]:
    """The article pages (API details for gov.kz) of a source."""
    return tuple(p for p in pages(source) if p.kind == "article")


_LISTS = {
    "kt.kz": (("feed", "https://www.kt.kz/rus/rss"), ("listing", "https://www.kt.kz/rus/politics")),
    "inform.kz": (
        ("feed", "https://www.inform.kz/ru/rss/"),
        ("listing", "https://www.inform.kz/ru/lenta"),
    ),
    "astanatimes.com": (("feed", "https://astanatimes.com/feed/"),),
    "tengrinews.kz": (("listing", "https://tengrinews.kz/kazakhstan_news/"),),
}
