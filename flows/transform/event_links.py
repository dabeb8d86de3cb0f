"""One event, many reports: the same meeting in a digest and a standalone release, or in two
languages, gets one canonical event id.

Two reports are the same event when their dates are within a few days, their countries agree
(or one is unknown), their types agree, and they share a participant key (a person matched
across scripts and cases). The canonical id is the event id of the earliest report, so it does
not depend on load order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

DATE_WINDOW_DAYS = 3


@dataclass(frozen=True)
class EventRef:
    event_id: str
    article_id: str
    published_at: datetime
    event_date: date | None
    country: str | None
    type: str
    keys: frozenset[str]  # participant name keys


def same_event(a: EventRef, b: EventRef) -> bool:
    """Whether two reports describe one event."""
    if a.article_id == b.article_id or a.type != b.type:
        return False
    if a.event_date is None or b.event_date is None:
        return False
    if abs((a.event_date - b.event_date).days) > DATE_WINDOW_DAYS:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    return bool(a.keys & b.keys)


def canonical_ids(events: Iterable[EventRef]) -> dict[str, str]:
    """event_id -> canonical event id, over a set of reports (union of pairwise matches)."""
    refs = sorted(events, key=lambda e: (e.published_at, e.event_id))
    parent = {e.event_id: e.event_id for e in refs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[str, list[EventRef]] = {}
    for ref in refs:
        for key in ref.keys:
            by_key.setdefault(key, []).append(ref)
    rank = {e.event_id: i for i, e in enumerate(refs)}
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if same_event(a, b):
                    ra, rb = find(a.event_id), find(b.event_id)
                    if ra != rb:
                        keep, drop = (ra, rb) if rank[ra] < rank[rb] else (rb, ra)
                        parent[drop] = keep
    return {e.event_id: find(e.event_id) for e in refs}
