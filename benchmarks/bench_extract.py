"""Throughput of extract_events over the dev set, repeated (one article at a time, and the set
at once through extract_events_many, as a load runs it), and the process's peak memory.

Model loading (natasha, the gazetteer) happens once and is timed apart from the steady state.

Usage: .venv/bin/python benchmarks/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.transform.article import Article  # noqa: E402
from flows.transform.events import extract_events, extract_events_many  # noqa: E402

DEV_DIR = ROOT / "tests" / "data" / "events_dev"


def load_articles() -> list[Article]:
    """The dev set's articles."""
    return [
        Article.from_record(json.loads(p.read_text(encoding="utf-8"))["article"])
        for p in sorted(DEV_DIR.glob("*.json"))
    ]


def main() -> None:
    """Print warm-up time, articles per second and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the dev set")
    args = parser.parse_args()
    articles = load_articles()
    t0 = time.perf_counter()
    extract_events(articles[0])  # loads natasha's models and builds the gazetteer
    warmup = time.perf_counter() - t0
    events = 0
    t1 = time.perf_counter()
    for _ in range(args.repeat):
        for article in articles:
            events += len(extract_events(article))
    elapsed = time.perf_counter() - t1
    t2 = time.perf_counter()
    for _ in range(args.repeat):  # as a load runs it: the whole set at once
        extract_events_many(articles)
    batched = time.perf_counter() - t2
    n = len(articles) * args.repeat
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(articles)} x {args.repeat} = {n}, events: {events}")
    print(f"warm-up (models + gazetteer): {warmup:.2f} s")
    print(f"throughput: {n / elapsed:.1f} articles/s ({1000 * elapsed / n:.1f} ms/article)")
    print(
        f"extract_events_many: {n / batched:.1f} articles/s ({1000 * batched / n:.1f} ms/article)"
    )
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
