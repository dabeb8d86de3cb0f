"""gov.kz news API answers and RSS feeds → PressRelease items. Pure: no I/O.

Why its own module: gov.kz is the origin of the ministry's releases (the ministry's project
`mfa` and one project per mission, `mfa-*`), and its pages are an SPA with no text in the HTML,
so the text comes from the public JSON API or the official RSS (SOURCES.md §1):
- the list `GET /api/v1/public/content-manager/news?...&projects=<filter>&page=<n>&size=<k>
  &lang=<l>` answers a bare JSON array of items (id, title, body HTML, created_date in UTC,
  projects, ...); an empty array ends the paging. One item is one language version; the ru, kk
  and en versions of a release share its id, so the id is the translation group;
- the detail `GET .../news/<id>?lang=<l>` answers one such object (used when a list item comes
  without its body);
- the RSS `GET /api/v1/public/rss/<project>/news/<lang>` carries the same releases (link to the
  web page, pubDate, description = the body HTML): the path when the API refuses us.
The public address of a release is its web page, `.../memleket/entities/<project>/press/news/
details/<id>?lang=<l>`, whichever way it was fetched.

Inferred, to verify live (SOURCES.md §10): that items name their project in a `projects` field
(filters name fields: `created_date=gt:` filters `created_date`, so `projects=eq:mfa` filters
`projects`), and that `projects=contains:mfa` matches every `mfa*` project. Without a project on
the item the parser takes the one the request filtered on (`projects=eq:<p>`), else None: the
spider then asks project by project. Envelopes other than a bare array (`{"content": [...]}`,
GraphQL's `{"data": {"news": [...]}}`) are accepted too. A midnight `created_date` (T00:00:00)
marks an item migrated in 2019-2021 without its real time: flagged "no_publication_time".
Required fields missing → LayoutChanged("gov.kz", field, url); an item with an empty title is
a language version that does not exist (skipped, not an error).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.http import TextResponse

from flows.transform.canonical import canonical_url, govkz_detail, translation_group
from flows.transform.clean import clean_body, html_to_paragraphs, normalize_text
from flows.transform.dates import ASTANA_TZ, parse_dateline
from scrapers.errors import LayoutChanged, ParseError
from scrapers.govkz_projects import is_mfa_project
from scrapers.items import PressRelease
from scrapers.parsing.common import xml_selector

SOURCE = "gov.kz"
BASE = "https://www.gov.kz"
NEWS_API = BASE + "/api/v1/public/content-manager/news"
TICKET_URL = BASE + "/api/v1/public/_/c/k6"
RSS_URL = BASE + "/api/v1/public/rss/{project}/news/{lang}"
ARTICLE_URL = BASE + "/memleket/entities/{project}/press/news/details/{id}?lang={lang}"
LIST_PAGE_URL = BASE + "/memleket/entities/{project}/press/news?lang={lang}"
LANGS = ("ru", "kk", "en")
DEFAULT_LANG = "ru"
NEWS_SECTION = "news"  # /press/news/details/<id>; region-news and article number apart
ALL_MFA_PROJECTS = "contains:mfa"  # [inferred] every mfa* project in one listing
RELEVANCE_REASON = "official source"
FLAG_NO_TIME = "no_publication_time"
MIGRATION_MARK = time(0, 0)  # created_date T00:00:00.000: migrated 2019-2021, time unknown

# The API's field names: its "selectors".
F_ID = "id"
F_TITLE = "title"
F_BODY = "body"
F_CREATED = "created_date"
F_PROJECT = "projects"  # [inferred]
F_SHORT = "short_description"
ENVELOPES = (("content",), ("data", "news"), ("data",))  # tolerated around the bare array
REFUSED = (400, 403)  # "notAllowed" without a ticket; 403 when the site blocks us
NOT_ALLOWED_CODE = "notAllowed"

# RSS 2.0.
FEED_CHANNEL = "/rss/channel"
FEED_ITEM = "/rss/channel/item"
FEED_TITLE_NODE = "title"
FEED_TITLE = "title/text()"
FEED_LINK = "link/text()"
FEED_DATE = "pubDate/text()"
FEED_BODY = "description/text()"

# Social embeds pasted into bodies: their link text ("View this post on Instagram") is no text.
EMBED_RE = re.compile(
    r"<blockquote\b[^>]*\bclass\s*=\s*[\"'][^\"']*\b(?:instagram-media|twitter-tweet|"
    r"tiktok-embed|telegram-post)\b[^>]*>.*?</blockquote\s*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class NewsItem:
    """One language version of a release, as the API or the RSS gives it."""

    id: int
    project: str | None  # None: the answer did not say (a prefix listing without the field)
    lang: str
    title: str
    body_html: str  # "" when the listing left it out (then the detail has it)
    short_description: str
    published: datetime  # aware, UTC


@dataclass(frozen=True)
class Triage:
    """What a listing page holds for this run: the items to keep, and whether to page on."""

    new: list[NewsItem]
    more: bool
    later: int = 0  # items dated on or after the window's `until`: skipped, but not old


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def news_list_url(projects: str, lang: str, page: int, size: int) -> str:
    """The API listing of `projects` (a filter: "eq:mfa", "contains:mfa"), newest first."""
    return (
        f"{NEWS_API}?sort-by=created_date:DESC&projects={projects}"
        f"&page={page}&size={size}&lang={lang}"
    )


def detail_url(item_id: int, lang: str) -> str:
    """The API detail of one language version."""
    return f"{NEWS_API}/{item_id}?lang={lang}"


def rss_url(project: str, lang: str) -> str:
    """The official RSS feed of a project in one language."""
    return RSS_URL.format(project=project, lang=lang)


def article_url(project: str, item_id: int, lang: str) -> str:
    """The public web page of one language version (what items carry)."""
    return ARTICLE_URL.format(project=project, id=item_id, lang=lang)


def api_headers(lang: str, project: str = "mfa") -> dict[str, str]:
    """Headers the site's own client sends with an API request."""
    return {
        "Accept": "application/json",
        "Accept-Language": lang,
        "Referer": LIST_PAGE_URL.format(project=project, lang=lang),
    }


