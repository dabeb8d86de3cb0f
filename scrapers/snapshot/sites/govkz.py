"""gov.kz (the MFA and its missions) as the offline snapshot serves it: the API, RSS and SPA shell.

Why a renderer and not stored responses: no machine here reaches gov.kz, so its answers are
built from the release data in `scrapers/snapshot/data/govkz/` (one JSON per release, in up to
three languages) in the shapes SOURCES.md §1 records. Evidence and invention are marked:
- `GET /api/v1/public/content-manager/news?sort-by=created_date:DESC&projects=eq:<p>&page=<n>
  &size=<k>&lang=<l>`: a bare JSON array, an empty array past the end; language by `lang=` or
  `Accept-Language` [code]; item fields id, title, slug, body (HTML with &nbsp;/&ndash;),
  created_date (UTC, milliseconds), heropic (may be null), short_description [code];
- the `projects` field on each item and the prefix match `projects=contains:mfa` [inferred:
  filters name item fields, `contains:` is used on other endpoints]; an operator the server
  does not take answers HTTP 500, as `created_date=gte:` does on /documents [code+note];
- the access rule of 2026: /news answers 400 `{"code":"notAllowed"}` unless the session first
  POSTed to `/api/v1/public/_/c/k6`, which sets a ticket cookie [note+code]; the cookie's name
  and the Origin check are inferred;
- `GET /news/<id>?lang=<l>`: the detail object [code]; a language the release lacks → 404;
- RSS 2.0 at `/api/v1/public/rss/<project>/news/<lang>`, no ticket needed [note; fields inferred];
- web pages `/memleket/entities/...` return only the SPA shell [note]; robots.txt is invented.
Items migrated in 2019-2021 carry a midnight `created_date` [note]. The renderer is pure: the
same request always gives the same bytes. `ticket=False` makes the ticket POST fail (the
fallback test), `contains=False` makes the prefix filter unsupported (the per-project path).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from scrapers.snapshot.site import Reply, Request

BASE = "https://www.gov.kz"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "govkz"
LANGS = ("ru", "kk", "en")
DEFAULT_LANG = "ru"
NEWS_PATH = "/api/v1/public/content-manager/news"
TICKET_PATH = "/api/v1/public/_/c/k6"
TICKET_COOKIE = "ticket"  # [inferred] the name of the cookie the ticket POST sets
TICKET_VALUE = hashlib.sha256(b"gov.kz snapshot ticket").hexdigest()[:32]
DEFAULT_SIZE = 10
MAX_SIZE = 100
RSS_SIZE = 20

ROBOTS_TXT = (
    "User-agent: *\nDisallow: /cabinet/\nDisallow: /api/v1/private/\n"
    "Sitemap: https://www.gov.kz/sitemap.xml\n"
)
JSON_HEADERS = {"Content-Type": "application/json;charset=UTF-8"}
NOT_ALLOWED = {"code": "notAllowed", "message": "Access is not allowed", "status": 400}
FORBIDDEN = {"code": "forbidden", "message": "Origin is not allowed", "status": 403}
NOT_FOUND = {"code": "notFound", "message": "Entity not found", "status": 404}
BAD_REQUEST = {"code": "badRequest", "message": "Invalid request parameters", "status": 400}
SERVER_ERROR = {"status": 500, "error": "Internal Server Error", "path": NEWS_PATH}

# Names of the publishing bodies, for the feeds' channel titles.
PROJECT_NAMES: dict[str, dict[str, str]] = {
    "mfa": {
        "ru": "Министерство иностранных дел Республики Казахстан",
        "kk": "Қазақстан Республикасы Сыртқы істер министрлігі",
        "en": "Ministry of Foreign Affairs of the Republic of Kazakhstan",
    },
    "mfa-washington": {
        "ru": "Посольство Республики Казахстан в США",
        "kk": "Қазақстан Республикасының АҚШ-тағы Елшілігі",
        "en": "Embassy of the Republic of Kazakhstan in the USA",
    },
    "mfa-kishinev": {
        "ru": "Посольство Республики Казахстан в Республике Молдова",
        "kk": "Қазақстан Республикасының Молдова Республикасындағы Елшілігі",
        "en": "Embassy of the Republic of Kazakhstan in the Republic of Moldova",
    },
    "mfa-budapest": {
        "ru": "Посольство Республики Казахстан в Венгрии",
        "kk": "Қазақстан Республикасының Венгриядағы Елшілігі",
        "en": "Embassy of the Republic of Kazakhstan in Hungary",
    },
    "mfa-istanbul": {
        "ru": "Генеральное консульство Республики Казахстан в Стамбуле",
        "kk": "Қазақстан Республикасының Ыстамбұлдағы Бас консулдығы",
        "en": "Consulate General of the Republic of Kazakhstan in Istanbul",
    },
    "mfa-bjs": {
        "ru": "Посольство Республики Казахстан в Китайской Народной Республике",
        "kk": "Қазақстан Республикасының Қытай Халық Республикасындағы Елшілігі",
        "en": "Embassy of the Republic of Kazakhstan in the People's Republic of China",
    },
}
NEWS_WORD = {"ru": "Новости", "kk": "Жаңалықтар", "en": "News"}
INSTAGRAM_LINK = {
    "ru": "Посмотреть эту публикацию в Instagram",
    "kk": "Посмотреть эту публикацию в Instagram",
    "en": "View this post on Instagram",
}
SPA_SHELL = (
    '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
    "<title>Единая платформа интернет-ресурсов государственных органов</title>"
    '<base href="/memleket/"><meta name="viewport" content="width=device-width, initial-scale=1">'
    '<link rel="icon" type="image/x-icon" href="/memleket/favicon.ico">'
    '<link rel="stylesheet" href="/memleket/styles.6b2f0c1e9a.css">'
    "<style>body{margin:0}.preloader{position:fixed;inset:0;background:#fff}</style>"
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-GOVKZ');</script>"
    '</head><body><app-root><div class="preloader"></div></app-root>'
    "<noscript>Для корректной работы сайта включите JavaScript в настройках браузера."
    "</noscript>"
    '<script src="/memleket/runtime.2c1b7e.js" defer></script>'
    '<script src="/memleket/polyfills.a81f3d.js" defer></script>'
    '<script src="/memleket/main.f03e9c.js" defer></script></body></html>\n'
)

_DETAIL_PATH = re.compile(r"^/api/v1/public/content-manager/news/(\d+)/?$")
_RSS_PATH = re.compile(r"^/api/v1/public/rss/([\w.-]+)/news/([a-z]{2})/?$")
_FILTER = re.compile(r"^(?:(eq|contains|in):)?(.+)$")
_SORT = re.compile(r"^(created_date|id):(ASC|DESC)$", re.IGNORECASE)
_NBSP_AFTER_NUMBER = re.compile(r"(\d) (?=[^\W\d_])")
_ENTITIES = (
    ("\u00a0", "&nbsp;"),
    ("–", "&ndash;"),
    ("—", "&mdash;"),
    ("«", "&laquo;"),
    ("»", "&raquo;"),
    ("“", "&ldquo;"),
    ("”", "&rdquo;"),
)
WORD_HEAD = (
    "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/>"
    "</o:OfficeDocumentSettings></xml><![endif]-->"
    '<style>/* Style Definitions */ table.MsoNormalTable {mso-style-name:"Обычная таблица";'
    'mso-style-parent:"";font-size:11.0pt;font-family:"Calibri",sans-serif;}</style>'
)


@dataclass(frozen=True)
class Version:
    """One language version of a release."""

    title: str
    short_description: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Release:
    """One release of the snapshot (the fields of a data/govkz/<id>.json file)."""

    id: int
    project: str
    created_date: str  # as the API writes it: "2026-02-17T10:00:00.000+00:00"
    kind: str
    slug: str
    heropic: str | None
    markup: str  # "p" | "br" (migrated items) | "word" (pasted from MS Word)
    extras: dict[str, Any]
    note: str
    versions: dict[str, Version]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Release:
        """Build from a data file's JSON object."""
        return cls(
            id=int(data["id"]),
            project=data["project"],
            created_date=data["created_date"],
            kind=data["kind"],
            slug=data["slug"],
            heropic=data.get("heropic"),
            markup=data.get("markup", "p"),
            extras=dict(data.get("extras") or {}),
            note=data.get("note", ""),
            versions={
                lang: Version(v["title"], v.get("short_description"), tuple(v["paragraphs"]))
                for lang, v in data["versions"].items()
            },
        )

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_date)

    def url(self, lang: str) -> str:
        """The public web address of one language version."""
        return f"{BASE}/memleket/entities/{self.project}/press/news/details/{self.id}?lang={lang}"


