"""A crawl's outcome comes from what it recorded, never from Scrapy's exit code."""

from __future__ import annotations

from scrapers.verdict import FAILED, OK, PARTIAL, judge

FETCH_ERROR = {"stage": "fetch", "kind": "fetch", "url": "https://www.kt.kz/rus/x_1.html",
               "message": "HttpError: 500"}  # fmt: skip
LAYOUT_ERROR = {"stage": "parse", "kind": "layout", "url": "https://www.kt.kz/rus/y_2.html",
                "message": "LayoutChanged: title"}  # fmt: skip


def test_clean_finish_is_ok() -> None:
    assert judge("finished", 12, [], {}).status == OK


def test_nothing_new_is_ok() -> None:
    assert judge("finished", 0, [], {"downloader/request_count": 2}).status == OK


def test_every_request_failed_is_failed_and_names_the_url() -> None:
    verdict = judge("finished", 0, [FETCH_ERROR], {})
    assert verdict.status == FAILED
    assert "https://www.kt.kz/rus/x_1.html" in verdict.reason
    assert not verdict.publishable


def test_some_failures_with_items_are_partial_and_published() -> None:
    verdict = judge("finished", 5, [FETCH_ERROR], {})
    assert verdict.status == PARTIAL and verdict.publishable


def test_changed_layout_fails_even_with_items() -> None:
    verdict = judge("finished", 5, [LAYOUT_ERROR], {})
    assert verdict.status == FAILED and "layout changed" in verdict.reason


def test_unclean_close_fails() -> None:
    assert judge("closespider_errorcount", 3, [FETCH_ERROR], {}).status == FAILED
    assert judge("shutdown", 3, [], {}).status == FAILED


def test_errors_only_in_the_log_are_not_ignored() -> None:
    assert judge("finished", 0, [], {"log_count/ERROR": 2}).status == FAILED
    assert judge("finished", 4, [], {"log_count/ERROR": 2}).status == PARTIAL
