"""Freshness per source: a source that went silent is an alert, not a surprise weeks later.

A source is silent when its newest item is older than its expected cadence (the registry's
`cadence_hours`), measured at `as_of` (now for live runs; the snapshot's capture time for the
offline demo, whose items do not age).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Freshness:
    source: str
    newest: datetime | None
    age_hours: float | None
    cadence_hours: int
    silent: bool
    reason: str


def assess(
    newest: Mapping[str, datetime | None], cadence_hours: Mapping[str, int], as_of: datetime
) -> list[Freshness]:
    """The freshness of each source in `cadence_hours` at the moment `as_of`."""
    out = []
    for source, cadence in cadence_hours.items():
        latest = newest.get(source)
        if latest is None:
            out.append(Freshness(source, None, None, cadence, True, "no item in the warehouse"))
            continue
        age = (as_of - latest).total_seconds() / 3600
        silent = age > cadence
        reason = (
            f"newest item {age:.0f} h old, beyond its cadence of {cadence} h"
            if silent
            else f"newest item {age:.0f} h old (cadence {cadence} h)"
        )
        out.append(Freshness(source, latest, round(age, 1), cadence, silent, reason))
    return out
