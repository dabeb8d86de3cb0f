"""gov.kz parser against the snapshot's API and RSS answers, plus the snapshot site's own rules.

The snapshot renders each release's paragraphs the way the CMS stores them (entities, inline
styles, a Word paste, social embeds, an inline photo caption); the parser must give back exactly
the paragraphs, never the markup. Hand-written expectations pin the fields of chosen releases.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import TextResponse

from flows.transform.clean import normalize_text
from scrapers.errors import LayoutChanged, ParseError
from scrapers.govkz_projects import PROJECTS, Project, is_mfa_project
from scrapers.parsing import govkz as parsing
from scrapers.snapshot.site import Request
from scrapers.snapshot.sites.govkz import (
    DATA_DIR,
    TICKET_COOKIE,
    TICKET_VALUE,
    GovKzSite,
    load_releases,
)

SITE = GovKzSite()
RELEASES = {r.id: r for r in load_releases()}
WITH_TICKET = {"cookie": f"{TICKET_COOKIE}={TICKET_VALUE}"}
VERSIONS = sorted((r.id, lang) for r in RELEASES.values() for lang in r.versions)
CHROME = (
    "Instagram", "instagram", "youtube", "iframe", "mso-", "MsoNormal", "o:p", "Фото:",
    "Photo:", "Сурет:", "<", ">", "&nbsp;", "&ndash;", "&laquo;", "dataLayer", "text-align",
    "Style Definitions",
)  # fmt: skip


def ask(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> TextResponse:
    """The snapshot's answer to a public URL, as Scrapy would hand it to a callback."""
    parts = urlsplit(url)
    reply = SITE.respond(
        Request("https://www.gov.kz", method, parts.path, parts.query, headers or {})
    )
    return TextResponse(url, status=reply.status, body=reply.body, headers=dict(reply.headers))


def listing(lang: str, projects: str = parsing.ALL_MFA_PROJECTS) -> list[parsing.NewsItem]:
    url = parsing.news_list_url(projects, lang, 1, 100)
    return parsing.parse_news_list(ask(url, WITH_TICKET), url)


def json_response(data: Any, url: str, status: int = 200) -> TextResponse:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return TextResponse(url, status=status, body=body, headers={"Content-Type": "application/json"})


LIST_URL = parsing.news_list_url("eq:mfa", "ru", 1, 20)
ROW = {
    "id": 1163144,
    "created_date": "2026-02-17T10:00:00.000+00:00",
    "title": "Тестовый заголовок",
    "body": "<p>Первый абзац&nbsp;текста &ndash; с сущностями.</p><p>Второй абзац.</p>",
    "heropic": None,
    "short_description": None,
}


# --------------------------------------------------------------------------------------------
# Every language version of every release, through the API listing
# --------------------------------------------------------------------------------------------

API_RELEASES = {
    (item.id, lang): parsing.release_of(item) for lang in parsing.LANGS for item in listing(lang)
}


@pytest.mark.parametrize(("item_id", "lang"), VERSIONS)
def test_api_release_fields(item_id: int, lang: str) -> None:
    release = API_RELEASES[(item_id, lang)]
    data = RELEASES[item_id]
    version = data.versions[lang]
    assert release is not None
    assert release.source == "gov.kz"
    assert release.lang == lang
    assert release.source_item_id == str(item_id)
    assert release.url == (
        f"https://www.gov.kz/memleket/entities/{data.project}/press/news/details/{item_id}"
        f"?lang={lang}"
    )
    assert release.canonical_url == release.url  # the canonical form keeps ?lang=
    assert release.translation_group == f"gov.kz:{item_id}"
    assert release.title == normalize_text(version.title)
    assert release.body_text.split("\n") == [normalize_text(p) for p in version.paragraphs]
    assert release.published_at == data.created
    assert release.published_at.tzinfo is not None
    assert release.relevant is True
    assert release.relevance_reason == "official source"
    midnight = data.created_date.endswith("T00:00:00.000+00:00")
    assert release.flags == (("no_publication_time",) if midnight else ())


