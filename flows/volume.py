"""Volume per source: a crawl that brings far fewer items than usual is an alert.

A listing that silently comes back empty (a moved feed, a login wall, a robots.txt change)
parses without error and still looks "fresh" for a while; only its volume betrays it. The
usual level is the median of the source's recent daily item counts, so one busy or quiet day
does not move it, and sources too quiet or too new to have a usual level are never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

MIN_HISTORY = 5  # days of history before a usual level is trusted
MIN_USUAL = 5  # a source usually bringing fewer items a day is too quiet to judge
DROP_FRACTION = 0.25  # flagged below a quarter of the usual level


@dataclass(frozen=True)
class VolumeAlert:
    source: str
    current: int
    usual: float
    reason: str


def assess_volume(source: str, usual_counts: list[int], current: int) -> VolumeAlert | None:
    """An alert when `current` is far below the median of `usual_counts`, else None."""
    if len(usual_counts) < MIN_HISTORY:
        return None
    usual = float(median(usual_counts))
    if usual < MIN_USUAL or current >= usual * DROP_FRACTION:
        return None
    return VolumeAlert(
        source,
        current,
        usual,
        f"{source} brought {current} item(s) in the last 24 h, "
        f"far below its usual {usual:g} a day (median of {len(usual_counts)} days)",
    )
