"""A 200 that holds no readable page is refused before a parser sees it.

Why: a parser that meets an empty body, a PNG, or bytes that do not decode in the charset the
server declared finds no title and raises LayoutChanged, and a layout change fails the whole
source (its parser needs work). None of these is a new layout: they are one broken answer, for
one URL. This spider middleware refuses them first, as RejectedPage(reason, url), which reaches
the request's errback (the batch writer records it with its URL, kind "rejected") and counts
`mfa/rejected/<reason>`:
- empty: no body, or only whitespace;
- binary: not a text response, a declared media type that is not text (image, audio, video,
  font, PDF, archives), the signature of such a file, or control characters where text should be;
- undecodable: bytes that are not valid in the page's encoding (header, BOM or meta). Scrapy
  decodes with replacement characters; the text would be stored garbled (RELIABILITY.md 14).
Checked: 2xx answers except 204, unless the request's meta sets `dont_check_page` (an answer
whose body nobody reads, like gov.kz's ticket POST). Other statuses are the spiders' business.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

from scrapers.errors import RejectedPage

META_SKIP = "dont_check_page"
STAT_PREFIX = "mfa/rejected/"
EMPTY, BINARY, UNDECODABLE = "empty", "binary", "undecodable"
REPLACEMENT = "\ufffd"
NO_BODY_STATUSES = (204,)
# Media types whose body is never a page, whatever the URL ends with.
BINARY_MAJOR_TYPES = ("image", "audio", "video", "font", "model")
BINARY_TYPES = (
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/x-7z-compressed",
    "application/vnd.rar",
    "application/msword",
    "application/wasm",
)
# File signatures (the first bytes) of formats that are never a page.
SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\x1f\x8b",  # gzip (a body left compressed)
    b"RIFF",  # webp, wav, avi
    b"\x00\x00\x01\x00",  # ico
    b"wOFF",
    b"wOF2",
)
SNIFF_CHARS = 2048
MAX_CONTROL_SHARE = 0.02  # more control characters than this in the first SNIFF_CHARS: binary
TEXT_CONTROLS = frozenset("\t\n\r\f")


def media_type(response: Response) -> str:
    """The declared media type, lower-cased, without parameters ("" when none)."""
    raw = response.headers.get(b"Content-Type") or b""
    return raw.decode("latin-1").split(";", 1)[0].strip().lower()


def is_binary_type(mtype: str) -> bool:
    """Whether a declared media type can never be a page."""
    return mtype.split("/", 1)[0] in BINARY_MAJOR_TYPES or mtype in BINARY_TYPES


def control_share(text: str) -> float:
    """The share of control characters (other than tab and line breaks) in a text."""
    if not text:
        return 0.0
    controls = sum(1 for ch in text if (ch < " " or ch == "\x7f") and ch not in TEXT_CONTROLS)
    return controls / len(text)


def undecodable_at(body: bytes, encoding: str) -> int | None:
    """The offset of the first byte invalid in `encoding`, or None when all decode."""
    try:
        codecs.decode(body, encoding, "strict")
    except UnicodeDecodeError as exc:
        return exc.start
    except LookupError:  # an encoding Python does not know: Scrapy's decoding stands
        return None
    return None


def rejection(response: Response) -> tuple[str, str] | None:
    """(reason, detail) when a response holds no readable page, else None."""
    if not response.body.strip():
        return EMPTY, f"{len(response.body)} byte(s)"
    mtype = media_type(response)
    if is_binary_type(mtype):
        return BINARY, f"Content-Type {mtype}"
    if response.body.startswith(SIGNATURES):
        return BINARY, f"starts with {response.body[:8]!r}"
    if not isinstance(response, TextResponse):
        return BINARY, f"not a text response ({mtype or 'no Content-Type'})"
    text = response.text
    if not text.strip():
        return EMPTY, "only whitespace"
    if REPLACEMENT in text:
        at = undecodable_at(response.body, response.encoding)
        if at is not None:
            return UNDECODABLE, f"byte {at} is not {response.encoding}"
    share = control_share(text[:SNIFF_CHARS])
    if share > MAX_CONTROL_SHARE:
        return BINARY, f"{share:.0%} control characters"
    return None


def should_check(response: Response) -> bool:
    """2xx with a body to read, unless the request opted out."""
    if not 200 <= response.status < 300 or response.status in NO_BODY_STATUSES:
        return False
    request = response.request
    return not (request is not None and request.meta.get(META_SKIP))


class PageCheckMiddleware:
    """Spider middleware: raise RejectedPage (counted) for a 2xx that is no readable page."""

    def __init__(
        self, stats: StatsCollector | None, public_url: Callable[[str], str] | None = None
    ) -> None:
        self.stats = stats
        self.public_url = public_url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageCheckMiddleware:
        def public_url(url: str) -> str:
            to_public: Any = getattr(crawler.spider, "public_url", None)
            return str(to_public(url)) if callable(to_public) else url

        return cls(crawler.stats, public_url)

    def process_spider_input(self, response: Response) -> None:
        """Refuse an empty, binary or undecodable 2xx before the callback parses it."""
        if not should_check(response):
            return
        found = rejection(response)
        if found is None:
            return
        reason, detail = found
        if self.stats is not None:
            self.stats.inc_value(STAT_PREFIX + reason)
        url = self.public_url(response.url) if self.public_url else response.url
        raise RejectedPage(reason, url, detail)
