"""kt.kz (Kazakhstan Today) pages → PressRelease items and listing entries. Pure: no I/O.

Why its own module: kt.kz is where the ministry's releases reach readers as multi-embassy
digests, in three language versions (SOURCES.md §2). Its page has traps a generic extractor falls
into: the meta line carries a views counter right after the time ("27.02.2026, 13:04 6956"),
the photo caption and the share widget ("Tell a friend") sit inside the content block before
the body, titles may end with the status word "Дополнено" (updated), the body's dateline has
no year, and a URL slug may not match the page (never derive anything but the id from it).

The response passed in may come from the offline snapshot; `public_url` is always the real
site's URL, and it is what items carry. Required fields missing → LayoutChanged("kt.kz", ...).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from scrapy.http import TextResponse

from flows.transform.attribution import mfa_relevance
from flows.transform.clean import clean_body, find_source_link, html_to_paragraphs, normalize_text
from flows.transform.dates import DateParseError, parse_dateline, parse_local_datetime
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing.common import first_text, join_url, local_or_none, rfc822_astana, xml_selector

SOURCE = "kt.kz"

# --- article page ----------------------------------------------------------------------------
TITLE = "header.page-heading > h1"
META = "div.page-meta"
META_PARTS = "div.page-meta > span"  # the date span, then the views counter
CONTENT = "div.page-content"
CAPTION = "div.page-content figcaption, div.page-content [class*='caption']"  # "Фото: МИД РК"
# Inside div.page-content, everything that is not the release's text.
NOT_BODY_XPATH = (
    ".//script | .//style | .//noscript | .//iframe | .//figure | .//img"
    " | .//*[contains(@class, 'caption') or contains(@class, 'image') or contains(@class, 'share')"
    " or contains(@class, 'social') or contains(@class, 'adv') or contains(@class, 'banner')"
    " or contains(@class, 'related') or contains(@class, 'tags') or contains(@class, 'subscribe')]"
)
# Words appended to a headline when the page was changed after publication.
UPDATED_SUFFIX_RE = re.compile(r"\s*[(\[]?\s*(?:Дополнено|Обновлено)\s*[)\]]?\s*$", re.IGNORECASE)
VIEWS_RE = re.compile(r"^\d[\d\s\u00a0]*$")

# --- listings and feeds ----------------------------------------------------------------------
LISTING_ITEM = ".news-list__item > article"  # [code] the home-page block of kt.kz
LISTING_LINK = "a.news__overlay-link"
LISTING_DATE = ".news__date"
# [inferred] no evidence of kt.kz pagination: a rel=next link, or a link classed "next".
NEXT_PAGE = "a[rel~='next']::attr(href), .pagination a[class*='next']::attr(href)"
FEED_ITEM = "//channel/item"

ARTICLE_ID_RE = re.compile(r"(?:^|[/_])(\d{10})\.html$")
LANG_OF_SEGMENT = {"rus": "ru", "eng": "en", "kaz": "kk"}


class PageMissing(ParseError):
    """The site answered with its "not found" page: no article, and no layout change either."""


@dataclass(frozen=True)
class ListingEntry:
    """A link to an article as a listing or feed shows it."""

    url: str  # the real public URL
    id: int  # kt.kz's 10-digit id from the URL
    title: str
    published: datetime | None  # Astana time when the listing shows it


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def article_id_from_url(url: str) -> int | None:
    """The 10-digit kt.kz id at the end of an article URL, or None for other pages."""
    m = ARTICLE_ID_RE.search(urlsplit(url).path)
    return int(m.group(1)) if m else None


def canonical_url(url: str) -> str:
    """The URL without query and fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def lang_of_url(url: str) -> str | None:
    """ru | en | kk from the /rus/, /eng/, /kaz/ segment (the page's language version)."""
    segment = urlsplit(url).path.strip("/").split("/")[0]
    return LANG_OF_SEGMENT.get(segment)


# --------------------------------------------------------------------------------------------
# Article
# --------------------------------------------------------------------------------------------


def parse_article(response: TextResponse, public_url: str) -> PressRelease:
    """The press release on a kt.kz article page."""
    if response.status == 404:
        raise PageMissing(f"{SOURCE}: page not found: {public_url}")
    lang = lang_of_url(public_url)
    if lang is None:
        raise ParseError(f"{SOURCE}: no language segment in {public_url}")
    title, updated = parse_title(response, public_url)
    published_at, views = parse_meta(response, public_url)
    caption = first_text(response, CAPTION)
    paragraphs = body_paragraphs(response, public_url)
    if caption:
        paragraphs = [p for p in paragraphs if normalize_text(p) != caption]
    body = clean_body(paragraphs)
    if not body:
        raise LayoutChanged(SOURCE, "body", public_url)
    flags: list[str] = []
    dateline = parse_dateline(body, published_at.date())
    if dateline is None:
        flags.append("no_dateline")
    if views is None:
        flags.append("no_views")
    if caption is None:
        flags.append("no_caption")
    item_id = article_id_from_url(public_url)
    relevance = mfa_relevance(title, body)
    return PressRelease(
        source=SOURCE,
        url=public_url,
        canonical_url=canonical_url(public_url),
        lang=lang,
        title=title,
        body_text=body,
        published_at=published_at,
        source_item_id=str(item_id) if item_id is not None else None,
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        caption=caption,
        views=views,
        updated=updated,
        cited_source_url=find_source_link(body),
        relevant=relevance.relevant,
        relevance_reason=relevance.reason,
        flags=tuple(flags),
    )


