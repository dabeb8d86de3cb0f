"""From a landing batch and the warehouse's state to the rows one load writes.

Everything here is computed before the write transaction opens: the clean article rows with
their version, the story each joins (dedup), the events of new and changed articles, and the
canonical event ids. `warehouse.loaders.apply_plan` then writes it all at once. Timestamps come
from the batch (its crawl's finish time), never from the clock, so a reload changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from flows.batches import Batch
from flows.transform.article import Article
from flows.transform.attribution import find_attribution
from flows.transform.dedup import (
    LINK_REASONS,
    MIN_WORDS_EXACT,
    DedupFeatures,
    StoryIndex,
    article_features,
    identity_features,
    index_fields,
    window_days,
)
from flows.transform.event_links import DATE_WINDOW_DAYS, EventRef, StoredRef, link_batch
from flows.transform.events import EXTRACTOR_VERSION, Event, extract_events, extract_events_many
from flows.transform.lang import detect_lang
from scrapers.items import PressRelease
from warehouse import neighbours, state
from warehouse.loaders import LoadPlan

# `articles.views` is an INTEGER: a page may print any number after its time, and one value
# past the column's range would make the whole batch unloadable. A counter that large is not a
# count of readers, so it is stored as unknown.
MAX_VIEWS = 2**31 - 1


@dataclass(frozen=True)
class PlannedEvents:
    events: list[dict[str, object]]
    participants: list[dict[str, object]]
    refs: list[EventRef]


def as_article(item: PressRelease) -> Article:
    """The transform view of a scraped item."""
    return Article(
        id=item.article_id,
        source=item.source,
        url=item.url,
        lang=item.lang,
        title=item.title,
        published=item.published_at,
        body=item.body_text,
    )


def event_id(article_id: str, content_hash: str, index: int, event: Event) -> str:
    """Derived from the article's content and the event's place in it, never from load order."""
    key = f"{article_id}|{content_hash}|{EXTRACTOR_VERSION}|{index}|{event.evidence_start}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def plan_events(item: PressRelease, article_id: str, story_id: str | None) -> PlannedEvents:
    """The event and participant rows of one article."""
    return _planned(item, article_id, story_id, extract_events(as_article(item)))


EXTRACT_CHUNK = 64  # articles whose events are extracted together (natasha batches their text)


def plan_events_many(jobs: Sequence[tuple[PressRelease, str | None]]) -> list[PlannedEvents]:
    """`plan_events` of several (item, story) pairs, extracted together a chunk at a time."""
    out: list[PlannedEvents] = []
    for start in range(0, len(jobs), EXTRACT_CHUNK):
        chunk = jobs[start : start + EXTRACT_CHUNK]
        found = extract_events_many([as_article(item) for item, _story in chunk])
        for (item, story), events in zip(chunk, found, strict=True):
            out.append(_planned(item, item.article_id, story, events))
    return out


def _planned(
    item: PressRelease, article_id: str, story_id: str | None, extracted: list[Event]
) -> PlannedEvents:
    events, participants, refs = [], [], []
    for index, event in enumerate(extracted):
        eid = event_id(article_id, item.content_hash, index, event)
        contract = event.to_contract()
        events.append(
            {
                "event_id": eid,
                "story_id": story_id,
                "article_id": article_id,
                "type": contract["type"],
                "status": contract["status"],
                "event_date": event.date,
                "date_precision": contract["date_precision"],
                "city": contract["city"],
                "country": contract["country"],
                "organizations": list(contract["organizations"]),
                "evidence": contract["evidence"],
                "evidence_start": event.evidence_start,
                "evidence_end": event.evidence_end,
                "extractor_version": EXTRACTOR_VERSION,
                "canonical_event_id": eid,
            }
        )
        keys = set()
        for seq, person in enumerate(event.participants):
            participants.append(
                {
                    "event_id": eid,
                    "seq": seq,
                    "name": person.name,
                    "name_norm": person.name,
                    "name_key": person.name_key,
                    "role": person.role,
                    "position": person.position,
                    "organization": person.organization,
                    "country": None,
                }
            )
            if person.name_key:
                keys.add(person.name_key)
        refs.append(
            EventRef(
                eid,
                article_id,
                item.published_at,
                event.date,
                event.country,
                event.type,
                frozenset(keys),
            )
        )
    return PlannedEvents(events, participants, refs)


def plan_load(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadPlan:
    """Compute every row one batch writes (reads the warehouse, writes nothing)."""
    manifest = batch.manifest
    seen_at = datetime.fromisoformat(manifest["finished_at"])
    items = batch.items()
    known = state.known_articles(con, [i.article_id for i in items])

    plan = LoadPlan(
        load_id=batch.load_id,
        source_id=batch.source,
        run_id=batch.run_id,
        crawl_run=_crawl_run_row(manifest),
        load_row={},
    )
    plan.pages = [
        {
            "page_id": hashlib.sha256(f"{batch.load_id}|{p.seq}".encode()).hexdigest()[:32],
            "load_id": batch.load_id,
            "source_id": batch.source,
            "url": p.url,
            "fetch_url": p.fetch_url,
            "status": p.status,
            "fetched_at": datetime.fromisoformat(p.fetched_at),
            "kind": p.kind,
            "headers": _json(p.headers),
            "body": p.body,
        }
        for p in batch.pages()
    ]

    new, changed, unchanged = [], [], []
    for item in sorted(items, key=lambda i: i.article_id):
        old = known.get(item.article_id)
        if old is None:
            new.append(item)
        elif old.content_hash != item.content_hash:
            changed.append((item, old))
        else:
            unchanged.append(item)
    plan.seen_only = [(i.article_id, seen_at) for i in unchanged]

    features = {i.article_id: article_features(as_article(i)) for i in new if i.relevant}
    stories = _assign_stories(con, plan, features)
    # also names stored articles whose story changed (a merge, or a new origin).
    plan.story_updates = sorted((a, k) for a, k in stories.items() if a not in features)

    extract: list[tuple[PressRelease, str | None]] = []
    for item in new:
        story = stories.get(item.article_id) if item.relevant else None
        plan.articles.append(_article_row(item, 1, seen_at, seen_at, story, features, batch))
        plan.versions.append(_version_row(item, 1, seen_at, batch))
        if item.relevant:
            extract.append((item, story))
    for item, old in changed:
        version = old.version + 1
        story = old.story_id
        feats = {item.article_id: article_features(as_article(item))} if item.relevant else {}
        plan.articles.append(
            _article_row(item, version, old.first_seen, seen_at, story, feats, batch)
        )
        plan.versions.append(_version_row(item, version, seen_at, batch))
        plan.events_replaced_for.append(item.article_id)
        if story is not None and feats:  # its index row follows its text; its links do not
            plan.dedup_refresh.append(
                {"article_id": item.article_id, **index_fields(feats[item.article_id])}
            )
        elif story is not None:  # no longer relevant: out of the story index
            plan.dedup_removed.append(item.article_id)
        if item.relevant:
            extract.append((item, story))
    event_refs: list[EventRef] = []
    for planned in plan_events_many(extract):
        plan.events += planned.events
        plan.participants += planned.participants
        event_refs += planned.refs

    _link_events(con, plan, event_refs)
    plan.load_row = {
        "load_id": batch.load_id,
        "source_id": batch.source,
        "run_id": batch.run_id,
        "status": "done",
        "n_pages": len(plan.pages),
        "n_articles_new": len(new),
        "n_articles_updated": len(changed),
        "n_articles_unchanged": len(unchanged),
        "n_events": len(plan.events),
        "started_at": datetime.fromisoformat(manifest["started_at"]),
        "finished_at": seen_at,
    }
    return plan


def _assign_stories(
    con: duckdb.DuckDBPyConnection, plan: LoadPlan, features: dict[str, DedupFeatures]
) -> dict[str, str]:
    """Story keys of the batch's relevant new articles (and of stored articles whose story
    changed); the load's rows of the dedup index (links, components) go into the plan.

    Only the stored articles the batch can touch are read: those within its similarity
    windows or sharing an identity key with it (its candidates), then, once its links are
    judged, the link-graph components it links into, with their stored links."""
    batch = sorted(features.items())
    if not batch:
        return {}
    if neighbours.index_is_incomplete(con):
        return _assign_stories_indexing_all(con, plan, batch)
    index = StoryIndex()
    for aid, story, text, component in neighbours.features_on_days(
        con, window_days(features.values())
    ):
        if aid not in features:
            stored = DedupFeatures.from_json(text)
            index.add_existing(aid, story, stored, linked=True, component=component)
    groups = sorted({f.translation_group for f in features.values() if f.translation_group})
    urls = sorted({f.canonical_url for f in features.values() if f.canonical_url})
    hashes = sorted({f.content_hash for f in features.values() if f.n_words >= MIN_WORDS_EXACT})
    cited = sorted({f.cites[0] for f in features.values() if len(f.cites) == 1})
    for row in neighbours.sharing_keys(con, groups, urls, hashes, cited):
        _add_indexed(index, row, features)
    region = neighbours.components(con, sorted(index.link(batch)))
    for row in region:
        _add_indexed(index, row, features)
    ids = [r.article_id for r in region]
    links = neighbours.links_among(con, ids, LINK_REASONS)
    index.add_stored_links(ids, links.a, links.b, links.reason, links.score)
    stories = index.assign(batch, region=ids)
    now_in = index.components()
    renames = {
        r.component: now_in[r.article_id]
        for r in region
        if r.article_id in now_in and now_in[r.article_id] != r.component
    }
    plan.component_renames = sorted(renames.items())
    plan.dedup_articles = dedup_index_rows(features, now_in)
    plan.dedup_links = dedup_link_rows(index.judged_links())
    return stories


def _add_indexed(index: StoryIndex, row: neighbours.IndexedArticle, batch: Container[str]) -> None:
    """A stored article known by its index row (its links are stored: never judged here)."""
    if row.article_id in index or row.article_id in batch:
        return
    features = identity_features(
        row.source,
        row.lang,
        row.published,
        row.canonical_url,
        row.translation_group,
        row.official,
        row.cite,
        row.content_hash,
        row.long_text,
    )
    index.add_existing(row.article_id, row.story_id, features, linked=True, component=row.component)


def _assign_stories_indexing_all(
    con: duckdb.DuckDBPyConnection,
    plan: LoadPlan,
    batch: list[tuple[str, DedupFeatures]],
) -> dict[str, str]:
    """`_assign_stories` on a warehouse whose dedup index is missing or incomplete (made before
    migration 0003): every stored article is indexed from its stored features and every link
    judged, and the whole index is written with this load (once)."""
    index = StoryIndex()
    stored: dict[str, DedupFeatures] = {}
    ids = {aid for aid, _f in batch}
    for article_id, story_id, text in state.story_features(con):
        if article_id in ids:
            continue
        stored[article_id] = DedupFeatures.from_json(text)
        index.add_existing(article_id, story_id, stored[article_id])
    index.link_all()
    stories = index.assign(batch)
    component = index.components(everything=True)
    plan.dedup_rebuilt = True
    plan.dedup_articles = dedup_index_rows({**stored, **dict(batch)}, component)
    plan.dedup_links = dedup_link_rows(index.judged_links())
    return stories


def dedup_index_rows(
    features: dict[str, DedupFeatures], component: dict[str, str]
) -> list[dict[str, object]]:
    """Rows of `dedup.articles` for these articles (their component from `StoryIndex`)."""
    return [
        {"article_id": aid, **index_fields(f), "component": component.get(aid, aid)}
        for aid, f in sorted(features.items())
    ]


def dedup_link_rows(links: list[tuple[str, str, str, float]]) -> list[dict[str, object]]:
    """Rows of `dedup.links` (from `StoryIndex.judged_links`)."""
    return [
        {"article_id": a, "other_id": b, "reason": reason, "score": score}
        for a, b, reason, score in links
    ]


def _link_events(con: duckdb.DuckDBPyConnection, plan: LoadPlan, new_refs: list[EventRef]) -> None:
    """Canonical ids of the new events, and the changes to stored ones (in the plan).

    Stored reports within the window of the new ones' dates stand for their stored groups;
    groups that lose a report (its article changed) are taken apart and judged again."""
    replaced = sorted(set(plan.events_replaced_for))
    gone = set(replaced)
    touched = neighbours.event_groups_of_articles(con, replaced)
    loose = [e for e in neighbours.events_in_groups(con, touched) if e.article_id not in gone]
    loose_refs = [_stored_ref(e) for e in loose]
    dates = {r.event_date for r in [*new_refs, *loose_refs] if r.event_date is not None}
    if not dates and not loose:
        return
    days = sorted(
        {
            d + timedelta(days=k)
            for d in dates
            for k in range(-DATE_WINDOW_DAYS, DATE_WINDOW_DAYS + 1)
        }
    )
    skip = set(touched)
    stored = [
        StoredRef(_stored_ref(e), e.canonical, (e.canonical_published_at, e.canonical))
        for e in neighbours.events_on_days(con, days)
        if e.article_id not in gone and e.canonical not in skip
    ]
    links = link_batch(new_refs, stored, loose_refs)
    for row in plan.events:
        eid = str(row["event_id"])
        row["canonical_event_id"] = links.canonical.get(eid, eid)
    plan.canonical_updates = sorted(
        (e.event_id, links.canonical[e.event_id])
        for e in loose
        if links.canonical[e.event_id] != e.canonical
    )
    plan.canonical_renames = sorted(links.renamed.items())


def _stored_ref(e: neighbours.StoredEvent) -> EventRef:
    return EventRef(
        e.event_id, e.article_id, e.published_at, e.event_date, e.country, e.type, e.keys
    )


def _article_row(
    item: PressRelease,
    version: int,
    first_seen: datetime,
    last_seen: datetime,
    story_id: str | None,
    features: dict[str, DedupFeatures],
    batch: Batch,
) -> dict[str, object]:
    attribution = find_attribution(item.body_text)
    feats = features.get(item.article_id)
    return {
        "article_id": item.article_id,
        "source_id": item.source,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "lang": item.lang,
        "detected_lang": detect_lang(item.body_text),
        "title": item.title,
        "body_text": item.body_text,
        "published_at": item.published_at,
        "published_time_known": "no_publication_time" not in item.flags,
        "dateline_place": item.dateline_place,
        "dateline_date": item.dateline_date,
        "attribution": attribution.phrase if attribution else None,
        "source_item_id": item.source_item_id,
        "caption": item.caption,
        "views": stored_views(item.views),
        "marked_updated": item.updated,
        "translation_group": item.translation_group,
        "cited_source_url": item.cited_source_url,
        "relevant": item.relevant,
        "relevance_reason": item.relevance_reason,
        "content_hash": item.content_hash,
        "version": version,
        "first_seen": first_seen,
        "last_seen": last_seen,
        "story_id": story_id,
        "dedup_features": feats.to_json() if feats else None,
        "load_id": batch.load_id,
    }


def stored_views(views: int | None) -> int | None:
    """The views counter as the warehouse keeps it: None when unknown or out of range."""
    if views is None or not 0 <= views <= MAX_VIEWS:
        return None
    return views


def _version_row(
    item: PressRelease, version: int, seen: datetime, batch: Batch
) -> dict[str, object]:
    return {
        "article_id": item.article_id,
        "version": version,
        "content_hash": item.content_hash,
        "title": item.title,
        "body_text": item.body_text,
        "seen_at": seen,
        "load_id": batch.load_id,
    }


def _crawl_run_row(manifest: dict[str, object]) -> dict[str, object]:
    def ts(key: str) -> datetime | None:
        value = manifest.get(key)
        return datetime.fromisoformat(str(value)) if value else None

    return {
        "run_id": manifest["run_id"],
        "source_id": manifest["source"],
        "started_at": ts("started_at"),
        "finished_at": ts("finished_at"),
        "finish_reason": manifest.get("finish_reason"),
        "verdict": manifest.get("verdict"),
        "verdict_reason": manifest.get("verdict_reason"),
        "n_items": manifest.get("items", 0),
        "n_pages": manifest.get("pages", 0),
        "n_requests": manifest.get("requests", 0),
        "n_errors": manifest.get("error_count", 0),
        "errors": _json(manifest.get("errors", [])),
        "stats": _json(manifest.get("stats", {})),
        "scrapy_version": manifest.get("scrapy_version"),
        "spider_code_hash": manifest.get("spider_code_hash"),
    }


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
