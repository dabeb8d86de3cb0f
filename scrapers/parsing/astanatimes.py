"""The Astana Times (astanatimes.com) pages → PressRelease items and feed entries. Pure: no I/O.

Why its own module: the Astana Times is the English outlet that rewrites the ministry's releases
in its own words ("ASTANA – ... the Kazakh Foreign Minister’s press service reported"), so its
items are the rewrites the dedup has to tie to their origin. Its only cheap entry is a
WordPress feed of the newest 10 posts that turns over in about 11 hours (SOURCES.md §4): the
spider reads it often and fetches the posts it does not hold. Two WordPress facts shape this
module:
- the post id (`?p=<id>` in the feed's guid and the page's shortlink) is given when a draft is
  created, not when it is published, so ids are not in publication order: a post drafted
  earlier can appear in the feed after newer ids. `is_new` therefore also takes the feed's
  previous Last-Modified: anything published after it is new whatever its id;
- the article markup (`h1.entry-title`, `time.entry-date[datetime]`, `div.entry-content`) is a
  WordPress theme's usual markup, not recorded from the live site [inferred], so every field
  has a fallback (Open Graph / article meta, JSON-LD) and the body is the content block minus
  widgets rather than a fixed list of paragraphs.

Required fields missing → LayoutChanged("astanatimes.com", field, url); never a half item.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree
from scrapy.http import TextResponse

from flows.transform.attribution import mfa_relevance
from flows.transform.canonical import canonical_url
from flows.transform.clean import clean_body, find_source_link, html_to_paragraphs, normalize_text
from flows.transform.dates import ASTANA_TZ, parse_dateline
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing.common import (
    first_text,
    join_url,
    json_ld_values,
    local_or_none,
    xml_selector,
)

SOURCE = "astanatimes.com"
LANG = "en"
BASE = "https://astanatimes.com"
FEED_URL = f"{BASE}/feed/"

# --- article page ----------------------------------------------------------------------------
TITLE = "h1.entry-title"
TITLE_FALLBACK = "meta[property='og:title']::attr(content)"
PUBLISHED = "time.entry-date.published::attr(datetime), time.entry-date::attr(datetime)"
PUBLISHED_TEXT = "time.entry-date"
PUBLISHED_META = "meta[property='article:published_time']::attr(content)"
MODIFIED = "time.updated::attr(datetime), meta[property='article:modified_time']::attr(content)"
CONTENT = "div.entry-content"
CAPTION = "div.entry-content figcaption, div.entry-content .wp-caption-text"
SHORTLINK = "link[rel='shortlink']::attr(href)"
ARTICLE_ID = "article[id^='post-']::attr(id)"
BODY_CLASS = "body::attr(class)"
# Inside div.entry-content, everything that is not the post's text: media and captions, the
# newsletter box, Jetpack share buttons and related posts, ads, embeds, forms and scripts.
NOT_BODY_XPATH = (
    ".//script | .//style | .//noscript | .//iframe | .//form | .//figure | .//img | .//ins"
    " | .//*[contains(@class, 'caption') or contains(@class, 'sharedaddy')"
    " or contains(@class, 'share') or contains(@class, 'relatedposts')"
    " or contains(@class, 'related') or contains(@class, 'newsletter')"
    " or contains(@class, 'subscribe') or contains(@class, 'author-box')"
    " or contains(@class, 'code-block') or contains(@class, 'adv')]"
    " | .//*[@id='jp-relatedposts']"
)

# --- feed ------------------------------------------------------------------------------------
FEED_ITEM = "//channel/item"
POST_ID_RE = re.compile(r"(?:^|[?&])p=(\d+)(?:&|$)")
POST_ID_ATTR_RE = re.compile(r"\bpost(?:id)?-(\d+)\b")
ARTICLE_PATH_RE = re.compile(r"^/\d{4}/\d{2}/[^/]+/?$")
FEED_PAGE_SIZE = 10  # [note] the feed carries the newest 10 posts


@dataclass(frozen=True)
class FeedEntry:
    """A post as the feed lists it."""

    url: str  # the real public URL of the post
    post_id: int | None  # WordPress post id from the guid (`?p=<id>`), None if not given
    title: str
    published: datetime | None  # aware, Astana time


# --------------------------------------------------------------------------------------------
# Feed
# --------------------------------------------------------------------------------------------


def feed_page_url(page: int) -> str:
    """The real URL of a feed page (1 = /feed/; older posts at /feed/?paged=N [inferred])."""
    return FEED_URL if page <= 1 else f"{FEED_URL}?paged={page}"


def parse_feed(response: TextResponse, public_url: str) -> list[FeedEntry]:
    """The feed's posts in feed order (newest first); items without an article link skipped."""
    selector = xml_selector(response.text)
    selector.remove_namespaces()
    entries: list[FeedEntry] = []
    for item in selector.xpath(FEED_ITEM):
        link = (item.xpath("link/text()").get() or "").strip()
        guid = (item.xpath("guid/text()").get() or "").strip()
        url = join_url(public_url, link or guid)
        if url is None or not ARTICLE_PATH_RE.match(urlsplit(url).path):
            continue
        title = normalize_text(item.xpath("title/text()").get() or "").replace("\n", " ")
        published = parse_http_date(item.xpath("pubDate/text()").get() or "")
        entries.append(FeedEntry(url, post_id_from_url(guid), title, published))
    return entries


