"""The article as every transform sees it: the contract's input record, typed.

`mfa-watch extract|dedup --jsonl` read one of these per line; the flow builds them from
warehouse rows. Keeping one type means the command line and the flow run the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

LANGS = ("ru", "kk", "en")


class InvalidArticle(ValueError):
    """A record that is not a valid article (missing body, bad types)."""


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    url: str | None
    lang: str
    title: str
    published: datetime | date | None
    body: str

    @property
    def published_date(self) -> date | None:
        """The publication day (local to the page's own timestamp)."""
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published

    @classmethod
    def from_record(cls, record: Any) -> Article:
        """Build from a contract JSON object; raise InvalidArticle naming the bad field."""
        if not isinstance(record, dict):
            raise InvalidArticle("not a JSON object")
        body = record.get("body")
        if not isinstance(body, str) or not body.strip():
            raise InvalidArticle("missing or empty 'body'")
        art_id = record.get("id")
        if art_id is None or not isinstance(art_id, str | int):
            raise InvalidArticle("missing 'id'")
        lang = record.get("lang") or ""
        if not isinstance(lang, str):
            raise InvalidArticle("'lang' must be a string")
        return cls(
            id=str(art_id),
            source=str(record.get("source") or ""),
            url=record.get("url") if isinstance(record.get("url"), str) else None,
            lang=lang.lower(),
            title=str(record.get("title") or ""),
            published=_parse_published(record.get("published")),
            body=body,
        )


def _parse_published(value: Any) -> datetime | date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidArticle("'published' must be an ISO date string")
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidArticle(f"'published' is not an ISO date: {value!r}") from exc
