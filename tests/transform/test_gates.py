"""The keyword gates that spare texts the regexes that cannot match them must be sound.

attribution.py and events/orgs.py run a pattern only when one of its gate words is in the
text. The gates of attribution are written by hand beside their patterns, those of orgs derived
from the names; a gate that misses a spelling its pattern accepts would silently drop
matches. Hypothesis writes texts each pattern matches; every one must hold a gate.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.transform import attribution
from flows.transform.attribution import fold_case
from flows.transform.events import orgs

Gated = tuple[re.Pattern[str], tuple[str, ...], bool]  # pattern, gate, looked for folded

GATED: list[Gated] = [
    *((p, gate, True) for p, _who, _before, gate in attribution._PATTERNS),
    *((p, gate, True) for p, gate in attribution._ACTOR_PATTERNS),
    *((p.regex, p.gate, p.folded) for p in orgs._patterns()),
]


@pytest.mark.parametrize(
    ("pattern", "gate", "folded"), GATED, ids=[f"{i}:{g[1][0]}" for i, g in enumerate(GATED)]
)
def test_every_text_a_pattern_matches_holds_one_of_its_gate_words(
    pattern: re.Pattern[str], gate: tuple[str, ...], folded: bool
) -> None:
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        derandomize=True,
    )
    @given(text=st.from_regex(pattern))
    def holds_a_gate(text: str) -> None:
        if pattern.search(text):  # from_regex may pad around the match
            seen = fold_case(text) if folded else text
            assert any(word in seen for word in gate), text

    holds_a_gate()