def is_new(
    entry: FeedEntry,
    known_max_id: int | None,
    seen_until: datetime | None,
    since: date | None,
) -> bool:
    """Whether a feed entry is worth fetching in an incremental or backfill run.

    New: not before `since`, and either above the highest post id held, or published after
    the feed's previous Last-Modified (`seen_until`): a post drafted long ago gets a low id but
    can still be published after the last crawl. Without `known_max_id` everything is new.
    """
    if since is not None and entry.published is not None and entry.published.date() < since:
        return False
    if known_max_id is None or entry.post_id is None:
        return True
    if entry.post_id > known_max_id:
        return True
    return seen_until is not None and entry.published is not None and entry.published > seen_until


def page_back(entries: list[FeedEntry], new: list[FeedEntry], bounded: bool) -> bool:
    """Whether to read the next feed page: only in a bounded run, while nothing here was old.

    A full page of new posts in an incremental run means the feed turned over since the last
    crawl (a gap); in a backfill it means `since` is not reached yet.
    """
    return bounded and len(entries) >= FEED_PAGE_SIZE and len(new) == len(entries)


def post_id_from_url(url: str) -> int | None:
    """The post id of a WordPress shortlink or guid (`https://astanatimes.com/?p=172318`)."""
    try:
        query = urlsplit(url).query
    except ValueError:  # a malformed host in the guid
        return None
    m = POST_ID_RE.search(query)
    return int(m.group(1)) if m else None


def parse_http_date(text: str) -> datetime | None:
    """An RFC 822 date (feed pubDate, Last-Modified) as Astana time; None when unreadable."""
    try:
        value = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(ASTANA_TZ)
    except OverflowError:  # the edges of the calendar (year 1, year 9999) in another zone
        return None


# --------------------------------------------------------------------------------------------
# Article
# --------------------------------------------------------------------------------------------


def parse_article(response: TextResponse, public_url: str) -> PressRelease:
    """The post on an Astana Times article page."""
    if response.status >= 400:
        raise ParseError(f"{SOURCE}: HTTP {response.status} at {public_url}")
    title = parse_title(response, public_url)
    published_at, exact = parse_published(response, public_url)
    caption = first_text(response, CAPTION)
    paragraphs = body_paragraphs(response, public_url)
    body = clean_body(paragraphs)
    if not body:
        raise LayoutChanged(SOURCE, "body", public_url)
    flags: list[str] = []
    if not exact:
        flags.append("no_publication_time")
    dateline = parse_dateline(body, published_at.date())
    if dateline is None:
        flags.append("no_dateline")
    post_id = parse_post_id(response)
    if post_id is None:
        flags.append("no_post_id")
    modified = _modified(response)
    relevance = mfa_relevance(title, body)
    return PressRelease(
        source=SOURCE,
        url=public_url,
        canonical_url=canonical_url(public_url),
        lang=LANG,
        title=title,
        body_text=body,
        published_at=published_at,
        source_item_id=str(post_id) if post_id is not None else None,
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        caption=caption,
        updated=modified is not None and modified > published_at,
        cited_source_url=find_source_link(body),
        relevant=relevance.relevant,
        relevance_reason=relevance.reason,
        flags=tuple(flags),
    )


def parse_title(response: TextResponse, public_url: str) -> str:
    """The headline (the page's h1; the Open Graph title only when the h1 is empty)."""
    text = normalize_text(" ".join(response.css(f"{TITLE} ::text").getall())).replace("\n", " ")
    if not text and response.css(TITLE):
        text = normalize_text(response.css(TITLE_FALLBACK).get() or "")
    if not text:
        raise LayoutChanged(SOURCE, "title", public_url)
    return text


def parse_published(response: TextResponse, public_url: str) -> tuple[datetime, bool]:
    """Publication time (aware, Astana) and whether it has a time of day.

    Order: the byline's time[datetime], the article:published_time meta, JSON-LD
    datePublished, then the byline's visible date ("3 March 2026", midnight: not exact).
    """
    candidates = [
        *response.css(PUBLISHED).getall(),
        *response.css(PUBLISHED_META).getall(),
        *json_ld_values(response, "datePublished"),
    ]
    for text in candidates:
        value = local_or_none(text)
        if value is not None:
            return value, True
    for node in response.css(PUBLISHED_TEXT):
        value = local_or_none(normalize_text(" ".join(node.css("::text").getall())))
        if value is not None:
            return value, False
    raise LayoutChanged(SOURCE, "published_at", public_url)


def body_paragraphs(response: TextResponse, public_url: str) -> list[str]:
    """The paragraphs of the content block, widgets, captions, embeds and scripts removed."""
    content = response.css(CONTENT)
    if not content:
        raise LayoutChanged(SOURCE, "body", public_url)
    root = copy.deepcopy(content[0].root)
    for element in root.xpath(NOT_BODY_XPATH):
        element.clear(keep_tail=True)
    return html_to_paragraphs(etree.tostring(root, encoding="unicode", method="html"))


def parse_post_id(response: TextResponse) -> int | None:
    """The WordPress post id: shortlink, else the article's or body's post class."""
    shortlink = response.css(SHORTLINK).get()
    if shortlink:
        post_id = post_id_from_url(shortlink)
        if post_id is not None:
            return post_id
    for text in (response.css(ARTICLE_ID).get(), response.css(BODY_CLASS).get()):
        m = POST_ID_ATTR_RE.search(text or "")
        if m:
            return int(m.group(1))
    return None


def _modified(response: TextResponse) -> datetime | None:
    for text in response.css(MODIFIED).getall():
        value = local_or_none(text)
        if value is not None:
            return value
    return None
