"""Benchmark: bulk load of N articles into a fresh DuckDB warehouse through the project's loader.

Usage: .venv/bin/python -m benchmarks.bench_load [N] [--json FILE]   (default 100000)

The rows go through `warehouse.loaders.apply_plan` (one transaction; `_insert` stages each
table as an Arrow table and inserts it with one statement), the path every load takes. What is
timed apart: making items of the synthetic articles (raw text, no cleaning), the row dicts
(`flows.plan._article_row`, with attribution and language memoized per template so that the
text analysis, measured in bench_transform, does not hide the loader), Arrow's `from_pylist`
alone, and the insert itself. The other benchmarks reuse the helpers here to build warehouses.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from benchmarks.synthetic import SyntheticArticle, corpus
from flows import plan as flow_plan
from flows.batches import Batch
from flows.load import register_sources
from flows.transform.attribution import Relevance, mfa_relevance
from flows.transform.clean import clean_body, find_source_link, normalize_text
from flows.transform.dates import parse_dateline
from scrapers.items import PressRelease
from warehouse import db
from warehouse.loaders import LoadPlan, apply_plan
from warehouse.migrate import migrate

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "data" / "bench"
SEEN_AT = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# Helpers shared by the benchmarks
# --------------------------------------------------------------------------------------------


def clean(a: SyntheticArticle, relevance: Relevance | None = None) -> PressRelease:
    """What a parser does after the HTML: clean body, dateline, relevance, as a PressRelease."""
    body = clean_body(list(a.paragraphs))
    title = normalize_text(a.title)
    dateline = parse_dateline(body, a.published.date())
    rel = relevance if relevance is not None else mfa_relevance(title, body)
    return PressRelease(
        source=a.source,
        url=a.url,
        canonical_url=a.url,
        lang=a.lang,
        title=title,
        body_text=body,
        published_at=a.published,
        source_item_id=a.item_id,
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        cited_source_url=find_source_link(body),
        relevant=rel.relevant,
        relevance_reason=rel.reason,
    )


def raw_item(a: SyntheticArticle) -> PressRelease:
    """The article as an item without any text step (for benchmarks of the loader alone)."""
    return PressRelease(
        source=a.source,
        url=a.url,
        canonical_url=a.url,
        lang=a.lang,
        title=a.title,
        body_text="\n".join(a.paragraphs),
        published_at=a.published,
        source_item_id=a.item_id,
    )


def clean_all(
    arts: Sequence[SyntheticArticle], timed: set[int] | None = None
) -> tuple[list[PressRelease], float, int]:
    """Items of all articles; (items, seconds spent on the timed ones, how many were timed).

    `timed` None: every article is cleaned and timed. Otherwise only those indexes are
    cleaned for real (timed); the others keep their raw paragraphs (the snapshot's data is
    already clean text) and take the relevance verdict of their template: they exist only as
    input to dedup and the load.
    """
    items: list[PressRelease] = []
    verdicts: dict[str, Relevance] = {}
    spent, count = 0.0, 0
    for i, a in enumerate(arts):
        if timed is None or i in timed:
            t0 = time.perf_counter()
            item = clean(a)
            spent += time.perf_counter() - t0
            count += 1
            verdicts.setdefault(a.template, Relevance(item.relevant, item.relevance_reason))
            items.append(item)
        else:
            verdict = verdicts.get(a.template)
            if verdict is None:
                verdict = verdicts[a.template] = mfa_relevance(a.title, "\n".join(a.paragraphs))
            item = raw_item(a)
            items.append(replace(item, relevant=verdict.relevant, relevance_reason=verdict.reason))
    return items, spent, count


def fresh_warehouse(path: Path) -> None:
    """A new, migrated warehouse file with the sources registered."""
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    con = db.connect(path)
    try:
        migrate(con)
        register_sources(con)
    finally:
        con.close()


def batch_stub(load_id: str, source: str = "bench") -> Batch:
    """A Batch object for row building (only its ids are read; no files behind it)."""
    run_id = load_id.rsplit("/", 1)[-1]
    manifest = {
        "source": source,
        "run_id": run_id,
        "started_at": SEEN_AT.isoformat(),
        "finished_at": SEEN_AT.isoformat(),
    }
    return Batch(Path(load_id), manifest)


@contextmanager
def patched(replacements: dict[tuple[object, str], Any]) -> Iterator[None]:
    """Replace attributes of other modules for the block (timers, memos), then restore them."""
    originals = {key: getattr(*key) for key in replacements}
    try:
        for (owner, name), value in replacements.items():
            setattr(owner, name, value)
        yield
    finally:
        for (owner, name), value in originals.items():
            setattr(owner, name, value)


@contextmanager
def memoized_text_values(template_of_body: dict[str, str]) -> Iterator[None]:
    """Attribution and language of a body computed once per template (row building only)."""
    memo: dict[tuple[str, str], Any] = {}
    real_attr = getattr(flow_plan, "find_attribution")  # noqa: B009 (not re-exported there)
    real_lang = getattr(flow_plan, "detect_lang")  # noqa: B009

    def cached(name: str, fn: Callable[[str], Any]) -> Callable[[str], Any]:
        def call(body: str) -> Any:
            key = (name, template_of_body.get(body, body))
            if key not in memo:
                memo[key] = fn(body)
            return memo[key]

        return call

    replacements: dict[tuple[object, str], Any] = {
        (flow_plan, "find_attribution"): cached("attr", real_attr),
        (flow_plan, "detect_lang"): cached("lang", real_lang),
    }
    with patched(replacements):
        yield


def article_rows(
    items: Sequence[PressRelease],
    stories: dict[str, str],
    features: dict[str, Any],
    load_id: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The `articles` and `article_versions` rows of new items, as `plan_load` builds them."""
    batch = batch_stub(load_id)
    arts = [
        flow_plan._article_row(i, 1, SEEN_AT, SEEN_AT, stories.get(i.article_id), features, batch)
        for i in items
    ]
    versions = [flow_plan._version_row(i, 1, SEEN_AT, batch) for i in items]
    return arts, versions


