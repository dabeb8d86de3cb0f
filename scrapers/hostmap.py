"""Real site addresses ↔ where they are fetched from (the offline snapshot on loopback).

Spiders and parsers think in the real URLs (https://www.kt.kz/rus/...), so an article's identity
is the same whether it was fetched live or from the snapshot. Only the request goes elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class HostMap:
    """Maps the origins of real sites to the origins that serve them, and back."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self._to_fetch = {_origin(k): _origin(v) for k, v in (mapping or {}).items()}
        self._to_public = {v: k for k, v in self._to_fetch.items()}

    @classmethod
    def from_json(cls, text: str | None) -> HostMap:
        """Parse the `-a snapshot='{"https://www.kt.kz": "http://127.0.0.1:8701"}'` argument."""
        return cls(json.loads(text) if text else None)

    def __bool__(self) -> bool:
        return bool(self._to_fetch)

    def fetch_hosts(self) -> list[str]:
        """Host names (without port) that requests are actually sent to."""
        return sorted({netloc.split(":")[0] for _, netloc in self._to_public})

    def to_fetch(self, url: str) -> str:
        """Where to send a request for this public URL."""
        return self._swap(url, self._to_fetch)

    def to_public(self, url: str) -> str:
        """The real URL of something fetched from the snapshot (identity for live URLs)."""
        return self._swap(url, self._to_public)

    @staticmethod
    def _swap(url: str, table: Mapping[tuple[str, str], tuple[str, str]]) -> str:
        parts = urlsplit(url)
        target = table.get((parts.scheme.lower(), parts.netloc.lower()))
        if target is None:
            return url
        return urlunsplit((target[0], target[1], parts.path, parts.query, parts.fragment))
