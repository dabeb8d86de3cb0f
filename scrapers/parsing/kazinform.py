"""Kazinform (inform.kz, kaz.inform.kz, qazinform.com) pages → PressRelease items. Pure: no I/O.

Why its own module: Kazinform is the state news agency and carries many MFA releases under its
own dateline ("ASTANA. KAZINFORM – ") and attribution ("Kazinform cites the press service of
the Kazakh MFA"), but it is a general agency, so most of what it publishes is not about the
ministry (relevance is decided here, items are kept either way). Its traps (SOURCES.md §3):
- three URL generations and a moved English host, so an article's id is either `_a1234567`
  (old, numeric) or `-abc123` (hex or digits, NOT rising), and `/amp`, `en.inform.kz` and the
  trailing slash must all collapse to one canonical URL;
- the listing time `13:51, 15 Август 2025` uses a nominative month (pages may use the genitive);
- articles migrated from the old platform keep its leftovers inside the body: the old byline
  ("Temirgaliyeva Arailym / 7 October 2019, 15:55"-style), stray "None" lines, "Currently
  reading", "Photo credit: ..."; inline "Read also" cards sit between paragraphs.

`public_url` is always the real site's URL (the response may come from the offline snapshot);
items carry it. A required field missing → LayoutChanged("inform.kz", field, url).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree
from scrapy.http import TextResponse

from flows.transform.attribution import mfa_relevance
from flows.transform.canonical import canonical_url
from flows.transform.clean import clean_body, find_source_link, html_to_paragraphs, normalize_text
from flows.transform.dates import DateParseError, parse_dateline, parse_local_datetime
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing.common import first_text, join_url, local_or_none, rfc822_astana, xml_selector

SOURCE = "inform.kz"

# --- article page (2025 layout; body classes [code], the rest [inferred]) ---------------------
TITLE = ("h1.article__title", "h1.amp-article__title", "h1")
TIME_TEXT = (".article__time", "time.amp-article__time")  # "13:51, 15 августа 2025"
TIME_ATTR = (
    "meta[property='article:published_time']::attr(content)",
    "time[datetime]::attr(datetime)",
)
BODY = ".article__body-text"  # required
BODY_BLOCKS = ".article__description, .article__body-text"  # the lead, then the text
CAPTION = ".article__image-caption, .article__image figcaption, figure figcaption"
VIEWS = ".article__views"
# Inside the body blocks, everything that is not the release's text.
NOT_BODY_XPATH = (
    ".//script | .//style | .//noscript | .//iframe | .//figure | .//img"
    " | .//*[starts-with(local-name(), 'amp-')]"
    " | .//*[contains(@class, 'related') or contains(@class, 'video') or contains(@class, 'share')"
    " or contains(@class, 'caption') or contains(@class, 'image') or contains(@class, 'tags')"
    " or contains(@class, 'adv') or contains(@class, 'banner') or contains(@class, 'subscribe')]"
)
# A caption written as a body line ("Photo credit: MFA RK", "Фото: МИД РК").
CREDIT_LINE_RE = re.compile(r"^(?:photo credit|photo|фото|сурет)\s*:\s*\S", re.IGNORECASE)
VIEWS_RE = re.compile(r"^\d[\d\s\u00a0]*$")

# --- listings and feeds ------------------------------------------------------------------------
CARD = ".allNewsCard"  # [code] the 2025 lenta
CARD_LINK = "a[href]::attr(href)"
CARD_TITLE = ".allNewsCard_title"
CARD_TIME = ".allNewsCard_time"  # "13:51, 15 Август 2025"
# Older layouts [code]: the day archive and the 2023 aggregator (links only, no times).
OLD_LISTING_LINKS = (
    "div.lenta_news_block li a",
    ".news-list__col_main article.anounce-news a.anounce-news__link",
)
NEXT_PAGE = "a[rel~='next']::attr(href), .pagination a[class*='next']::attr(href)"
FEED_ITEM = "//channel/item"

# --- URLs ----------------------------------------------------------------------------------------
# Article paths per host: www.inform.kz/{ru,en,kz}/{slug}, the rest /news/{slug}/.
WWW_HOST = "www.inform.kz"
NEWS_HOSTS = {"kaz.inform.kz": "kk", "en.inform.kz": "en", "qazinform.com": "en"}
WWW_LANGS = {"ru": "ru", "en": "en", "kz": "kk"}
# The slug's last segment: `_a` + 7 digits (≤2022) or `-` + 6-8 hex/digits (2022+).
ITEM_ID_RE = re.compile(r"^[a-z0-9-]*?(?:_a(?P<old>\d{7})|-(?P<new>[0-9a-f]{6,8}))$")
AMP_TAIL_RE = re.compile(r"/amp/?$")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class PageMissing(ParseError):
    """The site answered with something that is not an article page (404, redirect)."""


@dataclass(frozen=True)
class Entry:
    """A link to an article as a listing or feed shows it."""

    url: str  # the real public URL
    item_id: str  # "a3801456" (old) or "adef40" (new): compared as a string, never ordered
    title: str
    published: datetime | None  # Astana time when the listing shows it


@dataclass(frozen=True)
class Listing:
    entries: list[Entry]
    next_url: str | None  # the next (older) lenta page, None on the last


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def _article_slug(url: str) -> tuple[str, str] | None:
    """(lang, last path segment) of an article URL on a Kazinform host, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = AMP_TAIL_RE.sub("", parts.path).rstrip("/")
    segments = path.strip("/").split("/")
    if len(segments) != 2:
        return None
    if host in (WWW_HOST, "inform.kz") and segments[0] in WWW_LANGS:
        return WWW_LANGS[segments[0]], segments[1]
    if host in NEWS_HOSTS and segments[0] == "news":
        return NEWS_HOSTS[host], segments[1]
    return None


