"""Kazinform (inform.kz, kaz.inform.kz, qazinform.com) as the offline snapshot serves it.

Why a renderer and not stored pages: no machine here reaches Kazinform, so its pages are built
from project-written article data in `scrapers/snapshot/data/kazinform/` (one JSON per article)
in the shapes SOURCES.md §3 records. The snapshot is the site as of spring 2026, with its
history: three URL generations, an English edition that moved host. Evidence and invention:
- URL generations [page/code]: `www.inform.kz/{ru,en,kz}/{slug}_a{7 digits}` (≤2022, + `/amp`),
  `en.inform.kz/news/{slug}-{6 hex or digits}/` (2022-23), `www.inform.kz/ru/{slug}-{hex}` and
  `kaz.inform.kz/news/{slug}-{id}/` (2024+), `qazinform.com/news/{slug}-{hex}` (English);
- old addresses answer 301 with the current one: each article lists its `old_urls`, and every
  `en.inform.kz/news/...` path moves to `qazinform.com/news/...` [inferred: the moves are on
  record, the status code is not]; `/amp` is served for www.inform.kz articles [page: amp
  variants of `_a` URLs; for the 2024+ URLs inferred];
- the 2025 lenta `/ru/lenta`, `/ru/lenta/{page}` with `.allNewsCard` cards, `.allNewsCard_title`
  and `.allNewsCard_time` reading `13:51, 15 Август 2025` (Astana time, nominative month)
  [code]; the same lenta at `kaz.inform.kz/lenta` and `qazinform.com/lenta` [inferred];
  article pages print the time with the genitive month, `13:51, 15 августа 2025` [inferred];
  page and feed sizes are scaled down with the snapshot so that paging is exercised;
- one listing entry still links an article by its pre-2024 `_a` address (the site answers it
  with a 301) [inferred: what a migrated archive leaves behind];
- RSS 2.0 at `www.inform.kz/ru/rss/` and `qazinform.com/rss/en.xml` [code]; the old English
  feeds `/en/rss`, `/en/rss.xml` moved to qazinform.com [inferred]; `kaz.inform.kz/rss/kk.xml`
  [inferred, by analogy with qazinform.com];
- article body `.article__description` (the lead) and `.article__body-text` [code]; inside it,
  on articles migrated from the old platform, the old byline block
  ("Zhaksylykova Aigerim / 7 October 2019, 15:55"), stray "None" lines (an empty field rendered
  by the template), "Currently reading" and "Photo credit: ..." lines [page]; inline "Read
  also" cards, image captions, a video iframe, share buttons, cookie banner, scripts [inferred];
- datelines "ASTANA. KAZINFORM – ", "NUR-SULTAN. KAZINFORM – " (2019-2022) and attributions
  ("Kazinform cites the press service of the Kazakh MFA", "сообщает МИД РК") [page].
Links are absolute real URLs, as on the real site. The renderer is pure: the same request
always gives the same bytes.
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
from zoneinfo import ZoneInfo

from scrapers.snapshot.site import Reply, Request

WWW = "https://www.inform.kz"
KAZ = "https://kaz.inform.kz"
EN_OLD = "https://en.inform.kz"
QAZ = "https://qazinform.com"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "kazinform"
ASTANA = ZoneInfo("Asia/Almaty")
PAGE_SIZE = 6  # cards per lenta page (scaled down with the snapshot)
FEED_SIZE = 8  # newest items in each RSS feed (scaled down with the snapshot)
RELATED_SIZE = 4

# Where each language edition lives now: its origin, article path prefix, trailing slash.
EDITIONS: dict[str, tuple[str, str, bool]] = {
    "ru": (WWW, "/ru/", False),
    "kk": (KAZ, "/news/", True),
    "en": (QAZ, "/news/", False),
}
LENTA = {"ru": (WWW, "/ru/lenta"), "kk": (KAZ, "/lenta"), "en": (QAZ, "/lenta")}
FEEDS = {"ru": (WWW, "/ru/rss/"), "kk": (KAZ, "/rss/kk.xml"), "en": (QAZ, "/rss/en.xml")}
LANG_OF_ORIGIN = {KAZ: "kk", QAZ: "en", EN_OLD: "en"}

MONTHS_NOM = {
    "ru": (
        "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
        "Октябрь", "Ноябрь", "Декабрь",
    ),
    "kk": (
        "Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым", "Шілде", "Тамыз", "Қыркүйек",
        "Қазан", "Қараша", "Желтоқсан",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
}  # fmt: skip
MONTHS_GEN_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip

CHROME: dict[str, dict[str, str]] = {
    "ru": {
        "nav": "Политика|Экономика|Общество|Спорт|В мире|Регионы",
        "lenta": "Лента новостей",
        "home": "Главная",
        "related": "Читайте также",
        "read_also": "Читайте также:",
        "share": "Поделиться",
        "reading": "Сейчас читают",
        "cookie": "Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая "
        "пользоваться сайтом, вы соглашаетесь с этим.",
        "accept": "Понятно",
        "footer": "© 1997-2026 МИА «Казинформ». Все права защищены. При использовании "
        "материалов ссылка на inform.kz обязательна.",
        "not_found": "Страница не найдена",
        "next": "Следующая",
        "tags": "Теги",
        "feed_title": "Kazinform - Лента новостей",
    },
    "kk": {
        "nav": "Саясат|Экономика|Қоғам|Спорт|Әлем|Өңірлер",
        "lenta": "Жаңалықтар легі",
        "home": "Басты бет",
        "related": "Сондай-ақ оқыңыз",
        "read_also": "Сондай-ақ оқыңыз:",
        "share": "Бөлісу",
        "reading": "Қазір оқып жатыр",
        "cookie": "Сайт ыңғайлы болуы үшін cookie файлдарын қолданамыз. Сайтты пайдалануды "
        "жалғастыра отырып, сіз бұған келісесіз.",
        "accept": "Түсінікті",
        "footer": "© 1997-2026 «Қазақпарат» ХАА. Барлық құқықтар қорғалған.",
        "not_found": "Бет табылмады",
        "next": "Келесі",
        "tags": "Тегтер",
        "feed_title": "Kazinform - Жаңалықтар легі",
    },
    "en": {
        "nav": "Politics|Economy|Society|Sport|World|Regions",
        "lenta": "Latest news",
        "home": "Home",
        "related": "Read also",
        "read_also": "Read also:",
        "share": "Share",
        "reading": "Currently reading",
        "cookie": "We use cookies to make the site easier to use. By continuing to use the "
        "site you agree to this.",
        "accept": "Got it",
        "footer": "© 1997-2026 Kazinform International News Agency. All rights reserved.",
        "not_found": "Page not found",
        "next": "Next",
        "tags": "Tags",
        "feed_title": "Qazinform - Latest news",
    },
}
ROBOTS_TXT = (
    "User-agent: *\nDisallow: /search\nDisallow: /ru/search\nDisallow: /admin/\n"
    "Disallow: /*?print=\n\nSitemap: {origin}/sitemap.xml\n"
)
ANALYTICS_JS = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-KAZINFORM');"
)
STYLE_CSS = ".allNewsCard{display:flex}.article__title{font-size:32px}.cookie{position:fixed}"

_LENTA_PAGE = re.compile(r"^/lenta(?:/(\d+))?/?$")
_WWW_LENTA_PAGE = re.compile(r"^/ru/lenta(?:/(\d+))?/?$")


def local_time(text: str) -> datetime:
    """An article's "YYYY-MM-DD HH:MM" (Astana time) as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ASTANA)


