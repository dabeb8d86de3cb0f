"""kt.kz (Kazakhstan Today) as the offline snapshot serves it: pages shaped like the real site.

Why a renderer and not stored pages: no machine here reaches kt.kz, so the pages are built from
the article data in `scrapers/snapshot/data/ktkz/` (one JSON per article) in the shapes
SOURCES.md §2 records. What is evidence and what is invented is marked:
- article URL `/{rus|eng|kaz}/{rubric}/{slug}_{10-digit id}.html`, `header.page-heading > h1`,
  `div.page-meta > span` with `DD.MM.YYYY, HH:MM` then a views counter, `div.page-content` with
  a photo caption, the share widget ("Tell a friend" on English pages), then the body opening
  with a yearless dateline [page + code];
- body text as text nodes separated by `<br>` inside a `div` (the only body XPath on record is
  `page-content/div/text()`), some pages with `<p>` instead [inferred: both kept, so parsers
  stay tolerant];
- listing cards `.news-list__item > article` with `a.news__overlay-link` and `.news__date`
  [code: the home-page block]; the `?page=N` pager, its page size and rubric listings of
  `/kaz/` [inferred: SOURCES.md has no evidence of listing pagination];
- RSS 2.0 at `/rus/rss`, `/eng/rss`, `/kaz/rss/` with the newest 20 items [code; `/rus/rss`
  inferred];
- site chrome (nav, cookie banner, scripts, related news, footer) [inferred, generic].
Links are absolute real URLs (https://www.kt.kz/...), as on the real site. The renderer is pure:
the same request always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from scrapers.snapshot.site import Reply, Request

BASE = "https://www.kt.kz"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "ktkz"
ASTANA = ZoneInfo("Asia/Almaty")
PAGE_SIZE = 10  # [inferred] listing cards per page
FEED_SIZE = 20  # newest items in each RSS feed
RELATED_SIZE = 3
UPDATED_SUFFIX = "Дополнено"  # [page] "... Внешняя политика Дополнено"

SEGMENT = {"ru": "rus", "en": "eng", "kk": "kaz"}
LANG_OF_SEGMENT = {v: k for k, v in SEGMENT.items()}
# Rubric slugs per language and their menu labels ([page/code] for rus and eng; kaz inferred).
RUBRICS: dict[str, dict[str, str]] = {
    "rus": {
        "politics": "Политика",
        "state": "Государство",
        "society": "Общество",
        "reviews": "Обзоры",
        "press-materialy": "Пресс-материалы",
    },
    "eng": {
        "politics": "Politics",
        "international_affair": "International affairs",
        "society": "Society",
        "government": "Government",
    },
    "kaz": {"politics": "Саясат", "society": "Қоғам"},
}
CHROME: dict[str, dict[str, str]] = {
    "rus": {
        "share": "Поделиться",
        "related": "Читайте также",
        "cookie": "Мы используем файлы cookie, чтобы сайт работал лучше. Оставаясь на сайте, "
        "вы соглашаетесь с условиями их использования.",
        "accept": "Принять",
        "footer": "© 2000-2026 Kazakhstan Today. Все права защищены. При использовании "
        "материалов гиперссылка на kt.kz обязательна.",
        "all": "Все новости",
        "not_found": "Страница не найдена",
        "popular": "Популярное",
        "tags": "Теги",
        "tag": "МИД РК",
        "feed_title": "Kazakhstan Today - новости",
    },
    "eng": {
        "share": "Tell a friend",
        "related": "Read also",
        "cookie": "We use cookies to make the site work better. By staying on the site you "
        "accept their use.",
        "accept": "Accept",
        "footer": "© 2000-2026 Kazakhstan Today. All rights reserved. A hyperlink to kt.kz "
        "is required when using materials.",
        "all": "All news",
        "not_found": "Page not found",
        "popular": "Popular",
        "tags": "Tags",
        "tag": "MFA",
        "feed_title": "Kazakhstan Today - news",
    },
    "kaz": {
        "share": "Бөлісу",
        "related": "Оқи отырыңыз",
        "cookie": "Сайт жақсы жұмыс істеуі үшін cookie файлдарын қолданамыз. Сайтта қалу "
        "арқылы сіз оларды пайдалану шарттарымен келісесіз.",
        "accept": "Келісемін",
        "footer": "© 2000-2026 Kazakhstan Today. Барлық құқықтар қорғалған.",
        "all": "Барлық жаңалықтар",
        "not_found": "Бет табылмады",
        "popular": "Танымал",
        "tags": "Тегтер",
        "tag": "СІМ",
        "feed_title": "Kazakhstan Today - жаңалықтар",
    },
}
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\n"
ANALYTICS_JS = (
    "window.dataLayer = window.dataLayer || [];"
    "function gtag(){dataLayer.push(arguments);}gtag('js', new Date());gtag('config', 'G-KTKZ');"
)
AD_JS = "(adsbygoogle = window.adsbygoogle || []).push({});"

_ARTICLE_PATH = re.compile(r"^/(rus|eng|kaz)/([\w-]+)/([a-z0-9_]*?)_?(\d{10})\.html$")
_LISTING_PATH = re.compile(r"^/(rus|eng|kaz)/([\w-]+)/?$")
_HOME_PATH = re.compile(r"^/(?:(rus|eng|kaz)/?)?$")
_FEED_PATH = re.compile(r"^/(rus|eng|kaz)/rss/?$")


@dataclass(frozen=True)
class SnapshotArticle:
    """One article of the snapshot data (the fields of a data/ktkz/<id>.json file)."""

    id: int
    lang: str
    rubric: str
    slug: str
    title: str
    published: str  # Astana local "DD.MM.YYYY, HH:MM", as the page prints it
    views: int
    caption: str | None
    image: str | None
    updated: bool
    markup: str  # "br" | "p": how the body paragraphs are marked up
    kind: str
    mfa: bool
    translation_group: str | None
    note: str
    paragraphs: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SnapshotArticle:
        """Build from a data file's JSON object."""
        return cls(
            id=int(data["id"]),
            lang=data["lang"],
            rubric=data["rubric"],
            slug=data["slug"],
            title=data["title"],
            published=data["published"],
            views=int(data["views"]),
            caption=data.get("caption"),
            image=data.get("image"),
            updated=bool(data.get("updated")),
            markup=data.get("markup", "br"),
            kind=data["kind"],
            mfa=bool(data["mfa"]),
            translation_group=data.get("translation_group"),
            note=data.get("note", ""),
            paragraphs=tuple(data["paragraphs"]),
        )

    @property
    def segment(self) -> str:
        return SEGMENT[self.lang]

    @property
    def path(self) -> str:
        return f"/{self.segment}/{self.rubric}/{self.slug}_{self.id}.html"

    @property
    def url(self) -> str:
        """The real public URL of the page."""
        return BASE + self.path

    @property
    def published_at(self) -> datetime:
        return datetime.strptime(self.published, "%d.%m.%Y, %H:%M").replace(tzinfo=ASTANA)

    @property
    def shown_title(self) -> str:
        """The headline as the page shows it (with the status suffix when updated)."""
        return f"{self.title} {UPDATED_SUFFIX}" if self.updated else self.title


