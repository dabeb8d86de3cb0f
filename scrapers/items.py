"""The one item every spider yields: a press release as published by one source.

Frozen and typed, so a parser cannot hand the pipeline a half-filled record. Keys come from
content (source, canonical URL, language), never from crawl order, so a reload is idempotent.
Validation on construction raises InvalidItem (a ParseError, and a ValueError): an empty
required field, a publication time without a zone, or one more than FUTURE_TOLERANCE ahead of
the clock (a site's clock may run a little fast; a page dated next year is a typo or a trap,
and news from the future would sit on top of every "latest" query).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scrapers.errors import InvalidItem

__all__ = ["FUTURE_TOLERANCE", "InvalidItem", "PressRelease", "article_key", "text_hash"]

FUTURE_TOLERANCE = timedelta(days=1)
REQUIRED_TEXT = ("source", "url", "canonical_url", "lang", "title", "body_text")


def article_key(source: str, canonical_url: str, lang: str) -> str:
    """sha256(source|canonical_url|lang): the article's identity in the warehouse."""
    return hashlib.sha256(f"{source}|{canonical_url}|{lang}".encode()).hexdigest()


def text_hash(text: str) -> str:
    """sha256 of a text, the content version of an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PressRelease:
    source: str  # source id, e.g. "kt.kz"
    url: str  # public URL of the page (the real site's, even when fetched from the snapshot)
    canonical_url: str
    lang: str  # ru | kk | en: the page's language version
    title: str  # the headline without status suffixes ("Дополнено")
    body_text: str  # clean text, paragraphs joined by "\n"
    published_at: datetime  # timezone-aware
    source_item_id: str | None = None  # the site's own id (kt.kz 10 digits, gov.kz numeric id)
    dateline_place: str | None = None
    dateline_date: date | None = None
    caption: str | None = None
    views: int | None = None
    updated: bool = False  # the site marked the page as updated after publication
    translation_group: str | None = None  # versions of one release in other languages share it
    cited_source_url: str | None = None  # "Source : https://www.gov.kz/..." on republications
    relevant: bool = True  # about the ministry's work (general outlets are filtered)
    relevance_reason: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)  # e.g. "no_publication_time"

    def __post_init__(self) -> None:
        for name in REQUIRED_TEXT:
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidItem(str(self.source), name, str(self.url), "is empty")
        published = self.published_at
        if not isinstance(published, datetime):
            raise InvalidItem(self.source, "published_at", self.url, "is not a datetime")
        if published.tzinfo is None or published.utcoffset() is None:
            raise InvalidItem(self.source, "published_at", self.url, "is not timezone-aware")
        if published - datetime.now(UTC) > FUTURE_TOLERANCE:
            why = f"is in the future ({published.isoformat()})"
            raise InvalidItem(self.source, "published_at", self.url, why)

    @property
    def article_id(self) -> str:
        return article_key(self.source, self.canonical_url, self.lang)

    @property
    def content_hash(self) -> str:
        return text_hash(f"{self.title}\n{self.body_text}")

    def to_record(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings) with the derived keys."""
        record = asdict(self)
        record["published_at"] = self.published_at.isoformat()
        record["dateline_date"] = self.dateline_date.isoformat() if self.dateline_date else None
        record["flags"] = list(self.flags)
        record["article_id"] = self.article_id
        record["content_hash"] = self.content_hash
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> PressRelease:
        """Inverse of to_record (derived keys are recomputed, not trusted)."""
        data = {k: v for k, v in record.items() if k not in ("article_id", "content_hash")}
        data["published_at"] = datetime.fromisoformat(data["published_at"])
        if data.get("dateline_date"):
            data["dateline_date"] = date.fromisoformat(data["dateline_date"])
        data["flags"] = tuple(data.get("flags") or ())
        return cls(**data)
