"""The Astana Times (astanatimes.com) as the offline snapshot serves it.

Why a renderer and not stored pages: no machine here reaches the site, so its pages are built
from project-written article data in `scrapers/snapshot/data/astanatimes/` (one JSON per post)
in the shapes SOURCES.md §4 records. What is evidence and what is invented:
- apex host, article URLs `/YYYY/MM/{slug}/`, feed and article links both apex [code/note];
- the WordPress RSS 2.0 feed `/feed/` with only the newest 10 posts [note]; its channel and item
  fields (`dc:creator`, `category`, `guid isPermaLink="false"` = `?p=<post id>`, an excerpt in
  `description`, pubDate in GMT) follow stock WordPress [inferred: no copy of the real feed];
- `/feed/?paged=N` for older posts, an empty channel past the last page [inferred: WordPress
  core paginates feeds this way; not seen on this site];
- `Last-Modified` (the newest post modification, site-wide) and `ETag` on feeds, 304 for a
  matching `If-Modified-Since` [inferred: WordPress core sends them for feeds]; the snapshot
  server replaces the ETag with its own body hash and answers `If-None-Match` itself;
- article markup: `h1.entry-title`, `time.entry-date[datetime]`, `div.entry-content` paragraphs
  with a figure caption, a newsletter box, Jetpack share buttons and "Related posts" inside it,
  an author box after it, a cookie notice, scripts [inferred: "Article HTML selectors were not
  found", SOURCES.md §4; a WordPress theme's usual classes];
- dateline "ASTANA – " and the attribution "The Kazakh Foreign Minister’s press service
  reported" [page].
The renderer is pure: the same request always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from scrapers.snapshot.site import Reply, Request

BASE = "https://astanatimes.com"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "astanatimes"
FEED_SIZE = 10  # [note] the real feed carries the newest 10 posts
RELATED_SIZE = 3
WP_VERSION = "6.7.2"
SITE_TITLE = "The Astana Times"
TAGLINE = "Kazakhstan's first English-language newspaper, covering the nation and the region"
CATEGORIES = ("Nation", "Business", "Opinion", "Culture", "Society", "Sports")
ROBOTS_TXT = (
    "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
    f"Sitemap: {BASE}/wp-sitemap.xml\n"
)
COOKIE_TEXT = (
    "We use cookies to ensure that we give you the best experience on our website. If you "
    "continue to use this site we will assume that you are happy with it."
)
NEWSLETTER_TEXT = (
    "Subscribe to The Astana Times newsletter: the week's main stories from Kazakhstan and "
    "Central Asia in your inbox every Friday."
)
ANALYTICS_JS = (
    "window.dataLayer = window.dataLayer || [];function gtag(){dataLayer.push(arguments);}"
    "gtag('js', new Date());gtag('config', 'G-ASTANATIMES');"
)
NEWSLETTER_JS = (
    "document.querySelectorAll('.newsletter-box__form').forEach(function(f){"
    "f.addEventListener('submit', function(){ window.atNewsletterSignup = true; });});"
)
SHARE_JS = 'var sharing_js_options = {"lang":"en","counts":"1","is_stats_active":"1"};'

_ARTICLE_PATH = re.compile(r"^/(\d{4})/(\d{2})/([a-z0-9-]+)/?$")
_FEED_PATHS = ("/feed/", "/feed", "/rss/")
_CATEGORY_PATH = re.compile(r"^/category/([a-z-]+)/?$")


@dataclass(frozen=True)
class SnapshotPost:
    """One post of the snapshot data (the fields of a data/astanatimes/<post id>.json file)."""

    id: int  # WordPress post id (the `?p=` of the guid and shortlink)
    slug: str
    title: str
    published: datetime  # aware, Astana time
    modified: datetime
    author: str
    category: str
    tags: tuple[str, ...]
    caption: str | None
    image: str | None
    kind: str
    mfa: bool
    rewrite_of: str | None
    note: str
    read_also: int | None  # post id linked in a "Read also" line inside the body
    paragraphs: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SnapshotPost:
        """Build from a data file's JSON object."""
        published = datetime.fromisoformat(data["published"])
        return cls(
            id=int(data["id"]),
            slug=data["slug"],
            title=data["title"],
            published=published,
            modified=datetime.fromisoformat(data["modified"])
            if data.get("modified")
            else published,
            author=data["author"],
            category=data["category"],
            tags=tuple(data.get("tags", ())),
            caption=data.get("caption"),
            image=data.get("image"),
            kind=data["kind"],
            mfa=bool(data["mfa"]),
            rewrite_of=data.get("rewrite_of"),
            note=data.get("note", ""),
            read_also=data.get("read_also"),
            paragraphs=tuple(data["paragraphs"]),
        )

    @property
    def path(self) -> str:
        return f"/{self.published:%Y}/{self.published:%m}/{self.slug}/"

    @property
    def url(self) -> str:
        """The real public URL of the post."""
        return BASE + self.path

    @property
    def shortlink(self) -> str:
        return f"{BASE}/?p={self.id}"


