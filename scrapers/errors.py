"""The errors a parser may raise: documented, so a flow can tell a broken site from a bug."""

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