def item_id_from_url(url: str) -> str | None:
    """Kazinform's id of an article URL: "a3637922" for `_a3637922`, "adef40" for `-adef40`."""
    found = _article_slug(url)
    if found is None:
        return None
    m = ITEM_ID_RE.match(found[1].lower())
    if m is None:
        return None
    return "a" + m.group("old") if m.group("old") else m.group("new")


def lang_of_url(url: str) -> str | None:
    """ru | kk | en of an article URL, from its host and path."""
    found = _article_slug(url)
    return found[0] if found else None


def redirect_target(response: TextResponse, public_url: str) -> str | None:
    """The real URL a 3xx answer points to, or None when the response is not a redirect."""
    if response.status not in REDIRECT_STATUSES:
        return None
    location = response.headers.get("Location")
    if not location:
        return None
    return join_url(public_url, location.decode("latin-1"))


# --------------------------------------------------------------------------------------------
# Article
# --------------------------------------------------------------------------------------------


def parse_article(response: TextResponse, public_url: str) -> PressRelease:
    """The press release on a Kazinform article page (normal or AMP)."""
    if response.status != 200:
        raise PageMissing(f"{SOURCE}: HTTP {response.status} is not an article: {public_url}")
    lang = lang_of_url(public_url)
    if lang is None:
        raise ParseError(f"{SOURCE}: not an article URL: {public_url}")
    title = parse_title(response, public_url)
    published_at = parse_published(response, public_url)
    paragraphs = body_paragraphs(response, public_url)
    caption = first_text(response, CAPTION) or next(
        (p for p in paragraphs if CREDIT_LINE_RE.match(p)), None
    )
    body = clean_body([p for p in paragraphs if p != caption])
    if not body:
        raise LayoutChanged(SOURCE, "body", public_url)
    dateline = parse_dateline(body, published_at.date())
    views = _views(response)
    flags = [
        name
        for name, missing in (
            ("no_dateline", dateline is None),
            ("no_caption", caption is None),
            ("no_views", views is None),
        )
        if missing
    ]
    if AMP_TAIL_RE.search(urlsplit(public_url).path):
        flags.append("amp")
    relevance = mfa_relevance(title, body)
    return PressRelease(
        source=SOURCE,
        url=public_url,
        canonical_url=canonical_url(public_url),
        lang=lang,
        title=title,
        body_text=body,
        published_at=published_at,
        source_item_id=item_id_from_url(public_url),
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        caption=caption,
        views=views,
        cited_source_url=find_source_link(body),
        relevant=relevance.relevant,
        relevance_reason=relevance.reason,
        flags=tuple(flags),
    )


