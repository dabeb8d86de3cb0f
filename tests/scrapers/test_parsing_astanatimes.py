"""The Astana Times parser on every page of the snapshot: per-field checks, chrome never in a body.

Pages are rendered by the snapshot site's pure `respond()` into Scrapy responses, so these tests
read the same bytes the spider gets. Expected values come from the snapshot's data files (what
the writer of each post meant), never from the parser's own output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, TextResponse

from flows.transform.clean import normalize_text
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing import astanatimes as parsing
from scrapers.snapshot.site import Request
from scrapers.snapshot.sites.astanatimes import BASE, AstanaTimesSite, SnapshotPost

SITE = AstanaTimesSite()
POSTS = SITE.posts
POST_IDS = [p.id for p in POSTS]
BY_ID = {p.id: p for p in POSTS}

# Page chrome that must never reach a body (nav, cookie notice, widgets, scripts, author box).
CHROME = (
    "We use cookies",
    "Share this",
    "Facebook",
    "Telegram",
    "Related posts",
    "Read also",
    "Newsletter",
    "Subscribe to The Astana Times",
    "About the author",
    "staff writer",
    "Leave a Reply",
    "Popular",
    "Photo credit",
    "All rights reserved",
    "first English-language newspaper",
    "gtag(",
    "addEventListener",
    "sharing_js_options",
    "widgets.js",
    "googletagmanager",
    "Tags:",
)


def reply(
    path: str, query: str = "", headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    r = SITE.respond(Request(BASE, "GET", path, query, headers or {}))
    return r.status, r.body, dict(r.headers)


def page(post: SnapshotPost, html: str | None = None) -> HtmlResponse:
    status, body, headers = reply(post.path)
    assert status == 200
    return HtmlResponse(
        url=post.url, body=html.encode("utf-8") if html is not None else body, headers=headers
    )


def feed(page_no: int = 1) -> TextResponse:
    status, body, headers = reply("/feed/", f"paged={page_no}" if page_no > 1 else "")
    assert status == 200
    return TextResponse(url=parsing.feed_page_url(page_no), body=body, headers=headers)


def parse(post: SnapshotPost) -> PressRelease:
    return parsing.parse_article(page(post), post.url)


# --------------------------------------------------------------------------------------------
# Articles, per field
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("post_id", POST_IDS)
def test_identity_fields(post_id: int) -> None:
    post = BY_ID[post_id]
    item = parse(post)
    assert item.source == "astanatimes.com"
    assert item.url == post.url
    assert item.canonical_url == post.url  # apex host, trailing slash kept (WordPress)
    assert item.lang == "en"
    assert item.source_item_id == str(post.id)
    assert item.views is None


@pytest.mark.parametrize("post_id", POST_IDS)
def test_title(post_id: int) -> None:
    post = BY_ID[post_id]
    assert parse(post).title == normalize_text(post.title)


@pytest.mark.parametrize("post_id", POST_IDS)
def test_published_at_is_aware_and_exact(post_id: int) -> None:
    post = BY_ID[post_id]
    item = parse(post)
    assert item.published_at.utcoffset() == timedelta(hours=5)
    assert item.published_at == post.published
    assert "no_publication_time" not in item.flags


@pytest.mark.parametrize("post_id", POST_IDS)
def test_body_is_the_posts_paragraphs_in_order(post_id: int) -> None:
    post = BY_ID[post_id]
    item = parse(post)
    assert item.body_text.split("\n") == [normalize_text(p) for p in post.paragraphs]


@pytest.mark.parametrize("post_id", POST_IDS)
def test_body_has_no_chrome(post_id: int) -> None:
    post = BY_ID[post_id]
    body = parse(post).body_text
    for text in CHROME:
        assert text not in body, text
    if post.caption:
        assert normalize_text(post.caption) not in body
    for other in POSTS:  # related-post titles and "Read also" links are not text of this post
        if other.id != post.id:
            assert normalize_text(other.title) not in body


@pytest.mark.parametrize("post_id", POST_IDS)
def test_dateline_and_caption(post_id: int) -> None:
    post = BY_ID[post_id]
    item = parse(post)
    assert item.dateline_place == post.paragraphs[0].split(" –", 1)[0]
    assert item.dateline_date is None  # "ASTANA – " carries no date
    assert item.caption == (normalize_text(post.caption) if post.caption else None)


@pytest.mark.parametrize("post_id", POST_IDS)
def test_relevance_follows_the_writers_intent(post_id: int) -> None:
    post = BY_ID[post_id]
    item = parse(post)
    assert item.relevant is post.mfa, item.relevance_reason
    if post.mfa:
        assert item.relevance_reason


def test_updated_only_when_modified_after_publication() -> None:
    updated = {p.id for p in POSTS if parse(p).updated}
    assert updated == {p.id for p in POSTS if p.modified > p.published}
    assert updated  # the snapshot has one edited post


def test_read_also_link_is_dropped_but_body_kept() -> None:
    post = next(p for p in POSTS if p.read_also is not None)
    html = page(post).text
    assert "Read also:" in html
    assert "Read also" not in parse(post).body_text


def test_attribution_phrase_survives_cleaning() -> None:
    item = parse(BY_ID[172318])
    assert "the Kazakh Foreign Minister's press service reported" in item.body_text


# --------------------------------------------------------------------------------------------
# Fallbacks and changed layouts
# --------------------------------------------------------------------------------------------


def _html(post: SnapshotPost) -> str:
    return page(post).text


def test_renamed_title_class_is_a_layout_change() -> None:
    post = POSTS[0]
    html = _html(post).replace('class="entry-title"', 'class="post-headline"')
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(post, html), post.url)
    assert (err.value.source, err.value.field, err.value.url) == (
        "astanatimes.com",
        "title",
        post.url,
    )


def test_renamed_content_class_is_a_layout_change() -> None:
    post = POSTS[1]
    html = _html(post).replace('class="entry-content"', 'class="post-body"')
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(post, html), post.url)
    assert err.value.field == "body"


def test_empty_content_block_is_a_layout_change() -> None:
    post = POSTS[2]
    html = _html(post)
    start = html.index('<div class="entry-content">') + len('<div class="entry-content">')
    end = html.index('<footer class="entry-footer">')
    html = html[:start] + '<div class="sharedaddy">Share this:</div></div>' + html[end:]
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(post, html), post.url)
    assert err.value.field == "body"


def _strip_dates(html: str) -> str:
    html = html.replace('property="article:published_time"', 'property="x-published"')
    html = html.replace('"datePublished"', '"x-datePublished"')
    return html.replace(' datetime="', ' data-x="')


def test_no_date_anywhere_is_a_layout_change() -> None:
    post = POSTS[3]
    html = _strip_dates(_html(post)).replace('class="entry-date published"', 'class="x"')
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(post, html), post.url)
    assert err.value.field == "published_at"


def test_date_falls_back_to_meta_then_json_ld() -> None:
    post = POSTS[4]
    html = _html(post).replace(' datetime="', ' data-x="')
    assert parsing.parse_article(page(post, html), post.url).published_at == post.published
    html = html.replace('property="article:published_time"', 'property="x-published"')
    assert parsing.parse_article(page(post, html), post.url).published_at == post.published


def test_visible_date_only_is_flagged_as_without_time() -> None:
    post = POSTS[5]
    item = parsing.parse_article(page(post, _strip_dates(_html(post))), post.url)
    assert item.published_at.date() == post.published.date()
    assert "no_publication_time" in item.flags


def test_post_id_falls_back_to_article_id_then_body_class() -> None:
    post = POSTS[6]
    html = _html(post).replace("rel='shortlink'", "rel='x-short'")
    assert parsing.parse_article(page(post, html), post.url).source_item_id == str(post.id)
    html = html.replace(f'id="post-{post.id}"', 'id="main-post"')
    assert parsing.parse_article(page(post, html), post.url).source_item_id == str(post.id)
    html = html.replace(f"postid-{post.id}", "single-x").replace(f"post-{post.id}", "p-x")
    item = parsing.parse_article(page(post, html), post.url)
    assert item.source_item_id is None and "no_post_id" in item.flags


def test_hostile_markup_in_the_body_never_reaches_the_text() -> None:
    post = POSTS[7]
    hostile = (
        '<p onclick="steal()">Visible sentence.</p><style>p{color:red}</style>'
        "<script>var secret = 'token';</script><iframe src='https://evil.example'>framed"
        "</iframe><noscript>enable js</noscript>"
    )
    html = _html(post).replace(
        '<div class="entry-content">', '<div class="entry-content">' + hostile
    )
    body = parsing.parse_article(page(post, html), post.url).body_text
    assert body.startswith("Visible sentence.")
    for text in ("steal", "color:red", "secret", "framed", "enable js"):
        assert text not in body


def test_page_without_charset_header_is_read_from_the_meta_tag() -> None:
    post = BY_ID[172305]  # typographic apostrophes and "é" in the title
    _status, body, _headers = reply(post.path)
    response = HtmlResponse(url=post.url, body=body, headers={"Content-Type": "text/html"})
    item = parsing.parse_article(response, post.url)
    assert (
        item.title
        == "Kazakh Foreign Ministry Summons Russian Chargé d'Affaires Over TV Host's Remarks"
    )


def test_not_found_page_is_an_error_not_an_item() -> None:
    status, body, headers = reply("/2026/03/no-such-post/")
    assert status == 404
    response = HtmlResponse(
        url=f"{BASE}/2026/03/no-such-post/", body=body, headers=headers, status=404
    )
    with pytest.raises(ParseError):
        parsing.parse_article(response, response.url)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post_index=st.integers(0, len(POSTS) - 1), cut=st.floats(0.0, 1.0))
def test_truncated_pages_give_an_item_or_a_documented_error(post_index: int, cut: float) -> None:
    post = POSTS[post_index]
    html = _html(post)
    truncated = html[: int(len(html) * cut)]
    try:
        item = parsing.parse_article(page(post, truncated), post.url)
    except ParseError:  # LayoutChanged included
        return
    assert item.title and item.body_text and item.published_at.tzinfo is not None
    assert item.published_at <= datetime.now(UTC)
    assert item.url.startswith(BASE + "/")


# --------------------------------------------------------------------------------------------
# Feed
# --------------------------------------------------------------------------------------------


def test_feed_lists_the_newest_ten_posts_in_order() -> None:
    entries = parsing.parse_feed(feed(), parsing.FEED_URL)
    assert [e.post_id for e in entries] == [p.id for p in POSTS[:10]]
    assert [e.url for e in entries] == [p.url for p in POSTS[:10]]
    assert [e.published for e in entries] == [p.published for p in POSTS[:10]]
    assert all(
        e.published is not None and e.published.utcoffset() == timedelta(hours=5) for e in entries
    )
    assert entries[0].title == normalize_text(POSTS[0].title)


def test_feed_spans_about_eleven_hours() -> None:
    entries = parsing.parse_feed(feed(), parsing.FEED_URL)
    newest, oldest = entries[0].published, entries[-1].published
    assert newest is not None and oldest is not None
    assert timedelta(hours=10) <= newest - oldest <= timedelta(hours=12)


def test_older_feed_pages_and_the_end() -> None:
    second = parsing.parse_feed(feed(2), parsing.feed_page_url(2))
    assert [e.post_id for e in second] == [p.id for p in POSTS[10:20]]
    assert parsing.parse_feed(feed(99), parsing.feed_page_url(99)) == []
    assert parsing.feed_page_url(1) == "https://astanatimes.com/feed/"
    assert parsing.feed_page_url(3) == "https://astanatimes.com/feed/?paged=3"


def test_feed_has_wordpress_validators_and_answers_if_modified_since() -> None:
    status, _body, headers = reply("/feed/")
    assert status == 200 and headers["Last-Modified"].endswith("GMT") and headers["ETag"]
    newest = max(p.modified for p in POSTS)
    assert parsing.parse_http_date(headers["Last-Modified"]) == newest
    assert reply("/feed/", headers={"if-modified-since": headers["Last-Modified"]})[0] == 304
    older = "Mon, 02 Mar 2026 10:00:00 GMT"
    assert reply("/feed/", headers={"if-modified-since": older})[0] == 200


def test_feed_entries_without_an_article_link_are_skipped() -> None:
    xml = (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        "<item><title>Home</title><link>https://astanatimes.com/</link></item>"
        "<item><title>Post</title><link>https://astanatimes.com/2026/03/a-post/</link>"
        "<guid isPermaLink='true'>https://astanatimes.com/2026/03/a-post/</guid>"
        "<pubDate>Tue, 03 Mar 2026 05:00:00 +0000</pubDate></item></channel></rss>"
    )
    response = TextResponse(url=parsing.FEED_URL, body=xml.encode(), encoding="utf-8")
    entries = parsing.parse_feed(response, parsing.FEED_URL)
    assert [(e.url, e.post_id) for e in entries] == [
        ("https://astanatimes.com/2026/03/a-post/", None)
    ]
    assert entries[0].published == datetime(2026, 3, 3, 5, 0, tzinfo=UTC)  # 10:00 in Astana
    assert entries[0].published.utcoffset() == timedelta(hours=5)


# --------------------------------------------------------------------------------------------
# Incremental decisions
# --------------------------------------------------------------------------------------------

T0 = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def entry(post_id: int | None, published: datetime | None) -> parsing.FeedEntry:
    return parsing.FeedEntry(f"{BASE}/2026/03/p{post_id}/", post_id, "t", published)


def test_is_new_by_id() -> None:
    assert parsing.is_new(entry(10, T0), None, None, None)
    assert parsing.is_new(entry(11, T0), 10, None, None)
    assert not parsing.is_new(entry(10, T0), 10, None, None)
    assert parsing.is_new(entry(None, T0), 10, None, None)  # no id: cannot tell, fetch


def test_is_new_catches_a_late_published_draft() -> None:
    # id 5 is below what we hold, but it was published after the feed we saw last time.
    assert parsing.is_new(entry(5, T0 + timedelta(minutes=1)), 10, T0, None)
    assert not parsing.is_new(entry(5, T0), 10, T0, None)
    assert not parsing.is_new(entry(5, T0 - timedelta(hours=1)), 10, T0, None)


def test_is_new_respects_since() -> None:
    assert not parsing.is_new(
        entry(99, datetime(2026, 2, 28, 23, 0, tzinfo=UTC)), None, None, date(2026, 3, 1)
    )
    assert parsing.is_new(
        entry(99, datetime(2026, 3, 1, 0, 0, tzinfo=UTC)), None, None, date(2026, 3, 1)
    )


def test_page_back_only_when_bounded_and_the_page_is_all_new() -> None:
    full = [entry(i, T0) for i in range(20, 10, -1)]
    assert parsing.page_back(full, full, bounded=True)
    assert not parsing.page_back(full, full, bounded=False)  # first run: the feed is enough
    assert not parsing.page_back(full, full[:-1], bounded=True)  # reached a held post
    assert not parsing.page_back(full[:4], full[:4], bounded=True)  # a short page is the last


def test_robots_txt_allows_the_feed_and_posts() -> None:
    status, body, _ = reply("/robots.txt")
    assert status == 200
    text = body.decode()
    assert "Disallow: /wp-admin/" in text and "Disallow: /feed" not in text
