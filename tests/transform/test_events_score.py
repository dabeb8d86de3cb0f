"""Scoring: anchor-in-evidence matching, one-to-one, and per-field agreement."""

from __future__ import annotations

from typing import Any

from flows.transform.events.score import Tally, match, names_f1, score_article

BODY = "Alpha met Beta. Gamma met Delta and Epsilon."


def _pred(start: int, end: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"evidence_start": start, "evidence_end": end, "type": "meeting",
                            "status": "held", "country": None, "city": None, "date": None,
                            "date_precision": None, "participants": []}  # fmt: skip
    base.update(fields)
    return base


def test_a_prediction_matches_when_the_anchor_is_inside_its_evidence() -> None:
    gold = [{"anchor": "Alpha met", **_pred(0, 0)}, {"anchor": "Gamma met", **_pred(0, 0)}]
    pred = [_pred(0, 15), _pred(16, len(BODY))]
    assert sorted(match(BODY, pred, gold)) == [(0, 0), (1, 1)]


def test_one_evidence_cannot_match_two_golds_unless_split() -> None:
    gold = [{"anchor": "Alpha", **_pred(0, 0)}, {"anchor": "Beta", **_pred(0, 0)}]
    assert len(match(BODY, [_pred(0, 15)], gold)) == 1
    assert len(match(BODY, [_pred(0, 15), _pred(0, 15)], gold)) == 2


def test_shared_evidence_pairs_by_agreement() -> None:
    gold = [
        {"anchor": "Delta", **_pred(0, 0, country="HU")},
        {"anchor": "Epsilon", **_pred(0, 0, country="SK")},
    ]
    pred = [_pred(16, len(BODY), country="SK"), _pred(16, len(BODY), country="HU")]
    assert sorted(match(BODY, pred, gold)) == [(0, 1), (1, 0)]


def test_names_f1_uses_keys_across_scripts() -> None:
    assert names_f1([{"name": "Kairat Syzdykov"}], [{"name": "Кайрат Сыздыков"}]) == 1.0
    assert names_f1([], []) == 1.0
    assert names_f1([{"name": "Bolat Nurgaliyev"}], []) == 0.0
    half = names_f1(
        [{"name": "Ерлан Сейтжанов"}], [{"name": "Ерлан Сейтжанов"}, {"name": "Бенце Рац"}]
    )
    assert abs(half - 2 / 3) < 1e-9


def test_tally_counts_and_accuracies() -> None:
    tally = Tally()
    gold = [{"anchor": "Alpha met", **_pred(0, 0, country="LV")},
            {"anchor": "Gamma met", **_pred(0, 0)}]  # fmt: skip
    pred = [_pred(0, 15, country="LV"), _pred(16, 20), _pred(21, len(BODY))]
    score_article(tally, BODY, pred, gold)
    assert (tally.tp, tally.fp, tally.fn) == (1, 2, 1)
    assert tally.accuracy("country") == 1.0
    assert abs(tally.f1 - 0.4) < 1e-9
