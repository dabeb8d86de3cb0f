"""Tengrinews (tengrinews.kz and its kk/en editions) pages → PressRelease items. Pure: no I/O.

Why its own module: Tengrinews is a general outlet in three editions that republishes the
ministry's releases («передает Tengrinews.kz со ссылкой на пресс-службу МИД РК») among
hundreds of domestic items a day, so relevance is decided here (mfa_relevance) and the body
must lose the outlet's own lines: «Читайте также», «Фото:», «Видео:», «Поделиться» paragraphs
inside the text and the trailing «Tengrinews.kz …» promotion, in Russian, Kazakh and English
(SOURCES.md §5).

Ids: each edition (host) numbers its articles in its own rising sequence (ru ~606000,
kk ~372000, en ~273000 in 2025), so an id means something only with its host. The Russian
edition's item id is the bare number; the others carry their host ("en.tengrinews.kz:276355"),
so a single "highest id held" of the source is the Russian edition's by construction, and
`edition_key` gives the per-host key a spider compares against.

Required fields missing → LayoutChanged("tengrinews.kz", field, url); never a half item.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from lxml import etree
from scrapy.http import TextResponse

from flows.transform.attribution import mfa_relevance
from flows.transform.canonical import canonical_url
from flows.transform.clean import clean_body, find_source_link, html_to_paragraphs, normalize_text
from flows.transform.dates import parse_dateline
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing.common import first_text, join_url, json_ld_values, local_or_none

SOURCE = "tengrinews.kz"
MAIN_HOST = "tengrinews.kz"
LANG_OF_HOST = {"tengrinews.kz": "ru", "kaz.tengrinews.kz": "kk", "en.tengrinews.kz": "en"}

# --- article page ----------------------------------------------------------------------------
TITLE = "h1.content_main_title"
DATE_TEXT = "span.date"
PUBLISHED_META = "meta[property='article:published_time']::attr(content)"
TIME_ATTR = "time[datetime]::attr(datetime)"
TEXT = "div.content_main_text"
CAPTION = ".content_main_thumb_alt, .content_main_thumb figcaption"
# Inside the text block, what is not the article's text: ad banners, players, scripts.
NOT_TEXT_XPATH = (
    ".//script | .//style | .//noscript | .//iframe | .//form | .//figure | .//img | .//ins"
    " | .//*[contains(@class, 'banner') or contains(@class, 'video') or contains(@class, 'share')"
    " or contains(@class, 'related') or contains(@class, 'adfox') or starts-with(@id, 'adfox')]"
)
# Paragraphs that open with these are the outlet's own lines, in the three editions: "read
# also" links, photo and video credits (with their colon: "Видео опубликовали..." is text) and
# the share prompt (alone or before a colon: "Share prices rose" is text).
OUTLET_LINE_RE = re.compile(
    r"^(?:(?:читайте\s+также|читайте\s+еще|оқи\s+отырыңыз|сондай-ақ\s+оқыңыз|read\s+also"
    r"|read\s+more)(?![\w-])"
    r"|(?:фото|видео|бейне|сурет|photo|video)\s*:"
    r"|(?:поделиться|бөлісу|share)\s*(?::|$))",
    re.IGNORECASE,
)
# A closing paragraph that opens with the outlet's name is its credit or channel promotion.
TRAILING_CREDIT_RE = re.compile(r"^tengrinews(?:\.kz)?\b", re.IGNORECASE)
CREDIT_MAX = 200

# --- listings --------------------------------------------------------------------------------
LISTING_ITEM = "div.content_main_item"
# 2025 cards (a.content_main_item_title) and the older form (span.content_main_item_title > a).
LISTING_LINK = "a.content_main_item_title, span.content_main_item_title a"
LISTING_DATE = ".content_main_item_meta > span:first-child"
ARTICLE_RE = re.compile(r"^/(?P<section>[a-z_]+)/(?P<slug>[^/]+)-(?P<id>\d+)/?$")
LISTING_PAGE_SIZE = 5  # [inferred] a page shorter than this is the last one


@dataclass(frozen=True)
class ListingEntry:
    """A link to an article as a listing shows it."""

    url: str  # the real public URL
    host: str  # the edition's host (ids are per host)
    id: int
    title: str
    published: datetime | None  # Astana time when the card shows an absolute date


# --------------------------------------------------------------------------------------------
# URLs and ids
# --------------------------------------------------------------------------------------------


def article_id_from_url(url: str) -> int | None:
    """The number at the end of an article URL (`/{section}/{slug}-{id}/`), else None."""
    m = ARTICLE_RE.match(urlsplit(url).path)
    return int(m.group("id")) if m else None


def host_of(url: str) -> str:
    """The edition host of a URL, without "www."."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def lang_of_url(url: str) -> str | None:
    """ru | kk | en from the edition host."""
    return LANG_OF_HOST.get(host_of(url))


def edition_key(host: str, item_id: int) -> str:
    """The item id as stored: bare for the Russian edition, "<host>:<id>" for the others."""
    return str(item_id) if host == MAIN_HOST else f"{host}:{item_id}"


