"""An empty, binary or undecodable 2xx is refused with its URL; every readable page passes."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from scrapers.errors import ParseError, RejectedPage
from scrapers.pagecheck import (
    BINARY,
    EMPTY,
    UNDECODABLE,
    PageCheckMiddleware,
    control_share,
    rejection,
    undecodable_at,
)

URL = "http://127.0.0.1:8701/rus/politics/a_1377987788.html"
PUBLIC = "https://www.kt.kz/rus/politics/a_1377987788.html"
RUSSIAN = "<html><head><title>МИД</title></head><body><p>Казахстан и Оман провели консультации"
KAZAKH = "<html><body><p>Қазақстан Республикасының Сыртқы істер министрлігі</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def html(body: bytes, content_type: str = "text/html; charset=utf-8", **kw: Any) -> HtmlResponse:
    request = Request(URL, meta=kw.pop("meta", {}))
    return HtmlResponse(
        URL, body=body, headers={"Content-Type": content_type}, request=request, **kw
    )


# --- the pure check -------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"   \r\n\t "], ids=["no-body", "whitespace"])
def test_an_empty_body_is_empty(body: bytes) -> None:
    found = rejection(html(body))
    assert found is not None and found[0] == EMPTY


def test_a_png_served_as_png_is_binary() -> None:
    found = rejection(html(PNG, "image/png"))
    assert found == (BINARY, "Content-Type image/png")


def test_a_png_served_as_html_is_binary_by_its_signature() -> None:
    found = rejection(html(PNG))
    assert found is not None and found[0] == BINARY
    assert "PNG" in found[1]


def test_a_response_scrapy_did_not_take_for_text_is_binary() -> None:
    response = Response(URL, body=b"\x01\x02 some bytes", headers={"Content-Type": "x/unknown"})
    found = rejection(response)
    assert found is not None and found[0] == BINARY


def test_control_characters_where_text_should_be_are_binary() -> None:
    body = b"<html>" + bytes(range(1, 9)) * 40 + b"</html>"
    found = rejection(html(body))
    assert found is not None and found[0] == BINARY


def test_windows_1251_declared_as_utf8_is_undecodable() -> None:
    found = rejection(html(RUSSIAN.encode("cp1251")))
    assert found is not None and found[0] == UNDECODABLE
    assert "utf-8" in found[1]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (RUSSIAN.encode("cp1251"), "text/html; charset=windows-1251"),
        (RUSSIAN.encode("utf-8"), "text/html; charset=utf-8"),
        (KAZAKH.encode("utf-8"), "text/html"),
        (b"\xef\xbb\xbf" + KAZAKH.encode("utf-8"), "text/html; charset=utf-8"),  # with a BOM
        (KAZAKH.encode("utf-16"), "text/html; charset=utf-16"),
        ("<p>Literal \ufffd in the source</p>".encode(), "text/html; charset=utf-8"),
    ],
    ids=["cp1251-declared", "utf8", "undeclared-utf8", "utf8-bom", "utf16", "real-fffd"],
)
def test_readable_pages_pass(body: bytes, content_type: str) -> None:
    assert rejection(html(body, content_type)) is None


def test_a_json_answer_and_a_feed_pass() -> None:
    api = TextResponse(URL, body='[{"id": 1, "title": "Брифинг"}]'.encode(), encoding="utf-8")
    feed = XmlResponse(URL, body=b'<?xml version="1.0"?><rss><channel/></rss>')
    assert rejection(api) is None
    assert rejection(feed) is None


def test_helpers() -> None:
    assert control_share("") == 0.0
    assert control_share("ab\x00\x01") == 0.5
    assert control_share("line\n\ttab\r\f") == 0.0
    assert undecodable_at("Қ".encode(), "utf-8") is None
    assert undecodable_at(b"ok \xff", "utf-8") == 3
    assert undecodable_at(b"anything", "no-such-codec") is None


# --- the middleware -------------------------------------------------------------------------


class _Spider:
    name = "kt.kz"

    @staticmethod
    def public_url(url: str) -> str:
        return url.replace("http://127.0.0.1:8701", "https://www.kt.kz")


def _middleware() -> tuple[PageCheckMiddleware, MemoryStatsCollector]:
    crawler = get_crawler()
    stats = MemoryStatsCollector(crawler)
    middleware = PageCheckMiddleware(stats, _Spider.public_url)
    return middleware, stats


def test_the_middleware_refuses_with_the_public_url_and_counts() -> None:
    middleware, stats = _middleware()
    with pytest.raises(RejectedPage) as caught:
        middleware.process_spider_input(html(b""))
    assert isinstance(caught.value, ParseError)
    assert caught.value.reason == EMPTY and caught.value.url == PUBLIC
    assert PUBLIC in str(caught.value)
    assert stats.get_value("mfa/rejected/empty") == 1


@pytest.mark.parametrize("status", [204, 304, 404, 500])
def test_other_statuses_are_the_spiders_business(status: int) -> None:
    middleware, stats = _middleware()
    middleware.process_spider_input(html(b"", status=status))
    assert stats.get_stats() == {}


def test_a_request_may_opt_out() -> None:
    middleware, _ = _middleware()
    middleware.process_spider_input(html(b"", meta={"dont_check_page": True}))


def test_a_readable_page_goes_through() -> None:
    middleware, stats = _middleware()
    middleware.process_spider_input(html(RUSSIAN.encode()))
    assert stats.get_stats() == {}


def test_the_middleware_is_enabled_after_the_http_error_filter() -> None:
    from scrapers import settings

    assert settings.SPIDER_MIDDLEWARES["scrapers.pagecheck.PageCheckMiddleware"] > 50
