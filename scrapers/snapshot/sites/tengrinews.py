"""Tengrinews (tengrinews.kz and its kaz./en. editions) as the offline snapshot serves it.

Why a renderer and not stored pages: no machine here reaches the site, so its pages are built
from project-written article data in `scrapers/snapshot/data/tengrinews/` (one JSON per article)
in the shapes SOURCES.md §5 records. What is evidence and what is invented:
- three editions on three hosts: Russian on tengrinews.kz, Kazakh on kaz.tengrinews.kz, English
  on en.tengrinews.kz, each numbering its articles in its own rising sequence (ids seen in
  2025: ru ~606000, kk ~372000, en ~273000) [code/page];
- article URL `/{section}/{slug}-{id}/`, sections `kazakhstan_news`, `world_news` [code];
- listings `/news/page/{n}/` (all sections) and `/{section}/page/{n}/` [code]; cards
  `div.content_main_item` with the image link, `a.content_main_item_title` (2025 form [code];
  older scrapers read `span.content_main_item_title a`), `span.content_main_item_announce` and
  `div.content_main_item_meta` with the date, views and comments [code]; hrefs relative, as
  those scrapers prefix the host [code]; the number of cards per page (5 here, so the pager is
  exercised) and the absolute dates on cards ("3 марта 2026, 15:50") [inferred]; 404 past the
  last page [inferred];
- article page `h1.content_main_title`, `span.date`, `meta[property="article:published_time"]`
  (ISO with +05:00), JSON-LD `datePublished`, `div.content_main_text p` [code]; inside the text
  the paragraphs the parsers drop: «Читайте также», «Фото:», «Видео:», «Поделиться» and a
  trailing «Tengrinews.kz …» credit, and their Kazakh and English equivalents [code: drop list];
- attribution «передает Tengrinews.kz со ссылкой на пресс-службу МИД РК» [page], Kazakh «деп
  хабарлайды Tengrinews.kz тілшісі министрліктің баспасөз қызметіне сілтеме жасап» [code];
- nav, language switch, consent banner, share block, related news, comments, scripts, an
  embedded video iframe [inferred, generic].
The renderer is pure: the same request always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from scrapers.snapshot.site import Reply, Request

ORIGINS = {
    "ru": "https://tengrinews.kz",
    "kk": "https://kaz.tengrinews.kz",
    "en": "https://en.tengrinews.kz",
}
LANG_OF_ORIGIN = {v: k for k, v in ORIGINS.items()}
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "tengrinews"
PAGE_SIZE = 5  # [inferred] cards per listing page (few, so the snapshot pages)
RELATED_SIZE = 3
SECTIONS = ("kazakhstan_news", "world_news")

MONTHS = {
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
        "октября", "ноября", "декабря",
    ),
    "kk": (
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
        "қазан", "қараша", "желтоқсан",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
}  # fmt: skip
CHROME: dict[str, dict[str, str]] = {
    "ru": {
        "site": "Tengrinews.kz",
        "news": "Новости",
        "kazakhstan_news": "Казахстан",
        "world_news": "Мир",
        "share": "Поделиться",
        "read_also": "Читайте также:",
        "related": "Читайте также",
        "popular": "Самое читаемое",
        "comments": "Комментарии",
        "login": "Войдите, чтобы оставить комментарий",
        "consent": "Мы используем cookies и рекомендательные технологии. Продолжая пользоваться "
        "сайтом, вы соглашаетесь с этим.",
        "accept": "Согласен",
        "credit": "Tengrinews.kz в Telegram — самые важные новости Казахстана и мира",
        "footer": "© 2026 Tengrinews.kz. Все права защищены. При полном или частичном "
        "использовании материалов ссылка на Tengrinews.kz обязательна.",
        "not_found": "Страница не найдена",
    },
    "kk": {
        "site": "Tengrinews.kz",
        "news": "Жаңалықтар",
        "kazakhstan_news": "Қазақстан",
        "world_news": "Әлем",
        "share": "Бөлісу",
        "read_also": "Оқи отырыңыз:",
        "related": "Оқи отырыңыз",
        "popular": "Көп оқылғандар",
        "comments": "Пікірлер",
        "login": "Пікір қалдыру үшін кіріңіз",
        "consent": "Біз cookie файлдарын және ұсыныс технологияларын қолданамыз. Сайтты "
        "пайдалануды жалғастыра отырып, сіз осыған келісесіз.",
        "accept": "Келісемін",
        "credit": "Tengrinews.kz Telegram-арнасы: ең маңызды жаңалықтарды бірінші біліңіз",
        "footer": "© 2026 Tengrinews.kz. Барлық құқықтар қорғалған.",
        "not_found": "Бет табылмады",
    },
    "en": {
        "site": "Tengrinews.kz English",
        "news": "News",
        "kazakhstan_news": "Kazakhstan",
        "world_news": "World",
        "share": "Share",
        "read_also": "Read also:",
        "related": "Read also",
        "popular": "Most read",
        "comments": "Comments",
        "login": "Log in to leave a comment",
        "consent": "We use cookies and recommendation technologies. By continuing to use the "
        "site you agree to this.",
        "accept": "Agree",
        "credit": "Tengrinews.kz English on Telegram: the main news of Kazakhstan first",
        "footer": "© 2026 Tengrinews.kz. All rights reserved.",
        "not_found": "Page not found",
    },
}
ROBOTS_TXT = (
    "User-agent: *\nDisallow: /search/\nDisallow: /user/\nDisallow: /*?utm_\n\n"
    "Sitemap: {origin}/sitemap.xml\n"
)
METRIKA_JS = (
    "(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};"
    "m[i].l=1*new Date();})(window, document, 'script', 'https://mc.yandex.ru/metrika/tag.js', "
    "'ym');ym(10101010, 'init', {clickmap:true, trackLinks:true});"
)
AD_JS = "window.yaContextCb = window.yaContextCb || []; yaContextCb.push(function(){});"

_ARTICLE_PATH = re.compile(r"^/([a-z_]+)/([a-z0-9-]+)-(\d+)/?$")
_LISTING_PATH = re.compile(r"^/([a-z_]+)/(?:page/(\d+)/)?$")


@dataclass(frozen=True)
class SnapshotArticle:
    """One article of the snapshot data (the fields of a data/tengrinews/<lang>-<id>.json)."""

    id: int
    lang: str
    section: str
    slug: str
    title: str
    announce: str
    published: datetime  # aware, Astana time
    views: int
    comments: int
    image: str | None
    thumb_caption: str | None  # the caption under the top image ("Фото: ...")
    photo_paragraph: str | None  # a «Фото: ...» paragraph inside the text
    video_caption: str | None  # a «Видео: ...» paragraph with an embedded player
    read_also: int | None  # id (same edition) linked from a «Читайте также:» paragraph
    share_paragraph: bool  # a «Поделиться ...» paragraph inside the text
    kind: str
    mfa: bool
    same_release: tuple[str, ...]  # other pages carrying the same release
    note: str
    paragraphs: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SnapshotArticle:
        """Build from a data file's JSON object."""
        return cls(
            id=int(data["id"]),
            lang=data["lang"],
            section=data["section"],
            slug=data["slug"],
            title=data["title"],
            announce=data["announce"],
            published=datetime.fromisoformat(data["published"]),
            views=int(data["views"]),
            comments=int(data.get("comments", 0)),
            image=data.get("image"),
            thumb_caption=data.get("thumb_caption"),
            photo_paragraph=data.get("photo_paragraph"),
            video_caption=data.get("video_caption"),
            read_also=data.get("read_also"),
            share_paragraph=bool(data.get("share_paragraph")),
            kind=data["kind"],
            mfa=bool(data["mfa"]),
            same_release=tuple(data.get("same_release", ())),
            note=data.get("note", ""),
            paragraphs=tuple(data["paragraphs"]),
        )

    @property
    def origin(self) -> str:
        return ORIGINS[self.lang]

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.slug}-{self.id}/"

    @property
    def url(self) -> str:
        """The real public URL of the article."""
        return self.origin + self.path