def load_posts(data_dir: Path = DATA_DIR) -> list[SnapshotPost]:
    """Every post of the snapshot, newest publication first."""
    posts = [
        SnapshotPost.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(data_dir.glob("*.json"))
    ]
    return sorted(posts, key=lambda p: p.published, reverse=True)


class AstanaTimesSite:
    """The snapshot of https://astanatimes.com: a pure request -> reply function over the data."""

    source = "astanatimes.com"
    origins = (BASE,)

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.posts = load_posts(data_dir)
        self._by_path = {p.path: p for p in self.posts}
        self._by_id = {p.id: p for p in self.posts}
        newest = max((p.modified for p in self.posts), default=datetime(2026, 1, 1, tzinfo=UTC))
        self.last_modified = format_datetime(newest.astimezone(UTC), usegmt=True)
        self.last_build = format_datetime(newest.astimezone(UTC))

    # --- routing ---------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        """The reply the real site would give to this request (as far as it is known)."""
        if request.method not in ("GET", "HEAD"):
            return Reply(405, b"", {"Allow": "GET, HEAD"})
        path = request.path or "/"
        if path == "/robots.txt":
            return Reply(200, ROBOTS_TXT.encode(), {"Content-Type": "text/plain; charset=utf-8"})
        if path.startswith("/wp-admin"):
            return Reply.html(self._not_found_page(), 403)
        if path in _FEED_PATHS:
            page = _paged(request.query)
            if page is None:
                return Reply.html(self._not_found_page(), 404)
            return self._feed_reply(page, request.headers)
        if path == "/" and "p" in parse_qs(request.query):
            return self._shortlink_reply(request.query)
        post = self._by_path.get(path if path.endswith("/") else path + "/")
        if post is not None and _ARTICLE_PATH.match(path):
            if not path.endswith("/"):  # WordPress redirects to the canonical slash form
                return Reply(301, b"", {"Location": post.url})
            return Reply.html(self.article_page(post))
        if path == "/":
            return Reply.html(self.home_page())
        m = _CATEGORY_PATH.match(path)
        if m and m.group(1) in {c.lower() for c in CATEGORIES}:
            return Reply.html(self.category_page(m.group(1)))
        return Reply.html(self._not_found_page(), 404)

    def _feed_reply(self, page: int, headers: Any) -> Reply:
        start = (page - 1) * FEED_SIZE
        posts = self.posts[start : start + FEED_SIZE]
        wp_headers = {
            "Content-Type": "application/rss+xml; charset=UTF-8",
            "Last-Modified": self.last_modified,
            "ETag": '"' + hashlib.md5(self.last_modified.encode()).hexdigest() + '"',
        }
        since = headers.get("if-modified-since")
        if since and not headers.get("if-none-match") and _not_modified(since, self.last_modified):
            return Reply(304, b"", {k: v for k, v in wp_headers.items() if k != "Content-Type"})
        return Reply(200, self.feed(posts, page).encode("utf-8"), wp_headers)

    def _shortlink_reply(self, query: str) -> Reply:
        values = parse_qs(query).get("p", [])
        post = self._by_id.get(int(values[0])) if values and values[0].isdigit() else None
        if post is None:
            return Reply.html(self._not_found_page(), 404)
        return Reply(301, b"", {"Location": post.url})

    # --- feed ------------------------------------------------------------------------------

    def feed(self, posts: list[SnapshotPost], page: int) -> str:
        """The WordPress RSS 2.0 feed (one page of it)."""
        items = "".join(_feed_item(p) for p in posts)
        self_link = f"{BASE}/feed/" + (f"?paged={page}" if page > 1 else "")
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
            '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
            '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n'
            f"<channel>\n\t<title>{SITE_TITLE}</title>\n"
            f'\t<atom:link href="{escape(self_link)}" rel="self" type="application/rss+xml" />\n'
            f"\t<link>{BASE}</link>\n\t<description>{escape(TAGLINE)}</description>\n"
            f"\t<lastBuildDate>{self.last_build}</lastBuildDate>\n\t<language>en-US</language>\n"
            "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
            "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
            f"\t<generator>https://wordpress.org/?v={WP_VERSION}</generator>\n"
            f"{items}</channel>\n</rss>\n"
        )

    # --- pages -----------------------------------------------------------------------------

    def article_page(self, post: SnapshotPost) -> str:
        """The single-post page."""
        cat_slug = post.category.lower()
        related = [p for p in self.posts if p.id != post.id and p.category == post.category]
        related_html = "".join(
            '<div class="jp-relatedposts-post">'
            f'<h4 class="jp-relatedposts-post-title"><a href="{r.url}">{escape(r.title)}</a></h4>'
            f'<p class="jp-relatedposts-post-date">{_long_date(r.published)}</p></div>'
            for r in related[:RELATED_SIZE]
        )
        figure = ""
        if post.image:
            figure = (
                '<figure class="wp-block-image size-large">'
                f'<img decoding="async" width="1024" height="683" '
                f'src="{BASE}/wp-content/uploads/{post.image}" alt="" '
                f'class="wp-image-{post.id + 1}">'
                f'<figcaption class="wp-element-caption">{escape(post.caption or "")}</figcaption>'
                "</figure>"
            )
        share = (
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
            'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3>'
            '<div class="sd-content"><ul>'
            '<li class="share-facebook"><a rel="nofollow noopener noreferrer" '
            f'class="share-facebook sd-button share-icon" href="{post.url}?share=facebook" '
            'target="_blank">'
            "<span>Facebook</span></a></li>"
            f'<li class="share-x"><a rel="nofollow noopener noreferrer" class="share-x sd-button '
            f'share-icon" href="{post.url}?share=x" target="_blank"><span>X</span></a></li>'
            f'<li class="share-telegram"><a rel="nofollow noopener noreferrer" class="share-'
            f'telegram sd-button share-icon" href="{post.url}?share=telegram" target="_blank">'
            "<span>Telegram</span></a></li>"
            f'<li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email '
            f'sd-button share-icon" href="mailto:?subject={escape(post.title)}&amp;body='
            f'{post.url}" target="_blank"><span>Email</span></a></li>'
            "</ul></div></div></div>"
        )
        newsletter = (
            '<div class="newsletter-box"><h4 class="newsletter-box__title">Newsletter</h4>'
            f'<p class="newsletter-box__text">{NEWSLETTER_TEXT}</p>'
            f'<form class="newsletter-box__form" action="{BASE}/newsletter/" method="post">'
            '<input type="email" name="email" placeholder="Your e-mail">'
            '<button type="submit">Subscribe</button></form>'
            f"<script>{NEWSLETTER_JS}</script></div>"
        )
        content = (
            f"{figure}{self._body_html(post, newsletter)}{share}"
            '<div id="jp-relatedposts" class="jp-relatedposts">'
            '<h3 class="jp-relatedposts-headline"><em>Related posts</em></h3>'
            f'<div class="jp-relatedposts-items">{related_html}</div></div>'
        )
        tags = ", ".join(
            f'<a href="{BASE}/tag/{_slugify(t)}/" rel="tag">{escape(t)}</a>' for t in post.tags
        )
        author_slug = _slugify(post.author)
        main = (
            f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish '
            f'format-standard has-post-thumbnail hentry category-{cat_slug}">'
            '<header class="entry-header">'
            f'<div class="entry-category"><a href="{BASE}/category/{cat_slug}/" rel="category tag">'
            f"{escape(post.category)}</a></div>"
            f'<h1 class="entry-title">{escape(post.title)}</h1>'
            '<div class="entry-meta"><span class="byline">By <span class="author vcard">'
            f'<a class="url fn n" href="{BASE}/author/{author_slug}/">{escape(post.author)}</a>'
            f'</span></span> in <a href="{BASE}/category/{cat_slug}/">{escape(post.category)}</a>'
            ' on <span class="posted-on">'
            f'<time class="entry-date published" datetime="{post.published.isoformat()}">'
            f"{_long_date(post.published)}</time>"
            f'<time class="updated" datetime="{post.modified.isoformat()}">'
            f"{_long_date(post.modified)}</time></span></div></header>"
            f'<div class="entry-content">{content}</div>'
            f'<footer class="entry-footer"><span class="tags-links">Tags: {tags}</span></footer>'
            '<div class="author-box"><img alt="" class="avatar avatar-96" '
            f'src="{BASE}/wp-content/uploads/authors/{author_slug}.jpg" width="96" height="96">'
            '<div class="author-box__text"><h4 class="author-box__title">About the author</h4>'
            f'<p><a href="{BASE}/author/{author_slug}/">{escape(post.author)}</a> is a staff '
            "writer of The Astana Times.</p></div></div>"
            "</article>"
            '<div id="comments" class="comments-area"><div id="respond" class="comment-respond">'
            '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
            '<p class="must-log-in">You must be logged in to post a comment.</p></div></div>'
        )
        head = _article_head(post)
        body_class = (
            f"post-template-default single single-post postid-{post.id} single-format-standard"
        )
        return self._layout(post.title + " - " + SITE_TITLE, head, body_class, main)

    def _body_html(self, post: SnapshotPost, newsletter: str) -> str:
        blocks = [f"<p>{escape(p)}</p>" for p in post.paragraphs]
        if post.read_also is not None and post.read_also in self._by_id:
            other = self._by_id[post.read_also]
            blocks.insert(
                min(2, len(blocks)),
                "<p><strong>Read also:</strong> "
                f'<a href="{other.url}">{escape(other.title)}</a></p>',
            )
        if len(blocks) > 3:
            blocks.insert(3, newsletter)
        else:
            blocks.append(newsletter)
        embed = (
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
        )
        return "".join(blocks) + embed

    def home_page(self) -> str:
        """The front page: the newest posts."""
        return self._layout(SITE_TITLE, "", "home blog", _post_list(self.posts[:FEED_SIZE]))

    def category_page(self, cat_slug: str) -> str:
        """A category archive (first page only)."""
        posts = [p for p in self.posts if p.category.lower() == cat_slug][:FEED_SIZE]
        title = cat_slug.capitalize()
        main = f'<h1 class="page-title">{escape(title)}</h1>{_post_list(posts)}'
        return self._layout(f"{title} Archives - {SITE_TITLE}", "", "archive category", main)

    def _not_found_page(self) -> str:
        main = (
            '<section class="error-404 not-found"><h1 class="page-title">Oops! That page can'
            "&rsquo;t be found.</h1><p>It looks like nothing was found at this location.</p>"
            "</section>"
        )
        return self._layout(f"Page not found - {SITE_TITLE}", "", "error404", main)

    def _layout(self, title: str, head: str, body_class: str, main: str) -> str:
        nav = "".join(
            f'<li class="menu-item"><a href="{BASE}/category/{c.lower()}/">{c}</a></li>'
            for c in CATEGORIES
        )
        popular = "".join(
            f'<li><a href="{p.url}">{escape(p.title)}</a></li>' for p in self.posts[:4]
        )
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{head}"
            f'<link rel="alternate" type="application/rss+xml" title="{SITE_TITLE} &raquo; Feed" '
            f'href="{BASE}/feed/" />\n'
            f"<link rel='stylesheet' id='astanatimes-style-css' href='{BASE}/wp-content/themes/"
            f"astanatimes/style.css?ver={WP_VERSION}' media='all' />\n"
            "<style id='wp-block-library-inline-css'>.entry-content p{margin:0 0 1em}</style>\n"
            f"<script>{ANALYTICS_JS}</script>\n</head>\n"
            f'<body class="{body_class}">\n'
            '<div id="cookie-notice" class="cookie-notice" role="dialog">'
            f'<span id="cn-notice-text" class="cn-text-container">{COOKIE_TEXT}</span>'
            '<a href="#" id="cn-accept-cookie" class="cn-set-cookie cn-button">Ok</a></div>\n'
            '<div id="page" class="site"><header id="masthead" class="site-header">'
            f'<div class="site-branding"><a href="{BASE}/" rel="home">{SITE_TITLE}</a>'
            f'<p class="site-description">{escape(TAGLINE)}</p></div>'
            '<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
            f"{nav}</ul></nav></header>\n"
            f'<div id="content" class="site-content"><main id="main" class="site-main">{main}'
            "</main>"
            '<aside id="secondary" class="widget-area"><section class="widget widget_popular">'
            f'<h2 class="widget-title">Popular</h2><ul>{popular}</ul></section>'
            '<section class="widget widget_ad"><iframe src="https://www.googletagmanager.com/'
            'ns.html?id=GTM-ASTANATIMES" width="300" height="250" title="advertisement">'
            "</iframe></section></aside></div>\n"
            '<footer id="colophon" class="site-footer"><div class="site-info">'
            f"&copy; 2026 {SITE_TITLE}. All rights reserved.</div></footer></div>\n"
            f"<script id='sharing-js-js-extra'>{SHARE_JS}</script>\n"
            f"<script src='{BASE}/wp-content/plugins/jetpack/_inc/build/sharedaddy/sharing.min.js"
            "' id='sharing-js-js'></script>\n</body>\n</html>\n"
        )


