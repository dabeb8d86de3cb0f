"""The labelled pairs (tests/data/dedup_pairs): pair precision, recall and F1 of `story_keys`.

Run with `-s` to see the figures; they are also in the assertion message. Fails if F1 < 0.9 or
any hard negative is merged. The set is hand-written; the real measure is on real releases.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from flows.transform.article import Article
from flows.transform.dedup import story_keys

PAIRS_DIR = Path(__file__).resolve().parent.parent / "data" / "dedup_pairs"
MIN_F1 = 0.9


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    kind: str
    hard_negative: bool
    split: str


def load() -> tuple[list[Article], list[Pair]]:
    lines = (PAIRS_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [Article.from_record(json.loads(line)) for line in lines]
    with (PAIRS_DIR / "pairs.csv").open(encoding="utf-8", newline="") as fh:
        pairs = [
            Pair(
                r["a"],
                r["b"],
                r["label"] == "same",
                r["kind"],
                r["hard_negative"] == "yes",
                r["split"],
            )
            for r in csv.DictReader(fh)
        ]
    return articles, pairs


def scores(pairs: list[Pair], keys: dict[str, str]) -> tuple[float, float, float, Counter[str]]:
    """Pair precision, recall, F1, and the errors by kind."""
    tp = fp = fn = 0
    errors: Counter[str] = Counter()
    for p in pairs:
        predicted = keys[p.a] == keys[p.b]
        if predicted and p.same:
            tp += 1
        elif predicted:
            fp += 1
            errors[f"merged:{p.kind}"] += 1
        elif p.same:
            fn += 1
            errors[f"split:{p.kind}"] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, errors


def test_labelled_set_is_consistent() -> None:
    articles, pairs = load()
    ids = {a.id for a in articles}
    assert len(ids) == len(articles)
    assert len(pairs) >= 60
    assert all(p.a in ids and p.b in ids for p in pairs)
    # the positives' transitive closure must not contradict a labelled negative
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for p in pairs:
        if p.same:
            parent[find(p.a)] = find(p.b)
    assert not [p for p in pairs if not p.same and find(p.a) == find(p.b)]


def test_pair_scores() -> None:
    articles, pairs = load()
    keys = story_keys(articles)
    lines = []
    for split in ("dev", "test", "holdout", "all"):
        chosen = pairs if split == "all" else [p for p in pairs if p.split == split]
        precision, recall, f1, errors = scores(chosen, keys)
        lines.append(
            f"{split:8s} pairs={len(chosen):3d} P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
            f"errors={dict(errors)}"
        )
    report = "\n".join(lines)
    print("\n" + report)
    _, _, f1, _ = scores(pairs, keys)
    merged_hard = [(p.a, p.b, p.kind) for p in pairs if p.hard_negative and keys[p.a] == keys[p.b]]
    assert f1 >= MIN_F1, report
    assert not merged_hard, f"hard negatives merged: {merged_hard}\n{report}"
