"""Kazinform parser (scrapers.parsing.kazinform) over every page of the offline snapshot.

Each article page is rendered by the snapshot site, parsed, and checked field by field against
the data it was rendered from; boilerplate (nav, cookie banner, scripts, bylines, "None",
"Currently reading", "Read also", captions) must not reach the body. Also: the three URL
generations and their redirects, /amp, the move to qazinform.com, listings with nominative and
genitive months, the feeds, and LayoutChanged on pages with renamed classes.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from flows.transform.canonical import canonical_url
from flows.transform.clean import normalize_text
from scrapers.errors import LayoutChanged, ParseError
from scrapers.parsing import kazinform as parsing
from scrapers.snapshot.site import Request
from scrapers.snapshot.sites.kazinform import (
    CHROME,
    FEED_SIZE,
    FEEDS,
    LENTA,
    PAGE_SIZE,
    KazinformSite,
    SnapshotArticle,
)

SITE = KazinformSite()
ARTICLES = SITE.articles
AMP_ARTICLES = [a for a in ARTICLES if a.amp_url]
OLD_URLS = [(a, old) for a in ARTICLES for old in a.old_urls]
ASTANA_OFFSETS = {"+05:00", "+06:00"}  # Asia/Almaty before and after 1 March 2024


def fetch(url: str) -> TextResponse:
    """The snapshot's answer to a GET of a real URL, as Scrapy would hand it to a callback."""
    parts = urlsplit(url)
    reply = SITE.respond(
        Request(f"{parts.scheme}://{parts.netloc}", "GET", parts.path, parts.query, {})
    )
    kind = XmlResponse if "xml" in reply.headers.get("Content-Type", "") else HtmlResponse
    return kind(url=url, status=reply.status, headers=dict(reply.headers), body=reply.body)


def html_response(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")


def by_id(item_id: str) -> SnapshotArticle:
    return SITE.by_id(item_id)


# --------------------------------------------------------------------------------------------
# Article pages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.lang}-{a.id}")
def test_article_fields(article: SnapshotArticle) -> None:
    item = parsing.parse_article(fetch(article.url), article.url)
    assert item.source == "inform.kz"
    assert item.url == article.url
    assert item.canonical_url == canonical_url(article.url) == article.url
    assert item.lang == article.lang
    assert item.title == normalize_text(article.title)
    assert item.published_at == article.published_at
    assert item.published_at.isoformat()[-6:] in ASTANA_OFFSETS
    assert item.source_item_id == article.id
    assert item.relevant is article.mfa, item.relevance_reason
    assert item.relevance_reason
    assert item.views == article.views


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.lang}-{a.id}")
def test_article_body_is_lead_then_paragraphs(article: SnapshotArticle) -> None:
    item = parsing.parse_article(fetch(article.url), article.url)
    expected = [normalize_text(article.description), *map(normalize_text, article.paragraphs)]
    assert item.body_text.split("\n") == expected


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.lang}-{a.id}")
def test_article_body_has_no_chrome(article: SnapshotArticle) -> None:
    item = parsing.parse_article(fetch(article.url), article.url)
    body = item.body_text
    chrome = CHROME[article.lang]
    lines = body.split("\n")
    for text in (chrome["cookie"], chrome["footer"], chrome["share"], chrome["lenta"]):
        assert normalize_text(text) not in body
    for label in chrome["nav"].split("|"):
        assert label not in lines
    for leftover in ("None", "Currently reading", chrome["read_also"], chrome["related"]):
        assert leftover not in lines
    for needle in ("gtag", "dataLayer", "youtube", "<", "Facebook", "Telegram", "Photo credit"):
        assert needle not in body
    if article.legacy_byline:
        assert normalize_text(article.legacy_byline) not in body
    if article.caption:
        assert normalize_text(article.caption) not in lines
    for rid in article.related:  # the inline "Read also" card's headline
        assert normalize_text(by_id(rid).title) not in body


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.lang}-{a.id}")
def test_dateline_and_caption(article: SnapshotArticle) -> None:
    item = parsing.parse_article(fetch(article.url), article.url)
    place = re.match(r"^([^\W\d_][^\W\d_ -]*(?:-[^\W\d_]+)?)\.", article.description)
    assert place is not None, "every snapshot lead opens with a dateline"
    assert item.dateline_place == place.group(1)
    assert item.dateline_date is None  # Kazinform datelines carry no date
    assert "no_dateline" not in item.flags
    if article.caption:
        assert item.caption == normalize_text(article.caption)
    elif article.photo_credit:
        assert item.caption == normalize_text(article.photo_credit)
    else:
        assert item.caption is None and "no_caption" in item.flags