def _article_head(post: SnapshotPost) -> str:
    published_gmt = post.published.astimezone(UTC).isoformat()
    modified_gmt = post.modified.astimezone(UTC).isoformat()
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "@id": f"{post.url}#article",
                "headline": post.title,
                "datePublished": published_gmt,
                "dateModified": modified_gmt,
                "author": {"@type": "Person", "name": post.author},
                "articleSection": [post.category],
                "inLanguage": "en-US",
                "mainEntityOfPage": {"@id": post.url},
            }
        ],
    }
    return (
        f'<link rel="canonical" href="{post.url}" />\n'
        f"<link rel='shortlink' href='{post.shortlink}' />\n"
        '<meta property="og:type" content="article" />\n'
        f'<meta property="og:title" content="{escape(post.title)}" />\n'
        f'<meta property="og:url" content="{post.url}" />\n'
        f'<meta property="og:site_name" content="{SITE_TITLE}" />\n'
        f'<meta property="article:published_time" content="{published_gmt}" />\n'
        f'<meta property="article:modified_time" content="{modified_gmt}" />\n'
        f'<meta name="author" content="{escape(post.author)}" />\n'
        '<script type="application/ld+json" class="yoast-schema-graph">'
        f"{json.dumps(ld, ensure_ascii=False)}</script>\n"
    )


