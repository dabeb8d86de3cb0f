"""Canonical URLs and gov.kz translation groups (SOURCES.md URL schemes)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.transform.canonical import (
    canonical_url,
    govkz_detail,
    is_official,
    translation_group,
)

GOV = "https://www.gov.kz/memleket/entities/mfa/press/news/details/997859"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # scheme, host case, www., trailing slash, tracking, fragment: one gov.kz page
        (f"{GOV}?lang=kk", f"{GOV}?lang=kk"),
        (
            "http://gov.kz/memleket/entities/mfa/press/news/details/997859/?lang=kk",
            f"{GOV}?lang=kk",
        ),
        (
            "HTTPS://WWW.GOV.KZ/memleket/entities/mfa/press/news/details/997859?lang=KK",
            f"{GOV}?lang=kk",
        ),
        (f"{GOV}?utm_source=telegram&lang=kk&fbclid=x#top", f"{GOV}?lang=kk"),
        (f"{GOV}?lang=kz", f"{GOV}?lang=kk"),  # the site's own alias for Kazakh
        (f"{GOV}?page=2&lang=en", f"{GOV}?lang=en"),  # gov.kz: only lang carries identity
    ],
)
def test_govkz_spellings(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_govkz_languages_stay_apart() -> None:
    urls = {canonical_url(f"{GOV}?lang={lang}") for lang in ("ru", "kk", "en")}
    assert len(urls) == 3


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Kazinform: /amp, tracking, trailing slash; the English edition moved to qazinform.com
        (
            "https://www.inform.kz/ru/zhumabekov-obsudil-a41f07/amp?utm_medium=social",
            "https://www.inform.kz/ru/zhumabekov-obsudil-a41f07",
        ),
        (
            "https://inform.kz/en/kazakhstan-s-foreign-ministry_a3637922/amp",
            "https://www.inform.kz/en/kazakhstan-s-foreign-ministry_a3637922",
        ),
        (
            "https://en.inform.kz/news/kazakh-envoy-discusses-transit-dc8002/",
            "https://qazinform.com/news/kazakh-envoy-discusses-transit-dc8002",
        ),
        (
            "http://en.inform.kz/news/old-english-item_a3637922/",
            "https://qazinform.com/news/old-english-item_a3637922",
        ),
        (
            "https://www.qazinform.com/news/reforms-presented-in-vienna-150203?amp=1",
            "https://qazinform.com/news/reforms-presented-in-vienna-150203",
        ),
        (  # the Kazakh edition writes its article paths with a slash
            "https://kaz.inform.kz/news/ystambulda-612391",
            "https://kaz.inform.kz/news/ystambulda-612391/",
        ),
    ],
)
def test_kazinform_generations(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://kt.kz/rus/politics/posly_kazahstana_1377987726.html?utm_source=fb",
            "https://www.kt.kz/rus/politics/posly_kazahstana_1377987726.html",
        ),
        (  # WordPress: apex host, slash-terminated paths; ?p= is WordPress's own id
            "https://www.astanatimes.com/2026/02/kazakh-hungarian-ministers?utm_campaign=x",
            "https://astanatimes.com/2026/02/kazakh-hungarian-ministers/",
        ),
        (
            "https://astanatimes.com/?p=123456&utm_source=rss",
            "https://astanatimes.com/?p=123456",
        ),
        (
            "https://tengrinews.kz/kazakhstan_news/mid-vyirazil-590877",
            "https://tengrinews.kz/kazakhstan_news/mid-vyirazil-590877/",
        ),
        (
            "https://www.radiosvoboda.org/amp/33012345.html",
            "https://radiosvoboda.org/a/33012345.html",
        ),
    ],
)
def test_outlets(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # unknown sites: tracking dropped, other parameters kept and sorted, www. and slash dropped
        ("https://Example.com/a/b/?b=2&a=1&utm_campaign=z#frag", "https://example.com/a/b?a=1&b=2"),
        ("http://www.example.com:80/x", "https://example.com/x"),
        ("https://example.com:8443/x/", "https://example.com:8443/x"),
        ("https://example.com//news///item", "https://example.com/news/item"),
        ("https://example.com/amp/news/item", "https://example.com/news/item"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_generic_rules(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_percent_encoding_is_uniform() -> None:
    raw = "https://ru.wikipedia.org/wiki/Рига"
    encoded = "https://ru.wikipedia.org/wiki/%D0%A0%D0%B8%D0%B3%D0%B0"
    assert canonical_url(raw) == canonical_url(encoded) == encoded


def test_different_pages_stay_different() -> None:
    a = canonical_url("https://www.kt.kz/rus/politics/x_1377987726.html")
    b = canonical_url("https://www.kt.kz/rus/politics/x_1377987727.html")
    assert a != b


@pytest.mark.parametrize(
    ("url", "group"),
    [
        (f"{GOV}?lang=ru", "gov.kz:997859"),
        (
            "http://gov.kz/memleket/entities/mfa-kishinev/press/news/details/1168564/?lang=kk",
            "gov.kz:1168564",
        ),
        (
            "https://www.gov.kz/memleket/entities/mfa/press/region-news/details/16780?lang=ru",
            "gov.kz:region-news:16780",
        ),
        (
            "https://www.gov.kz/memleket/entities/mfa/press/article/details/6764?lang=en",
            "gov.kz:article:6764",
        ),
        ("https://www.gov.kz/memleket/entities/mfa/press/news/details/some-slug?lang=ru", None),
        ("https://www.gov.kz/memleket/entities/mfa/press/news?lang=ru", None),
        ("https://www.kt.kz/rus/politics/x_1377987726.html", None),
    ],
)
def test_translation_group(url: str, group: str | None) -> None:
    assert translation_group(url) == group


def test_translation_group_is_shared_by_languages() -> None:
    groups = {translation_group(f"{GOV}?lang={lang}") for lang in ("ru", "kk", "en")}
    assert groups == {"gov.kz:997859"}


def test_govkz_detail_and_official() -> None:
    assert govkz_detail(f"{GOV}?lang=ru") == ("mfa", "news", 997859)
    assert is_official(f"{GOV}?lang=ru")
    assert not is_official("https://www.kt.kz/rus/politics/x_1.html")


_URL_PARTS = st.tuples(
    st.sampled_from(["http://", "https://", "HTTPS://"]),
    st.sampled_from(["www.gov.kz", "gov.kz", "kt.kz", "en.inform.kz", "example.com", "WWW.X.ORG"]),
    st.lists(st.sampled_from(["news", "amp", "a", "Рига", "%D0%A0", "x_1.html", ""]), max_size=4),
    st.lists(st.sampled_from(["utm_source=a", "lang=ru", "lang=kz", "b=2", "amp=1"]), max_size=3),
    st.sampled_from(["", "/", "#frag"]),
)


@given(_URL_PARTS)
def test_canonical_is_idempotent(parts: tuple[str, str, list[str], list[str], str]) -> None:
    scheme, host, segments, params, tail = parts
    url = scheme + host + "/" + "/".join(segments) + ("?" + "&".join(params) if params else "")
    url += tail
    once = canonical_url(url)
    assert canonical_url(once) == once