def make_plan(
    load_id: str,
    articles: list[dict[str, Any]],
    versions: list[dict[str, Any]],
    events: list[dict[str, Any]] | None = None,
    participants: list[dict[str, Any]] | None = None,
) -> LoadPlan:
    """A LoadPlan writing these rows (no pages; one synthetic crawl run)."""
    run_id = load_id.rsplit("/", 1)[-1]
    return LoadPlan(
        load_id=load_id,
        source_id="gov.kz",
        run_id=run_id,
        crawl_run=flow_plan._crawl_run_row(
            {
                "run_id": run_id,
                "source": "gov.kz",
                "started_at": SEEN_AT.isoformat(),
                "finished_at": SEEN_AT.isoformat(),
                "finish_reason": "finished",
                "verdict": "ok",
                "items": len(articles),
            }
        ),
        load_row={
            "load_id": load_id,
            "source_id": "gov.kz",
            "run_id": run_id,
            "status": "done",
            "n_pages": 0,
            "n_articles_new": len(articles),
            "n_articles_updated": 0,
            "n_articles_unchanged": 0,
            "n_events": len(events or []),
            "started_at": SEEN_AT,
            "finished_at": SEEN_AT,
        },
        articles=articles,
        versions=versions,
        events=events or [],
        participants=participants or [],
    )


def apply(path: Path, plan: LoadPlan) -> float:
    """Write a plan into the warehouse file; seconds the transaction took."""
    con = db.connect(path)
    try:
        t0 = time.perf_counter()
        apply_plan(con, plan)
        return time.perf_counter() - t0
    finally:
        con.close()


def peak_rss_mb() -> float:
    """Peak resident memory of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


def run(n: int) -> dict[str, Any]:
    """Load n synthetic articles into a fresh file warehouse; timings and rates."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"load-{n}.duckdb"
    t0 = time.perf_counter()
    arts = corpus(n, seed=7)
    t1 = time.perf_counter()
    # The loader's cost does not depend on how clean a text is: the raw paragraphs are stored.
    items = [raw_item(a) for a in arts]
    t2 = time.perf_counter()
    template_of_body = {i.body_text: a.template for i, a in zip(items, arts, strict=True)}
    with memoized_text_values(template_of_body):
        rows, versions = article_rows(items, {}, {}, "bench/load")
    t3 = time.perf_counter()
    columns = list(rows[0])
    pa.Table.from_pylist(rows[:10])  # warm-up: pyarrow's first conversion sets up its caches
    t3 = time.perf_counter()
    arrow = pa.Table.from_pylist(rows)
    t4 = time.perf_counter()
    del arrow
    fresh_warehouse(path)
    insert_s = apply(path, make_plan("bench/load", rows, versions))
    size_mb = path.stat().st_size / 1e6
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    total_rows = len(rows) + len(versions)
    return {
        "articles": n,
        "rows": total_rows,
        "columns_articles": len(columns),
        "generate_s": t1 - t0,
        "items_s": t2 - t1,
        "row_dicts_s": t3 - t2,
        "arrow_from_pylist_articles_s": t4 - t3,
        "apply_plan_s": insert_s,
        "articles_per_s": n / insert_s,
        "rows_per_s": total_rows / insert_s,
        "warehouse_mb": size_mb,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: print the figures, optionally write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.n)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    for key, value in result.items():
        print(f"{key:32} {value:.3f}" if isinstance(value, float) else f"{key:32} {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