def load_articles(data_dir: Path = DATA_DIR) -> list[SnapshotArticle]:
    """Every article of the snapshot, newest first."""
    articles = [
        SnapshotArticle.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(data_dir.glob("*.json"))
    ]
    return sorted(articles, key=lambda a: a.id, reverse=True)


class KtKzSite:
    """The snapshot of https://www.kt.kz: a pure request -> reply function over the data."""

    source = "kt.kz"
    origins = (BASE,)

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.articles = load_articles(data_dir)
        self._by_id = {a.id: a for a in self.articles}

    # --- routing ---------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        """The reply the real site would give to this request (as far as it is known)."""
        if request.method not in ("GET", "HEAD"):
            return Reply(405, b"", {"Allow": "GET, HEAD"})
        path = request.path or "/"
        if path == "/robots.txt":
            return Reply(200, ROBOTS_TXT.encode(), {"Content-Type": "text/plain; charset=utf-8"})
        if path.startswith("/admin"):
            return Reply.html(self._not_found_page("rus"), 403)
        m = _FEED_PATH.match(path)
        if m:
            return Reply.xml(self._feed(m.group(1)))
        m = _ARTICLE_PATH.match(path)
        if m:
            return self._article_reply(m.group(1), m.group(2), m.group(3), int(m.group(4)))
        page = _page_number(request.query)
        m = _HOME_PATH.match(path)
        if m:
            return self._listing_reply(m.group(1) or "rus", None, page)
        m = _LISTING_PATH.match(path)
        if m and (m.group(2) == "all" or m.group(2) in RUBRICS[m.group(1)]):
            rubric = None if m.group(2) == "all" else m.group(2)
            return self._listing_reply(m.group(1), rubric, page)
        segment = path.strip("/").split("/")[0]
        return Reply.html(self._not_found_page(segment if segment in CHROME else "rus"), 404)

    def _article_reply(self, segment: str, rubric: str, slug: str, item_id: int) -> Reply:
        article = self._by_id.get(item_id)
        if article is None or (article.segment, article.rubric, article.slug) != (
            segment,
            rubric,
            slug,
        ):
            return Reply.html(self._not_found_page(segment), 404)
        return Reply.html(self.article_page(article))

    def _listing_reply(self, segment: str, rubric: str | None, page: int | None) -> Reply:
        entries = [
            a
            for a in self.articles
            if a.segment == segment and (rubric is None or a.rubric == rubric)
        ]
        pages = max(1, -(-len(entries) // PAGE_SIZE))
        if page is None or page > pages:
            return Reply.html(self._not_found_page(segment), 404)
        return Reply.html(self.listing_page(segment, rubric, entries, page, pages))

    # --- pages -----------------------------------------------------------------------------

    def article_page(self, a: SnapshotArticle) -> str:
        """The article page HTML."""
        chrome = CHROME[a.segment]
        related = [r for r in self.articles if r.lang == a.lang and r.id < a.id][:RELATED_SIZE]
        image = ""
        if a.image:
            image = (
                '<div class="page-image">'
                f'<img src="{BASE}/neofiles/serve-image/{a.image}/738x473/c1" '
                f'alt="{escape(a.title)}" width="738" height="473">'
                f'<div class="page-image__caption">{escape(a.caption or "")}</div></div>'
            )
        share = (
            f'<div class="share-block"><span class="share-block__title">{chrome["share"]}</span>'
            f'<a class="share-block__link" href="https://www.facebook.com/sharer/sharer.php?u='
            f'{a.url}" rel="nofollow">Facebook</a> '
            f'<a class="share-block__link" href="https://t.me/share/url?url={a.url}" '
            'rel="nofollow">Telegram</a> '
            f'<a class="share-block__link" href="https://wa.me/?text={a.url}" '
            'rel="nofollow">WhatsApp</a></div>'
        )
        tags = (
            f'<div class="page-tags">{chrome["tags"]}: '
            f'<a href="{BASE}/{a.segment}/archive_tags/{escape(chrome["tag"])}">'
            f"{escape(chrome['tag'])}</a></div>"
        )
        suffix = f' <span class="page-heading__status">{UPDATED_SUFFIX}</span>' if a.updated else ""
        heading = f'<header class="page-heading"><h1>{escape(a.title)}{suffix}</h1></header>'
        meta = (
            f'<div class="page-meta"><span>{a.published}</span> '
            '<span class="page-meta__views"><svg class="icon icon-eye" aria-hidden="true">'
            f'<use xlink:href="#icon-eye"></use></svg>{a.views}</span></div>'
        )
        related_html = "".join(
            f'<li><a href="{r.url}">{escape(r.shown_title)}</a> '
            f'<span class="news__date">{r.published}</span></li>'
            for r in related
        )
        main = (
            '<article class="page">'
            f"{meta}{heading}"
            f'<div class="page-content">{image}{share}{_body_html(a)}{tags}</div>'
            "</article>"
            f'<section class="related-news"><h3>{chrome["related"]}</h3>'
            f"<ul>{related_html}</ul></section>"
        )
        return self._layout(a.segment, a.shown_title, a.url, main)

    def listing_page(
        self,
        segment: str,
        rubric: str | None,
        entries: list[SnapshotArticle],
        page: int,
        pages: int,
    ) -> str:
        """A rubric (or all-news) listing page, newest first."""
        chrome = CHROME[segment]
        base_url = f"{BASE}/{segment}/{rubric or 'all'}"
        title = RUBRICS[segment][rubric] if rubric else chrome["all"]
        shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        cards = "".join(
            '<div class="col-md-6 news-list__item"><article class="news">'
            f'<img class="news__image" src="{BASE}/neofiles/serve-image/{a.image or "0" * 24}'
            '/360x230/c1" alt="">'
            f'<div class="news__date">{a.published}</div>'
            f'<h3 class="news__title">{escape(a.shown_title)}</h3>'
            f'<a class="news__overlay-link" href="{a.url}">{escape(a.shown_title)}</a>'
            "</article></div>"
            for a in shown
        )
        main = (
            f'<h1 class="rubric-title">{escape(title)}</h1>'
            f'<div class="row news-list">{cards}</div>{_pager(base_url, page, pages)}'
        )
        url = base_url if page == 1 else f"{base_url}?page={page}"
        return self._layout(segment, title, url, main)

    def _feed(self, segment: str) -> str:
        lang = LANG_OF_SEGMENT[segment]
        items = [a for a in self.articles if a.lang == lang][:FEED_SIZE]
        chrome = CHROME[segment]
        feed_url = f"{BASE}/{segment}/rss" + ("/" if segment == "kaz" else "")
        body = "".join(
            "<item>"
            f"<title>{escape(a.shown_title)}</title>"
            f"<link>{a.url}</link>"
            f'<guid isPermaLink="true">{a.url}</guid>'
            f"<description>{escape(_lead(a))}</description>"
            f"<category>{escape(RUBRICS[segment][a.rubric])}</category>"
            f"<pubDate>{format_datetime(a.published_at)}</pubDate>"
            "</item>"
            for a in items
        )
        last = format_datetime(items[0].published_at) if items else ""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{escape(chrome['feed_title'])}</title><link>{BASE}/{segment}</link>"
            f"<description>{escape(chrome['feed_title'])}</description><language>{lang}</language>"
            f'<atom:link href="{feed_url}" rel="self" type="application/rss+xml"/>'
            f"<lastBuildDate>{last}</lastBuildDate>{body}</channel></rss>\n"
        )

    def _not_found_page(self, segment: str) -> str:
        chrome = CHROME[segment]
        main = (
            f'<div class="error-page"><h1 class="error-page__code">404</h1>'
            f'<p>{chrome["not_found"]}</p><a href="{BASE}/{segment}">kt.kz</a></div>'
        )
        return self._layout(segment, chrome["not_found"], f"{BASE}/{segment}", main)

    def _layout(self, segment: str, title: str, url: str, main: str) -> str:
        chrome = CHROME[segment]
        lang = LANG_OF_SEGMENT[segment]
        nav = "".join(
            f'<li class="main-nav__item"><a href="{BASE}/{segment}/{slug}">{escape(label)}</a></li>'
            for slug, label in RUBRICS[segment].items()
        )
        popular = "".join(
            f'<li><a href="{a.url}">{escape(a.shown_title)}</a></li>'
            for a in sorted(
                (a for a in self.articles if a.segment == segment), key=lambda a: -a.views
            )[:3]
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)} - Kazakhstan Today</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="canonical" href="{url}">'
            f'<meta property="og:title" content="{escape(title)}">'
            f'<meta property="og:url" content="{url}">'
            f'<link rel="alternate" type="application/rss+xml" href="{BASE}/{segment}/rss">'
            f'<script async src="{BASE}/static/js/app.min.js"></script>'
            f"<script>{ANALYTICS_JS}</script></head><body>"
            '<div class="cookie-banner" id="cookie-banner">'
            f'<p class="cookie-banner__text">{chrome["cookie"]}</p>'
            f'<button class="cookie-banner__accept" type="button">{chrome["accept"]}</button>'
            "</div>"
            '<header class="site-header">'
            f'<a class="site-header__logo" href="{BASE}/{segment}">Kazakhstan Today</a>'
            f'<nav class="main-nav"><ul>{nav}</ul></nav>'
            f'<div class="lang-switch"><a href="{BASE}/rus">Рус</a>'
            f'<a href="{BASE}/kaz">Қаз</a><a href="{BASE}/eng">Eng</a></div>'
            "</header>"
            '<main class="container"><div class="row">'
            f'<div class="col-md-8">{main}</div>'
            f'<aside class="col-md-4 sidebar"><h3>{chrome["popular"]}</h3><ul>{popular}</ul>'
            '<div class="adv-sidebar"><ins class="adsbygoogle" data-ad-slot="1"></ins>'
            f"<script>{AD_JS}</script></div></aside>"
            "</div></main>"
            f'<footer class="site-footer"><p>{chrome["footer"]}</p></footer>'
            f'<script src="{BASE}/static/js/cookie.js"></script>'
            "</body></html>\n"
        )


