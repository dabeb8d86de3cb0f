"""The stored articles and events a load can touch, read by key instead of in full.

A batch changes stories only inside the link graph's components it links into, and canonical
event ids only among reports within a few days of its own. These queries read those rows (and
what dedup needs to find a batch's candidates: the stored articles within its date windows and
those sharing an identity key with it) from the dedup index of migration 0003 and the event
tables, so a load's cost follows the batch and its neighbourhood, not the warehouse's size.
Every query reads only articles that are in a story and have dedup features: the set the story
index is made of.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

_INDEXED = "a.story_id is not null and a.dedup_features is not null"
_LIGHT_COLUMNS = (
    "d.article_id, a.story_id, d.published, d.source, d.lang, d.official, d.canonical_url, "
    "d.translation_group, d.cite, d.content_hash, d.long_text, d.component"
)


@dataclass(frozen=True)
class IndexedArticle:
    """A stored article's row of the dedup index, with its story."""

    article_id: str
    story_id: str
    published: date | None
    source: str
    lang: str
    official: bool
    canonical_url: str | None
    translation_group: str | None
    cite: str | None
    content_hash: str
    long_text: bool
    component: str


@dataclass(frozen=True)
class StoredEvent:
    """A stored report, its participants' name keys, and the group it was stored in."""

    event_id: str
    article_id: str
    published_at: datetime
    event_date: date | None
    country: str | None
    type: str
    keys: frozenset[str]
    canonical: str  # its canonical event id (its own when none was stored)
    canonical_published_at: datetime  # the publication time of the canonical report


def _light(rows: Iterable[tuple[Any, ...]]) -> list[IndexedArticle]:
    return [IndexedArticle(*r) for r in rows]


