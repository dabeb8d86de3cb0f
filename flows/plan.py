"""From a landing batch and the warehouse's state to the rows one load writes.

Everything here is computed before the write transaction opens: the clean article rows with
their version, the story each joins (dedup), the events of new and changed articles, and the
canonical event ids. `warehouse.loaders.apply_plan` then writes it all at once. Timestamps come
from the batch (its crawl's finish time), never from the clock, so a reload changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import duckdb

from flows.batches import Batch
from flows.transform.article import Article
from flows.transform.attribution import find_attribution
from flows.transform.dedup import DedupFeatures, StoryIndex, article_features
from flows.transform.event_links import DATE_WINDOW_DAYS, EventRef, canonical_ids
from flows.transform.events import EXTRACTOR_VERSION, Event, extract_events
from flows.transform.lang import detect_lang
from scrapers.items import PressRelease
from warehouse import state
from warehouse.loaders import LoadPlan


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
    events, participants, refs = [], [], []
    for index, event in enumerate(extract_events(as_article(item))):
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

    index = StoryIndex()
    for article_id, story_id, features in state.story_features(con):
        index.add_existing(article_id, story_id, DedupFeatures.from_json(features))

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
    stories = index.assign(sorted(features.items()))
    # assign() also names stored articles whose story changed (a merge, or a new origin).
    plan.story_updates = sorted((a, k) for a, k in stories.items() if a not in features)

    event_refs: list[EventRef] = []
    for item in new:
        story = stories.get(item.article_id) if item.relevant else None
        plan.articles.append(_article_row(item, 1, seen_at, seen_at, story, features, batch))
        plan.versions.append(_version_row(item, 1, seen_at, batch))
        if item.relevant:
            planned = plan_events(item, item.article_id, story)
            plan.events += planned.events
            plan.participants += planned.participants
            event_refs += planned.refs
    for item, old in changed:
        version = old.version + 1
        story = old.story_id
        feats = {item.article_id: article_features(as_article(item))} if item.relevant else {}
        plan.articles.append(
            _article_row(item, version, old.first_seen, seen_at, story, feats, batch)
        )
        plan.versions.append(_version_row(item, version, seen_at, batch))
        plan.events_replaced_for.append(item.article_id)
        if item.relevant:
            planned = plan_events(item, item.article_id, story)
            plan.events += planned.events
            plan.participants += planned.participants
            event_refs += planned.refs

    plan.canonical_updates = _link_events(con, plan, event_refs)
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


def _link_events(
    con: duckdb.DuckDBPyConnection, plan: LoadPlan, new_refs: list[EventRef]
) -> list[tuple[str, str]]:
    """Canonical ids for the new events, and changes to existing ones they now join."""
    dated = [r.event_date for r in new_refs if r.event_date is not None]
    if not dated:
        return []
    existing = [
        EventRef(k.event_id, k.article_id, k.published_at, k.event_date, k.country, k.type, k.keys)
        for k in state.events_near(con, min(dated), max(dated), DATE_WINDOW_DAYS)
        if k.article_id not in set(plan.events_replaced_for)
    ]
    canon = canonical_ids([*existing, *new_refs])
    new_ids = {r.event_id for r in new_refs}
    for row in plan.events:
        row["canonical_event_id"] = canon.get(str(row["event_id"]), row["event_id"])
    return sorted((eid, c) for eid, c in canon.items() if eid not in new_ids)


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
        "views": item.views,
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
