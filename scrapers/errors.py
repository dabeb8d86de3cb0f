"""The errors a parser may raise: documented, so a flow can tell a broken site from a bug.

- LayoutChanged: a required field is gone on a page that should have it. The whole source is
  failed (its parser needs work), never retried.
- InvalidItem: the page was read, but what it says cannot be a release (an empty title, a date
  without a zone, a date in the future). One URL is refused; the rest of the crawl goes on.
- RejectedPage: what came back is not a page at all (an empty or binary 200, bytes that do not
  decode in the declared charset). One URL is refused, and no parser is asked to read it, so it
  is never taken for a new layout.
"""

from __future__ import annotations


class ParseError(Exception):
    """A page could not be turned into an item; the message names source, what and URL."""


class LayoutChanged(ParseError):
    """A required field is missing: the site changed its layout. Never retried."""

    def __init__(self, source: str, field: str, url: str) -> None:
        super().__init__(f"{source}: layout changed: required field {field!r} missing at {url}")
        self.source = source
        self.field = field
        self.url = url

    def __reduce__(self) -> tuple[type[LayoutChanged], tuple[str, str, str]]:
        return (LayoutChanged, (self.source, self.field, self.url))


class InvalidItem(ParseError, ValueError):
    """An item failed its validation (empty required field, naive or future date): one URL."""

    def __init__(self, source: str, field: str, url: str, why: str) -> None:
        super().__init__(f"{source}: invalid item: {field} {why} at {url}")
        self.source = source
        self.field = field
        self.url = url
        self.why = why

    def __reduce__(self) -> tuple[type[InvalidItem], tuple[str, str, str, str]]:
        return (InvalidItem, (self.source, self.field, self.url, self.why))


class RejectedPage(ParseError):
    """A 200 that holds no readable page (empty, binary, undecodable): refused with its URL."""

    def __init__(self, reason: str, url: str, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(f"page rejected: {reason}{extra} at {url}")
        self.reason = reason
        self.url = url
        self.detail = detail

    def __reduce__(self) -> tuple[type[RejectedPage], tuple[str, str, str]]:
        return (RejectedPage, (self.reason, self.url, self.detail))