def listing_url(origin: str, section: str, page: int) -> str:
    """The real URL of a listing page: `{origin}/{section}/page/{n}/`."""
    return f"{origin.rstrip('/')}/{section}/page/{page}/"


# --------------------------------------------------------------------------------------------
# Article
# --------------------------------------------------------------------------------------------


def parse_article(response: TextResponse, public_url: str) -> PressRelease:
    """The article on a Tengrinews page (any edition)."""
    if response.status >= 400:
        raise ParseError(f"{SOURCE}: HTTP {response.status} at {public_url}")
    lang = lang_of_url(public_url)
    item_id = article_id_from_url(public_url)
    if lang is None or item_id is None:
        raise ParseError(f"{SOURCE}: not an article URL: {public_url}")
    title = normalize_text(" ".join(response.css(f"{TITLE} ::text").getall())).replace("\n", " ")
    if not title:
        raise LayoutChanged(SOURCE, "title", public_url)
    published_at, exact = parse_published(response, public_url)
    body = clean_body(text_paragraphs(response, public_url))
    if not body:
        raise LayoutChanged(SOURCE, "body", public_url)
    flags = [] if exact else ["no_publication_time"]
    dateline = parse_dateline(body, published_at.date())
    relevance = mfa_relevance(title, body)
    return PressRelease(
        source=SOURCE,
        url=public_url,
        canonical_url=canonical_url(public_url),
        lang=lang,
        title=title,
        body_text=body,
        published_at=published_at,
        source_item_id=edition_key(host_of(public_url), item_id),
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        caption=first_text(response, CAPTION),
        cited_source_url=find_source_link(body),
        relevant=relevance.relevant,
        relevance_reason=relevance.reason,
        flags=tuple(flags),
    )


def parse_published(response: TextResponse, public_url: str) -> tuple[datetime, bool]:
    """Publication time (aware, Astana) and whether it has a time of day.

    Order: article:published_time, time[datetime], JSON-LD datePublished, then span.date.
    """
    candidates = [
        *response.css(PUBLISHED_META).getall(),
        *response.css(TIME_ATTR).getall(),
        *json_ld_values(response, "datePublished"),
    ]
    for text in candidates:
        value = local_or_none(text)
        if value is not None:
            return value, True
    for node in response.css(DATE_TEXT):
        text = normalize_text(" ".join(node.css("::text").getall()))
        value = local_or_none(text)
        if value is not None:
            return value, bool(re.search(r"\d{1,2}:\d{2}", text))
    raise LayoutChanged(SOURCE, "published_at", public_url)


def text_paragraphs(response: TextResponse, public_url: str) -> list[str]:
    """The text block's paragraphs without the outlet's lines, players, ads and scripts."""
    block = response.css(TEXT)
    if not block:
        raise LayoutChanged(SOURCE, "body", public_url)
    root = copy.deepcopy(block[0].root)
    for element in root.xpath(NOT_TEXT_XPATH):
        element.clear(keep_tail=True)
    paragraphs = html_to_paragraphs(etree.tostring(root, encoding="unicode", method="html"))
    kept = [p for p in paragraphs if not _is_outlet_line(p)]
    while kept and len(kept[-1]) <= CREDIT_MAX and TRAILING_CREDIT_RE.match(kept[-1]):
        kept.pop()
    return kept


def _is_outlet_line(paragraph: str) -> bool:
    return OUTLET_LINE_RE.match(paragraph.strip()) is not None


# --------------------------------------------------------------------------------------------
# Listings
# --------------------------------------------------------------------------------------------


def parse_listing(response: TextResponse, public_url: str) -> list[ListingEntry]:
    """Article links of a listing page in page order (newest first); other links skipped."""
    entries: list[ListingEntry] = []
    seen: set[str] = set()
    for card in response.css(LISTING_ITEM):
        link = card.css(LISTING_LINK)
        # one attribute by XPath: `.attrib` reads them all, and lxml raises on a malformed one
        href = link[0].xpath("@href").get() if link else None
        if not href:
            continue
        url = join_url(public_url, href)
        item_id = article_id_from_url(url) if url else None
        if url is None or item_id is None or url in seen or lang_of_url(url) is None:
            continue
        seen.add(url)
        title = normalize_text(" ".join(link[0].css("::text").getall())).replace("\n", " ")
        date_text = normalize_text(" ".join(card.css(f"{LISTING_DATE} ::text").getall()))
        entries.append(ListingEntry(url, host_of(url), item_id, title, local_or_none(date_text)))
    return entries


def is_old(entry: ListingEntry, known_id: int | None, since: date | None) -> bool:
    """Held already (id at or below the edition's highest held id) or before `since`."""
    if known_id is not None and entry.id <= known_id:
        return True
    return since is not None and entry.published is not None and entry.published.date() < since


def page_back(entries: list[ListingEntry], new: list[ListingEntry], bounded: bool) -> bool:
    """Whether to read the next listing page: a bounded run, a full page, nothing old on it."""
    return bounded and len(entries) >= LISTING_PAGE_SIZE and len(new) == len(entries)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