def card_time(when: datetime, lang: str) -> str:
    """`13:51, 15 Август 2025`: the lenta card time, nominative month [code]."""
    return f"{when:%H:%M}, {when.day} {MONTHS_NOM[lang][when.month - 1]} {when.year}"


def page_time(when: datetime, lang: str) -> str:
    """The article page's time: like the card, with the genitive month in Russian [inferred]."""
    if lang != "ru":
        return card_time(when, lang)
    return f"{when:%H:%M}, {when.day} {MONTHS_GEN_RU[when.month - 1]} {when.year}"


@dataclass(frozen=True)
class SnapshotArticle:
    """One article of the snapshot data (the fields of a data/kazinform/*.json file)."""

    id: str  # the id at the end of the current URL: "adef40", "612391"
    lang: str  # ru | kk | en
    slug: str
    published: str  # Astana local "YYYY-MM-DD HH:MM"
    title: str
    rubric: str
    author: str | None  # None renders as "None" (the template's empty field)
    image: str | None
    caption: str | None
    photo_credit: str | None  # a "Photo credit: ..." line closing the body
    legacy_byline: str | None  # "Zhaksylykova Aigerim / 7 October 2019, 15:55" (migrated)
    stray_lines: tuple[str, ...]  # "None", "Currently reading" left in migrated bodies
    old_urls: tuple[str, ...]  # earlier addresses; each answers 301 with `url`
    listed_url: str | None  # the address the lenta links, when not `url`
    video: str | None  # a YouTube id embedded in the body
    related: tuple[str, ...]  # ids of articles shown as an inline "Read also" card
    views: int
    kind: str
    mfa: bool
    reprint_of: str | None  # "gov.kz:<id>" or "kt.kz:<id>": the release this carries
    story: str | None  # articles carrying one release share it (dedup tests)
    note: str
    description: str  # the lead paragraph (with the dateline)
    paragraphs: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SnapshotArticle:
        """Build from a data file's JSON object."""
        return cls(
            id=str(data["id"]),
            lang=data["lang"],
            slug=data["slug"],
            published=data["published"],
            title=data["title"],
            rubric=data["rubric"],
            author=data.get("author"),
            image=data.get("image"),
            caption=data.get("caption"),
            photo_credit=data.get("photo_credit"),
            legacy_byline=data.get("legacy_byline"),
            stray_lines=tuple(data.get("stray_lines", ())),
            old_urls=tuple(data.get("old_urls", ())),
            listed_url=data.get("listed_url"),
            video=data.get("video"),
            related=tuple(data.get("related", ())),
            views=int(data.get("views", 0)),
            kind=data["kind"],
            mfa=bool(data["mfa"]),
            reprint_of=data.get("reprint_of"),
            story=data.get("story"),
            note=data.get("note", ""),
            description=data["description"],
            paragraphs=tuple(data["paragraphs"]),
        )

    @property
    def origin(self) -> str:
        return EDITIONS[self.lang][0]

    @property
    def path(self) -> str:
        _origin, prefix, slash = EDITIONS[self.lang]
        return f"{prefix}{self.slug}-{self.id}" + ("/" if slash else "")

    @property
    def url(self) -> str:
        """The real public URL the article is served at now."""
        return self.origin + self.path

    @property
    def amp_url(self) -> str | None:
        """The AMP variant (www.inform.kz only), or None."""
        return self.url + "/amp" if self.origin == WWW else None

    @property
    def published_at(self) -> datetime:
        return local_time(self.published)


