"""Small readers every source's parser needs: pure, no I/O, shared so each page's quirks stay
in its own parser and these stay written once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import TextResponse

from flows.transform.clean import normalize_text
from flows.transform.dates import ASTANA_TZ, DateParseError, parse_local_datetime

JSON_LD = 'script[type="application/ld+json"]::text'
# XML 1.0 §2.2 allows tab, line feed, carriage return and these ranges; a feed that holds (or
# references, as &#0; or &#xD800;) anything else is malformed, and lxml's recovering parser keeps
# bytes it then cannot hand back as text (a UnicodeDecodeError on the whole feed).
XML_CHAR_RANGES = ((0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))
XML_CHAR_SINGLES = (0x9, 0xA, 0xD)
CHAR_REF_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
NOT_XML_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Window:
    """A backfill's dates, [since, until) in Astana days; None leaves that side open.

    Adjacent windows share their edge (one's `until` is the next one's `since`), so a day
    belongs to exactly one of them: no gap, no overlap.
    """

    since: date | None = None
    until: date | None = None

    @property
    def bounded(self) -> bool:
        """Whether either side is closed (a backfill)."""
        return self.since is not None or self.until is not None

    def before(self, day: date | None) -> bool:
        """Dated before `since` (an unknown date is not)."""
        return day is not None and self.since is not None and day < self.since

    def after(self, day: date | None) -> bool:
        """Dated on or after `until` (an unknown date is not)."""
        return day is not None and self.until is not None and day >= self.until

    def holds(self, day: date) -> bool:
        """Whether a known day falls inside the window."""
        return not self.before(day) and not self.after(day)


def local_day(stamp: datetime | None) -> date | None:
    """The Astana calendar day of an aware stamp (its own day at the calendar's very end)."""
    if stamp is None:
        return None
    try:
        return stamp.astimezone(ASTANA_TZ).date()
    except OverflowError:
        return stamp.date()


def first_text(response: TextResponse, selector: str) -> str | None:
    """The normalized text of the first node matching `selector` that has any, on one line."""
    for node in response.css(selector):
        text = normalize_text(" ".join(node.css("::text").getall())).replace("\n", " ")
        if text:
            return text
    return None


def rfc822_astana(text: str | None) -> datetime | None:
    """An RSS pubDate as Astana time; "-0000" and missing zones are read as UTC."""
    try:
        value = parsedate_to_datetime((text or "").strip())
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(ASTANA_TZ)
    except OverflowError:  # the last hours of year 9999 (or the first of year 1) in another zone
        return None


def local_or_none(text: str | None) -> datetime | None:
    """An in-page timestamp as aware Astana time, or None when it is not one."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_local_datetime(text)
    except DateParseError:
        return None


def json_ld_values(response: TextResponse, key: str) -> list[str]:
    """Every string value of `key` in the page's JSON-LD blocks (nested @graph included)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            value = node.get(key)
            if isinstance(value, str):
                found.append(value)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for block in response.css(JSON_LD).getall():
        try:
            walk(json.loads(block))
        except (ValueError, RecursionError):  # not JSON, or nested past the interpreter's limit
            continue
    return found


def is_xml_char(code: int) -> bool:
    """Whether a code point may appear in an XML 1.0 document."""
    return code in XML_CHAR_SINGLES or any(lo <= code <= hi for lo, hi in XML_CHAR_RANGES)


def xml_selector(text: str) -> Selector:
    """An XML selector over a feed, the characters XML forbids (raw or referenced) removed."""

    def keep_valid(match: re.Match[str]) -> str:
        hex_digits, digits = match.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        return match.group(0) if is_xml_char(code) else ""

    return Selector(text=NOT_XML_CHAR_RE.sub("", CHAR_REF_RE.sub(keep_valid, text)), type="xml")


def join_url(base: str, href: str) -> str | None:
    """`href` resolved against `base`, or None when it is no URL (urllib raises ValueError on
    a malformed host such as "https://[not-an-address]/", which a broken page can hold)."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None