def _feed_item(p: SnapshotPost) -> str:
    lead = p.paragraphs[0] if p.paragraphs else ""
    excerpt = lead if len(lead) <= 220 else lead[:220].rsplit(" ", 1)[0] + " [&#8230;]"
    excerpt = excerpt.replace("]]>", "]]&gt;")
    tags = "".join(f"\t\t<category><![CDATA[{t}]]></category>\n" for t in p.tags)
    return (
        "\t<item>\n"
        f"\t\t<title>{escape(p.title, quote=False)}</title>\n"
        f"\t\t<link>{p.url}</link>\n"
        f"\t\t<comments>{p.url}#respond</comments>\n"
        f"\t\t<dc:creator><![CDATA[{p.author}]]></dc:creator>\n"
        f"\t\t<pubDate>{format_datetime(p.published.astimezone(UTC))}</pubDate>\n"
        f"\t\t<category><![CDATA[{p.category}]]></category>\n{tags}"
        f'\t\t<guid isPermaLink="false">{p.shortlink}</guid>\n'
        f"\t\t<description><![CDATA[{excerpt}]]></description>\n"
        f"\t\t<wfw:commentRss>{p.url}feed/</wfw:commentRss>\n"
        "\t\t<slash:comments>0</slash:comments>\n"
        "\t</item>\n"
    )


def _post_list(posts: list[SnapshotPost]) -> str:
    return "".join(
        f'<article class="post-{p.id} post type-post"><h2 class="entry-title">'
        f'<a href="{p.url}" rel="bookmark">{escape(p.title)}</a></h2>'
        f'<time class="entry-date published" datetime="{p.published.isoformat()}">'
        f"{_long_date(p.published)}</time></article>"
        for p in posts
    )


def _long_date(value: datetime) -> str:
    """ "3 March 2026", as the site prints dates."""
    return f"{value.day} {value:%B %Y}"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _paged(query: str) -> int | None:
    """The feed page asked for: 1 without ?paged=, None when the value is not a page."""
    values = parse_qs(query).get("paged")
    if not values:
        return 1
    value = values[0]
    return int(value) if value.isdigit() and int(value) >= 1 else None


def _not_modified(if_modified_since: str, last_modified: str) -> bool:
    """WordPress's rule for feeds: 304 when the client's copy is as new as the newest post."""
    try:
        client = parsedate_to_datetime(if_modified_since)
        ours = parsedate_to_datetime(last_modified)
    except (TypeError, ValueError, IndexError):
        return False
    if client.tzinfo is None:
        client = client.replace(tzinfo=UTC)
    return client >= ours