def index_is_incomplete(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the dedup index does not hold exactly the indexed articles (a warehouse older
    than migration 0003, or rows written by other means): then it is made anew.

    Counted, not joined: a load adds the rows of the articles it puts in a story and removes
    those of articles that leave the index, so equal counts mean the same articles."""
    row = con.execute(
        f"select (select count(*) from articles a where {_INDEXED}) "  # noqa: S608
        "<> (select count(*) from dedup.articles)"
    ).fetchone()
    return bool(row and row[0])


def features_on_days(
    con: duckdb.DuckDBPyConnection, days: list[date] | None
) -> list[tuple[str, str, str, str]]:
    """(article id, story, dedup features JSON, component) of the stored articles published on
    these days or on no known day; every indexed article when `days` is None."""
    where = "true" if days is None else "(d.published in (select unnest(?)) or d.published is null)"
    params = [] if days is None else [days]
    return con.execute(
        "select a.article_id, a.story_id, a.dedup_features::varchar, d.component "  # noqa: S608
        f"from dedup.articles d join articles a using (article_id) where {_INDEXED} and {where} "
        "order by a.article_id",
        params,
    ).fetchall()


def sharing_keys(
    con: duckdb.DuckDBPyConnection,
    groups: list[str],
    urls: list[str],
    hashes: list[str],
    cited: list[str],
) -> list[IndexedArticle]:
    """Stored articles that share a translation group, canonical URL or long text's hash with
    the batch, that a batch article cites (`cited`), or that cite a batch article."""
    return _light(
        con.execute(
            f"select {_LIGHT_COLUMNS} from dedup.articles d join articles a using (article_id) "  # noqa: S608
            f"where {_INDEXED} and ("
            "d.translation_group in (select unnest($groups)) "
            "or d.translation_group in (select unnest($cited)) "
            "or d.canonical_url in (select unnest($urls)) "
            "or d.canonical_url in (select unnest($cited)) "
            "or (d.long_text and d.content_hash in (select unnest($hashes))) "
            "or d.cite in (select unnest($groups)) or d.cite in (select unnest($urls))"
            ") order by d.article_id",
            {"groups": groups, "urls": urls, "hashes": hashes, "cited": cited},
        ).fetchall()
    )


def components(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[IndexedArticle]:
    """Every indexed article in the link-graph components of these articles, and in the stories
    of those (until neither adds an article): what a batch linked to them can change."""
    comps: set[str] = set()
    stories: set[str] = set()
    rows = _light(
        con.execute(
            f"select {_LIGHT_COLUMNS} from dedup.articles d join articles a using (article_id) "  # noqa: S608
            f"where {_INDEXED} and d.article_id in (select unnest(?))",
            [article_ids],
        ).fetchall()
    )
    while True:
        more_comps = {r.component for r in rows} - comps
        more_stories = {r.story_id for r in rows} - stories
        if not more_comps and not more_stories:
            return sorted(rows, key=lambda r: r.article_id)
        comps |= more_comps
        stories |= more_stories
        rows = _light(
            con.execute(
                f"select {_LIGHT_COLUMNS} from dedup.articles d join articles a using (article_id) "  # noqa: S608
                f"where {_INDEXED} and (d.component in (select unnest(?)) "
                "or a.story_id in (select unnest(?)))",
                [sorted(comps), sorted(stories)],
            ).fetchall()
        )


@dataclass(frozen=True)
class StoredLinks:
    """Stored links among some articles, as arrays: each pair as positions in the id list asked
    about, its reason as a position in the reasons asked about, and its score."""

    a: npt.NDArray[np.int64]
    b: npt.NDArray[np.int64]
    reason: npt.NDArray[np.int64]
    score: npt.NDArray[np.float64]


def links_among(
    con: duckdb.DuckDBPyConnection, article_ids: list[str], reasons: Sequence[str]
) -> StoredLinks:
    """The stored links whose two articles are both among these (read as arrays: a component
    can hold hundreds of thousands)."""
    found = con.execute(
        "with ids as (select unnest($ids) as article_id, unnest($pos) as pos) "
        "select a.pos::bigint as a, b.pos::bigint as b, "
        "(list_position($reasons, l.reason) - 1)::bigint as reason, l.score "
        "from dedup.links l "
        "join ids a on a.article_id = l.article_id "
        "join ids b on b.article_id = l.other_id",
        {"ids": article_ids, "pos": list(range(len(article_ids))), "reasons": list(reasons)},
    ).fetchnumpy()
    return StoredLinks(
        np.asarray(found["a"], dtype=np.int64),
        np.asarray(found["b"], dtype=np.int64),
        np.asarray(found["reason"], dtype=np.int64),
        np.asarray(found["score"], dtype=np.float64),
    )


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------

_EVENT_SELECT = """
    select e.event_id, e.article_id, a.published_at, e.event_date, e.country, e.type,
           list(p.name_key) filter (where p.name_key is not null),
           coalesce(e.canonical_event_id, e.event_id),
           coalesce(ca.published_at, a.published_at)
    from events e
    join articles a on a.article_id = e.article_id
    left join participants p on p.event_id = e.event_id
    left join events c on c.event_id = coalesce(e.canonical_event_id, e.event_id)
    left join articles ca on ca.article_id = c.article_id
"""


def _events(rows: Iterable[tuple[Any, ...]]) -> list[StoredEvent]:
    return [
        StoredEvent(
            event_id=r[0],
            article_id=r[1],
            published_at=r[2],
            event_date=r[3],
            country=r[4],
            type=r[5],
            keys=frozenset(r[6] or ()),
            canonical=r[7],
            canonical_published_at=r[8],
        )
        for r in rows
    ]


def events_on_days(con: duckdb.DuckDBPyConnection, days: list[date]) -> list[StoredEvent]:
    """Stored reports dated on one of these days."""
    if not days:
        return []
    return _events(
        con.execute(
            f"{_EVENT_SELECT} where e.event_date in (select unnest(?)) group by all "
            "order by e.event_id",
            [days],
        ).fetchall()
    )


def event_groups_of_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[str]:
    """The canonical ids of the groups that reports of these articles are in."""
    if not article_ids:
        return []
    rows = con.execute(
        "select distinct coalesce(canonical_event_id, event_id) from events "
        "where article_id in (select unnest(?)) order by 1",
        [article_ids],
    ).fetchall()
    return [r[0] for r in rows]


def events_in_groups(con: duckdb.DuckDBPyConnection, canonicals: list[str]) -> list[StoredEvent]:
    """Every stored report whose group is one of these canonical ids."""
    if not canonicals:
        return []
    return _events(
        con.execute(
            f"{_EVENT_SELECT} where coalesce(e.canonical_event_id, e.event_id) "
            "in (select unnest(?)) group by all order by e.event_id",
            [canonicals],
        ).fetchall()
    )
