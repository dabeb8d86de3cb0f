"""The gov.kz projects the gov.kz spider crawls: the ministry itself and its foreign missions.

Why a list at all: on gov.kz every body publishes under its own project slug, and most of the
ministry's releases come from the missions (`mfa-washington`, `mfa-kishinev`, ...), not from
`mfa` (SOURCES.md §0, §1.1). The spider first asks the news API for every `mfa*` project in one
listing (`projects=contains:mfa`, inferred: verify live); this list is what it falls back to
when that filter is refused, and what it reads the official RSS feeds of (RSS has one feed per
project and language, no prefix match).

How to extend it:
- add a `Project(slug, languages)` line; the slug is the `<project>` of the mission's pages,
  `https://www.gov.kz/memleket/entities/<project>/press/news?lang=ru`;
- `languages` are the versions the mission publishes, first the one the spider checks for
  news (its "gate"; the other languages are asked only when the gate shows something new): a
  mission that publishes only in Russian and English gets ("ru", "en"), so its empty Kazakh
  feed is never asked for. Only ru, kk and en are crawled (some missions also publish in a
  local language, e.g. `mfa-istanbul` in Turkish: not kept);
- the full list of roughly a hundred `mfa-*` slugs can be read live from the sitemap
  (`https://www.gov.kz/sitemap.xml`) or the MFA's "foreign missions" page (SOURCES.md §10.3);
  every slug added costs one RSS request per language in the fallback path only.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("ru", "kk", "en")
MINISTRY = "mfa"
MISSION_PREFIX = "mfa-"


@dataclass(frozen=True)
class Project:
    """One gov.kz project: its slug and the languages it publishes in (gate language first)."""

    slug: str
    languages: tuple[str, ...] = LANGS

    def __post_init__(self) -> None:
        if not self.languages or any(lang not in LANGS for lang in self.languages):
            raise ValueError(f"{self.slug}: languages must be among {LANGS}: {self.languages}")
        if not is_mfa_project(self.slug):
            raise ValueError(f"{self.slug}: not the ministry or one of its missions")


def is_mfa_project(slug: str) -> bool:
    """The ministry's own project or one of its missions' (`mfa`, `mfa-*`)."""
    return slug == MINISTRY or (slug.startswith(MISSION_PREFIX) and len(slug) > len(MISSION_PREFIX))


PROJECTS: tuple[Project, ...] = (
    Project(MINISTRY),
    Project("mfa-washington", ("ru", "en")),  # Embassy in the USA: no Kazakh versions
    Project("mfa-kishinev"),  # Embassy in Moldova
    Project("mfa-budapest"),  # Embassy in Hungary
    Project("mfa-istanbul"),  # Consulate General in Istanbul (also publishes in Turkish)
    Project("mfa-bjs"),  # Embassy in China (Beijing)
)
