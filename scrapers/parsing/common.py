"""Small readers every source's parser needs: pure, no I/O, shared so each page's quirks stay
in its own parser and these stay written once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.http import TextResponse

from flows.transform.clean import normalize_text
from flows.transform.dates import ASTANA_TZ, DateParseError, parse_local_datetime

JSON_LD = 'script[type="application/ld+json"]::text'


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
    return value.astimezone(ASTANA_TZ)


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
        except ValueError:
            continue
    return found
