"""The Tengrinews parser on every page of the snapshot's three editions.

Pages are rendered by the snapshot site's pure `respond()` into Scrapy responses; expected values
come from the snapshot's data files (what the writer of each article meant), never from the
parser's output. Per field, plus what must never reach a body: the outlet's «Читайте также»,
«Фото:», «Видео:», «Поделиться» lines and trailing «Tengrinews.kz …» credit (and their Kazakh
and English forms), nav, consent banner, share block, related news, scripts, players.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from flows.transform.clean import normalize_text
from scrapers.errors import LayoutChanged, ParseError
from scrapers.items import PressRelease
from scrapers.parsing import tengrinews as parsing
from scrapers.snapshot.site import Request
from scrapers.snapshot.sites.tengrinews import (
    CHROME,
    ORIGINS,
    PAGE_SIZE,
    SnapshotArticle,
    TengrinewsSite,
)

SITE = TengrinewsSite()
ARTICLES = SITE.articles
KEYS = [f"{a.lang}-{a.id}" for a in ARTICLES]
BY_KEY = {f"{a.lang}-{a.id}": a for a in ARTICLES}

OUTLET_LINES = (
    "Читайте также", "Оқи отырыңыз", "Read also", "Фото:", "Photo:", "Видео:", "Video:",
    "Поделиться", "Бөлісу", "Share", "Tengrinews.kz в Telegram", "Telegram-арнасы",
    "English on Telegram",
)  # fmt: skip
PAGE_CHROME = (
    "cookie", "Согласен", "Келісемін", "Agree", "WhatsApp", "Facebook", "Самое читаемое",
    "Көп оқылғандар", "Most read", "Комментарии", "Пікірлер", "Comments", "Все права защищены",
    "All rights reserved", "yaContextCb", "ym(", "youtube",
)  # fmt: skip


def reply(origin: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    r = SITE.respond(Request(origin, "GET", path, "", headers or {}))
    return r.status, r.body


def page(a: SnapshotArticle, html: str | None = None) -> HtmlResponse:
    status, body = reply(a.origin, a.path)
    assert status == 200
    data = html.encode("utf-8") if html is not None else body
    return HtmlResponse(url=a.url, body=data, headers={"Content-Type": "text/html; charset=utf-8"})


def parse(a: SnapshotArticle) -> PressRelease:
    return parsing.parse_article(page(a), a.url)


def listing(lang: str, section: str = "news", n: int = 1) -> HtmlResponse:
    url = parsing.listing_url(ORIGINS[lang], section, n)
    status, body = reply(ORIGINS[lang], f"/{section}/page/{n}/")
    assert status == 200
    return HtmlResponse(url=url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})


# --------------------------------------------------------------------------------------------
# Articles, per field
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_identity_fields(key: str) -> None:
    a = BY_KEY[key]
    item = parse(a)
    assert item.source == "tengrinews.kz"
    assert item.url == a.url == item.canonical_url
    assert item.lang == a.lang
    expected_id = str(a.id) if a.lang == "ru" else f"{a.origin.split('//')[1]}:{a.id}"
    assert item.source_item_id == expected_id


@pytest.mark.parametrize("key", KEYS)
def test_title_and_published_at(key: str) -> None:
    a = BY_KEY[key]
    item = parse(a)
    assert item.title == normalize_text(a.title)
    assert item.published_at == a.published
    assert item.published_at.utcoffset() == timedelta(hours=5)
    assert item.flags == ()


@pytest.mark.parametrize("key", KEYS)
def test_body_is_exactly_the_articles_paragraphs(key: str) -> None:
    a = BY_KEY[key]
    assert parse(a).body_text.split("\n") == [normalize_text(p) for p in a.paragraphs]


@pytest.mark.parametrize("key", KEYS)
def test_outlet_lines_are_dropped_by_the_parser_itself(key: str) -> None:
    a = BY_KEY[key]
    html = page(a).text
    assert CHROME[a.lang]["credit"] in html  # the page does carry the credit line
    paragraphs = parsing.text_paragraphs(page(a), a.url)  # before the shared cleaner
    assert paragraphs == [normalize_text(p) for p in a.paragraphs]
    for line in OUTLET_LINES:
        assert not any(p.startswith(line) for p in paragraphs), line


@pytest.mark.parametrize("key", KEYS)
def test_body_has_no_page_chrome(key: str) -> None:
    a = BY_KEY[key]
    body = parse(a).body_text
    for text in (*PAGE_CHROME, CHROME[a.lang]["consent"], CHROME[a.lang]["credit"]):
        assert text not in body, text
    assert normalize_text(a.announce) not in body  # the lead under the title is not the text
    for other in ARTICLES:  # related and "read also" titles never leak in
        if other is not a:
            assert normalize_text(other.title) not in body


@pytest.mark.parametrize("key", KEYS)
def test_caption_and_relevance(key: str) -> None:
    a = BY_KEY[key]
    item = parse(a)
    assert item.caption == (normalize_text(a.thumb_caption) if a.thumb_caption else None)
    assert item.relevant is a.mfa, item.relevance_reason


def test_the_snapshot_exercises_every_outlet_line() -> None:
    assert {a.lang for a in ARTICLES if a.photo_paragraph} == {"ru", "kk", "en"}
    assert {a.lang for a in ARTICLES if a.video_caption} >= {"ru", "kk", "en"}
    assert {a.lang for a in ARTICLES if a.read_also} >= {"ru", "kk", "en"}
    assert any(a.share_paragraph for a in ARTICLES)


def test_outlet_line_rules_keep_real_sentences() -> None:
    kept = (
        "Видео опубликовали в социальных сетях.",
        "Share prices of Kazatomprom rose by 3 percent.",
        "Фотовыставка открылась в Астане.",
        "Читатели Tengrinews.kz задали вопросы министру.",
    )
    dropped = (
        "Фото: пресс-служба МИД РК", "Photo: Tengrinews.kz", "Share:", "Поделиться",
        "Оқи отырыңыз: Астанада ...", "Read also: Kazakh FM ...", "Бейне: ҚР СІМ",
    )  # fmt: skip
    for text in kept:
        assert not parsing.OUTLET_LINE_RE.match(text), text
    for text in dropped:
        assert parsing.OUTLET_LINE_RE.match(text), text


def test_a_tengrinews_paragraph_mid_text_is_kept() -> None:
    a = BY_KEY["ru-612470"]
    html = page(a).text.replace(
        "<p>Российский дипломат",
        "<p>Tengrinews.kz направил запрос в посольство.</p><p>Российский дипломат",
    )
    body = parsing.parse_article(page(a, html), a.url).body_text
    assert "Tengrinews.kz направил запрос в посольство." in body


# --------------------------------------------------------------------------------------------
# Fallbacks and changed layouts
# --------------------------------------------------------------------------------------------


def test_renamed_title_class_is_a_layout_change() -> None:
    a = ARTICLES[0]
    html = page(a).text.replace('class="content_main_title"', 'class="article_title"')
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(a, html), a.url)
    assert (err.value.source, err.value.field, err.value.url) == ("tengrinews.kz", "title", a.url)


def test_renamed_text_class_is_a_layout_change() -> None:
    a = ARTICLES[1]
    html = page(a).text.replace('class="content_main_text"', 'class="article_text"')
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(a, html), a.url)
    assert err.value.field == "body"


def test_text_block_with_only_outlet_lines_is_a_layout_change() -> None:
    a = BY_KEY["en-276362"]
    html = page(a).text
    for p in a.paragraphs:
        html = html.replace(f"<p>{p.replace(chr(39), '&#x27;')}</p>", "")
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(a, html), a.url)
    assert err.value.field == "body"


def _without_machine_dates(html: str) -> str:
    html = html.replace('property="article:published_time"', 'property="x-time"')
    return html.replace('"datePublished"', '"x-datePublished"')


def test_date_falls_back_to_json_ld_then_span_date() -> None:
    a = BY_KEY["kk-389205"]
    html = page(a).text.replace('property="article:published_time"', 'property="x-time"')
    assert parsing.parse_article(page(a, html), a.url).published_at == a.published
    item = parsing.parse_article(page(a, _without_machine_dates(html)), a.url)
    assert item.published_at == a.published  # "3 наурыз 2026, 16:30" read from span.date
    assert item.flags == ()


def test_no_date_anywhere_is_a_layout_change() -> None:
    a = ARTICLES[2]
    html = _without_machine_dates(page(a).text).replace('class="date"', 'class="when"')
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_article(page(a, html), a.url)
    assert err.value.field == "published_at"


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_span_date_formats_of_each_edition(lang: str) -> None:
    a = next(x for x in ARTICLES if x.lang == lang)
    item = parsing.parse_article(page(a, _without_machine_dates(page(a).text)), a.url)
    assert item.published_at == a.published


def test_hostile_markup_never_reaches_the_text() -> None:
    a = ARTICLES[3]
    hostile = (
        '<p onmouseover="x()">Первое предложение.</p><style>.x{}</style>'
        "<script>var token='secret';</script><iframe src='https://evil.example'>inner</iframe>"
    )
    html = page(a).text.replace(
        '<div class="content_main_text">', f'<div class="content_main_text">{hostile}'
    )
    body = parsing.parse_article(page(a, html), a.url).body_text
    assert body.startswith("Первое предложение.")
    for text in ("x()", ".x{}", "secret", "inner"):
        assert text not in body


def test_page_without_charset_header_is_read_from_meta() -> None:
    a = BY_KEY["kk-389250"]
    _status, body = reply(a.origin, a.path)
    item = parsing.parse_article(
        HtmlResponse(url=a.url, body=body, headers={"Content-Type": "text/html"}), a.url
    )
    assert item.title == normalize_text(a.title)


def test_not_found_and_non_article_urls_are_errors_not_items() -> None:
    status, body = reply(ORIGINS["ru"], "/kazakhstan_news/no-such-news-1/")
    assert status == 404
    response = HtmlResponse(
        url="https://tengrinews.kz/kazakhstan_news/no-such-news-1/", body=body, status=404
    )
    with pytest.raises(ParseError):
        parsing.parse_article(response, response.url)
    with pytest.raises(ParseError):
        parsing.parse_article(listing("ru"), "https://tengrinews.kz/news/page/1/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(ARTICLES) - 1), cut=st.floats(0.0, 1.0))
def test_truncated_pages_give_an_item_or_a_documented_error(index: int, cut: float) -> None:
    a = ARTICLES[index]
    html = page(a).text
    try:
        item = parsing.parse_article(page(a, html[: int(len(html) * cut)]), a.url)
    except ParseError:
        return
    assert item.title and item.body_text and item.published_at.tzinfo is not None
    assert item.published_at <= datetime.now(UTC)


# --------------------------------------------------------------------------------------------
# URLs, listings, incremental decisions
# --------------------------------------------------------------------------------------------


def test_ids_and_hosts_from_urls() -> None:
    url = "https://en.tengrinews.kz/kazakhstan_news/concert-postponed-272924/"
    assert parsing.article_id_from_url(url) == 272924
    assert parsing.host_of(url) == "en.tengrinews.kz" and parsing.lang_of_url(url) == "en"
    assert parsing.lang_of_url("https://www.tengrinews.kz/news/") == "ru"
    assert parsing.article_id_from_url("https://tengrinews.kz/news/page/2/") is None
    assert parsing.edition_key("tengrinews.kz", 612470) == "612470"
    assert parsing.edition_key("kaz.tengrinews.kz", 389205) == "kaz.tengrinews.kz:389205"
    assert (
        parsing.listing_url("https://tengrinews.kz", "news", 3)
        == "https://tengrinews.kz/news/page/3/"
    )


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_listing_page_one_is_the_newest_of_the_edition(lang: str) -> None:
    edition = SITE.edition(lang)
    entries = parsing.parse_listing(listing(lang), parsing.listing_url(ORIGINS[lang], "news", 1))
    shown = edition[:PAGE_SIZE]
    assert [e.url for e in entries] == [a.url for a in shown]
    assert [e.id for e in entries] == [a.id for a in shown]
    assert [e.title for e in entries] == [normalize_text(a.title) for a in shown]
    assert [e.published for e in entries] == [a.published for a in shown]
    assert {e.host for e in entries} == {ORIGINS[lang].split("//")[1]}


def test_listing_pages_and_sections() -> None:
    second = parsing.parse_listing(listing("ru", n=2), "https://tengrinews.kz/news/page/2/")
    assert [e.id for e in second] == [a.id for a in SITE.edition("ru")[PAGE_SIZE:]]
    assert reply(ORIGINS["ru"], "/news/page/3/")[0] == 404
    kz = parsing.parse_listing(
        listing("ru", "kazakhstan_news"), "https://tengrinews.kz/kazakhstan_news/page/1/"
    )
    assert all("/kazakhstan_news/" in e.url for e in kz)
    world = parsing.parse_listing(
        listing("ru", "world_news"), "https://tengrinews.kz/world_news/page/1/"
    )
    assert [e.id for e in world] == [a.id for a in SITE.edition("ru") if a.section == "world_news"]


def test_listing_accepts_the_older_card_markup() -> None:
    response = listing("en")
    html = response.text.replace(
        '<a class="content_main_item_title" href=', '<span class="content_main_item_title"><a href='
    ).replace(
        '</a><span class="content_main_item_announce">',
        '</a></span><span class="content_main_item_announce">',
    )
    older = HtmlResponse(url=response.url, body=html.encode(), encoding="utf-8")
    assert parsing.parse_listing(older, response.url) == parsing.parse_listing(
        response, response.url
    )


T0 = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def entry(item_id: int, published: datetime | None = T0) -> parsing.ListingEntry:
    return parsing.ListingEntry(
        f"https://tengrinews.kz/kazakhstan_news/x-{item_id}/",
        "tengrinews.kz",
        item_id,
        "t",
        published,
    )


def test_is_old_by_id_and_by_since() -> None:
    assert parsing.is_old(entry(100), 100, None)
    assert not parsing.is_old(entry(101), 100, None)
    assert not parsing.is_old(entry(1), None, None)
    assert parsing.is_old(entry(101, datetime(2026, 2, 28, 12, tzinfo=UTC)), None, date(2026, 3, 1))
    assert not parsing.is_old(entry(101, None), None, date(2026, 3, 1))  # unknown date: fetch


def test_page_back_only_for_a_full_page_of_new_items_in_a_bounded_run() -> None:
    full = [entry(i) for i in range(110, 110 - PAGE_SIZE, -1)]
    assert parsing.page_back(full, full, bounded=True)
    assert not parsing.page_back(full, full, bounded=False)
    assert not parsing.page_back(full, full[:-1], bounded=True)
    assert not parsing.page_back(full[:2], full[:2], bounded=True)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_robots_txt_of_each_edition_allows_listings_and_articles(lang: str) -> None:
    status, body = reply(ORIGINS[lang], "/robots.txt")
    text = body.decode()
    assert status == 200 and f"Sitemap: {ORIGINS[lang]}/sitemap.xml" in text
    assert "Disallow: /news" not in text and "Disallow: /kazakhstan_news" not in text
