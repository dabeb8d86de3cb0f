"""The shared readers survive what fuzzing found in feeds: bad character references, bad hosts,
dates at the calendar's edge. Regression tests, named after the failures."""

from __future__ import annotations

import pytest
from scrapy.http import TextResponse, XmlResponse

from scrapers.errors import ParseError
from scrapers.parsing import astanatimes, govkz, kazinform, ktkz
from scrapers.parsing.common import is_xml_char, join_url, rfc822_astana, xml_selector

BAD_REFS = "&#0;&#xD800;&#x1;&#1114112;"


def test_references_to_characters_xml_forbids_are_dropped_not_fatal() -> None:
    title = f"МИД{BAD_REFS} РК &#1178;&#x49b;"
    feed = f"<rss><channel><item><title>{title}</title></item></channel></rss>"
    assert xml_selector(feed).xpath("//title/text()").get() == "МИД РК Ққ"


def test_raw_control_characters_are_dropped_too() -> None:
    feed = "<rss><channel><item><title>a\x00b\x1fc\td</title></item></channel></rss>"
    assert xml_selector(feed).xpath("//title/text()").get() == "abc\td"


def test_xml_char_ranges() -> None:
    assert all(is_xml_char(c) for c in (0x9, 0xA, 0xD, 0x20, 0x49B, 0xFFFD, 0x1F1F0))
    assert not any(is_xml_char(c) for c in (0x0, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0x110000))


def test_a_malformed_host_is_no_url() -> None:
    assert join_url("https://www.kt.kz/rus/rss", "https://[not-an-address/x") is None
    assert join_url("https://www.kt.kz/rus/rss", " /rus/a_1377987702.html ") == (
        "https://www.kt.kz/rus/a_1377987702.html"
    )


def test_a_date_at_the_calendars_edge_is_unreadable_not_a_crash() -> None:
    assert rfc822_astana("Fri, 31 Dec 9999 23:00:00 -0500") is None
    assert rfc822_astana("Tue, 24 Mar 2026 10:00:00 +0500") is not None


def _feed(item: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><rss><channel>{item}</channel></rss>'.encode()


@pytest.mark.parametrize(
    ("parse", "url"),
    [
        (ktkz.parse_feed, "https://www.kt.kz/rus/rss"),
        (kazinform.parse_feed, "https://www.inform.kz/ru/rss/"),
        (astanatimes.parse_feed, "https://astanatimes.com/feed/"),
        (govkz.parse_feed, "https://www.gov.kz/api/v1/public/rss/mfa/news/ru"),
    ],
    ids=["ktkz", "kazinform", "astanatimes", "govkz"],
)
def test_every_feed_parser_reads_past_a_bad_item(parse: object, url: str) -> None:
    """A bad reference, a link with a broken host, a date past 9999: documented outcomes only."""
    item = (
        f"<item><title>Брифинг{BAD_REFS}</title><link>https://[broken/rus/a.html</link>"
        f"<guid>https://[broken/?p=1</guid><pubDate>Fri, 31 Dec 9999 23:00:00 -0500</pubDate>"
        "<description>x</description></item>"
    )
    response = XmlResponse(url, body=_feed(item))
    assert callable(parse)
    try:
        entries = parse(response, url)
    except ParseError:
        return  # documented (gov.kz: an unreadable pubDate is a layout change)
    assert entries == []


def test_govkz_json_nested_past_the_recursion_limit_is_a_layout_change() -> None:
    url = govkz.detail_url(1181492, "ru")
    response = TextResponse(url, body=b"[" * 200_000 + b"]" * 200_000, encoding="utf-8")
    with pytest.raises(ParseError):
        govkz.parse_detail(response, url)