def test_migrated_article_loses_its_old_byline_and_none_lines() -> None:
    migrated = [a for a in ARTICLES if a.legacy_byline and a.stray_lines]
    assert migrated, "the snapshot has articles migrated from the old platform"
    for article in migrated:
        byline = article.legacy_byline or ""
        page = fetch(article.url).text
        assert byline in page and ">None<" in page  # the trap is on the page
        body = parsing.parse_article(fetch(article.url), article.url).body_text
        assert byline.split(" / ")[0] not in body


@pytest.mark.parametrize("article", AMP_ARTICLES, ids=lambda a: f"{a.lang}-{a.id}")
def test_amp_page_collapses_to_the_article(article: SnapshotArticle) -> None:
    assert article.amp_url is not None
    normal = parsing.parse_article(fetch(article.url), article.url)
    amp = parsing.parse_article(fetch(article.amp_url), article.amp_url)
    assert amp.url == article.amp_url
    assert amp.canonical_url == normal.canonical_url == article.url
    assert amp.article_id == normal.article_id
    assert (amp.title, amp.body_text, amp.published_at) == (
        normal.title,
        normal.body_text,
        normal.published_at,
    )
    assert amp.source_item_id == article.id
    assert "amp" in amp.flags and "amp" not in normal.flags


# --------------------------------------------------------------------------------------------
# URL generations, ids, redirects
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "item_id", "lang"),
    [
        (
            "https://www.inform.kz/en/kazakhstan-s-foreign-ministry-expresses-concern_a3637922",
            "a3637922",
            "en",
        ),
        ("https://www.inform.kz/ru/some-slug_a3801456/amp", "a3801456", "ru"),
        ("https://www.inform.kz/kz/some-slug_a3921870", "a3921870", "kk"),
        ("https://en.inform.kz/news/some-slug-dc8002/", "dc8002", "en"),
        ("https://en.inform.kz/news/some-slug-535261/", "535261", "en"),
        ("https://en.inform.kz/news/some-slug_a3998765/", "a3998765", "en"),
        ("https://www.inform.kz/ru/some-slug-adef40", "adef40", "ru"),
        ("https://www.inform.kz/ru/some-slug-3a7f0e21", "3a7f0e21", "ru"),
        ("https://www.inform.kz/ru/some-slug-ADEF40/amp", "adef40", "ru"),
        ("https://kaz.inform.kz/news/some-slug-612391/", "612391", "kk"),
        ("https://qazinform.com/news/some-slug-150203", "150203", "en"),
    ],
)
def test_item_id_and_lang_from_url(url: str, item_id: str, lang: str) -> None:
    assert parsing.item_id_from_url(url) == item_id
    assert parsing.lang_of_url(url) == lang


@pytest.mark.parametrize(
    "url",
    [
        "https://www.inform.kz/ru/lenta",
        "https://www.inform.kz/ru/lenta/2",
        "https://www.inform.kz/ru/rss/",
        "https://qazinform.com/rss/en.xml",
        "https://kaz.inform.kz/lenta",
        "https://www.inform.kz/ru/some-slug-abc12",  # 5 hex: too short for an id
        "https://www.inform.kz/de/some-slug-adef40",  # no such edition
        "https://www.kt.kz/rus/politics/slug_1377987726.html",
    ],
)
def test_not_an_article_url(url: str) -> None:
    assert parsing.item_id_from_url(url) is None


@pytest.mark.parametrize(("article", "old"), OLD_URLS, ids=lambda v: getattr(v, "id", "url"))
def test_old_urls_answer_301_with_the_current_one(article: SnapshotArticle, old: str) -> None:
    response = fetch(old)
    assert response.status == 301
    assert parsing.redirect_target(response, old) == article.url
    with pytest.raises(ParseError):
        parsing.parse_article(response, old)


def test_every_url_generation_is_in_the_snapshot() -> None:
    old = [u for _, u in OLD_URLS]
    assert any(re.search(r"www\.inform\.kz/ru/.+_a\d{7}$", u) for u in old)
    assert any(re.search(r"www\.inform\.kz/en/.+_a\d{7}$", u) for u in old)
    assert any(re.search(r"www\.inform\.kz/kz/.+_a\d{7}$", u) for u in old)
    assert any(re.search(r"en\.inform\.kz/news/.+-[0-9a-f]{6}/$", u) for u in old)
    current = [a.url for a in ARTICLES]
    assert any(re.search(r"www\.inform\.kz/ru/.+-[0-9a-f]{6,8}$", u) for u in current)
    assert any(re.search(r"kaz\.inform\.kz/news/.+-\d{6}/$", u) for u in current)
    assert any(re.search(r"qazinform\.com/news/.+-[0-9a-f]{6}$", u) for u in current)


