"""Reading the contract's JSONL input: one article a line, a bad line an error, not a crash."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flows.transform.article import Article, InvalidArticle


@dataclass(frozen=True)
class Line:
    id: object  # the line's "id" when it has one, else its line number
    article: Article | None
    error: str | None


def read_articles(lines: Iterable[str]) -> Iterator[Line]:
    """Parse each non-blank line into an Article or an error naming what is wrong."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Line(f"line {number}", None, f"line {number}: not JSON: {exc.msg}")
            continue
        ident = record.get("id", f"line {number}") if isinstance(record, dict) else f"line {number}"
        try:
            yield Line(ident, Article.from_record(record), None)
        except InvalidArticle as exc:
            yield Line(ident, None, f"line {number}: {exc}")
