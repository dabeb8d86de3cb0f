"""The run summary: per source, what was fetched, loaded, found and what failed.

Returned by the flow, printed by the command line, published as a Prefect markdown artifact.
Pure data and rendering, so tests read it without a server.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from flows.freshness import Freshness
from flows.volume import VolumeAlert


@dataclass
class SourceSummary:
    source: str
    status: str = "ok"  # ok | failed | skipped
    stage: str = ""  # where it failed: crawl | fetch | parse | load
    reason: str = ""
    url: str = ""
    requests: int = 0
    pages: int = 0
    items: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, stage: str, url: str, reason: str) -> None:
        """Mark this source failed at a stage."""
        self.status, self.stage, self.url, self.reason = "failed", stage, url, reason


@dataclass
class RunSummary:
    sources: dict[str, SourceSummary] = field(default_factory=dict)
    loads: int = 0
    freshness: list[Freshness] = field(default_factory=list)
    volume: list[VolumeAlert] = field(default_factory=list)

    def source(self, source_id: str) -> SourceSummary:
        """The summary of a source, created on first use."""
        return self.sources.setdefault(source_id, SourceSummary(source_id))

    @property
    def failed(self) -> list[SourceSummary]:
        return [s for s in self.sources.values() if s.status == "failed"]

    @property
    def silent(self) -> list[Freshness]:
        return [f for f in self.freshness if f.silent]

    @property
    def needs_attention(self) -> bool:
        """A source went silent or brought far fewer items than usual."""
        return bool(self.silent or self.volume)

    def attention_message(self) -> str:
        """One line per silent source, then one per source far below its usual volume."""
        silent = [f"{f.source} is silent: {f.reason}" for f in self.silent]
        low = [f"{v.source} is far below its usual volume: {v.reason}" for v in self.volume]
        return "; ".join(silent + low)

    def failure_message(self) -> str:
        """One line per failed source: source, stage, URL, reason."""
        return "; ".join(
            f"{s.source} failed at {s.stage} ({s.url or '-'}): {s.reason}" for s in self.failed
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "loads": self.loads,
            "sources": {k: asdict(v) for k, v in self.sources.items()},
            "freshness": [
                {**asdict(f), "newest": f.newest.isoformat() if f.newest else None}
                for f in self.freshness
            ],
            "volume": [asdict(v) for v in self.volume],
        }

    def to_markdown(self) -> str:
        """The Prefect artifact: a table per source, then the errors with their URLs."""
        lines = [
            "# mfa-etl run summary",
            "",
            "| source | status | requests | pages | items | new | updated | events | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in self.sources.values():
            lines.append(
                f"| {s.source} | {s.status} | {s.requests} | {s.pages} | {s.items} | {s.new} "
                f"| {s.updated} | {s.events} | {len(s.errors)} |"
            )
        if self.freshness:
            lines += ["", "## Freshness", "", "| source | newest item | age (h) | cadence (h) | |"]
            lines.append("|---|---|---:|---:|---|")
            for f in self.freshness:
                newest = f.newest.isoformat() if f.newest else "-"
                flag = "**silent**" if f.silent else "ok"
                age = "-" if f.age_hours is None else f"{f.age_hours:.0f}"
                lines.append(f"| {f.source} | {newest} | {age} | {f.cadence_hours} | {flag} |")
        if self.volume:
            lines += ["", "## Volume far below usual", ""]
            lines += [f"- **{v.source}**: {v.reason}" for v in self.volume]
        problems = [s for s in self.sources.values() if s.status == "failed" or s.errors]
        if problems:
            lines += ["", "## Errors", ""]
            for s in problems:
                if s.status == "failed":
                    lines.append(
                        f"- **{s.source}** failed at {s.stage}: {s.reason} ({s.url or '-'})"
                    )
                for error in s.errors[:10]:
                    lines.append(
                        f"  - {error.get('stage')} `{error.get('url')}`: {error.get('message')}"
                    )
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """A fixed-width table for the terminal."""
        widths: tuple[tuple[str, int], ...] = (("source", 18), ("status", 8), ("requests", 9))
        widths += (("pages", 7), ("new", 6), ("updated", 8), ("events", 8))
        head = "".join(
            name.ljust(w) if i < 2 else name.rjust(w) for i, (name, w) in enumerate(widths)
        )
        rows = [head, "-" * len(head)]
        for s in self.sources.values():
            values = (s.source, s.status, s.requests, s.pages, s.new, s.updated, s.events)
            rows.append(
                "".join(
                    str(v).ljust(w) if i < 2 else str(v).rjust(w)
                    for i, (v, (_, w)) in enumerate(zip(values, widths, strict=True))
                )
            )
        rows += [f"SILENT {f.source}: {f.reason}" for f in self.silent]
        rows += [f"LOW VOLUME {v.reason}" for v in self.volume]
        if self.failed:
            rows.append("")
            rows += [
                f"FAILED {s.source} at {s.stage}: {s.reason} ({s.url or '-'})" for s in self.failed
            ]
        return "\n".join(rows)


class SourcesFailed(RuntimeError):
    """Raised (as the failed run's result) when one or more sources failed; carries the summary."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(summary.failure_message())
        self.summary = summary


def summary_of(result: object) -> RunSummary:
    """The RunSummary of an mfa-etl result, whether it Completed or Failed."""
    if isinstance(result, SourcesFailed):
        return result.summary
    if isinstance(result, RunSummary):
        return result
    raise TypeError(f"not an mfa-etl result: {result!r}")