def load_articles(data_dir: Path = DATA_DIR) -> list[SnapshotArticle]:
    """Every article of the snapshot, newest first within each edition."""
    articles = [
        SnapshotArticle.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(data_dir.glob("*.json"))
    ]
    return sorted(articles, key=lambda a: (a.lang, -a.id))


def display_date(value: datetime, lang: str) -> str:
    """ "3 марта 2026, 15:50" / "3 наурыз 2026, 15:50" / "3 March 2026, 15:50"."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}, {value:%H:%M}"


class TengrinewsSite:
    """The snapshot of the three Tengrinews editions: a pure request -> reply function."""

    source = "tengrinews.kz"
    origins = tuple(ORIGINS.values())

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.articles = load_articles(data_dir)
        self._by_key = {(a.lang, a.id): a for a in self.articles}

    def edition(self, lang: str) -> list[SnapshotArticle]:
        """One edition's articles, newest (highest id) first."""
        return [a for a in self.articles if a.lang == lang]

    # --- routing ---------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        """The reply the real site would give to this request (as far as it is known)."""
        lang = LANG_OF_ORIGIN.get(request.origin, "ru")
        if request.method not in ("GET", "HEAD"):
            return Reply(405, b"", {"Allow": "GET, HEAD"})
        path = request.path or "/"
        if path == "/robots.txt":
            text = ROBOTS_TXT.format(origin=ORIGINS[lang])
            return Reply(200, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})
        m = _ARTICLE_PATH.match(path)
        if m and m.group(1) in SECTIONS:
            article = self._by_key.get((lang, int(m.group(3))))
            if article is None or (article.section, article.slug) != (m.group(1), m.group(2)):
                return Reply.html(self.not_found_page(lang), 404)
            if not path.endswith("/"):
                return Reply(301, b"", {"Location": article.url})
            return Reply.html(self.article_page(article))
        m = _LISTING_PATH.match(path)
        if m and (m.group(1) == "news" or m.group(1) in SECTIONS):
            return self._listing_reply(lang, m.group(1), int(m.group(2) or 1))
        if path == "/":
            return self._listing_reply(lang, "news", 1)
        return Reply.html(self.not_found_page(lang), 404)

    def _listing_reply(self, lang: str, section: str, page: int) -> Reply:
        entries = [a for a in self.edition(lang) if section in ("news", a.section)]
        pages = max(1, -(-len(entries) // PAGE_SIZE))
        if not 1 <= page <= pages:
            return Reply.html(self.not_found_page(lang), 404)
        return Reply.html(self.listing_page(lang, section, entries, page, pages))

    # --- pages -----------------------------------------------------------------------------

    def listing_page(
        self, lang: str, section: str, entries: list[SnapshotArticle], page: int, pages: int
    ) -> str:
        """A listing page: cards of the section's (or all) news, newest first."""
        chrome = CHROME[lang]
        shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        cards = "".join(_card(a) for a in shown)
        pager = "".join(
            f'<a class="pagination_item{" active" if n == page else ""}" '
            f'href="/{section}/page/{n}/">{n}</a>'
            for n in range(1, pages + 1)
        )
        main = (
            f'<div class="content rubric"><h1 class="content_title">{chrome[section]}</h1>'
            f'<div class="content_main">{cards}</div>'
            f'<div class="pagination">{pager}</div></div>'
        )
        url = f"{ORIGINS[lang]}/{section}/page/{page}/"
        return self._layout(lang, f"{chrome[section]} - {chrome['site']}", url, "", main)

    def article_page(self, a: SnapshotArticle) -> str:
        """The article page."""
        chrome = CHROME[a.lang]
        related = [r for r in self.edition(a.lang) if r.id != a.id][:RELATED_SIZE]
        related_html = "".join(
            f'<div class="content_main_related_item"><a href="{r.path}">{escape(r.title)}</a>'
            f'<span class="content_main_related_date">{display_date(r.published, a.lang)}'
            "</span></div>"
            for r in related
        )
        thumb = ""
        if a.image:
            thumb = (
                '<div class="content_main_thumb"><picture>'
                f'<source srcset="/userdata/news/{a.published:%Y}/news_{a.id}/thumb_b/{a.image}'
                '.webp" type="image/webp">'
                f'<img class="content_main_thumb_img" src="/userdata/news/{a.published:%Y}/'
                f'news_{a.id}/thumb_b/{a.image}.jpg" alt="{escape(a.title)}"></picture>'
                f'<span class="content_main_thumb_alt">{escape(a.thumb_caption or "")}</span>'
                "</div>"
            )
        share = (
            f'<div class="content_main_share"><span class="content_main_share_title">'
            f"{chrome['share']}</span>"
            f'<a class="share_item share_fb" href="https://www.facebook.com/sharer/sharer.php?u='
            f'{a.url}" rel="nofollow">Facebook</a>'
            f'<a class="share_item share_tg" href="https://t.me/share/url?url={a.url}" '
            'rel="nofollow">Telegram</a>'
            f'<a class="share_item share_wa" href="https://wa.me/?text={a.url}" '
            'rel="nofollow">WhatsApp</a></div>'
        )
        main = (
            '<div class="content article"><div class="content_main">'
            f'<div class="content_main_meta"><span class="date">'
            f"{display_date(a.published, a.lang)}</span>"
            f'<span class="content_main_meta_views">{a.views}</span>'
            f'<span class="content_main_meta_comments">{a.comments}</span></div>'
            f'<h1 class="content_main_title">{escape(a.title)}</h1>'
            f'<div class="content_main_desc">{escape(a.announce)}</div>'
            f"{thumb}"
            f'<div class="content_main_text">{self._text_html(a)}</div>'
            '<div class="content_main_text_tags">'
            f'<a href="/tag/{_tag(a)}/">{escape(_tag_label(a))}</a></div>'
            f"{share}"
            f'<div class="content_main_related"><div class="content_main_related_title">'
            f"{chrome['related']}</div>{related_html}</div>"
            f'<div class="content_main_comments" id="comments"><h3>{chrome["comments"]} '
            f'({a.comments})</h3><p class="comments_login">{chrome["login"]}</p></div>'
            "</div></div>"
        )
        return self._layout(a.lang, f"{a.title} - {chrome['site']}", a.url, _head(a), main)

    def _text_html(self, a: SnapshotArticle) -> str:
        """The text block: paragraphs with the extras real pages carry between them."""
        chrome = CHROME[a.lang]
        blocks = [f"<p>{escape(p)}</p>" for p in a.paragraphs]
        extras: list[str] = []
        if a.photo_paragraph:
            extras.append(f"<p><em>{escape(a.photo_paragraph)}</em></p>")
        if a.read_also is not None and (a.lang, a.read_also) in self._by_key:
            other = self._by_key[(a.lang, a.read_also)]
            extras.append(
                f"<p><strong>{chrome['read_also']}</strong> "
                f'<a href="{other.path}">{escape(other.title)}</a></p>'
            )
        at = min(2, len(blocks))
        blocks[at:at] = extras
        if len(blocks) > 3:
            blocks.insert(
                3,
                '<div class="content_main_text_banner"><div id="adfox_1"></div>'
                f"<script>{AD_JS}</script></div>",
            )
        if a.video_caption:
            blocks.append(
                '<div class="content_main_video"><iframe src="https://www.youtube.com/embed/'
                f'tn{a.id}" width="640" height="360" allowfullscreen></iframe></div>'
                f"<p>{escape(a.video_caption)}</p>"
            )
        if a.share_paragraph:
            blocks.append(
                f'<p>{chrome["share"]}: <a href="https://t.me/share/url?url={a.url}">Telegram</a>'
                f', <a href="https://wa.me/?text={a.url}">WhatsApp</a></p>'
            )
        blocks.append(f'<p><a href="https://t.me/tengrinews">{escape(chrome["credit"])}</a></p>')
        return "".join(blocks)

    def not_found_page(self, lang: str) -> str:
        """The 404 page of an edition."""
        chrome = CHROME[lang]
        main = (
            f'<div class="content error404"><h1>404</h1><p>{chrome["not_found"]}</p>'
            f'<a href="/">{chrome["site"]}</a></div>'
        )
        return self._layout(lang, chrome["not_found"], ORIGINS[lang] + "/", "", main)

    def _layout(self, lang: str, title: str, url: str, head: str, main: str) -> str:
        chrome = CHROME[lang]
        nav = "".join(
            f'<li><a href="/{key}/">{chrome[key]}</a></li>'
            for key in ("news", "kazakhstan_news", "world_news")
        )
        switch = "".join(
            f'<a class="lang_item{" active" if code == lang else ""}" href="{origin}/">{label}</a>'
            for code, origin, label in (
                ("ru", ORIGINS["ru"], "Рус"),
                ("kk", ORIGINS["kk"], "Қаз"),
                ("en", ORIGINS["en"], "Eng"),
            )
        )
        popular = "".join(
            f'<li><a href="{a.path}">{escape(a.title)}</a></li>'
            for a in sorted(self.edition(lang), key=lambda a: -a.views)[:3]
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="canonical" href="{url}">\n{head}'
            f"<script>{METRIKA_JS}</script>\n"
            "<style>.content_main_text p{margin-bottom:16px}</style>\n</head>\n<body>\n"
            '<div class="consent_banner" id="consent">'
            f'<p class="consent_banner_text">{chrome["consent"]}</p>'
            f'<button class="consent_banner_btn" type="button">{chrome["accept"]}</button>'
            "</div>\n"
            f'<header class="header"><a class="header_logo" href="/">{chrome["site"]}</a>'
            f'<nav class="header_menu"><ul>{nav}</ul></nav>'
            f'<div class="header_lang">{switch}</div></header>\n'
            f'<main class="main">{main}'
            f'<aside class="sidebar"><div class="sidebar_title">{chrome["popular"]}</div>'
            f"<ul>{popular}</ul>"
            '<div class="sidebar_banner"><div id="adfox_2"></div>'
            f"<script>{AD_JS}</script></div></aside></main>\n"
            f'<footer class="footer"><p>{chrome["footer"]}</p></footer>\n'
            '<script src="/static/js/app.min.js"></script>\n</body>\n</html>\n'
        )


def _card(a: SnapshotArticle) -> str:
    return (
        '<div class="content_main_item">'
        f'<a href="{a.path}"><picture><source srcset="/userdata/news/{a.published:%Y}/'
        f'news_{a.id}/thumb_m/{a.image or "default"}.webp" type="image/webp">'
        f'<img class="content_main_item_img" src="/userdata/news/{a.published:%Y}/news_{a.id}/'
        f'thumb_m/{a.image or "default"}.jpg" alt=""></picture></a>'
        f'<a class="content_main_item_title" href="{a.path}">{escape(a.title)}</a>'
        f'<span class="content_main_item_announce">{escape(a.announce)}</span>'
        '<div class="content_main_item_meta">'
        f"<span>{display_date(a.published, a.lang)}</span>"
        f'<span class="content_item_meta_viewings">{a.views}</span>'
        f'<span class="content_item_meta_comments">{a.comments}</span></div></div>'
    )


def _head(a: SnapshotArticle) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.announce,
        "datePublished": a.published.isoformat(),
        "dateModified": a.published.isoformat(),
        "inLanguage": a.lang,
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.url},
        "author": {"@type": "Organization", "name": "Tengrinews.kz"},
        "publisher": {"@type": "Organization", "name": "Tengrinews.kz"},
    }
    return (
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{escape(a.title)}">\n'
        f'<meta property="og:url" content="{a.url}">\n'
        f'<meta property="og:description" content="{escape(a.announce)}">\n'
        f'<meta property="article:published_time" content="{a.published.isoformat()}">\n'
        f'<meta property="article:section" content="{a.section}">\n'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
    )


def _tag(a: SnapshotArticle) -> str:
    return "mid-rk" if a.mfa else a.section


def _tag_label(a: SnapshotArticle) -> str:
    if a.mfa:
        return {"ru": "МИД РК", "kk": "ҚР СІМ", "en": "MFA"}[a.lang]
    return CHROME[a.lang][a.section]
