"""A crawl never downloads the public suffix list (cookies would make tldextract try)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import scrapy.downloadermiddlewares.cookies as cookies_middleware

from scrapers.offline import OfflineSuffixList


def test_domain_splitting_works_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("tried to reach the network")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    OfflineSuffixList()
    split = cookies_middleware._split_domain  # type: ignore[attr-defined]
    assert (split("www.kt.kz").domain, split("www.kt.kz").suffix) == ("kt", "kz")
    assert split("www.gov.kz").suffix == "gov.kz"  # a public suffix in the bundled list
