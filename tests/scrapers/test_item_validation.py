"""An item that cannot be a release is refused as InvalidItem, with its URL, and so recorded.

Regression: a page dated 2099 was stored as news from the future; an empty-after-strip title
and a naive date raised a bare ValueError the crawl did not know as a per-URL error.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from twisted.python.failure import Failure

from scrapers.batch import BatchWriter, error_kind
from scrapers.errors import InvalidItem, LayoutChanged, ParseError, RejectedPage
from scrapers.items import FUTURE_TOLERANCE, PressRelease

URL = "https://www.kt.kz/rus/politics/mid_kazahstana_1377987702.html"
ASTANA = timezone(timedelta(hours=5))


def release(**changes: Any) -> PressRelease:
    base = PressRelease(
        source="kt.kz",
        url=URL,
        canonical_url=URL,
        lang="ru",
        title="МИД Казахстана провёл брифинг",
        body_text="АСТАНА. Официальный представитель МИД Айдана Сейтказы ответила на вопросы.",
        published_at=datetime(2026, 3, 2, 11, 30, tzinfo=ASTANA),
    )
    return replace(base, **changes)


def test_a_valid_release_is_built() -> None:
    assert release().article_id


def test_a_date_beyond_the_tolerance_is_refused() -> None:
    future = datetime.now(UTC) + FUTURE_TOLERANCE + timedelta(hours=1)
    with pytest.raises(InvalidItem) as caught:
        release(published_at=future)
    assert caught.value.field == "published_at" and caught.value.url == URL
    assert "future" in str(caught.value) and URL in str(caught.value)


def test_a_clock_a_few_hours_fast_is_tolerated() -> None:
    ahead = datetime.now(UTC) + FUTURE_TOLERANCE - timedelta(hours=1)
    assert release(published_at=ahead.astimezone(ASTANA)).published_at == ahead


def test_a_naive_date_is_refused() -> None:
    with pytest.raises(InvalidItem, match="timezone-aware"):
        release(published_at=datetime(2026, 3, 2, 11, 30))


@pytest.mark.parametrize("name", ["title", "body_text", "url", "lang", "source"])
@pytest.mark.parametrize("value", ["", "  \n\t"], ids=["empty", "blank"])
def test_an_empty_required_field_is_refused(name: str, value: str) -> None:
    with pytest.raises(InvalidItem) as caught:
        release(**{name: value})
    assert caught.value.field == name


def test_invalid_item_is_a_documented_parse_error_and_a_value_error() -> None:
    exc = InvalidItem("gov.kz", "published_at", URL, "is in the future")
    assert isinstance(exc, ParseError) and isinstance(exc, ValueError)
    again = pickle.loads(pickle.dumps(exc))
    assert (again.source, again.field, again.url, again.why) == (
        exc.source,
        exc.field,
        exc.url,
        exc.why,
    )


def test_from_record_validates_too() -> None:
    record = release().to_record()
    record["published_at"] = "2099-03-02T11:30:00+05:00"
    with pytest.raises(InvalidItem):
        PressRelease.from_record(record)


# --- how the batch writer records them --------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (LayoutChanged("kt.kz", "title", URL), ("parse", "layout")),
        (InvalidItem("kt.kz", "title", URL, "is empty"), ("parse", "invalid")),
        (RejectedPage("empty", URL), ("fetch", "rejected")),
        (ValueError("a bug"), ("parse", "parse")),
    ],
)
def test_each_documented_error_has_its_kind(exc: Exception, expected: tuple[str, str]) -> None:
    assert error_kind(exc, ("parse", "parse")) == expected


class _Spider:
    name = "gov.kz"

    @staticmethod
    def public_url(url: str) -> str:
        return url


def test_an_error_naming_its_url_is_recorded_under_it_not_the_listing(tmp_path: Any) -> None:
    from scrapy.utils.test import get_crawler

    writer = BatchWriter(get_crawler(settings_dict={"MFA_LANDING_DIR": str(tmp_path)}))
    listing = "https://www.gov.kz/api/v1/public/content-manager/news?page=1"
    item_url = "https://www.gov.kz/memleket/entities/mfa/press/news/details/1181492?lang=ru"
    response = HtmlResponse(listing, body=b"[]", request=Request(listing))
    exc = InvalidItem("gov.kz", "published_at", item_url, "is in the future")
    writer.spider_error(Failure(exc), response, _Spider())  # type: ignore[no-untyped-call,arg-type]
    writer.spider_error(Failure(ValueError("boom")), response, _Spider())  # type: ignore[no-untyped-call,arg-type]
    assert [(e["url"], e["kind"]) for e in writer.errors] == [
        (item_url, "invalid"),
        (listing, "parse"),
    ]
