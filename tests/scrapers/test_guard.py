"""The SSRF guard refuses private destinations in every spelling, and allows only what it's told."""

from __future__ import annotations

import pytest

from scrapers.guard import refusal

NONE: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 in decimal
        "http://0177.0.0.1/",  # octal
        "http://0x7f.1/",  # hex, short form
    ],
)
def test_private_destinations_are_refused(url: str) -> None:
    assert refusal(url, NONE) is not None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,hi", "ftp://example.org/x"])
def test_non_http_schemes_are_refused(url: str) -> None:
    assert "scheme" in (refusal(url, NONE) or "")


def test_public_literal_address_passes() -> None:
    assert refusal("https://8.8.8.8/", NONE) is None


def test_default_is_deny_and_the_allowlist_is_explicit() -> None:
    assert refusal("http://127.0.0.1:8701/rus/rss", NONE) is not None
    assert refusal("http://127.0.0.1:8701/rus/rss", frozenset({"127.0.0.1"})) is None
    assert refusal("http://10.0.0.1/", frozenset({"127.0.0.1"})) is not None