def parse_title(response: TextResponse, public_url: str) -> tuple[str, bool]:
    """The headline without its status suffix, and whether the page says it was updated."""
    heading = response.css(TITLE)
    text = normalize_text(" ".join(heading.css("::text").getall())).replace("\n", " ")
    title = UPDATED_SUFFIX_RE.sub("", text).strip()
    if not title:
        raise LayoutChanged(SOURCE, "title", public_url)
    return title, title != text


def parse_meta(response: TextResponse, public_url: str) -> tuple[datetime, int | None]:
    """Publication time (aware, Astana) and the views counter, never mixed into each other."""
    parts = [normalize_text(" ".join(s.css("::text").getall())) for s in response.css(META_PARTS)]
    published: datetime | None = None
    views: int | None = None
    for text in parts:
        if published is None:
            try:
                published = parse_local_datetime(text)
                continue
            except DateParseError:
                pass
        if published is not None and views is None and VIEWS_RE.match(text):
            views = int(re.sub(r"\D", "", text))
    if published is None:
        # The counter may be a bare text node after the date ("27.02.2026, 13:04 6956").
        whole = normalize_text(" ".join(response.css(f"{META} ::text").getall()))
        try:
            published = parse_local_datetime(whole) if whole else None
        except DateParseError:
            published = None
        if published is not None:
            tail = re.search(r"\d{1,2}:\d{2}\s+(\d[\d\s]*)$", whole)
            views = int(re.sub(r"\D", "", tail.group(1))) if tail else None
    if published is None:
        raise LayoutChanged(SOURCE, "published_at", public_url)
    return published, views


def body_paragraphs(response: TextResponse, public_url: str) -> list[str]:
    """The paragraphs of the content block, captions, widgets, ads and scripts removed."""
    content = response.css(CONTENT)
    if not content:
        raise LayoutChanged(SOURCE, "body", public_url)
    root = copy.deepcopy(content[0].root)
    for element in root.xpath(NOT_BODY_XPATH):
        _blank(element)
    return html_to_paragraphs(etree.tostring(root, encoding="unicode", method="html"))


def _blank(element: etree._Element) -> None:
    """Empty an element but keep it (a block still separates paragraphs) and its tail."""
    element.clear(keep_tail=True)


# --------------------------------------------------------------------------------------------
# Listings and feeds
# --------------------------------------------------------------------------------------------


def parse_listing(response: TextResponse, public_url: str) -> list[ListingEntry]:
    """Article links of a rubric listing, in page order (newest first on kt.kz)."""
    entries: list[ListingEntry] = []
    for card in response.css(LISTING_ITEM):
        href = card.css(f"{LISTING_LINK}::attr(href)").get()
        if not href:
            continue
        url = join_url(public_url, href)
        item_id = article_id_from_url(url) if url else None
        if url is None or item_id is None:
            continue
        title = normalize_text(" ".join(card.css(f"{LISTING_LINK} ::text").getall()))
        date_text = normalize_text(" ".join(card.css(f"{LISTING_DATE} ::text").getall()))
        entries.append(
            ListingEntry(url, item_id, title.replace("\n", " "), local_or_none(date_text))
        )
    return entries


def next_page_url(response: TextResponse, public_url: str) -> str | None:
    """The real URL of the listing's next page, or None on the last page."""
    href = response.css(NEXT_PAGE).get()
    if not href:
        return None
    url = join_url(public_url, href)
    return None if url == public_url else url


def parse_feed(response: TextResponse, public_url: str) -> list[ListingEntry]:
    """Article links of an RSS 2.0 feed, in feed order."""
    selector = xml_selector(response.text)
    entries: list[ListingEntry] = []
    for item in selector.xpath(FEED_ITEM):
        link = (item.xpath("link/text()").get() or item.xpath("guid/text()").get() or "").strip()
        if not link:
            continue
        url = join_url(public_url, link)
        item_id = article_id_from_url(url) if url else None
        if url is None or item_id is None:
            continue
        title = normalize_text(item.xpath("title/text()").get() or "").replace("\n", " ")
        published = rfc822_astana(item.xpath("pubDate/text()").get() or "")
        entries.append(ListingEntry(url, item_id, title, published))
    return entries