def test_old_amp_url_redirects_to_the_new_amp() -> None:
    for article, old in OLD_URLS:
        if old.startswith("https://www.inform.kz/ru/"):
            response = fetch(old + "/amp")
            assert response.status == 301
            assert parsing.redirect_target(response, old + "/amp") == article.amp_url


def test_en_inform_kz_moved_to_qazinform() -> None:
    moved = [(a, u) for a, u in OLD_URLS if u.startswith("https://en.inform.kz/")]
    assert moved
    for article, old in moved:
        assert canonical_url(old) == article.url  # one article, whichever host it came from
        assert parsing.item_id_from_url(old) == article.id
    unknown = "https://en.inform.kz/news/some-other-story-0a0b0c/"
    response = fetch(unknown)
    assert response.status == 301
    assert (
        parsing.redirect_target(response, unknown)
        == "https://qazinform.com/news/some-other-story-0a0b0c"
    )
    assert fetch("https://qazinform.com/news/some-other-story-0a0b0c").status == 404


def test_trailing_slash_variants_redirect_to_the_site_form() -> None:
    kk = next(a for a in ARTICLES if a.lang == "kk")
    en = next(a for a in ARTICLES if a.lang == "en")
    for article, variant in ((kk, kk.url.rstrip("/")), (en, en.url + "/")):
        response = fetch(variant)
        assert response.status == 301
        assert parsing.redirect_target(response, variant) == article.url
        assert canonical_url(variant) == article.url


# --------------------------------------------------------------------------------------------
# Listings and feeds
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_lenta_pages_list_every_article_newest_first(lang: str) -> None:
    origin, path = LENTA[lang]
    expected = [a for a in ARTICLES if a.lang == lang]
    url: str | None = origin + path
    seen: list[parsing.Entry] = []
    pages = 0
    while url is not None:
        listing = parsing.parse_listing(fetch(url), url)
        assert 0 < len(listing.entries) <= PAGE_SIZE
        seen += listing.entries
        url = listing.next_url
        pages += 1
    assert pages == -(-len(expected) // PAGE_SIZE)
    assert [e.published for e in seen] == [a.published_at for a in expected]
    assert [e.title for e in seen] == [normalize_text(a.title) for a in expected]
    for entry, article in zip(seen, expected, strict=True):
        assert entry.url == (article.listed_url or article.url)
        assert entry.item_id == parsing.item_id_from_url(entry.url)


RU_NOMINATIVE = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
                 "Сентябрь", "Октябрь", "Ноябрь", "Декабрь")  # fmt: skip


def test_lenta_card_time_is_the_nominative_form() -> None:
    page = fetch(LENTA["ru"][0] + LENTA["ru"][1]).text
    first = next(a for a in ARTICLES if a.lang == "ru").published_at
    assert f"{first:%H:%M}, {first.day} {RU_NOMINATIVE[first.month - 1]} {first.year}" in page


@pytest.mark.parametrize(
    "text",
    ["13:51, 15 Август 2025", "13:51, 15 августа 2025", "13:51, 15 АВГУСТА 2025"],
)
def test_listing_reads_nominative_and_genitive_months(text: str) -> None:
    html = (
        '<div class="allNewsCard"><a href="https://www.inform.kz/ru/slug-adef40">'
        f'<div class="allNewsCard_title">Заголовок</div><div class="allNewsCard_time">{text}</div>'
        "</a></div>"
    )
    listing = parsing.parse_listing(html_response("https://www.inform.kz/ru/lenta", html), "x")
    assert listing.entries[0].published is not None
    assert listing.entries[0].published.isoformat() == "2025-08-15T13:51:00+05:00"
    assert listing.next_url is None


def test_listing_falls_back_to_the_old_layouts() -> None:
    html = (
        '<div class="lenta_news_block"><ul><li><a href="/ru/old-story_a3637922">Старая</a></li>'
        '<li><a href="/ru/about">О нас</a></li></ul></div>'
    )
    url = "https://www.inform.kz/ru/archive?date=01.01.2020"
    listing = parsing.parse_listing(html_response(url, html), url)
    assert [(e.url, e.item_id, e.title, e.published) for e in listing.entries] == [
        ("https://www.inform.kz/ru/old-story_a3637922", "a3637922", "Старая", None)
    ]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_feed_lists_the_newest_items(lang: str) -> None:
    origin, path = FEEDS[lang]
    response = fetch(origin + path)
    assert response.status == 200
    entries = parsing.parse_feed(response, origin + path)
    expected = [a for a in ARTICLES if a.lang == lang][:FEED_SIZE]
    assert [e.item_id for e in entries] == [a.id for a in expected]
    assert [e.url for e in entries] == [a.url for a in expected]
    assert [e.published for e in entries] == [a.published_at for a in expected]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("https://www.inform.kz/en/rss", "https://qazinform.com/rss/en.xml"),
        ("https://www.inform.kz/en/rss.xml", "https://qazinform.com/rss/en.xml"),
        ("https://en.inform.kz/rss/", "https://qazinform.com/rss/en.xml"),
        ("https://www.inform.kz/ru/rss", "https://www.inform.kz/ru/rss/"),
        ("https://www.inform.kz/kz/rss", "https://kaz.inform.kz/rss/kk.xml"),
    ],
)
def test_moved_feeds_redirect(old: str, new: str) -> None:
    response = fetch(old)
    assert response.status == 301
    assert parsing.redirect_target(response, old) == new