@pytest.mark.parametrize(("item_id", "lang"), VERSIONS)
def test_api_body_has_no_markup_or_chrome(item_id: int, lang: str) -> None:
    release = API_RELEASES[(item_id, lang)]
    assert release is not None
    for text in CHROME:
        assert text not in release.body_text, text
        assert text not in release.title, text


def test_languages_per_release_and_two_language_mission() -> None:
    by_lang = {lang: {i for i, l2 in API_RELEASES if l2 == lang} for lang in parsing.LANGS}
    assert len(by_lang["ru"]) == 17
    assert len(by_lang["en"]) == 17
    assert by_lang["kk"] == by_lang["ru"] - {1163904, 1178650}  # mfa-washington: ru, en only
    assert {RELEASES[i].project for i in by_lang["ru"]} == {p.slug for p in PROJECTS}


def test_chosen_release_fields_by_hand() -> None:
    ru = API_RELEASES[(1162530, "ru")]
    assert ru is not None
    assert ru.title == "Данияр Оразбеков провел переговоры с министром иностранных дел Латвии"
    assert ru.url == ("https://www.gov.kz/memleket/entities/mfa/press/news/details/1162530?lang=ru")
    assert ru.published_at == datetime(2026, 1, 15, 9, 40, tzinfo=UTC)
    assert ru.body_text.startswith("Министр иностранных дел Республики Казахстан Данияр")
    assert ru.body_text.endswith("по экономическому сотрудничеству.")
    assert "2026-2028 годы" in ru.body_text  # &ndash; decoded, then the dash made ASCII
    assert "пресс-служба МИД РК" not in ru.body_text  # the photo caption
    assert ru.body_text.count("\n") == 3
    en = API_RELEASES[(1166718, "en")]
    assert en is not None
    assert en.url.startswith("https://www.gov.kz/memleket/entities/mfa-bjs/press/news/")
    assert "View this post" not in en.body_text
    kk = API_RELEASES[(1169473, "kk")]
    assert kk is not None
    assert kk.title == "Ыстамбұлда қазақтың киіз өнерінің көрмесі ашылды"
    assert kk.body_text.startswith("Қазақстанның Ыстамбұлдағы Бас консулдығының")


def test_migrated_items_are_flagged() -> None:
    flagged = {i for (i, _), r in API_RELEASES.items() if r and r.flags}
    assert flagged == {397512, 521804}
    old = API_RELEASES[(521804, "ru")]
    assert old is not None
    assert old.title == 'В Будапеште представили перевод "Слов назидания" Абая на венгерский язык'
    assert old.published_at == datetime(2021, 3, 4, tzinfo=UTC)


def test_listing_is_newest_first_and_ids_rise() -> None:
    items = listing("ru")
    stamps = [i.published for i in items]
    assert stamps == sorted(stamps, reverse=True)
    assert [i.id for i in items] == sorted((i.id for i in items), reverse=True)


def test_project_listing_takes_project_from_the_filter_when_items_do_not_name_it() -> None:
    url = parsing.news_list_url("eq:mfa-kishinev", "kk", 1, 20)
    rows = json.loads(ask(url, WITH_TICKET).text)
    for row in rows:
        del row["projects"]
    items = parsing.parse_news_list(json_response(rows, url), url)
    assert [(i.id, i.project) for i in items] == [(1161876, "mfa-kishinev")]
    prefix_url = parsing.news_list_url("contains:mfa", "kk", 1, 20)
    items = parsing.parse_news_list(json_response(rows, prefix_url), prefix_url)
    assert [i.project for i in items] == [None]
    assert not parsing.prefix_usable(items, 1)


# --------------------------------------------------------------------------------------------
# Detail and RSS give the same releases as the listing
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("item_id", "lang"), VERSIONS[::5])
def test_detail_matches_listing(item_id: int, lang: str) -> None:
    url = parsing.detail_url(item_id, lang)
    release = parsing.parse_article(ask(url, WITH_TICKET), url)
    assert release == API_RELEASES[(item_id, lang)]


def test_detail_of_a_missing_language_is_an_error_not_an_item() -> None:
    url = parsing.detail_url(1163904, "kk")
    response = ask(url, WITH_TICKET)
    assert response.status == 404
    with pytest.raises(LayoutChanged):
        parsing.parse_detail(response, url)


