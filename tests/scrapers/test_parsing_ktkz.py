"""kt.kz parsers over every page of the offline snapshot, asserted field by field.

The snapshot renders each data/ktkz/<id>.json into the page shape SOURCES.md §2 records; the
parser must get the data back out of the HTML (title, time, views, body) and nothing of the
chrome around it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.robotparser import RobotFileParser

import pytest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from flows.transform.clean import clean_body
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing import ktkz as parsing
from scrapers.snapshot.site import Request
from scrapers.snapshot.sites.ktkz import BASE, KtKzSite, SnapshotArticle

SITE = KtKzSite()
ARTICLES = SITE.articles
SEED_ID = 1377987726
BY_ID = {a.id: a for a in ARTICLES}

# Chrome text that must never reach a body (nav, cookie banner, widgets, scripts, footer).
CHROME_TEXT = (
    "Tell a friend",
    "Поделиться",
    "Бөлісу",
    "Facebook",
    "WhatsApp",
    "adsbygoogle",
    "dataLayer",
    "gtag",
    "cookie",
    "Пресс-материалы",
    "International affairs",
    "Все права защищены",
    "All rights reserved",
    "Читайте также",
    "Read also",
    "Kazakhstan Today.",
    "Теги",
    "Tags:",
    "Популярное",
    "Дополнено",
)


def fetch(path: str, query: str = "") -> TextResponse:
    """The snapshot's reply to a GET, as the Scrapy response a spider callback would get."""
    reply = SITE.respond(Request(BASE, "GET", path, query, {}))
    url = BASE + path + (f"?{query}" if query else "")
    kind = XmlResponse if "xml" in reply.headers.get("Content-Type", "") else HtmlResponse
    return kind(url=url, body=reply.body, status=reply.status, encoding="utf-8")


def parse(article: SnapshotArticle) -> PressRelease:
    return parsing.parse_article(fetch(article.path), article.url)


def with_html(response: TextResponse, old: str, new: str) -> HtmlResponse:
    """The same page with one piece of markup changed (a site redesign in miniature)."""
    html = response.text
    assert old in html, old
    return HtmlResponse(url=response.url, body=html.replace(old, new).encode(), encoding="utf-8")


def ids(articles: list[SnapshotArticle]) -> list[str]:
    return [f"{a.id}-{a.lang}" for a in articles]


# --------------------------------------------------------------------------------------------
# The snapshot itself covers what the parser must handle
# --------------------------------------------------------------------------------------------


def test_snapshot_covers_the_cases() -> None:
    assert len(ARTICLES) >= 23
    assert {a.lang for a in ARTICLES} == {"ru", "en", "kk"}
    assert {a.markup for a in ARTICLES} == {"br", "p"}
    assert any(a.updated for a in ARTICLES)
    assert any(not a.mfa for a in ARTICLES)
    groups = [a.translation_group for a in ARTICLES if a.translation_group]
    assert any(groups.count(g) == 3 for g in groups)
    kinds = {a.kind for a in ARTICLES}
    for kind in ("digest", "meeting", "phone_call", "summons", "visit_announced", "briefing"):
        assert kind in kinds
    assert [a.id for a in ARTICLES] == sorted((a.id for a in ARTICLES), reverse=True)
    by_date = sorted(ARTICLES, key=lambda a: a.published_at)
    assert [a.id for a in by_date] == sorted(a.id for a in ARTICLES)  # ids rise with date


# --------------------------------------------------------------------------------------------
# Article pages, per field
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_title_without_status_suffix(article: SnapshotArticle) -> None:
    item = parse(article)
    assert item.title == article.title
    assert not item.title.endswith("Дополнено")
    assert item.updated is article.updated


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_published_at_is_aware_astana_time(article: SnapshotArticle) -> None:
    item = parse(article)
    expected = datetime.strptime(article.published, "%d.%m.%Y, %H:%M")
    assert item.published_at.replace(tzinfo=None) == expected
    assert item.published_at.utcoffset() == timedelta(hours=5)
    assert item.published_at.isoformat().endswith("+05:00")


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_views_counter_apart_from_date(article: SnapshotArticle) -> None:
    item = parse(article)
    assert item.views == article.views
    assert item.published_at.second == 0 and item.published_at.microsecond == 0
    assert str(article.views) not in item.published_at.isoformat()


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_body_is_the_text_and_nothing_else(article: SnapshotArticle) -> None:
    item = parse(article)
    assert item.body_text == clean_body(list(article.paragraphs))
    assert item.body_text.split("\n")[0].startswith(article.paragraphs[0][:40])
    assert len(item.body_text.split("\n")) == len(article.paragraphs)
    if article.caption:
        assert item.caption == article.caption
        assert article.caption not in item.body_text
    for text in CHROME_TEXT:
        assert text not in item.body_text, text


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_identity_fields(article: SnapshotArticle) -> None:
    item = parse(article)
    assert item.source == "kt.kz"
    assert item.lang == article.lang
    assert item.source_item_id == str(article.id)
    assert item.url == article.url
    assert item.canonical_url == article.url
    assert item.flags == ()


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_dateline_every_page(article: SnapshotArticle) -> None:
    item = parse(article)
    assert item.dateline_place == article.paragraphs[0].split(".")[0]
    assert item.dateline_date is not None
    published = item.published_at.date()
    assert timedelta(0) <= published - item.dateline_date <= timedelta(days=3)


