"""Nothing a crawl runs may reach the network except the sites it crawls.

Scrapy's cookie middleware splits domains with tldextract, which on first use downloads the
public suffix list from the internet (STACK.md §3; the gov.kz ticket cookie triggers it). This
extension swaps in an extractor that uses only the list bundled with tldextract.
"""

from __future__ import annotations

import scrapy.downloadermiddlewares.cookies as cookies_middleware
from scrapy.crawler import Crawler
from tldextract import TLDExtract

OFFLINE_SPLITTER = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


class OfflineSuffixList:
    """Scrapy extension: the cookie middleware's domain splitter never downloads."""

    def __init__(self) -> None:
        cookies_middleware._split_domain = OFFLINE_SPLITTER

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OfflineSuffixList:
        return cls()