@pytest.mark.parametrize(
    ("project", "lang"), [(p.slug, lang) for p in PROJECTS for lang in p.languages]
)
def test_rss_matches_api(project: str, lang: str) -> None:
    url = parsing.rss_url(project, lang)
    response = ask(url)  # no ticket needed
    assert response.status == 200
    items = parsing.parse_feed(response, url)
    assert items, url
    for item in items:
        assert item.project == project and item.lang == lang
        assert parsing.release_of(item) == API_RELEASES[(item.id, lang)]


def test_rss_that_is_not_a_feed_is_a_layout_change() -> None:
    url = parsing.rss_url("mfa", "en")
    shell = ask("https://www.gov.kz/memleket/entities/mfa/press/news?lang=en")
    response = TextResponse(url, body=shell.body, encoding="utf-8")
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_feed(response, url)
    assert err.value.field == "channel"


def test_rss_skips_links_outside_the_news_section() -> None:
    url = parsing.rss_url("mfa", "en")
    text = ask(url).text.replace("/press/news/details/1181492", "/press/article/details/6764", 1)
    items = parsing.parse_feed(TextResponse(url, body=text.encode(), encoding="utf-8"), url)
    assert 1181492 not in {i.id for i in items} and 6764 not in {i.id for i in items}
    assert len(items) == 8


def test_rss_item_without_pubdate_is_a_layout_change() -> None:
    url = parsing.rss_url("mfa", "ru")
    text = ask(url).text.replace("<pubDate>", "<published>").replace("</pubDate>", "</published>")
    response = TextResponse(url, body=text.encode(), encoding="utf-8")
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_feed(response, url)
    assert (err.value.field, err.value.url) == ("pubDate", url)


# --------------------------------------------------------------------------------------------
# Layout changes, envelopes, odd items
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("created_date", "createdDate", "created_date"),
        ("title", "name", "title"),
        ("id", "uid", "id"),
    ],
)
def test_renamed_field_is_a_layout_change(old: str, new: str, field: str) -> None:
    row = dict(ROW)
    row[new] = row.pop(old)
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_news_list(json_response([row], LIST_URL), LIST_URL)
    assert (err.value.source, err.value.field, err.value.url) == ("gov.kz", field, LIST_URL)


@pytest.mark.parametrize(
    "answer",
    [
        {"items": [ROW]},
        "<!DOCTYPE html><html><body><app-root></app-root></body></html>",
        [["not", "an", "object"]],
    ],
)
def test_unknown_answer_shapes_are_layout_changes(answer: Any) -> None:
    if isinstance(answer, str):
        response = TextResponse(LIST_URL, body=answer.encode(), encoding="utf-8")
    else:
        response = json_response(answer, LIST_URL)
    with pytest.raises(LayoutChanged):
        parsing.parse_news_list(response, LIST_URL)


def test_bad_created_date_is_a_layout_change() -> None:
    row = {**ROW, "created_date": "17.02.2026 10:00"}
    with pytest.raises(LayoutChanged) as err:
        parsing.parse_news_list(json_response([row], LIST_URL), LIST_URL)
    assert err.value.field == "created_date"


def test_envelopes_string_ids_and_zulu_dates() -> None:
    row = {**ROW, "id": "1237295", "created_date": "2026-06-09T11:48:00Z"}
    for answer in ({"content": [row]}, {"data": {"news": [row]}}):
        (item,) = parsing.parse_news_list(json_response(answer, LIST_URL), LIST_URL)
        assert item.id == 1237295
        assert item.published == datetime(2026, 6, 9, 11, 48, tzinfo=UTC)
        assert item.project == "mfa"


def test_naive_created_date_is_utc_and_only_utc_midnight_is_flagged() -> None:
    rows = [
        {**ROW, "id": 1, "created_date": "2021-05-05T00:00:00"},
        {**ROW, "id": 2, "created_date": "2021-05-05T00:00:01.000+00:00"},
        {**ROW, "id": 3, "created_date": "2026-01-05T00:00:00.000+05:00"},
    ]
    items = parsing.parse_news_list(json_response(rows, LIST_URL), LIST_URL)
    releases = {i.id: parsing.release_of(i) for i in items}
    flags = {k: r.flags for k, r in releases.items() if r is not None}
    assert flags == {1: ("no_publication_time",), 2: (), 3: ()}
    assert items[0].published == datetime(2021, 5, 5, tzinfo=UTC)


