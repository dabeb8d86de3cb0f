"""The sources the project claims, in one registry: id, kind, base URL, languages, cadence.

The spider of a source has the source id as its Scrapy name. `cadence_hours` is how old the
newest item of a source may be before its silence is an alert.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: str  # official | agency | outlet
    name: str
    base_url: str
    languages: tuple[str, ...]
    cadence_hours: int


SOURCES: dict[str, Source] = {
    s.source_id: s
    for s in (
        Source(
            "gov.kz",
            "official",
            "Ministry of Foreign Affairs of Kazakhstan (gov.kz)",
            "https://www.gov.kz",
            ("ru", "kk", "en"),
            24,
        ),
        Source("kt.kz", "outlet", "Kazakhstan Today", "https://www.kt.kz", ("ru", "en", "kk"), 72),
        Source("inform.kz", "agency", "Kazinform", "https://www.inform.kz", ("ru", "kk", "en"), 48),
        Source(
            "astanatimes.com", "outlet", "The Astana Times", "https://astanatimes.com", ("en",), 48
        ),
        Source(
            "tengrinews.kz", "outlet", "Tengrinews", "https://tengrinews.kz", ("ru", "kk", "en"), 24
        ),
    )
}


def get(source_id: str) -> Source:
    """The registered source, or a KeyError listing the known ones."""
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(SOURCES)}") from None


def source_rows() -> list[dict[str, object]]:
    """Rows for the warehouse's `sources` table."""
    return [
        {
            "source_id": s.source_id,
            "kind": s.kind,
            "name": s.name,
            "base_url": s.base_url,
            "languages": list(s.languages),
        }
        for s in SOURCES.values()
    ]
