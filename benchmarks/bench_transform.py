"""Benchmark: articles per second through clean, dedup, extract and load; and growth with size.

Usage:
  .venv/bin/python -m benchmarks.bench_transform size N [--extract-sample K] [--sample S]
  .venv/bin/python -m benchmarks.bench_transform growth W1 W2 ... [--batch B]
  .venv/bin/python -m benchmarks.bench_transform extract K     (extract only, on K articles)

`size N` runs N synthetic articles through the steps the flow runs, in its own process (so
its peak RSS is the step's): clean (what parsers do after the HTML), dedup (features, then
stories), extract (`flows.plan.plan_events_many`: the extractor plus the event rows, the
sample's articles of one language extracted together as a load does), load (the
article rows, then `apply_plan` into a fresh warehouse file). Dedup and the DuckDB write run
on all N articles (their cost depends on N). The per-article text steps do not, and some are
slow, so: extract runs on a random sample of K relevant articles and is extrapolated to N
per language; with `--sample S`, clean and row building are timed on S articles too and
extrapolated (the other articles then take their template's relevance, attribution and
language). Every estimate is marked as such in the result.

`growth` loads one landing batch of B new articles, published in the last four days (a
scheduled run's batch), with the real `flows.load.load_batch` into copies of the warehouses
`size` left behind (data/bench/wh-N.duckdb, two years of history) and an empty one: how a
scheduled run's cost grows with the warehouse. The batch's events are extracted once
beforehand (that cost does not depend on the warehouse) and served from memory while timed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench_load import (
    BENCH_DIR,
    SEEN_AT,
    apply,
    article_rows,
    clean_all,
    fresh_warehouse,
    make_plan,
    memoized_text_values,
    patched,
    peak_rss_mb,
)
from benchmarks.synthetic import corpus
from flows import load as flow_load
from flows import plan as flow_plan
from flows.batches import open_batch
from flows.plan import as_article, plan_events, plan_events_many
from flows.transform.dedup import StoryIndex, features_many
from flows.transform.events import extract_events
from scrapers.batch import ITEMS, MANIFEST, PAGES
from scrapers.items import PressRelease
from warehouse import db, neighbours

SEED = 99
EXTRACT_SAMPLE = 120
GROWTH_BATCH = 50


def warehouse_path(n: int) -> Path:
    """Where `size n` leaves its warehouse for the growth benchmark."""
    return BENCH_DIR / f"wh-{n}.duckdb"


# --------------------------------------------------------------------------------------------
# Extraction: timed per language on a sample
# --------------------------------------------------------------------------------------------


def extract_sample(
    items: Sequence[PressRelease], stories: dict[str, str], k: int, seed: int = SEED
) -> tuple[dict[str, list[float]], dict[str, flow_plan.PlannedEvents]]:
    """`plan_events_many` (as the flow runs it: a batch's articles together) on k random
    relevant items, each language apart: seconds per item by language, and the results."""
    rng = random.Random(seed)
    relevant = [i for i in items if i.relevant]
    chosen = rng.sample(relevant, min(k, len(relevant)))
    times: dict[str, list[float]] = defaultdict(list)
    planned: dict[str, flow_plan.PlannedEvents] = {}
    for lang in sorted({i.lang for i in chosen}):
        group = [i for i in chosen if i.lang == lang]
        t0 = time.perf_counter()
        results = plan_events_many([(i, stories.get(i.article_id)) for i in group])
        per_item = (time.perf_counter() - t0) / len(group)
        times[lang] = [per_item] * len(group)
        planned.update((i.article_id, p) for i, p in zip(group, results, strict=True))
    return dict(times), planned


def _warm_up() -> None:
    """Load the NLP models and gazetteer once, outside every timed step."""
    for a in corpus(6, seed=1):
        from benchmarks.bench_load import clean

        item = clean(a)
        plan_events(item, item.article_id, None)


def _replicated_events(
    items: Sequence[PressRelease],
    stories: dict[str, str],
    planned: dict[str, flow_plan.PlannedEvents],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Event rows for every relevant item: its own if extracted, else a sampled item's, copied.

    The copies only give the load step a realistic number of rows; their content is not used,
    except that each copy's evidence is a span of its own article (of the copied length), as the
    load's data tests require.
    """
    by_lang: dict[str, list[flow_plan.PlannedEvents]] = defaultdict(list)
    lang_of = {i.article_id: i.lang for i in items}
    for aid, p in planned.items():
        by_lang[lang_of[aid]].append(p)
    events: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    copied = 0
    turn: Counter[str] = Counter()
    for item in items:
        if not item.relevant:
            continue
        own = planned.get(item.article_id)
        if own is not None:
            events += own.events
            participants += own.participants
            continue
        pool = by_lang.get(item.lang) or [p for ps in by_lang.values() for p in ps]
        if not pool:
            continue
        source = pool[turn[item.lang] % len(pool)]
        turn[item.lang] += 1
        copied += 1
        for n, ev in enumerate(source.events):
            eid = f"{item.article_id[:24]}{n:08d}"
            length = min(len(str(ev["evidence"])), len(item.body_text))
            events.append(
                {
                    **dict(ev),
                    "event_id": eid,
                    "canonical_event_id": eid,
                    "article_id": item.article_id,
                    "story_id": stories.get(item.article_id),
                    "evidence": item.body_text[:length],
                    "evidence_start": 0,
                    "evidence_end": length,
                }
            )
            for part in source.participants:
                if part["event_id"] == ev["event_id"]:
                    participants.append({**part, "event_id": eid})
    return events, participants, copied


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def run_size(n: int, extract_k: int = EXTRACT_SAMPLE, sample: int | None = None) -> dict[str, Any]:
    """Clean, dedup, extract and load n articles; seconds per step, measured or estimated."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    warehouse_path(n).unlink(missing_ok=True)  # never leave an older run's for `growth`
    _warm_up()
    arts = corpus(n)
    rng = random.Random(SEED)
    timed = set(rng.sample(range(n), sample)) if sample is not None and sample < n else None
    out: dict[str, Any] = {"articles": n, "languages": dict(Counter(a.lang for a in arts))}

    # --- clean ---------------------------------------------------------------------------
    t0 = time.perf_counter()
    items, spent, count = clean_all(arts, timed)
    wall = time.perf_counter() - t0
    clean_s = spent * n / count
    out["clean"] = _step(clean_s, count, n, note=None if timed is None else f"timed on {count}")
    out["clean"]["wall_s"] = wall
    relevant = [i for i in items if i.relevant]
    out["relevant"] = len(relevant)

    # --- dedup ---------------------------------------------------------------------------
    t0 = time.perf_counter()
    feats = features_many([as_article(i) for i in relevant])
    t1 = time.perf_counter()
    features = {i.article_id: f for i, f in zip(relevant, feats, strict=True)}
    index = StoryIndex()
    stories = index.assign(sorted(features.items()))
    # what the warehouse keeps of it (the load writes them, as `mfa-watch rebuild` does)
    dedup_rows = flow_plan.dedup_index_rows(features, index.components(everything=True))
    dedup_links = flow_plan.dedup_link_rows(index.judged_links())
    del index
    t2 = time.perf_counter()
    out["dedup_features"] = _step(t1 - t0, len(relevant), len(relevant))
    out["dedup_assign"] = _step(t2 - t1, len(relevant), len(relevant))
    out["stories"] = len(set(stories.values()))
    truth = {a.url: a.release for a in arts}
    out["releases"] = len({truth[i.url] for i in relevant})

    # --- extract -------------------------------------------------------------------------
    times, planned = extract_sample(items, stories, extract_k)
    per_lang = {lang: sum(ts) / len(ts) for lang, ts in times.items()}
    langs = Counter(i.lang for i in relevant)
    fallback = sum(sum(ts) for ts in times.values()) / max(1, sum(len(ts) for ts in times.values()))
    extract_s = sum(c * per_lang.get(lang, fallback) for lang, c in langs.items())
    k = sum(len(ts) for ts in times.values())
    full = k == len(relevant)
    out["extract"] = _step(
        extract_s, k, len(relevant), note=None if full else f"timed on {k}, extrapolated"
    )
    out["extract"]["ms_per_article_by_lang"] = {lang: s * 1000 for lang, s in per_lang.items()}
    out["extract"]["sampled_by_lang"] = {lang: len(ts) for lang, ts in times.items()}
    n_events = sum(len(p.events) for p in planned.values())
    out["events_per_relevant_article"] = n_events / max(1, len(planned))

    # --- load: rows, then the transaction --------------------------------------------------
    load_id = f"bench/size-{n}"
    if timed is None:
        t0 = time.perf_counter()
        rows, versions = article_rows(items, stories, features, load_id)
        rows_s = time.perf_counter() - t0
        out["rows"] = _step(rows_s, n, n)
    else:
        picked = [items[i] for i in sorted(timed)]
        t0 = time.perf_counter()
        article_rows(picked, stories, features, load_id)
        rows_s = (time.perf_counter() - t0) * n / len(picked)
        out["rows"] = _step(rows_s, len(picked), n, note=f"timed on {len(picked)}")
        template_of_body = {i.body_text: a.template for i, a in zip(items, arts, strict=True)}
        with memoized_text_values(template_of_body):
            rows, versions = article_rows(items, stories, features, load_id)
    events, participants, copied = _replicated_events(items, stories, planned)
    path = warehouse_path(n)
    fresh_warehouse(path)
    plan = make_plan(load_id, rows, versions, events, participants)
    plan.dedup_articles, plan.dedup_links = dedup_rows, dedup_links
    load_s = apply(path, plan)
    out["load"] = _step(load_s, n, n)
    out["load"]["rows"] = (
        len(rows) + len(versions) + len(events) + len(participants) + len(dedup_rows)
        + len(dedup_links)
    )  # fmt: skip
    out["load"]["events"] = len(events)
    out["load"]["events_copied_from_sample"] = copied
    out["warehouse_mb"] = path.stat().st_size / 1e6

    steps = ("clean", "dedup_features", "dedup_assign", "extract", "rows", "load")
    total = sum(out[s]["seconds"] for s in steps)
    out["total_s"] = total
    out["articles_per_s"] = n / total
    out["estimated"] = [s for s in steps if out[s].get("note")]
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _step(seconds: float, timed: int, of: int, note: str | None = None) -> dict[str, Any]:
    rate = of / seconds if seconds > 0 else float("inf")
    step: dict[str, Any] = {"seconds": seconds, "per_s": rate, "timed": timed, "of": of}
    if note:
        step["note"] = note
    return step


# --------------------------------------------------------------------------------------------
# Growth: one scheduled load into warehouses of growing size
# --------------------------------------------------------------------------------------------


def write_batch(landing: Path, items: Sequence[PressRelease], run_id: str) -> Path:
    """A published landing batch of these items (no raw pages), as a crawl leaves it."""
    folder = landing / "gov.kz" / run_id
    folder.mkdir(parents=True)
    with open(folder / ITEMS, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    (folder / PAGES).write_text("", encoding="utf-8")
    manifest = {
        "source": "gov.kz",
        "run_id": run_id,
        "started_at": SEEN_AT.isoformat(),
        "finished_at": SEEN_AT.isoformat(),
        "finish_reason": "finished",
        "verdict": "ok",
        "verdict_reason": "bench",
        "items": len(items),
        "pages": 0,
        "requests": 0,
        "error_count": 0,
        "errors": [],
        "stats": {},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def _article_count(path: Path) -> int:
    con = db.connect(path)
    try:
        row = con.execute("select count(*) from articles").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


class _Timer:
    """Wraps functions of other modules to add up the seconds spent in them."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - t0

        return timed


def run_growth(
    sizes: Sequence[int], batch_n: int = GROWTH_BATCH, partial: Path | None = None
) -> dict[str, Any]:
    """Seconds to load one batch of batch_n new articles into warehouses of each size.

    With `partial`, the result so far is written there after each size (a deadline that
    kills the process keeps the sizes already done).
    """
    from benchmarks.bench_load import clean

    _warm_up()
    fresh = corpus(batch_n, seed=4242, first_id=90_000_000, around=SEEN_AT.date())
    items = [clean(a) for a in fresh]
    # Extract once (its cost does not depend on the warehouse), serve it from memory below.
    t0 = time.perf_counter()
    cache = {i.article_id: extract_events(as_article(i)) for i in items if i.relevant}

    def cached(articles: Sequence[Any]) -> list[Any]:
        return [cache[a.id] for a in articles]

    extract_s = time.perf_counter() - t0
    timer = _Timer()
    replacements: dict[tuple[object, str], Any] = {
        (flow_plan, "extract_events_many"): cached,
        (flow_load, "plan_load"): timer.wrap("plan_load", getattr(flow_load, "plan_load")),  # noqa: B009
        (flow_load, "apply_plan"): timer.wrap("apply_plan", getattr(flow_load, "apply_plan")),  # noqa: B009
        **{
            (neighbours, name): timer.wrap("dedup_index_read", getattr(neighbours, name))
            for name in ("features_on_days", "sharing_keys", "components", "links_among")
        },
    }
    results: list[dict[str, Any]] = []
    with patched(replacements):
        for w in sizes:
            with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
                path = Path(tmp) / "wh.duckdb"
                if w == 0:
                    fresh_warehouse(path)
                else:
                    source = warehouse_path(w)
                    if not source.exists():
                        continue
                    shutil.copy(source, path)
                stored = _article_count(path)
                if stored < w:  # a size run killed before its load: not a warehouse of w
                    continue
                batch = open_batch(write_batch(Path(tmp) / "landing", items, f"growth-{w}"))
                timer.seconds.clear()
                t0 = time.perf_counter()
                result = flow_load.load_batch(path, batch)
                total = time.perf_counter() - t0
                results.append(
                    {
                        "warehouse_articles": w,
                        "load_batch_s": total,
                        **{f"{k}_s": v for k, v in timer.seconds.items()},
                        "new": result.new,
                        "events": result.events,
                    }
                )
            if partial is not None:
                summary = _growth_summary(batch_n, extract_s, results)
                partial.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return _growth_summary(batch_n, extract_s, results)


def _growth_summary(batch_n: int, extract_s: float, runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "batch_articles": batch_n,
        "batch_extract_s": extract_s,
        "note": "extract of the batch done once before (batch_extract_s) and not in load_batch_s",
        "runs": runs,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_extract_only(k: int) -> dict[str, Any]:
    """Only the extraction sample (for comparing process settings, e.g. BLAS threads)."""
    from benchmarks.bench_load import clean

    _warm_up()
    items = [clean(a) for a in corpus(max(k * 3, 1000))]
    times, planned = extract_sample(items, {}, k)
    return {
        "ms_per_article_by_lang": {lang: sum(ts) / len(ts) * 1000 for lang, ts in times.items()},
        "sampled_by_lang": {lang: len(ts) for lang, ts in times.items()},
        "events": sum(len(p.events) for p in planned.values()),
        "seconds": sum(sum(ts) for ts in times.values()),
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: run one mode, print and optionally save its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("size", "growth", "extract"))
    parser.add_argument("values", nargs="+", type=int)
    parser.add_argument("--extract-sample", type=int, default=EXTRACT_SAMPLE)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--batch", type=int, default=GROWTH_BATCH)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "size":
        result = run_size(args.values[0], args.extract_sample, args.sample)
    elif args.mode == "growth":
        result = run_growth(args.values, args.batch, partial=args.json)
    else:
        result = run_extract_only(args.values[0])
    text = json.dumps(result, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