def test_entities_decoded_in_body() -> None:
    (item,) = parsing.parse_news_list(json_response([ROW], LIST_URL), LIST_URL)
    release = parsing.release_of(item)
    assert release is not None
    assert release.body_text == "Первый абзац текста - с сущностями.\nВторой абзац."


def test_missing_language_version_is_skipped_not_an_error() -> None:
    rows = [{**ROW, "title": ""}, {**ROW, "id": 2, "title": None}, {**ROW, "id": 3}]
    items = parsing.parse_news_list(json_response(rows, LIST_URL), LIST_URL)
    assert [i.id for i in items] == [3]


def test_listing_without_body_leaves_it_to_the_detail() -> None:
    row = {k: v for k, v in ROW.items() if k != "body"}
    (item,) = parsing.parse_news_list(json_response([row], LIST_URL), LIST_URL)
    assert item.body_html == ""
    assert parsing.release_of(item) is None  # no text yet: the spider asks the detail
    with pytest.raises(LayoutChanged) as err:  # a detail must have its body
        parsing.parse_detail(json_response(row, parsing.detail_url(1163144, "ru")), LIST_URL)
    assert err.value.field == "body"


def test_short_description_stands_in_for_an_empty_body() -> None:
    rows = [
        {**ROW, "body": "<p><img src='/uploads/x.jpg'></p>", "short_description": "Лид."},
        {**ROW, "id": 2, "body": "<p>&nbsp;</p>", "short_description": None},
    ]
    items = parsing.parse_news_list(json_response(rows, LIST_URL), LIST_URL)
    first, second = (parsing.release_of(i) for i in items)
    assert first is not None and first.body_text == "Лид."
    assert second is None  # a photo-only item: nothing to publish


def test_projects_field_list_and_foreign_projects() -> None:
    url = parsing.news_list_url("contains:mfa", "ru", 1, 20)
    rows = [
        {**ROW, "id": 1, "projects": ["mfa-hanoi"]},
        {**ROW, "id": 2, "projects": "krem"},  # a prefix match may bring in another body
        {**ROW, "id": 3, "projects": ["economy", "mfa"]},
    ]
    items = parsing.parse_news_list(json_response(rows, url), url)
    assert [(i.id, i.project) for i in items] == [(1, "mfa-hanoi"), (3, "mfa")]


def test_hostile_body_content_never_reaches_the_text() -> None:
    body = (
        "<p onclick=\"steal()\">Текст релиза.</p><script>var leaked = 'script text';</script>"
        "<style>.x{color:red}</style><iframe src='https://evil.example/'>frame text</iframe>"
        '<blockquote class="twitter-tweet"><p>tweet text</p></blockquote>'
        "<p>Второй абзац.</p>"
    )
    (item,) = parsing.parse_news_list(json_response([{**ROW, "body": body}], LIST_URL), LIST_URL)
    release = parsing.release_of(item)
    assert release is not None
    assert release.body_text == "Текст релиза.\nВторой абзац."


def test_json_without_charset_is_read_as_utf8() -> None:
    body = json.dumps([ROW], ensure_ascii=False).encode("utf-8")
    response = TextResponse(LIST_URL, body=body, headers={"Content-Type": "application/json"})
    (item,) = parsing.parse_news_list(response, LIST_URL)
    assert item.title == "Тестовый заголовок"


# --------------------------------------------------------------------------------------------
# Paging decisions, refusals, URLs
# --------------------------------------------------------------------------------------------


def _item(item_id: int, day: int) -> parsing.NewsItem:
    stamp = datetime(2026, 3, day, 6, 0, tzinfo=UTC)
    return parsing.NewsItem(item_id, "mfa", "ru", "t", "<p>b</p>", "", stamp)