def load_articles(data_dir: Path = DATA_DIR) -> list[SnapshotArticle]:
    """Every article of the snapshot, newest first."""
    articles = [
        SnapshotArticle.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(data_dir.glob("*.json"))
    ]
    return sorted(articles, key=lambda a: (a.published_at, a.id), reverse=True)


class KazinformSite:
    """The snapshot of Kazinform's hosts: a pure request -> reply function over the data."""

    source = "inform.kz"
    origins = (WWW, KAZ, EN_OLD, QAZ)

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.articles = load_articles(data_dir)
        self._by_id = {a.id: a for a in self.articles}
        self._by_url = {a.url: a for a in self.articles}
        self._amp = {a.amp_url: a for a in self.articles if a.amp_url}
        self._moved: dict[str, str] = {}
        for a in self.articles:
            for old in a.old_urls:
                self._moved[old.rstrip("/")] = a.url
                if old.startswith(WWW):  # the old AMP variant moves too
                    self._moved[old.rstrip("/") + "/amp"] = a.amp_url or a.url

    def by_id(self, item_id: str) -> SnapshotArticle:
        """The article with this id (KeyError when none)."""
        return self._by_id[item_id]

    # --- routing ---------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        """The reply the real site would give to this request (as far as it is known)."""
        if request.method not in ("GET", "HEAD"):
            return Reply(405, b"", {"Allow": "GET, HEAD"})
        origin, path = request.origin, request.path or "/"
        if path == "/robots.txt":
            text = ROBOTS_TXT.format(origin=origin)
            return Reply(200, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})
        url = origin + path
        moved = self._moved.get(url.rstrip("/"))
        if moved is not None:
            return _redirect(moved)
        if origin == EN_OLD:
            return self._en_old(path)
        if url in self._by_url:
            return Reply.html(self.article_page(self._by_url[url]))
        if url in self._amp:
            return Reply.html(self.amp_page(self._amp[url]))
        slash = _slash_variant(url)
        if slash in self._by_url or slash in self._amp:
            return _redirect(slash)
        if origin == WWW:
            return self._www(path)
        lang = LANG_OF_ORIGIN[origin]
        if path == FEEDS[lang][1]:
            return Reply.xml(self.feed(lang))
        if path == "/":
            return self._lenta_reply(lang, 1, home=True)
        m = _LENTA_PAGE.match(path)
        if m:
            return self._lenta_reply(lang, int(m.group(1) or 1))
        return self._not_found(lang)

    def _www(self, path: str) -> Reply:
        if path == "/":
            return _redirect(WWW + "/ru")
        if path in ("/ru", "/ru/"):
            return self._lenta_reply("ru", 1, home=True)
        if path == "/ru/rss":
            return _redirect(WWW + "/ru/rss/")
        if path == FEEDS["ru"][1]:
            return Reply.xml(self.feed("ru"))
        if path in ("/en/rss", "/en/rss/", "/en/rss.xml"):
            return _redirect(QAZ + FEEDS["en"][1])
        if path in ("/kz/rss", "/kz/rss/"):
            return _redirect(KAZ + FEEDS["kk"][1])
        m = _WWW_LENTA_PAGE.match(path)
        if m:
            return self._lenta_reply("ru", int(m.group(1) or 1))
        if path in ("/en", "/en/"):
            return _redirect(QAZ + "/")
        if path in ("/kz", "/kz/"):
            return _redirect(KAZ + "/")
        segment = path.strip("/").split("/")[0]
        return self._not_found({"en": "en", "kz": "kk"}.get(segment, "ru"))

    def _en_old(self, path: str) -> Reply:
        """en.inform.kz: the English edition moved to qazinform.com, paths kept."""
        if path.startswith("/news/") and path.strip("/") != "news":
            return _redirect(QAZ + re.sub(r"/amp/?$", "", path).rstrip("/"))
        if path.startswith("/rss"):
            return _redirect(QAZ + FEEDS["en"][1])
        return _redirect(QAZ + "/")

    def _lenta_reply(self, lang: str, page: int, home: bool = False) -> Reply:
        entries = [a for a in self.articles if a.lang == lang]
        pages = max(1, -(-len(entries) // PAGE_SIZE))
        if page < 1 or page > pages:
            return self._not_found(lang)
        return Reply.html(self.lenta_page(lang, entries, page, pages, home))

    def _not_found(self, lang: str) -> Reply:
        return Reply.html(self.not_found_page(lang), 404)

    # --- pages -----------------------------------------------------------------------------

    def article_page(self, a: SnapshotArticle) -> str:
        """The 2025-layout article page."""
        chrome = CHROME[a.lang]
        when = a.published_at
        image = ""
        if a.image:
            image = (
                f'<div class="article__image"><img src="https://static.inform.kz/{a.image}" '
                f'alt="{escape(a.title)}" loading="lazy">'
                f'<div class="article__image-caption">{escape(a.caption or "")}</div></div>'
            )
        share = (
            f'<div class="article__share"><span>{chrome["share"]}</span>'
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={a.url}" rel="nofollow">'
            f'Facebook</a><a href="https://t.me/share/url?url={a.url}" rel="nofollow">Telegram</a>'
            f'<a href="https://wa.me/?text={a.url}" rel="nofollow">WhatsApp</a></div>'
        )
        tags = (
            f'<div class="article__tags">{chrome["tags"]}: '
            f'<a href="{a.origin}/tag/{escape(a.rubric.lower())}">{escape(a.rubric)}</a></div>'
        )
        author = escape(a.author) if a.author else "None"
        main = (
            '<main class="article">'
            f'<div class="article__breadcrumbs"><a href="{a.origin}/">{chrome["home"]}</a> / '
            f'<a href="{a.origin}/tag/{escape(a.rubric.lower())}">{escape(a.rubric)}</a></div>'
            f'<h1 class="article__title">{escape(a.title)}</h1>'
            '<div class="article__info">'
            f'<span class="article__time">{page_time(when, a.lang)}</span>'
            f'<span class="article__views">{a.views}</span></div>'
            f'<div class="article__author">{author}</div>'
            f"{image}"
            f'<div class="article__description"><p>{escape(a.description)}</p></div>'
            f'<div class="article__body-text">{self._body_html(a)}</div>'
            f"{tags}{share}</main>"
            f'<section class="related-news"><h3>{chrome["related"]}</h3>'
            f"{self._cards(self._related_list(a))}</section>"
        )
        head = (
            f'<meta property="article:published_time" content="{when.isoformat()}">'
            f'<meta property="og:type" content="article">'
            + (f'<link rel="amphtml" href="{a.amp_url}">' if a.amp_url else "")
        )
        return self._layout(a.lang, a.origin, a.title, a.url, main, head)

    def amp_page(self, a: SnapshotArticle) -> str:
        """The AMP variant: same content, AMP markup, canonical link to the normal page."""
        when = a.published_at
        image = ""
        if a.image:
            image = (
                f'<figure class="amp-article__image"><amp-img src="https://static.inform.kz/'
                f'{a.image}" width="800" height="450" layout="responsive"></amp-img>'
                f"<figcaption>{escape(a.caption or '')}</figcaption></figure>"
            )
        return (
            f'<!DOCTYPE html>\n<html amp lang="{a.lang}"><head><meta charset="utf-8">'
            f"<title>{escape(a.title)} | Kazinform</title>"
            f'<link rel="canonical" href="{a.url}">'
            '<meta name="viewport" content="width=device-width,minimum-scale=1">'
            '<script async src="https://cdn.ampproject.org/v0.js"></script>'
            f"<style amp-custom>{STYLE_CSS}</style></head><body>"
            f'<header class="amp-header"><a href="{WWW}/ru">Kazinform</a></header>'
            '<article class="amp-article">'
            f'<h1 class="amp-article__title">{escape(a.title)}</h1>'
            f'<time class="amp-article__time" datetime="{when.isoformat()}">'
            f"{page_time(when, a.lang)}</time>{image}"
            f'<div class="article__description"><p>{escape(a.description)}</p></div>'
            f'<div class="article__body-text">{self._body_html(a, amp=True)}</div>'
            '<amp-social-share type="telegram"></amp-social-share>'
            '<amp-social-share type="facebook"></amp-social-share>'
            "</article>"
            '<amp-analytics type="gtag"><script type="application/json">'
            '{"vars":{"gtag_id":"G-KAZINFORM"}}</script></amp-analytics>'
            "</body></html>\n"
        )

    def lenta_page(
        self, lang: str, entries: list[SnapshotArticle], page: int, pages: int, home: bool
    ) -> str:
        """A lenta page (newest first) with `.allNewsCard` cards and a pager."""
        chrome = CHROME[lang]
        origin, base = LENTA[lang]
        shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        url = origin + base + ("" if page == 1 else f"/{page}")
        pager = ""
        if page < pages and not home:
            pager = (
                f'<div class="pagination"><span class="pagination__current">{page}</span>'
                f'<a class="pagination__next" rel="next" href="{origin}{base}/{page + 1}">'
                f"{chrome['next']}</a></div>"
            )
        main = (
            f'<div class="allNews"><h1 class="allNews__title">{chrome["lenta"]}</h1>'
            f'<div class="allNews__list">{self._cards(shown, listed=True)}</div>{pager}</div>'
        )
        return self._layout(lang, origin, chrome["lenta"], url, main, "")

    def feed(self, lang: str) -> str:
        """The RSS 2.0 feed of one edition: the newest FEED_SIZE items."""
        chrome = CHROME[lang]
        origin, path = FEEDS[lang]
        items = [a for a in self.articles if a.lang == lang][:FEED_SIZE]
        body = "".join(
            "<item>"
            f"<title>{escape(a.title)}</title>"
            f"<link>{a.url}</link>"
            f'<guid isPermaLink="true">{a.url}</guid>'
            f"<description>{escape(a.description)}</description>"
            f"<category>{escape(a.rubric)}</category>"
            f"<pubDate>{format_datetime(a.published_at)}</pubDate>"
            + (
                f'<enclosure url="https://static.inform.kz/{a.image}" type="image/jpeg"/>'
                if a.image
                else ""
            )
            + "</item>"
            for a in items
        )
        last = format_datetime(items[0].published_at) if items else ""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{escape(chrome['feed_title'])}</title><link>{origin}/</link>"
            f"<description>{escape(chrome['feed_title'])}</description>"
            f"<language>{lang}</language>"
            f'<atom:link href="{origin}{path}" rel="self" type="application/rss+xml"/>'
            f"<lastBuildDate>{last}</lastBuildDate>{body}</channel></rss>\n"
        )

    def not_found_page(self, lang: str) -> str:
        """The 404 page of an edition."""
        chrome = CHROME[lang]
        origin = EDITIONS[lang][0]
        main = (
            f'<div class="error-page"><h1>404</h1><p>{chrome["not_found"]}</p>'
            f'<a href="{origin}/">{chrome["home"]}</a></div>'
        )
        return self._layout(lang, origin, chrome["not_found"], origin + "/", main, "")

    # --- pieces ----------------------------------------------------------------------------

    def _body_html(self, a: SnapshotArticle, amp: bool = False) -> str:
        """Body paragraphs with the leftovers and widgets the real pages carry inside them."""
        chrome = CHROME[a.lang]
        blocks: list[str] = []
        if a.legacy_byline:
            blocks.append(f"<p>{escape(a.legacy_byline)}</p>")
        blocks += [f"<p>{escape(p)}</p>" for p in a.paragraphs]
        insert_at = min(2, len(blocks))
        for line in reversed(a.stray_lines):
            blocks.insert(insert_at, f"<p>{escape(line)}</p>")
        for rid in a.related:
            r = self._by_id[rid]
            blocks.insert(
                min(insert_at + 1, len(blocks)),
                f'<div class="article__related"><div class="article__related-label">'
                f'{chrome["read_also"]}</div><a class="article__related-card" href="{r.url}">'
                f'<div class="article__related-title">{escape(r.title)}</div></a></div>',
            )
        if a.video:
            frame = (
                f'<amp-youtube data-videoid="{a.video}" layout="responsive" width="480" '
                'height="270"></amp-youtube>'
                if amp
                else f'<iframe src="https://www.youtube.com/embed/{a.video}" width="640" '
                'height="360" allowfullscreen></iframe>'
            )
            blocks.insert(min(3, len(blocks)), f'<div class="article__video">{frame}</div>')
        if a.photo_credit:
            blocks.append(f"<p>{escape(a.photo_credit)}</p>")
        return "".join(blocks)

    def _related_list(self, a: SnapshotArticle) -> list[SnapshotArticle]:
        same = [r for r in self.articles if r.lang == a.lang and r.id != a.id]
        older = [r for r in same if r.published_at < a.published_at]
        return (older or same)[:RELATED_SIZE]

    def _cards(self, entries: list[SnapshotArticle], listed: bool = False) -> str:
        return "".join(
            '<div class="allNewsCard">'
            f'<a href="{(a.listed_url or a.url) if listed else a.url}">'
            + (
                f'<div class="allNewsCard_img"><img src="https://static.inform.kz/{a.image}" '
                'alt=""></div>'
                if a.image
                else ""
            )
            + f'<div class="allNewsCard_title">{escape(a.title)}</div>'
            f'<div class="allNewsCard_time">{card_time(a.published_at, a.lang)}</div>'
            "</a></div>"
            for a in entries
        )

    def _layout(self, lang: str, origin: str, title: str, url: str, main: str, head: str) -> str:
        chrome = CHROME[lang]
        nav = "".join(
            f'<li><a href="{origin}/tag/{escape(label.lower())}">{escape(label)}</a></li>'
            for label in chrome["nav"].split("|")
        )
        lenta_origin, lenta_path = LENTA[lang]
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)} | Kazinform</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="canonical" href="{url}">'
            f'<meta property="og:title" content="{escape(title)}">'
            f'<meta property="og:url" content="{url}">{head}'
            f'<link rel="alternate" type="application/rss+xml" href="{"".join(FEEDS[lang])}">'
            f"<style>{STYLE_CSS}</style>"
            f"<script>{ANALYTICS_JS}</script></head><body>"
            '<div class="cookie" id="cookie-consent">'
            f'<p class="cookie__text">{chrome["cookie"]}</p>'
            f'<button class="cookie__btn" type="button">{chrome["accept"]}</button></div>'
            '<header class="header">'
            f'<a class="header__logo" href="{origin}/">Kazinform</a>'
            f'<nav class="header__menu"><ul>{nav}</ul>'
            f'<a href="{lenta_origin}{lenta_path}">{chrome["lenta"]}</a></nav>'
            f'<div class="header__langs"><a href="{WWW}/ru">РУС</a><a href="{KAZ}/">ҚАЗ</a>'
            f'<a href="{QAZ}/">ENG</a></div></header>'
            f'<div class="reading-bar"><span class="reading-bar__label">{chrome["reading"]}'
            f'</span><span class="reading-bar__title">{escape(title)}</span></div>'
            f'<div class="container">{main}</div>'
            f'<footer class="footer"><p>{chrome["footer"]}</p></footer>'
            f'<script src="{WWW}/static/js/main.min.js" defer></script>'
            "</body></html>\n"
        )


def _redirect(location: str) -> Reply:
    return Reply(301, b"", {"Location": location, "Content-Type": "text/html; charset=utf-8"})


def _slash_variant(url: str) -> str:
    """The same URL with its trailing slash toggled (the site redirects to its own form)."""
    return url[:-1] if url.endswith("/") else url + "/"