def ticket_headers() -> dict[str, str]:
    """Headers of the ticket POST (SOURCES.md §1.2: JSON content type, the site's origin)."""
    return {"Content-Type": "application/json", "Origin": BASE, "Accept": "application/json"}


# --------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------


def is_refused(response: TextResponse) -> bool:
    """The API would not answer us (no ticket, or blocked): time for the RSS."""
    return response.status in REFUSED


def refusal_code(response: TextResponse) -> str:
    """The error code of a refusal ("notAllowed"), else the HTTP status, for the log."""
    try:
        data = json.loads(response.text)
    except (ValueError, RecursionError):
        return str(response.status)
    code = data.get("code") if isinstance(data, dict) else None
    return str(code or response.status)


def parse_news_list(response: TextResponse, public_url: str) -> list[NewsItem]:
    """The items of an API listing; language and project filter are read from `public_url`."""
    data = _json(response, public_url, "list")
    rows = _unwrap(data)
    if rows is None:
        raise LayoutChanged(SOURCE, "list", public_url)
    lang, project = _list_context(public_url)
    items = (_item(row, lang, project, public_url, need_body=False) for row in rows)
    # gov.kz hosts every state body: a prefix match may bring in a project that is not ours.
    return [i for i in items if i is not None and (i.project is None or is_mfa_project(i.project))]


def parse_detail(response: TextResponse, public_url: str, project: str | None = None) -> NewsItem:
    """The item of an API detail answer; ParseError when that language version is empty."""
    data = _json(response, public_url, "detail")
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data = data["data"]
    if not isinstance(data, dict):
        raise LayoutChanged(SOURCE, "detail", public_url)
    lang, _ = _list_context(public_url)
    item = _item(data, lang, project, public_url, need_body=True)
    if item is None:
        raise ParseError(f"{SOURCE}: no {lang} version at {public_url}")
    return item


