"""Canonical event ids: the match rule, the windowed pairing, loads that give the one-shot ids."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from flows.transform import event_links
from flows.transform.event_links import (
    EventRef,
    StoredRef,
    canonical_ids,
    link_batch,
    same_event,
)

DAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


def ref(
    eid: str,
    article: str,
    *,
    day: date | None = DAY,
    keys: tuple[str, ...] = ("ali",),
    country: str | None = "LV",
    kind: str = "meeting",
    published: datetime = NOON,
) -> EventRef:
    return EventRef(eid, article, published, day, country, kind, frozenset(keys))


def reference_ids(refs: list[EventRef]) -> dict[str, str]:
    """Every pair compared, the group named by its earliest report (the rule, written plainly)."""
    group = {r.event_id: {r.event_id} for r in refs}
    for a in refs:
        for b in refs:
            if same_event(a, b) and group[a.event_id] is not group[b.event_id]:
                merged = group[a.event_id] | group[b.event_id]
                for eid in merged:
                    group[eid] = merged
    rank = {r.event_id: (r.published_at, r.event_id) for r in refs}
    return {eid: min(members, key=rank.__getitem__) for eid, members in group.items()}


def random_refs(rng: random.Random, n: int) -> list[EventRef]:
    out = []
    for i in range(n):
        out.append(
            ref(
                f"e{i:03d}",
                f"a{rng.randrange(n // 2)}",
                day=None if rng.random() < 0.05 else DAY + timedelta(days=rng.randrange(40)),
                keys=tuple(rng.sample(["ali", "bek", "cruz", "dana", "emil"], rng.randint(0, 2))),
                country=rng.choice(["LV", "KZ", None]),
                kind=rng.choice(["meeting", "meeting", "visit"]),
                published=NOON + timedelta(hours=rng.randrange(2000)),
            )
        )
    return out


def test_same_event_needs_a_shared_person_close_dates_one_type_and_no_other_country() -> None:
    a = ref("e1", "a1")
    assert same_event(a, ref("e2", "a2", day=DAY + timedelta(days=3)))
    assert not same_event(a, ref("e2", "a2", day=DAY + timedelta(days=4)))
    assert not same_event(a, ref("e2", "a1"))  # one article's events are distinct
    assert not same_event(a, ref("e2", "a2", keys=("bek",)))
    assert not same_event(a, ref("e2", "a2", kind="visit"))
    assert not same_event(a, ref("e2", "a2", country="KZ"))
    assert same_event(a, ref("e2", "a2", country=None))
    assert not same_event(a, ref("e2", "a2", day=None))


def test_the_canonical_id_is_the_earliest_report_of_the_chain() -> None:
    refs = [
        ref("late", "a1", published=NOON + timedelta(hours=5)),
        ref("early", "a2", day=DAY + timedelta(days=2), published=NOON),
        ref("chained", "a3", day=DAY + timedelta(days=5), published=NOON + timedelta(hours=1)),
        ref("alone", "a4", keys=("bek",)),
    ]
    assert canonical_ids(refs) == {
        "late": "early",
        "early": "early",
        "chained": "early",  # 5 days from "late", but 3 from "early": one chain
        "alone": "alone",
    }


@pytest.mark.parametrize("seed", range(6))
def test_windowed_pairing_gives_the_ids_of_comparing_every_pair(seed: int) -> None:
    refs = random_refs(random.Random(seed), 120)
    assert canonical_ids(refs) == reference_ids(refs)


def test_a_busy_person_is_compared_only_within_the_date_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    real = event_links.same_event

    def counting(a: EventRef, b: EventRef) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(event_links, "same_event", counting)
    refs = [ref(f"e{i}", f"a{i}", day=DAY + timedelta(days=i), kind=str(i)) for i in range(1000)]
    canonical_ids(refs)
    assert calls <= 3 * len(refs)  # the neighbours within 3 days, not all 499,500 pairs


class Store:
    """A warehouse's events table, as far as canonical ids go."""

    def __init__(self) -> None:
        self.refs: dict[str, EventRef] = {}
        self.canonical: dict[str, str] = {}

    def load(self, new: list[EventRef], replaced_articles: set[str] = frozenset()) -> None:
        """What flows/plan.py does for one batch (queries done over the dicts)."""
        gone = {e for e, r in self.refs.items() if r.article_id in replaced_articles}
        touched = {self.canonical[e] for e in gone}
        loose = [
            r
            for e, r in self.refs.items()
            if self.canonical[e] in touched and r.article_id not in replaced_articles
        ]
        for e in gone:
            del self.refs[e], self.canonical[e]
        dates = {r.event_date for r in [*new, *loose] if r.event_date is not None}
        near = {d + timedelta(days=k) for d in dates for k in range(-3, 4)}
        rank = {e: (r.published_at, e) for e, r in self.refs.items()}
        stored = [
            StoredRef(r, self.canonical[e], rank[self.canonical[e]])
            for e, r in self.refs.items()
            if r.event_date in near and self.canonical[e] not in touched
        ]
        links = link_batch(new, stored, loose)
        for e in list(self.canonical):
            if self.canonical[e] in links.renamed:
                self.canonical[e] = links.renamed[self.canonical[e]]
        for r in [*new, *loose]:
            self.refs[r.event_id] = r
            self.canonical[r.event_id] = links.canonical[r.event_id]


@pytest.mark.parametrize("seed", range(8))
def test_loading_in_batches_gives_the_one_shot_ids(seed: int) -> None:
    rng = random.Random(seed)
    refs = random_refs(rng, 150)
    rng.shuffle(refs)
    store = Store()
    for start in range(0, len(refs), 17):
        store.load(refs[start : start + 17])
    assert store.canonical == canonical_ids(refs)


@pytest.mark.parametrize("seed", range(8))
def test_a_changed_article_takes_its_old_reports_out_of_their_groups(seed: int) -> None:
    rng = random.Random(100 + seed)
    refs = random_refs(rng, 150)
    store = Store()
    for start in range(0, len(refs), 30):
        store.load(refs[start : start + 30])
    changed = {r.article_id for r in rng.sample(refs, 10)}
    kept = [r for r in refs if r.article_id not in changed]
    reissued = [
        ref(f"n{i:03d}", article, day=DAY + timedelta(days=rng.randrange(40)), keys=("ali",))
        for i, article in enumerate(sorted(changed))
    ]
    store.load(reissued, replaced_articles=changed)
    assert store.canonical == canonical_ids([*kept, *reissued])
