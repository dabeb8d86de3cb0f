"""`mfa-watch rebuild`: recompute everything derived (stories, events) from the stored texts.

When the extractor or the dedup improves, history improves with it: every article's events are
extracted again with the current EXTRACTOR_VERSION and every story re-clustered (the dedup
index and its judged links written anew with them), then written in one transaction, so a
failed or killed rebuild leaves the warehouse as it was. The clean texts are those the parsers
made from the stored pages (`pages` keeps the raw responses).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.plan import as_article, dedup_index_rows, dedup_link_rows, plan_events_many
from flows.transform.dedup import StoryIndex, features_many
from flows.transform.event_links import canonical_ids
from flows.transform.events import EXTRACTOR_VERSION
from scrapers.items import PressRelease
from warehouse import db
from warehouse.loaders import DedupIndex, replace_derived
from warehouse.migrate import migrate


@dataclass(frozen=True)
class RebuildResult:
    articles: int
    stories: int
    events: int
    extractor_version: str


def stored_releases(con: duckdb.DuckDBPyConnection) -> list[PressRelease]:
    """The relevant articles of the warehouse as items, in a stable order."""
    rows = con.execute(
        "select source_id, url, canonical_url, lang, title, body_text, published_at "
        "from articles where relevant order by article_id"
    ).fetchall()
    return [
        PressRelease(
            source=r[0],
            url=r[1],
            canonical_url=r[2],
            lang=r[3],
            title=r[4],
            body_text=r[5],
            published_at=r[6],
        )
        for r in rows
    ]


def rebuild(warehouse: Path) -> RebuildResult:
    """Re-cluster stories and re-extract events for the whole warehouse, atomically."""
    con = db.connect(warehouse, wait_seconds=60)
    try:
        migrate(con)  # dedup's index (0003) must exist; a newer warehouse is refused here
        items = stored_releases(con)
        features = dict(
            zip(
                (i.article_id for i in items),
                features_many([as_article(i) for i in items]),
                strict=True,
            )
        )
        index = StoryIndex()
        stories = index.assign(sorted(features.items()))
        events, participants, refs = [], [], []
        for planned in plan_events_many([(i, stories.get(i.article_id)) for i in items]):
            events += planned.events
            participants += planned.participants
            refs += planned.refs
        canon = canonical_ids(refs)
        for row in events:
            row["canonical_event_id"] = canon[str(row["event_id"])]
        article_updates = [(a, stories.get(a), features[a].to_json()) for a in sorted(features)]
        dedup = DedupIndex(
            dedup_index_rows(features, index.components(everything=True)),
            dedup_link_rows(index.judged_links()),
        )
        replace_derived(con, article_updates, events, participants, dedup)
        return RebuildResult(len(items), len(set(stories.values())), len(events), EXTRACTOR_VERSION)
    finally:
        con.close()