def parse_article(
    response: TextResponse, public_url: str, project: str | None = None
) -> PressRelease:
    """The release in an API detail answer; ParseError when it has no text at all."""
    item = parse_detail(response, public_url, project)
    release = release_of(item)
    if release is None:
        raise ParseError(f"{SOURCE}: release {item.id} has no text at {public_url}")
    return release


def parse_feed(response: TextResponse, public_url: str) -> list[NewsItem]:
    """The items of an official RSS feed (newest first, as the feed lists them)."""
    feed_lang = urlsplit(public_url).path.rstrip("/").rsplit("/", 1)[-1]
    selector = xml_selector(response.text)
    if not selector.xpath(FEED_CHANNEL):
        raise LayoutChanged(SOURCE, "channel", public_url)
    out = []
    for node in selector.xpath(FEED_ITEM):
        link = (node.xpath(FEED_LINK).get() or "").strip()
        stamp = (node.xpath(FEED_DATE).get() or "").strip()
        title_node = node.xpath(FEED_TITLE_NODE)
        for field, value in (("link", link), ("pubDate", stamp), ("title", title_node)):
            if not value:
                raise LayoutChanged(SOURCE, field, public_url)
        title = normalize_text(node.xpath(FEED_TITLE).get() or "")
        where = _detail_of(link)
        if where is None or where[1] != NEWS_SECTION or not title:
            continue  # not a news page (an announcement, an external link), or no title
        project, _section, item_id = where
        lang = _lang_of(link) or (feed_lang if feed_lang in LANGS else DEFAULT_LANG)
        body = node.xpath(FEED_BODY).get() or ""
        out.append(NewsItem(item_id, project, lang, title, body, "", _rss_date(stamp, public_url)))
    return out


# --------------------------------------------------------------------------------------------
# Items → releases
# --------------------------------------------------------------------------------------------


def release_of(item: NewsItem, project: str | None = None) -> PressRelease | None:
    """The PressRelease of an item, or None when it carries no text (a photo-only item)."""
    where = item.project or project
    if where is None:
        raise ParseError(f"{SOURCE}: no project known for item {item.id}")
    body = body_text(item.body_html) or body_text(item.short_description)
    if not body:
        return None
    url = article_url(where, item.id, item.lang)
    local_day = _astana_day(item.published)
    dateline = parse_dateline(body, local_day)
    flags = (FLAG_NO_TIME,) if item.published.astimezone(UTC).time() == MIGRATION_MARK else ()
    return PressRelease(
        source=SOURCE,
        url=url,
        canonical_url=canonical_url(url),
        lang=item.lang,
        title=item.title,
        body_text=body,
        published_at=item.published,
        source_item_id=str(item.id),
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        translation_group=translation_group(url),
        relevant=True,
        relevance_reason=RELEVANCE_REASON,
        flags=flags,
    )


def body_text(html: str) -> str:
    """Clean text of a body: embeds, scripts, styles, Word leftovers and captions dropped."""
    if not html or not html.strip():
        return ""
    return clean_body(html_to_paragraphs(EMBED_RE.sub("", html)))


def triage(
    items: Iterable[NewsItem],
    known_max_id: int | None,
    since: date | None,
    until: date | None = None,
) -> Triage:
    """Keep items newer than what is held and in [since, until); page on only if none was old.

    Ids rise, but `created_date` orders the listing and an editor may backdate it, so a known
    id does not end the page: every new item on it is kept, and only the next page is skipped.
    An item dated on or after `until` is not kept, nor old: the listing pages on past it.
    """
    items = list(items)
    fresh = [i for i in items if not _is_old(i, known_max_id, since)]
    new = [i for i in fresh if until is None or _astana_day(i.published) < until]
    return Triage(new, more=bool(items) and len(fresh) == len(items), later=len(fresh) - len(new))


def prefix_usable(items: list[NewsItem] | None, page: int) -> bool:
    """Whether a `projects=contains:mfa` page can be used (inferred filter: checked each time).

    Not when it failed (None), when its first page is empty (the ministry and its missions
    publish daily: an empty answer means the filter matched nothing), or when an item does
    not name its project (its public URL could not be built).
    """
    if items is None or (page == 1 and not items):
        return False
    return all(i.project is not None for i in items)