def load_releases(data_dir: Path = DATA_DIR) -> list[Release]:
    """Every release of the snapshot, newest first."""
    releases = [
        Release.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(data_dir.glob("*.json"))
    ]
    return sorted(releases, key=lambda r: (r.created, r.id), reverse=True)


class GovKzSite:
    """The snapshot of https://www.gov.kz: a pure request -> reply function over the data."""

    source = "gov.kz"
    origins = (BASE,)

    def __init__(self, data_dir: Path = DATA_DIR, ticket: bool = True, contains: bool = True):
        self.releases = load_releases(data_dir)
        self._by_id = {r.id: r for r in self.releases}
        self.ticket = ticket  # False: the ticket POST is refused, so /news stays closed
        self.contains = contains  # False: `projects=contains:` is not understood (HTTP 500)

    # --- routing ---------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        """The reply the real site would give to this request (as far as it is known)."""
        path = request.path or "/"
        if path == TICKET_PATH:
            return self._ticket_reply(request)
        if request.method not in ("GET", "HEAD"):
            return Reply(405, b"", {"Allow": "GET, HEAD"})
        if path == "/robots.txt":
            return Reply(200, ROBOTS_TXT.encode(), {"Content-Type": "text/plain; charset=utf-8"})
        if path.rstrip("/") == NEWS_PATH:
            if not self._has_ticket(request):
                return _json(NOT_ALLOWED, 400)
            return self._list_reply(request)
        m = _DETAIL_PATH.match(path)
        if m:
            if not self._has_ticket(request):
                return _json(NOT_ALLOWED, 400)
            return self._detail_reply(int(m.group(1)), _language(request))
        m = _RSS_PATH.match(path)
        if m:
            return self._feed_reply(m.group(1), m.group(2))
        if path.startswith("/api/"):
            return _json(NOT_FOUND, 404)
        if path in ("/", "/memleket", "/memleket/") or path.startswith("/memleket/entities/"):
            return Reply.html(SPA_SHELL)
        return Reply.not_found()

    def _ticket_reply(self, request: Request) -> Reply:
        if request.method != "POST":
            return Reply(405, b"", {"Allow": "POST"})
        if not self.ticket or request.headers.get("origin") != BASE:
            return _json(FORBIDDEN, 403)
        return Reply(
            200,
            b"{}",
            {
                **JSON_HEADERS,
                "Set-Cookie": f"{TICKET_COOKIE}={TICKET_VALUE}; Path=/; Max-Age=1800; HttpOnly",
            },
        )

    def _has_ticket(self, request: Request) -> bool:
        cookies = request.headers.get("cookie", "")
        pairs = (c.strip().split("=", 1) for c in cookies.split(";") if "=" in c)
        return self.ticket and any(k == TICKET_COOKIE and v == TICKET_VALUE for k, v in pairs)

    def _list_reply(self, request: Request) -> Reply:
        query = parse_qs(request.query, keep_blank_values=True)
        page = _int_param(query, "page", 1)
        size = _int_param(query, "size", DEFAULT_SIZE)
        if page is None or size is None or page < 1 or not 1 <= size <= MAX_SIZE:
            return _json(BAD_REQUEST, 400)
        matches = self._project_filter(query.get("projects", [""])[0])
        sort = _SORT.match(query.get("sort-by", ["created_date:DESC"])[0])
        if matches is None or sort is None:
            return _json(SERVER_ERROR, 500)
        lang = _language(request)
        chosen = [r for r in self.releases if lang in r.versions and matches(r.project)]
        descending = sort.group(2).upper() == "DESC"
        if sort.group(1).lower() == "created_date":
            chosen.sort(key=lambda r: (r.created, r.id), reverse=descending)
        else:
            chosen.sort(key=lambda r: r.id, reverse=descending)
        shown = chosen[(page - 1) * size : page * size]
        return _json([self.item(r, lang) for r in shown])

    def _project_filter(self, value: str) -> Callable[[str], bool] | None:
        """A predicate on project slugs for a `projects=` value, or None (not understood)."""
        m = _FILTER.match(value)
        if not value or m is None:
            return lambda project: True
        op, arg = (m.group(1) or "eq"), m.group(2)
        if op == "eq":
            return lambda project: project == arg
        if op == "in":
            wanted = set(arg.split(","))
            return lambda project: project in wanted
        if op == "contains" and self.contains:
            return lambda project: arg in project
        return None

    def _detail_reply(self, item_id: int, lang: str) -> Reply:
        release = self._by_id.get(item_id)
        if release is None or lang not in release.versions:
            return _json(NOT_FOUND, 404)
        return _json(self.item(release, lang))

    def _feed_reply(self, project: str, lang: str) -> Reply:
        if project not in PROJECT_NAMES or lang not in LANGS:
            return _json(NOT_FOUND, 404)
        return Reply.xml(self.feed(project, lang))

    # --- documents -------------------------------------------------------------------------

    def item(self, r: Release, lang: str) -> dict[str, Any]:
        """The API's JSON object for one language version of a release."""
        v = r.versions[lang]
        return {
            "id": r.id,
            "title": _entities(v.title) if r.markup == "br" else v.title,
            "slug": r.slug,
            "short_description": v.short_description,
            "body": body_html(r, lang),
            "heropic": r.heropic,
            "alt_image": v.title if r.heropic else None,
            "created_date": r.created_date,
            "projects": r.project,
        }

    def feed(self, project: str, lang: str) -> str:
        """The project's RSS 2.0 feed in one language: the newest RSS_SIZE releases."""
        releases = [r for r in self.releases if r.project == project and lang in r.versions]
        channel_url = f"{BASE}/memleket/entities/{project}/press/news?lang={lang}"
        title = f"{PROJECT_NAMES[project][lang]} - {NEWS_WORD[lang]}"
        items = "".join(
            "<item>"
            f"<title>{escape(r.versions[lang].title)}</title>"
            f"<link>{escape(r.url(lang))}</link>"
            f'<guid isPermaLink="true">{escape(r.url(lang))}</guid>'
            f"<pubDate>{format_datetime(r.created, usegmt=True)}</pubDate>"
            f"<description>{escape(body_html(r, lang))}</description>"
            "</item>"
            for r in releases[:RSS_SIZE]
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{escape(channel_url)}</link>"
            f"<description>{escape(title)}</description><language>{lang}</language>"
            f"{items}</channel></rss>\n"
        )