@pytest.mark.parametrize(
    ("item_id", "place", "day"),
    [
        (SEED_ID, "Астана", date(2026, 2, 10)),  # page 11.02.2026, dateline "10 февраля"
        (1377987702, "Астана", date(2025, 12, 30)),  # January page, December dateline
        (1377987720, "Астана", date(2026, 1, 29)),  # Kazakh "29 қаңтар"
        (1377988110, "Астана", date(2026, 3, 2)),  # Kazakh "2 наурыз"
        (1377988107, "Astana", date(2026, 3, 2)),  # English "March 2"
        (1377988500, "Ақтөбе", date(2026, 3, 13)),
        (1377987845, "Павлодар", date(2026, 2, 24)),
    ],
)
def test_dateline_year_from_the_page(item_id: int, place: str, day: date) -> None:
    item = parse(BY_ID[item_id])
    assert (item.dateline_place, item.dateline_date) == (place, day)


def test_seed_article_fields() -> None:
    item = parse(BY_ID[SEED_ID])
    assert item.url == (
        "https://www.kt.kz/rus/politics/"
        "posly_kazahstana_proveli_ryad_vstrech_dlya_razvitiya_1377987726.html"
    )
    assert item.title == (
        "Послы Казахстана провели ряд встреч для развития международного сотрудничества"
    )
    assert item.published_at.isoformat() == "2026-02-11T09:47:00+05:00"
    assert item.body_text.startswith("Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские")
    assert item.body_text.endswith("историко-культурного наследия казахского народа.")
    assert len(item.body_text.split("\n")) == 8
    assert item.caption == "Фото: МИД РК"
    assert item.views == 4127
    assert item.relevant


def test_updated_suffix_as_plain_text_too() -> None:
    """Stored page text shows "... Дополнено" without markup; both forms are the status."""
    article = next(a for a in ARTICLES if a.updated)
    page = fetch(article.path)
    plain = with_html(page, '<span class="page-heading__status">Дополнено</span>', "Дополнено")
    item = parsing.parse_article(plain, article.url)
    assert item.title == article.title
    assert item.updated


def test_views_as_bare_text_after_the_date() -> None:
    """'27.02.2026, 13:04 6956' in one text run: the counter must not become the time."""
    article = BY_ID[1377987902]
    page = fetch(article.path)
    m = re.search(r'<div class="page-meta">.*?</div>', page.text)
    assert m is not None
    flat = with_html(page, m.group(0), '<div class="page-meta">27.02.2026, 13:04 6956</div>')
    item = parsing.parse_article(flat, article.url)
    assert item.published_at.isoformat() == "2026-02-27T13:04:00+05:00"
    assert item.views == 6956


def test_slug_that_does_not_match_the_page() -> None:
    """SOURCES.md §2.3: the OAS slug carries the Riga conference; the title comes from h1."""
    article = BY_ID[1377987735]
    assert "organization_of_american_states" in article.url
    item = parse(article)
    assert item.title == "Kazakh diplomats hold meetings to develop international cooperation"
    assert "Riga" in item.body_text.split("\n")[0]
    assert item.source_item_id == "1377987735"
    assert item.lang == "en"


def test_english_share_widget_present_in_page_but_not_in_body() -> None:
    article = BY_ID[1377988107]
    page = fetch(article.path)
    assert "Tell a friend" in page.text
    assert "Images | gov.kz" in page.text
    item = parsing.parse_article(page, article.url)
    assert "Tell a friend" not in item.body_text
    assert "Images |" not in item.body_text


def test_three_language_versions_of_one_release() -> None:
    versions = [a for a in ARTICLES if a.translation_group == "kz-om-consultations-2026-03"]
    items = [parse(a) for a in versions]
    assert sorted(i.lang for i in items) == ["en", "kk", "ru"]
    assert len({i.article_id for i in items}) == 3
    assert {i.dateline_date for i in items} == {date(2026, 3, 2)}


def test_canonical_url_drops_query_and_fragment() -> None:
    article = BY_ID[SEED_ID]
    page = fetch(article.path, "utm_source=telegram")
    item = parsing.parse_article(page, article.url + "?utm_source=telegram#top")
    assert item.canonical_url == article.url
    assert item.url == article.url + "?utm_source=telegram#top"


@pytest.mark.parametrize("article", ARTICLES, ids=ids(ARTICLES))
def test_relevance_matches_the_snapshot_label(article: SnapshotArticle) -> None:
    item = parse(article)
    assert item.relevant is article.mfa, item.relevance_reason
    assert item.relevance_reason