def _is_old(item: NewsItem, known_max_id: int | None, since: date | None) -> bool:
    if known_max_id is not None and item.id <= known_max_id:
        return True
    return since is not None and _astana_day(item.published) < since


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _json(response: TextResponse, public_url: str, field: str) -> Any:
    try:
        return json.loads(response.text)
    except (ValueError, RecursionError):  # not JSON, or nested past the interpreter's limit
        raise LayoutChanged(SOURCE, field, public_url) from None


def _unwrap(data: Any) -> list[Any] | None:
    """The array of items inside an answer (bare, or in a known envelope), else None."""
    if isinstance(data, list):
        return data
    for path in ENVELOPES:
        node = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, list):
            return node
    return None


def _list_context(public_url: str) -> tuple[str, str | None]:
    """(language, project) a request asked for: `lang=`, and the project of `projects=eq:<p>`."""
    query = parse_qs(urlsplit(public_url).query)
    lang = (query.get("lang") or [DEFAULT_LANG])[0]
    op, _, value = (query.get("projects") or [""])[0].rpartition(":")
    project = value if op in ("", "eq") and value else None
    return (lang if lang in LANGS else DEFAULT_LANG), project


def _item(
    row: Any, lang: str, project: str | None, public_url: str, need_body: bool
) -> NewsItem | None:
    if not isinstance(row, Mapping):
        raise LayoutChanged(SOURCE, "item", public_url)
    for field in (F_ID, F_TITLE, F_CREATED) + ((F_BODY,) if need_body else ()):
        if field not in row:
            raise LayoutChanged(SOURCE, field, public_url)
    item_id = _int(row[F_ID])
    if item_id is None:
        raise LayoutChanged(SOURCE, F_ID, public_url)
    title = normalize_text(str(row[F_TITLE] or ""))
    if not title:
        return None  # this language version does not exist
    return NewsItem(
        id=item_id,
        project=_project(row.get(F_PROJECT)) or project,
        lang=lang,
        title=title,
        body_html=str(row.get(F_BODY) or ""),
        short_description=str(row.get(F_SHORT) or ""),
        published=_created(row[F_CREATED], public_url),
    )


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _project(value: Any) -> str | None:
    """The mfa project an item names (a slug, or a list of slugs), else None."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    slugs = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    return next((s for s in slugs if is_mfa_project(s)), slugs[0] if slugs else None)


def _created(value: Any, public_url: str) -> datetime:
    """`created_date` as an aware UTC datetime (the API writes UTC; a bare stamp is UTC too)."""
    try:
        stamp = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise LayoutChanged(SOURCE, F_CREATED, public_url) from None
    return _as_utc(stamp, F_CREATED, public_url)


def _rss_date(value: str, public_url: str) -> datetime:
    try:
        stamp = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        raise LayoutChanged(SOURCE, "pubDate", public_url) from None
    return _as_utc(stamp, "pubDate", public_url)


def _as_utc(stamp: datetime, field: str, public_url: str) -> datetime:
    """A stamp as aware UTC (a bare one is UTC); out of the calendar's range, unreadable."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    try:
        return stamp.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 shifted past the calendar's edge
        raise LayoutChanged(SOURCE, field, public_url) from None


def _astana_day(stamp: datetime) -> date:
    """The Astana calendar day of a UTC stamp (its UTC day at the calendar's very end)."""
    try:
        return stamp.astimezone(ASTANA_TZ).date()
    except OverflowError:
        return stamp.date()


def _detail_of(link: str) -> tuple[str, str, int] | None:
    """(project, section, id) of a feed link; None for a malformed one (a bad host or port)."""
    try:
        return govkz_detail(link)
    except ValueError:
        return None


def _lang_of(url: str) -> str | None:
    lang = (parse_qs(urlsplit(url).query).get("lang") or [""])[0].lower()
    lang = {"kz": "kk"}.get(lang, lang)
    return lang if lang in LANGS else None
