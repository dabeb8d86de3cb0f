"""Scoring predicted events against gold events: pure functions, no I/O.

Matching: a predicted event can match a gold event when the gold anchor lies inside the
predicted evidence span; matching is one-to-one and maximizes first the number of matches,
then the agreement of their fields (so the five meetings of one listed series pair with the
right gold meetings). Events F1 counts matches.

Field accuracy is over matched pairs: type, status, country, city, date (value and
precision) by equality. Participants are compared by name key (`names.name_key`, so script
and case do not matter): the per-event score is the F1 of the two key sets (1.0 when both are
empty), averaged over matched events; the stricter share of events whose key sets are equal
is reported beside it, and role accuracy over the names both sides have.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.transform.names import name_key

FIELDS = ("type", "status", "country", "city", "date", "participants")
_MATCH_WEIGHT = 1000.0  # a match outweighs any amount of field agreement


@dataclass
class Tally:
    """Running sums for one slice of the data (all, or one language)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    roles_ok: int = 0
    roles_n: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted events that match a gold event."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold events matched."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        """Mean score of a field over matched events (1.0 when nothing matched)."""
        return self.sums[name] / self.tp if self.tp else 1.0

    @property
    def role_accuracy(self) -> float:
        """Share of shared participant names whose role agrees."""
        return self.roles_ok / self.roles_n if self.roles_n else 1.0


def anchor_span(body: str, anchor: str) -> tuple[int, int]:
    """The span of a gold anchor in the body (anchors occur exactly once)."""
    start = body.find(anchor)
    if start < 0:
        raise ValueError(f"anchor not in body: {anchor!r}")
    return start, start + len(anchor)


def _keys(participants: Iterable[Mapping[str, Any]]) -> set[str]:
    return {k for k in (name_key(str(p.get("name") or "")) for p in participants) if k}


def names_f1(pred: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]]) -> float:
    """F1 of the participant name keys (1.0 when both sides name nobody)."""
    p, g = _keys(pred), _keys(gold)
    if not p and not g:
        return 1.0
    if not p or not g:
        return 0.0
    hit = len(p & g)
    if not hit:
        return 0.0
    prec, rec = hit / len(p), hit / len(g)
    return 2 * prec * rec / (prec + rec)


def field_scores(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, float]:
    """Per-field agreement of one matched pair, each in [0, 1]."""
    out = {f: float(pred.get(f) == gold.get(f)) for f in ("type", "status", "country", "city")}
    out["date"] = float(
        pred.get("date") == gold.get("date")
        and pred.get("date_precision") == gold.get("date_precision")
    )
    out["participants"] = names_f1(pred.get("participants", []), gold.get("participants", []))
    out["participants_exact"] = float(
        _keys(pred.get("participants", [])) == _keys(gold.get("participants", []))
    )
    return out


def _roles(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> tuple[int, int]:
    g = {name_key(str(p.get("name"))): p.get("role") for p in gold.get("participants", [])}
    ok = n = 0
    for p in pred.get("participants", []):
        key = name_key(str(p.get("name")))
        if key in g:
            n += 1
            ok += int(p.get("role") == g[key])
    return ok, n


def match(
    body: str, pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs: one-to-one, most matches, then most agreement."""
    n, m = len(pred), len(gold)
    if not n or not m:
        return []
    size = max(n, m)
    weight = [[0.0] * size for _ in range(size)]
    for j, g in enumerate(gold):
        a_start, a_end = anchor_span(body, str(g["anchor"]))
        for i, p in enumerate(pred):
            if int(p["evidence_start"]) <= a_start and a_end <= int(p["evidence_end"]):
                agreement = sum(field_scores(p, g)[f] for f in FIELDS)
                weight[i][j] = _MATCH_WEIGHT + agreement
    assignment = _max_weight_assignment(weight)
    return [(i, j) for i, j in enumerate(assignment) if i < n and j < m and weight[i][j] > 0]


def _max_weight_assignment(weight: list[list[float]]) -> list[int]:
    """Hungarian algorithm on a square matrix: row i -> column assignment[i], max total."""
    size = len(weight)
    top = max((w for row in weight for w in row), default=0.0)
    cost = [[top - w for w in row] for row in weight]
    inf = float("inf")
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    owner = [0] * (size + 1)  # owner[col] = row (1-based), 0 = free
    way = [0] * (size + 1)
    for row in range(1, size + 1):
        owner[0] = row
        col0 = 0
        minv = [inf] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[col0] = True
            r0 = owner[col0]
            delta, col1 = inf, 0
            for col in range(1, size + 1):
                if used[col]:
                    continue
                cur = cost[r0 - 1][col - 1] - u[r0] - v[col]
                if cur < minv[col]:
                    minv[col], way[col] = cur, col0
                if minv[col] < delta:
                    delta, col1 = minv[col], col
            for col in range(size + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    assignment = [0] * size
    for col in range(1, size + 1):
        if owner[col]:
            assignment[owner[col] - 1] = col - 1
    return assignment


def score_article(
    tally: Tally, body: str, pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Add one article's predictions to a tally; return the matched pairs."""
    pairs = match(body, pred, gold)
    tally.tp += len(pairs)
    tally.fp += len(pred) - len(pairs)
    tally.fn += len(gold) - len(pairs)
    for i, j in pairs:
        for name, value in field_scores(pred[i], gold[j]).items():
            tally.sums[name] += value
        ok, n = _roles(pred[i], gold[j])
        tally.roles_ok += ok
        tally.roles_n += n
    return pairs
