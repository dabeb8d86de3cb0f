"""Benchmark: `flows.rebuild.rebuild` (what `mfa-watch rebuild` runs) over N stored articles.

Usage: .venv/bin/python -m benchmarks.bench_rebuild N [--json FILE]

The warehouse is built by bulk-loading N synthetic articles (raw paragraphs, relevance,
attribution and language decided once per template: building is not what is measured)
through `warehouse.loaders.apply_plan`, without stories or events: the rebuild makes both. Then the
rebuild runs for real, once, timed as a whole and by step (reading, dedup features, stories,
extraction, the write), each step timed by wrapping the function the rebuild calls. A rebuild
is dominated by extraction, which is linear in N; the runner picks the largest N its budget
allows and states the 100k figure as an extrapolation (see `extrapolate`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_load import (
    BENCH_DIR,
    apply,
    article_rows,
    clean_all,
    fresh_warehouse,
    make_plan,
    memoized_text_values,
    patched,
    peak_rss_mb,
)
from benchmarks.bench_transform import _Timer
from benchmarks.synthetic import corpus
from flows import rebuild as flow_rebuild
from flows.transform.dedup import StoryIndex


def build(path: Path, n: int) -> dict[str, Any]:
    """A warehouse of n stored articles (no stories, no events); counts and seconds."""
    t0 = time.perf_counter()
    arts = corpus(n, seed=11)
    items, _, _ = clean_all(arts, timed=set())
    template_of_body = {i.body_text: a.template for i, a in zip(items, arts, strict=True)}
    with memoized_text_values(template_of_body):
        rows, versions = article_rows(items, {}, {}, "bench/rebuild")
    fresh_warehouse(path)
    apply(path, make_plan("bench/rebuild", rows, versions))
    return {
        "articles": n,
        "relevant": sum(i.relevant for i in items),
        "build_s": time.perf_counter() - t0,
    }


def run(n: int) -> dict[str, Any]:
    """Build, then rebuild once; timings by step."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"rebuild-{n}.duckdb"
    built = build(path, n)
    timer = _Timer()
    names = {  # step name -> what rebuild calls
        "stored_releases": "stored_releases",
        "article_features": "features_many",
        "plan_events": "plan_events_many",
        "canonical_ids": "canonical_ids",
    }
    replacements: dict[tuple[object, str], Any] = {
        (flow_rebuild, called): timer.wrap(step, getattr(flow_rebuild, called))
        for step, called in names.items()
    }
    replacements[(flow_rebuild, "replace_derived")] = timer.wrap(
        "replace_derived",
        getattr(flow_rebuild, "replace_derived"),  # noqa: B009 (not re-exported there)
    )
    replacements[(StoryIndex, "assign")] = timer.wrap("story_assign", StoryIndex.assign)
    with patched(replacements):
        t0 = time.perf_counter()
        result = flow_rebuild.rebuild(path)
        total = time.perf_counter() - t0
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    steps = {f"{k}_s": v for k, v in timer.seconds.items()}
    return {
        **built,
        "rebuild_s": total,
        "articles_per_s": result.articles / total if total else 0.0,
        "steps": steps,
        "rebuilt_articles": result.articles,
        "stories": result.stories,
        "events": result.events,
        "peak_rss_mb": peak_rss_mb(),
    }


def extrapolate(measured: dict[str, Any], target: int, dedup_at_target_s: float | None) -> float:
    """Seconds a rebuild of `target` articles would take: the linear steps scaled from N.

    Extraction, reading and the write scale with the article count; dedup (features and
    stories) is taken from the transform benchmark at the target size when given.
    """
    n = int(measured["articles"])
    steps: dict[str, float] = measured["steps"]
    scale = target / n
    linear = sum(
        steps.get(k, 0.0)
        for k in ("stored_releases_s", "plan_events_s", "canonical_ids_s", "replace_derived_s")
    )
    dedup = steps.get("article_features_s", 0.0) + steps.get("story_assign_s", 0.0)
    other = float(measured["rebuild_s"]) - linear - dedup
    dedup_target = dedup_at_target_s if dedup_at_target_s is not None else dedup * scale
    return linear * scale + dedup_target + max(0.0, other) * scale


def main(argv: list[str] | None = None) -> None:
    """Command line: print and optionally save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.n)
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