def test_triage_known_ids_and_since() -> None:
    page = [_item(30, 20), _item(29, 19), _item(28, 18)]
    assert parsing.triage(page, None, None) == parsing.Triage(page, more=True)
    assert parsing.triage(page, 28, None) == parsing.Triage(page[:2], more=False)
    assert parsing.triage(page, 30, None) == parsing.Triage([], more=False)
    assert parsing.triage(page, None, date(2026, 3, 19)) == parsing.Triage(page[:2], more=False)
    assert parsing.triage([], None, None) == parsing.Triage([], more=False)


def test_triage_keeps_a_backdated_new_item_below_a_known_one() -> None:
    page = [_item(30, 20), _item(25, 19), _item(31, 18)]  # 31 was published backdated
    triage = parsing.triage(page, 29, None)
    assert [i.id for i in triage.new] == [30, 31]
    assert triage.more is False


def test_prefix_usable() -> None:
    assert parsing.prefix_usable([_item(1, 1)], 1)
    assert not parsing.prefix_usable(None, 1)
    assert not parsing.prefix_usable([], 1)
    assert parsing.prefix_usable([], 2)  # the end of the paging


def test_refusals() -> None:
    url = parsing.news_list_url("contains:mfa", "ru", 1, 20)
    refused = ask(url)  # no ticket
    assert refused.status == 400
    assert parsing.is_refused(refused)
    assert parsing.refusal_code(refused) == "notAllowed"
    blocked = TextResponse(url, status=403, body=b"<html>Forbidden</html>")
    assert parsing.is_refused(blocked) and parsing.refusal_code(blocked) == "403"
    assert not parsing.is_refused(ask(url, WITH_TICKET))


def test_urls() -> None:
    assert parsing.news_list_url("eq:mfa-kishinev", "kk", 2, 20) == (
        "https://www.gov.kz/api/v1/public/content-manager/news?sort-by=created_date:DESC"
        "&projects=eq:mfa-kishinev&page=2&size=20&lang=kk"
    )
    assert parsing.detail_url(5, "en") == (
        "https://www.gov.kz/api/v1/public/content-manager/news/5?lang=en"
    )
    assert parsing.rss_url("mfa", "ru") == "https://www.gov.kz/api/v1/public/rss/mfa/news/ru"
    assert parsing.ticket_headers()["Origin"] == "https://www.gov.kz"
    assert parsing.api_headers("kk", "mfa-bjs")["Referer"].endswith("/mfa-bjs/press/news?lang=kk")


# --------------------------------------------------------------------------------------------
# Fuzzing: only documented exceptions, and every item valid
# --------------------------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
_rows = st.fixed_dictionaries(
    {},
    optional={
        "id": st.integers(min_value=-5, max_value=10**7) | st.text(max_size=8),
        "title": st.text(max_size=40) | st.none(),
        "body": st.text(max_size=200) | st.none(),
        "created_date": st.text(max_size=30) | st.just("2026-02-17T10:00:00.000+00:00"),
        "projects": _json_values,
        "short_description": st.text(max_size=40) | st.none(),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_rows, max_size=4) | _json_values)
def test_fuzzed_answers_raise_only_documented_errors(answer: Any) -> None:
    try:
        items = parsing.parse_news_list(json_response(answer, LIST_URL), LIST_URL)
        releases = [parsing.release_of(i) for i in items]
    except ParseError:  # LayoutChanged included
        return
    for release in releases:
        if release is None:
            continue
        assert release.title and release.body_text
        assert release.published_at.tzinfo is not None
        assert urlsplit(release.url).hostname == "www.gov.kz"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=400))
def test_truncated_snapshot_answers(cut: int, drop: int) -> None:
    url = parsing.news_list_url("contains:mfa", "en", 1, 3)
    text = ask(url, WITH_TICKET).text
    mutated = text[:cut] + text[cut + drop :]
    response = TextResponse(url, body=mutated.encode(), encoding="utf-8")
    try:
        items = parsing.parse_news_list(response, url)
    except ParseError:
        return
    assert all(i.title for i in items)


# --------------------------------------------------------------------------------------------
# The snapshot site's rules (what the spider relies on)
# --------------------------------------------------------------------------------------------