def parse_title(response: TextResponse, public_url: str) -> str:
    """The headline (the article's h1)."""
    for selector in TITLE:
        text = first_text(response, selector)
        if text:
            return text
    raise LayoutChanged(SOURCE, "title", public_url)


def parse_published(response: TextResponse, public_url: str) -> datetime:
    """Publication time, aware (Astana): the page's printed time, else its machine-readable one."""
    for selector in TIME_TEXT:
        for node in response.css(selector):
            text = normalize_text(" ".join(node.css("::text").getall()))
            try:
                return parse_local_datetime(text)
            except DateParseError:
                continue
    for selector in TIME_ATTR:
        for value in response.css(selector).getall():
            try:
                return parse_local_datetime(value.strip())
            except DateParseError:
                continue
    raise LayoutChanged(SOURCE, "published_at", public_url)


def body_paragraphs(response: TextResponse, public_url: str) -> list[str]:
    """Lead and body paragraphs, widgets, embeds, captions and scripts removed (not yet cleaned)."""
    if not response.css(BODY):
        raise LayoutChanged(SOURCE, "body", public_url)
    paragraphs: list[str] = []
    for block in response.css(BODY_BLOCKS):
        root = copy.deepcopy(block.root)
        for element in root.xpath(NOT_BODY_XPATH):
            element.clear(keep_tail=True)  # keep the block: it still separates paragraphs
        paragraphs += html_to_paragraphs(etree.tostring(root, encoding="unicode", method="html"))
    return paragraphs


def _views(response: TextResponse) -> int | None:
    text = normalize_text(" ".join(response.css(f"{VIEWS} ::text").getall()))
    return int(re.sub(r"\D", "", text)) if text and VIEWS_RE.match(text) else None


# --------------------------------------------------------------------------------------------
# Listings and feeds
# --------------------------------------------------------------------------------------------


def parse_listing(response: TextResponse, public_url: str) -> Listing:
    """Article links of a lenta page, in page order (newest first), and the next page."""
    entries: list[Entry] = []
    for card in response.css(CARD):
        href = card.css(CARD_LINK).get()
        if not href:
            continue
        title = normalize_text(" ".join(card.css(f"{CARD_TITLE} ::text").getall()))
        when = normalize_text(" ".join(card.css(f"{CARD_TIME} ::text").getall()))
        _add(entries, join_url(public_url, href), title, local_or_none(when))
    if not entries:
        for selector in OLD_LISTING_LINKS:
            for link in response.css(selector):
                title = normalize_text(" ".join(link.css("::text").getall()))
                href = (link.xpath("@href").get() or "").strip()  # not .attrib (see tengrinews)
                if href:
                    _add(entries, join_url(public_url, href), title, None)
    href = response.css(NEXT_PAGE).get()
    next_url = join_url(public_url, href) if href else None
    return Listing(entries, None if next_url == public_url else next_url)


def parse_feed(response: TextResponse, public_url: str) -> list[Entry]:
    """Article links of an RSS 2.0 feed, in feed order."""
    selector = xml_selector(response.text)
    entries: list[Entry] = []
    for item in selector.xpath(FEED_ITEM):
        link = (item.xpath("link/text()").get() or item.xpath("guid/text()").get() or "").strip()
        if not link:
            continue
        title = normalize_text(item.xpath("title/text()").get() or "")
        _add(
            entries,
            join_url(public_url, link),
            title,
            rfc822_astana(item.xpath("pubDate/text()").get()),
        )
    return entries


def _add(entries: list[Entry], url: str | None, title: str, published: datetime | None) -> None:
    """Append an entry for an article URL (other links, and no URL, are skipped), once per id."""
    item_id = item_id_from_url(url) if url else None
    if url is None or item_id is None or any(e.item_id == item_id for e in entries):
        return
    entries.append(Entry(url, item_id, title.replace("\n", " "), published))
