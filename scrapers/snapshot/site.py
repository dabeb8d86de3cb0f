"""What a snapshot site is: real origins it stands for, and a pure request → response function."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Request:
    origin: str  # the real origin this listener stands for, e.g. "https://www.kt.kz"
    method: str
    path: str  # without the query
    query: str
    headers: Mapping[str, str]  # lower-cased names
    body: bytes = b""


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def html(cls, text: str, status: int = 200) -> Reply:
        return cls(status, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})

    @classmethod
    def xml(cls, text: str) -> Reply:
        return cls(
            200, text.encode("utf-8"), {"Content-Type": "application/rss+xml; charset=utf-8"}
        )

    @classmethod
    def json(cls, text: str, status: int = 200) -> Reply:
        return cls(
            status, text.encode("utf-8"), {"Content-Type": "application/json; charset=utf-8"}
        )

    @classmethod
    def not_found(cls) -> Reply:
        return cls.html("<html><body><h1>404</h1><p>Страница не найдена</p></body></html>", 404)


class Site(Protocol):
    source: str  # the source id spiders use, e.g. "kt.kz"
    origins: tuple[str, ...]

    def respond(self, request: Request) -> Reply: ...