def test_ticket_post_sets_the_cookie_the_news_api_wants() -> None:
    ticket = ask(parsing.TICKET_URL, {"origin": "https://www.gov.kz"}, method="POST")
    assert ticket.status == 200
    cookie = ticket.headers.get("Set-Cookie", b"").decode()
    assert cookie.startswith(f"{TICKET_COOKIE}={TICKET_VALUE};")
    assert ask(parsing.TICKET_URL, {}, method="POST").status == 403  # no Origin
    assert ask(parsing.TICKET_URL).status == 405
    detail = parsing.detail_url(1162530, "ru")
    assert ask(detail).status == 400
    assert ask(detail, WITH_TICKET).status == 200


def test_site_switches() -> None:
    no_ticket = GovKzSite(ticket=False)
    no_prefix = GovKzSite(contains=False)
    url = urlsplit(parsing.news_list_url("contains:mfa", "ru", 1, 5))
    post = Request(
        "https://www.gov.kz", "POST", "/api/v1/public/_/c/k6", "", {"origin": parsing.BASE}
    )
    assert no_ticket.respond(post).status == 403
    get = Request("https://www.gov.kz", "GET", url.path, url.query, WITH_TICKET)
    assert no_ticket.respond(get).status == 400
    assert no_prefix.respond(get).status == 500
    eq = urlsplit(parsing.news_list_url("eq:mfa", "ru", 1, 5))
    assert (
        no_prefix.respond(Request(parsing.BASE, "GET", eq.path, eq.query, WITH_TICKET)).status
        == 200
    )


def test_language_by_header_and_paging_to_an_empty_array() -> None:
    base = parsing.NEWS_API + "?projects=eq:mfa&size=5"
    by_header = json.loads(ask(base + "&page=1", {**WITH_TICKET, "accept-language": "kk"}).text)
    by_query = json.loads(ask(base + "&page=1&lang=kk", WITH_TICKET).text)
    assert by_header == by_query and by_header[0]["title"].startswith("Наурыз мерекесі")
    assert ask(base + "&page=2", WITH_TICKET).text != "[]"
    assert ask(base + "&page=3", WITH_TICKET).text == "[]"  # mfa has 9 releases
    assert ask(base + "&page=0", WITH_TICKET).status == 400


def test_site_is_pure_and_serves_shell_robots_and_404() -> None:
    url = parsing.news_list_url("contains:mfa", "en", 1, 50)
    assert ask(url, WITH_TICKET).body == ask(url, WITH_TICKET).body
    page = ask("https://www.gov.kz/memleket/entities/mfa/press/news/details/1162530?lang=ru")
    assert page.status == 200 and "<app-root>" in page.text
    assert "Оразбеков" not in page.text  # an SPA shell: no text without JavaScript
    robots = ask("https://www.gov.kz/robots.txt").text
    assert "Disallow: /api/v1/public" not in robots
    assert ask("https://www.gov.kz/no/such/page").status == 404
    assert ask(parsing.rss_url("mfa-nowhere", "ru")).status == 404


def test_data_folder_has_the_promised_cases() -> None:
    files = sorted(DATA_DIR.glob("*.json"))
    assert len(files) == len(RELEASES) >= 14
    missions = {r.project for r in RELEASES.values() if r.project != "mfa"}
    assert len(missions) >= 3
    kinds = {r.kind for r in RELEASES.values()}
    assert {"meeting", "phone_call", "summons", "visit_announced", "briefing"} <= kinds
    assert {"multilateral", "cultural"} <= kinds
    origin = json.loads(Path(DATA_DIR / "1174062.json").read_text(encoding="utf-8"))
    assert origin["origin_of"]["kt.kz"] == ["1377988105", "1377988107", "1377988110"]
    reprint = json.loads(Path(DATA_DIR / "1162530.json").read_text(encoding="utf-8"))
    assert "inform.kz" in reprint["reprinted_by"]


# --------------------------------------------------------------------------------------------
# The project list
# --------------------------------------------------------------------------------------------


def test_project_list() -> None:
    slugs = [p.slug for p in PROJECTS]
    assert slugs[0] == "mfa" and len(slugs) == len(set(slugs))
    assert all(is_mfa_project(s) for s in slugs)
    assert not is_mfa_project("mfa-") and not is_mfa_project("krem")
    with pytest.raises(ValueError):
        Project("mfa-x", ("tr",))
    with pytest.raises(ValueError):
        Project("economy")
