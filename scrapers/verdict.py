"""Whether a finished crawl succeeded, judged from what it recorded, not from its exit code.

`scrapy crawl` exits 0 even when every request failed (scrapy/scrapy#1231), so the batch
writer asks this function before it publishes a batch:
- ok: finished cleanly, no error recorded;
- partial: finished with some errors but items to keep (published; the source is reported failed);
- failed: not finished, a changed layout, or errors and nothing scraped (not published).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

OK, PARTIAL, FAILED = "ok", "partial", "failed"


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str

    @property
    def publishable(self) -> bool:
        return self.status != FAILED


def judge(
    finish_reason: str,
    items: int,
    errors: Sequence[Mapping[str, Any]],
    stats: Mapping[str, Any],
) -> Verdict:
    """Decide a crawl's outcome from its close reason, item count, recorded errors and stats."""
    first = _describe(errors[0]) if errors else ""
    if finish_reason != "finished":
        detail = f"; first error: {first}" if first else ""
        return Verdict(FAILED, f"crawl did not finish cleanly ({finish_reason}){detail}")
    layout = [e for e in errors if e.get("kind") == "layout"]
    if layout:
        return Verdict(FAILED, f"layout changed: {_describe(layout[0])}")
    if errors and items == 0:
        return Verdict(FAILED, f"{len(errors)} request(s) failed, nothing scraped; first: {first}")
    if errors:
        return Verdict(PARTIAL, f"{len(errors)} request(s) failed; first: {first}")
    logged = int(stats.get("log_count/ERROR", 0) or 0)
    if logged:
        return Verdict(PARTIAL if items else FAILED, f"{logged} error(s) in the crawl log")
    return Verdict(OK, f"{items} item(s)")


def _describe(error: Mapping[str, Any]) -> str:
    return f"{error.get('stage', '?')} {error.get('url', '?')}: {error.get('message', '')}".strip()