# --------------------------------------------------------------------------------------------
# Layout changes and missing pages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('class="page-heading"', 'class="article-heading"', "title"),
        ('<div class="page-meta">', '<div class="article-meta">', "published_at"),
        ('<div class="page-content">', '<div class="article-content">', "body"),
    ],
)
def test_renamed_class_raises_layout_changed(old: str, new: str, field: str) -> None:
    article = BY_ID[SEED_ID]
    page = with_html(fetch(article.path), old, new)
    with pytest.raises(LayoutChanged) as info:
        parsing.parse_article(page, article.url)
    assert info.value.source == "kt.kz"
    assert info.value.field == field
    assert info.value.url == article.url


def test_empty_body_raises_layout_changed() -> None:
    article = BY_ID[1377988107]  # <p> markup
    page = fetch(article.path)
    m = re.search(r'<div class="page-text">.*?</div></div>', page.text)
    assert m is not None
    emptied = with_html(page, m.group(0), '<div class="page-text"></div>')
    with pytest.raises(LayoutChanged) as info:
        parsing.parse_article(emptied, article.url)
    assert info.value.field == "body"


@pytest.mark.parametrize(
    "path",
    [
        "/rus/politics/no_such_article_1377980000.html",
        "/rus/politics/wrong_slug_1377987726.html",  # a real id under another slug
        "/rus/no-such-rubric",
        "/rus/politics",  # exists; asked for a page beyond the last below
    ],
)
def test_not_found_pages(path: str) -> None:
    query = "page=99" if path == "/rus/politics" else ""
    page = fetch(path, query)
    assert page.status == 404
    with pytest.raises(ParseError) as info:
        parsing.parse_article(page, page.url)
    assert not isinstance(info.value, LayoutChanged)  # a gone page is not a redesign
    assert isinstance(info.value, parsing.PageMissing)
    assert parsing.parse_listing(page, page.url) == []


# --------------------------------------------------------------------------------------------
# Listings, pager, feeds, URLs, robots
# --------------------------------------------------------------------------------------------


def test_listing_pages_back_to_the_oldest() -> None:
    expected = [a.id for a in ARTICLES if a.lang == "ru" and a.rubric == "politics"]
    seen: list[int] = []
    url: str | None = f"{BASE}/rus/politics"
    pages = 0
    while url is not None:
        path, _, query = url.removeprefix(BASE).partition("?")
        page = fetch(path, query)
        assert page.status == 200
        entries = parsing.parse_listing(page, url)
        assert entries
        for entry in entries:
            article = BY_ID[entry.id]
            assert entry.url == article.url
            assert entry.published == article.published_at
            assert entry.title.startswith(article.title)
        seen.extend(e.id for e in entries)
        url = parsing.next_page_url(page, url)
        pages += 1
    assert pages >= 2
    assert seen == expected  # newest first, nothing twice, nothing missing


def test_listing_without_pager_has_no_next_page() -> None:
    page = fetch("/kaz/politics")
    entries = parsing.parse_listing(page, page.url)
    assert [e.id for e in entries] == [1377988110, 1377987720]
    assert parsing.next_page_url(page, page.url) is None


@pytest.mark.parametrize(
    ("path", "lang"), [("/rus/rss", "ru"), ("/eng/rss", "en"), ("/kaz/rss/", "kk")]
)
def test_feed_entries(path: str, lang: str) -> None:
    page = fetch(path)
    assert isinstance(page, XmlResponse)
    entries = parsing.parse_feed(page, page.url)
    expected = [a for a in ARTICLES if a.lang == lang][:20]
    assert [e.id for e in entries] == [a.id for a in expected]
    for entry, article in zip(entries, expected, strict=True):
        assert entry.url == article.url
        assert entry.published == article.published_at
        assert entry.published is not None and entry.published.utcoffset() == timedelta(hours=5)


def test_feed_pubdate_in_another_zone_is_converted() -> None:
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item>'
        "<title>T</title><link>https://www.kt.kz/rus/politics/x_1377987726.html</link>"
        "<pubDate>Wed, 11 Feb 2026 04:47:00 GMT</pubDate></item>"
        "<item><title>no link</title></item></channel></rss>"
    )
    page = XmlResponse(url=f"{BASE}/rus/rss", body=rss.encode())
    (entry,) = parsing.parse_feed(page, page.url)
    assert entry.published is not None
    assert entry.published.isoformat() == "2026-02-11T09:47:00+05:00"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (BY_ID[SEED_ID].url, 1377987726),
        (BY_ID[1377987735].url + "?utm_source=x#top", 1377987735),
        ("http://kt.kz/kaz/politics/1377988110.html", 1377988110),
        (f"{BASE}/rus/politics", None),
        (f"{BASE}/rus/rss", None),
        (f"{BASE}/rus/politics/story_12345.html", None),
    ],
)  # fmt: skip
def test_article_id_from_url(url: str, expected: int | None) -> None:
    assert parsing.article_id_from_url(url) == expected


def test_robots_allows_all_but_admin() -> None:
    reply = SITE.respond(Request(BASE, "GET", "/robots.txt", "", {}))
    robots = RobotFileParser()
    robots.parse(reply.body.decode().splitlines())
    assert robots.can_fetch("mfa-watch", f"{BASE}/rus/politics")
    assert robots.can_fetch("mfa-watch", BY_ID[SEED_ID].url)
    assert not robots.can_fetch("mfa-watch", f"{BASE}/admin/login")
