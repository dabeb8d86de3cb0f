"""One event, many reports: the same meeting in a digest and a standalone release, or in two
languages, gets one canonical event id.

Two reports are the same event when their dates are within a few days, their countries agree
(or one is unknown), their types agree, and they share a participant key (a person matched
across scripts and cases). Reports are joined transitively (union of the pairwise matches), and
the canonical id is the event id of the earliest report of the group (publication time, then
event id), so it does not depend on load order.

Cost: only reports that share a key and lie within `DATE_WINDOW_DAYS` of each other can match,
so each key's reports are sorted by date and compared with their neighbours in the window, never
all pairs (a minister's key is on thousands of reports).

A load does not recompute the warehouse's groups (`link_batch`): a stored report stands for its
stored group (whose earliest report is known), and only the pairs a batch can add are judged:
the batch's reports against each other and against the stored reports within the window of
their dates. Since every stored pair was judged when the later of the two was loaded, that
gives the groups a one-shot run over everything would give. Groups that lost a report (its
article changed) are taken apart and judged again from their remaining reports.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

DATE_WINDOW_DAYS = 3

Rank = tuple[datetime, str]  # (publication time, event id): the earliest report wins


@dataclass(frozen=True)
class EventRef:
    event_id: str
    article_id: str
    published_at: datetime
    event_date: date | None
    country: str | None
    type: str
    keys: frozenset[str]  # participant name keys

    @property
    def rank(self) -> Rank:
        """Order of reports: the canonical id is the smallest's."""
        return (self.published_at, self.event_id)


@dataclass(frozen=True)
class StoredRef:
    """A report already in the warehouse, with the group it was stored in."""

    ref: EventRef
    canonical: str  # the group's canonical event id
    canonical_rank: Rank  # the rank of that canonical report


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


def matching_pairs(
    refs: Sequence[EventRef], active: Collection[int] | None = None
) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) of reports that describe one event (each pair at most once); with
    `active`, only the pairs with at least one report among those indexes."""
    by_key: dict[str, list[tuple[date, int]]] = {}
    for i, ref in enumerate(refs):
        if ref.event_date is None:
            continue  # an undated report matches nothing
        for key in ref.keys:
            by_key.setdefault(key, []).append((ref.event_date, i))
    seen: set[tuple[int, int]] = set()
    window = timedelta(days=DATE_WINDOW_DAYS)
    for group in by_key.values():
        group.sort()
        days = [day for day, _i in group]
        for n, (day, i) in enumerate(group):
            if active is None:
                near = group[n + 1 : bisect_right(days, day + window)]
            elif i in active:
                near = group[bisect_left(days, day - window) : bisect_right(days, day + window)]
            else:
                continue
            for _other, j in near:
                pair = (i, j) if i < j else (j, i)
                if i != j and pair not in seen and same_event(refs[i], refs[j]):
                    seen.add(pair)
                    yield pair


class _Groups:
    """Union-find whose root is always the node of the smallest rank."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.rank: dict[str, Rank] = {}

    def add(self, node: str, rank: Rank) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.rank[node] = rank

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = (ra, rb) if self.rank[ra] < self.rank[rb] else (rb, ra)
            self.parent[drop] = keep


def canonical_ids(events: Iterable[EventRef]) -> dict[str, str]:
    """event_id -> canonical event id, over a set of reports (union of pairwise matches)."""
    refs = list(events)
    groups = _Groups()
    for ref in refs:
        groups.add(ref.event_id, ref.rank)
    for i, j in matching_pairs(refs):
        groups.union(refs[i].event_id, refs[j].event_id)
    return {ref.event_id: groups.find(ref.event_id) for ref in refs}


@dataclass(frozen=True)
class BatchLinks:
    canonical: dict[str, str]  # event id -> canonical id, for the batch's and loose reports
    renamed: dict[str, str]  # stored canonical id -> the canonical id its group now has


def link_batch(
    new: Sequence[EventRef], stored: Sequence[StoredRef], loose: Sequence[EventRef] = ()
) -> BatchLinks:
    """Canonical ids after a load: `new` (the batch's reports), `stored` (the warehouse's
    reports within the window of the batch's dates, each standing for its stored group) and
    `loose` (stored reports whose group must be judged again, its stored canonical ignored)."""
    groups = _Groups()
    node: dict[str, str] = {}  # event id -> its node (itself, or "group:" + stored canonical)
    for ref in (*new, *loose):
        node[ref.event_id] = ref.event_id
        groups.add(ref.event_id, ref.rank)
    for s in stored:
        if s.ref.event_id in node:
            continue
        group = "group:" + s.canonical
        node[s.ref.event_id] = group
        groups.add(group, s.canonical_rank)
    refs = [*new, *loose, *(s.ref for s in stored if node[s.ref.event_id].startswith("group:"))]
    active = range(len(new) + len(loose))  # stored pairs were judged when they were loaded
    for i, j in matching_pairs(refs, active):
        groups.union(node[refs[i].event_id], node[refs[j].event_id])

    def name(n: str) -> str:
        root = groups.find(n)
        return root.removeprefix("group:")

    canonical = {ref.event_id: name(ref.event_id) for ref in (*new, *loose)}
    renamed = {}
    for s in stored:
        group = node[s.ref.event_id]
        if group.startswith("group:") and name(group) != s.canonical:
            renamed[s.canonical] = name(group)
    return BatchLinks(canonical, renamed)