def _body_html(a: SnapshotArticle) -> str:
    """The body: paragraphs as <br>-separated text or as <p>, with an inline ad slot."""
    parts = [escape(p) for p in a.paragraphs]
    ad = (
        '<div class="adv-inline"><ins class="adsbygoogle" data-ad-slot="2"></ins>'
        f"<script>{AD_JS}</script></div>"
    )
    if a.markup == "p":
        blocks = [f"<p>{p}</p>" for p in parts]
        if len(blocks) > 2:
            blocks.insert(2, ad)
        return '<div class="page-text">' + "".join(blocks) + "</div>"
    text = "<br><br>".join(parts[:2])
    if len(parts) > 2:
        text += ad + "<br><br>".join(parts[2:])
    return f"<div>{text}</div>"


def _lead(a: SnapshotArticle) -> str:
    first = a.paragraphs[0] if a.paragraphs else ""
    return first if len(first) <= 300 else first[:297] + "..."


def _page_number(query: str) -> int | None:
    """The listing page asked for: 1 without ?page=, None when the value is not a page."""
    values = parse_qs(query).get("page")
    if not values:
        return 1
    value = values[0]
    return int(value) if value.isdigit() and int(value) >= 1 else None


def _pager(base_url: str, page: int, pages: int) -> str:
    """Numbered pager with prev/next links ([inferred]: no evidence of kt.kz pagination)."""
    if pages <= 1:
        return ""

    def href(n: int) -> str:
        return base_url if n == 1 else f"{base_url}?page={n}"

    items = []
    if page > 1:
        items.append(
            f'<li class="pagination__item"><a class="pagination__prev" rel="prev" '
            f'href="{href(page - 1)}">&laquo;</a></li>'
        )
    for n in range(1, pages + 1):
        if n == page:
            items.append(f'<li class="pagination__item active"><span>{n}</span></li>')
        else:
            items.append(f'<li class="pagination__item"><a href="{href(n)}">{n}</a></li>')
    if page < pages:
        items.append(
            f'<li class="pagination__item"><a class="pagination__next" rel="next" '
            f'href="{href(page + 1)}">&raquo;</a></li>'
        )
    return f'<ul class="pagination">{"".join(items)}</ul>'