def body_html(r: Release, lang: str) -> str:
    """The `body` HTML as the CMS stores it: entities, inline styles, embeds, Word leftovers."""
    paragraphs = [_entities(p) for p in r.versions[lang].paragraphs]
    if r.markup == "br":  # the old CMS: one block, paragraphs split by blank lines
        return "<p>" + "<br />\r\n<br />\r\n".join(paragraphs) + "</p>"
    if r.markup == "word":
        span = '<span lang="RU" style="font-size:14.0pt;font-family:&quot;Times New Roman&quot;">'
        blocks = [
            f'<p class="MsoNormal" style="text-align:justify">{span}{p}<o:p></o:p></span></p>'
            for p in paragraphs
        ]
        return WORD_HEAD + "".join(blocks)
    blocks = [f'<p style="text-align: justify;">{p}</p>' for p in paragraphs]
    blocks[0] = f'<p style="text-align: justify;"><strong>{paragraphs[0]}</strong></p>'
    caption = r.extras.get("photo_caption", {}).get(lang)
    if caption and r.heropic:
        blocks.insert(
            1,
            f'<p style="text-align: center;"><img src="{r.heropic}" alt="" width="800" '
            f'height="533" /></p><p style="text-align: center;"><em>{escape(caption)}</em></p>',
        )
    if r.extras.get("youtube"):
        blocks.append(
            '<p><iframe width="560" height="315" '
            f'src="https://www.youtube.com/embed/{r.extras["youtube"]}" '
            'title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; '
            'encrypted-media; picture-in-picture" allowfullscreen="allowfullscreen"></iframe></p>'
        )
    if r.extras.get("instagram"):
        post = f"https://www.instagram.com/p/{r.extras['instagram']}/?utm_source=ig_embed"
        blocks.append(
            f'<blockquote class="instagram-media" data-instgrm-permalink="{post}" '
            'data-instgrm-version="14" style="background:#FFF;max-width:540px;">'
            f'<div><a href="{post}" target="_blank">{INSTAGRAM_LINK[lang]}</a></div>'
            "</blockquote>"
            '<script async src="//www.instagram.com/embed.js"></script>'
        )
    return "\n".join(blocks)


def _entities(text: str) -> str:
    """Text as the CMS's editor escapes it: &nbsp; after numbers, named dash and quote entities."""
    out = _NBSP_AFTER_NUMBER.sub("\\1\u00a0", escape(text, quote=False))
    for char, entity in _ENTITIES:
        out = out.replace(char, entity)
    return out


def _language(request: Request) -> str:
    """`lang=` first, then the first Accept-Language tag, else the server's default (ru)."""
    values = parse_qs(request.query).get("lang")
    if values:
        return values[0] if values[0] in LANGS else DEFAULT_LANG
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].split(";")[0].strip().lower().split("-")[0]
    return first if first in LANGS else DEFAULT_LANG


def _int_param(query: dict[str, list[str]], name: str, default: int) -> int | None:
    values = query.get(name)
    if not values:
        return default
    return int(values[0]) if values[0].isdigit() else None


def _json(data: Any, status: int = 200) -> Reply:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Reply(status, text.encode("utf-8"), JSON_HEADERS)