# --------------------------------------------------------------------------------------------
# Changed layout, missing pages, hostile input
# --------------------------------------------------------------------------------------------

SAMPLE = next(a for a in ARTICLES if a.mfa and a.lang == "ru")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("article__body-text", "article__content-text", "body"),
        ("h1", "h2", "title"),
        ("article__time", "article__date", "published_at"),
    ],
)
def test_layout_changed(old: str, new: str, field: str) -> None:
    html = fetch(SAMPLE.url).text.replace(old, new)
    if field == "published_at":
        html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    with pytest.raises(LayoutChanged) as caught:
        parsing.parse_article(html_response(SAMPLE.url, html), SAMPLE.url)
    assert (caught.value.source, caught.value.field, caught.value.url) == (
        "inform.kz",
        field,
        SAMPLE.url,
    )


def test_date_falls_back_to_the_machine_readable_time() -> None:
    html = fetch(SAMPLE.url).text.replace("article__time", "article__date")
    item = parsing.parse_article(html_response(SAMPLE.url, html), SAMPLE.url)
    assert item.published_at == SAMPLE.published_at


def test_empty_body_is_a_layout_change_not_an_empty_item() -> None:
    html = fetch(SAMPLE.url).text
    for block in ("article__description", "article__body-text"):
        html = re.sub(
            rf'(<div class="{block}">).*?</div>(?=<div class="article__)', r"\1</div>", html
        )
    assert normalize_text(SAMPLE.paragraphs[0]) not in html
    with pytest.raises(LayoutChanged) as caught:
        parsing.parse_article(html_response(SAMPLE.url, html), SAMPLE.url)
    assert caught.value.field == "body"


def test_not_found_page_is_no_article() -> None:
    url = "https://www.inform.kz/ru/no-such-story-000000"
    response = fetch(url)
    assert response.status == 404
    with pytest.raises(ParseError):
        parsing.parse_article(response, url)


def test_hostile_markup_never_reaches_the_body() -> None:
    html = fetch(SAMPLE.url).text.replace(
        '<div class="article__body-text">',
        '<div class="article__body-text"><script>alert("x")</script><style>p{}</style>'
        '<iframe src="https://evil.example/"></iframe><p onclick="steal()">Текст\u202e</p>',
    )
    body = parsing.parse_article(html_response(SAMPLE.url, html), SAMPLE.url).body_text
    assert "alert" not in body and "p{}" not in body and "evil" not in body
    assert "steal" not in body and "\u202e" not in body and "Текст" in body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(fetch(SAMPLE.url).body)))
def test_truncated_pages_raise_only_documented_errors(cut: int) -> None:
    body = fetch(SAMPLE.url).body[:cut]
    response = HtmlResponse(url=SAMPLE.url, body=body, encoding="utf-8")
    try:
        item = parsing.parse_article(response, SAMPLE.url)
    except ParseError:
        return
    assert item.title and item.body_text
    assert isinstance(item.published_at, datetime) and item.published_at.tzinfo is not None


# --------------------------------------------------------------------------------------------
# The site itself
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", KazinformSite.origins)
def test_robots_txt_on_every_host(origin: str) -> None:
    response = SITE.respond(Request(origin, "GET", "/robots.txt", "", {}))
    assert response.status == 200
    assert b"User-agent: *" in response.body
    assert b"Disallow: /ru/lenta" not in response.body and b"Disallow: /news" not in response.body


def test_site_is_pure() -> None:
    request = Request("https://www.inform.kz", "GET", "/ru/lenta", "", {})
    assert SITE.respond(request) == SITE.respond(request)
    assert KazinformSite().respond(request) == SITE.respond(request)


def test_lenta_past_the_end_is_404() -> None:
    pages = -(-sum(a.lang == "ru" for a in ARTICLES) // PAGE_SIZE)
    assert fetch(f"https://www.inform.kz/ru/lenta/{pages + 1}").status == 404
    assert fetch("https://www.inform.kz/ru/lenta/0").status == 404
