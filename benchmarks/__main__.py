"""`python -m benchmarks`: run every benchmark within a time budget and write BENCHMARKS.md.

Each benchmark runs in its own subprocess (its peak memory is its own, Scrapy's reactor and
the NLP models never meet, and a hung step is killed at its deadline), writes its raw JSON to
data/bench/ (ignored by git), and this runner renders BENCHMARKS.md at the repository root from
those files: figures, machine, versions, date, and how long the whole run took. Steps other
helpers own (bench_dedup.py, bench_extract.py, bench_queries.py) are run as scripts when they
exist and their output is quoted as printed.

Options: `--quick` (small sizes, to check the runner), `--budget SECONDS` (default 840),
`--blas` (also time extraction with one BLAS thread against the default).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.compare import before_after

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "data" / "bench"
OUTPUT = ROOT / "BENCHMARKS.md"
BUDGET_S = 840.0  # the ceiling is 15 minutes; keep a minute for the slow machine days
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (300, 1_000)
FULL_TEXT_STEPS_UP_TO = 10_000  # larger sizes time clean and row building on a sample
TEXT_SAMPLE = 5_000
EXTRACT_SAMPLE = 200
REBUILD_SECONDS = 35.0  # the rebuild's share of the budget; N follows from the extract rate
REBUILD_MIN, REBUILD_MAX = 300, 100_000
LOAD_N = 100_000
DEDUP_N = 2_000  # bench_dedup.py's default (100k) takes minutes; transform runs dedup on 100k
OTHER_SCRIPTS = {  # other helpers' benchmarks: (arguments, seconds allowed)
    "bench_queries": ([], 180.0),
    "bench_extract": ([], 90.0),
    "bench_dedup": ([str(DEDUP_N)], 60.0),
}
GROWTH_CAP = 150.0
TRANSFORM_CAP = 540.0  # the 100k size: dedup alone takes minutes on a busy 2-core box
BLAS_SAMPLE = 60
PACKAGES = ("scrapy", "prefect", "duckdb", "natasha", "trafilatura", "lxml", "pyarrow", "numpy")


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    status: str = "not run"  # ok | failed | timed out | skipped | missing
    result: Any = None
    output: str = ""


@dataclass
class Run:
    budget: float
    started: float = field(default_factory=time.monotonic)
    steps: dict[str, Step] = field(default_factory=dict)

    def left(self) -> float:
        return self.budget - (time.monotonic() - self.started)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_module(
    run: Run,
    name: str,
    args: list[str],
    cap: float,
    env: dict[str, str] | None = None,
    json_out: bool = True,
) -> Step:
    """Run `python -m benchmarks.<module> args --json data/bench/<name>.json`; record it."""
    step = Step(name)
    run.steps[name] = step
    timeout = min(cap, run.left())
    if timeout < 5:
        step.status = "skipped"
        step.output = "no time left in the budget"
        print(f"[bench] {name}: skipped (budget)", flush=True)
        return step
    out = BENCH_DIR / f"{name}.json"
    out.unlink(missing_ok=True)
    module = args[0]
    cmd = [sys.executable, "-m", f"benchmarks.{module}", *args[1:]]
    if json_out:
        cmd += ["--json", str(out)]
    return _execute(step, cmd, timeout, env or _env(), out if json_out else None)


def run_script(run: Run, name: str, args: list[str], cap: float) -> Step:
    """Run another helper's `benchmarks/<name>.py` as a script; keep what it prints."""
    step = Step(name)
    run.steps[name] = step
    script = ROOT / "benchmarks" / f"{name}.py"
    if not script.exists():
        step.status = "missing"
        print(f"[bench] {name}: not in the tree, skipped", flush=True)
        return step
    timeout = min(cap, run.left())
    if timeout < 5:
        step.status = "skipped"
        return step
    return _execute(step, [sys.executable, "-u", str(script), *args], timeout, _env(), None)


def _execute(
    step: Step, cmd: list[str], timeout: float, env: dict[str, str], out: Path | None
) -> Step:
    print(f"[bench] {step.name}: {' '.join(cmd[2:])} (up to {timeout:.0f} s)", flush=True)
    t0 = time.monotonic()
    try:
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        step.output = (done.stdout + ("\n" + done.stderr if done.returncode else "")).strip()
        step.status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
    except subprocess.TimeoutExpired as exc:
        text = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        step.output = text.strip()
        step.status = f"timed out after {timeout:.0f} s"
    step.seconds = time.monotonic() - t0
    if out is not None and out.exists():
        step.result = json.loads(out.read_text(encoding="utf-8"))
    (BENCH_DIR / f"{step.name}.log").write_text(step.output, encoding="utf-8")
    print(f"[bench] {step.name}: {step.status} in {step.seconds:.1f} s", flush=True)
    return step


# --------------------------------------------------------------------------------------------
# Machine and versions
# --------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, OS, and the load on the machine when asked."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
    }


def versions() -> dict[str, str]:
    """Python and the packages the figures depend on."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


def _rebuild_n(run: Run, sizes: tuple[int, ...]) -> int:
    """The largest N whose rebuild fits REBUILD_SECONDS, from the smallest size's rates."""
    first = run.steps.get(f"transform_{sizes[0]}")
    if first is None or not first.result:
        return REBUILD_MIN
    r = first.result
    per_article = (
        r["extract"]["seconds"] / max(1, r["extract"]["of"])
        + (r["dedup_features"]["seconds"] + r["dedup_assign"]["seconds"])
        / max(1, r["dedup_features"]["of"])
        + r["load"]["seconds"] / max(1, r["articles"])
    )
    n = int(REBUILD_SECONDS / max(per_article, 1e-6))
    return max(REBUILD_MIN, min(REBUILD_MAX, n // 100 * 100))


def execute(quick: bool, budget: float, blas: bool = False) -> Run:
    """Every benchmark, in order of importance, within the budget."""
    run = Run(budget)
    sizes = QUICK_SIZES if quick else SIZES
    for n in sizes:
        args = ["bench_transform", "size", str(n), "--extract-sample", str(EXTRACT_SAMPLE)]
        if n > FULL_TEXT_STEPS_UP_TO:
            args += ["--sample", str(TEXT_SAMPLE)]
        run_module(run, f"transform_{n}", args, cap=TRANSFORM_CAP)
    growth = ["0", *(str(n) for n in sizes)]
    run_module(run, "growth", ["bench_transform", "growth", *growth], cap=GROWTH_CAP)
    run_module(run, "crawl", ["bench_crawl"], cap=120.0)
    run_module(run, "vs_trafilatura", ["bench_vs_trafilatura"], cap=60.0)
    run_module(run, "load", ["bench_load", str(1_000 if quick else LOAD_N)], cap=120.0)
    rebuild_n = REBUILD_MIN if quick else _rebuild_n(run, sizes)
    run_module(run, "rebuild", ["bench_rebuild", str(rebuild_n)], cap=120.0)
    for name, (script_args, cap) in OTHER_SCRIPTS.items():
        args = ["300"] if quick and name == "bench_dedup" else script_args
        run_script(run, name, args, cap)
    if blas:
        k = str(BLAS_SAMPLE)
        run_module(run, "extract_blas_default", ["bench_transform", "extract", k], cap=40.0)
        one = {**_env(), "OPENBLAS_NUM_THREADS": "1"}
        run_module(run, "extract_blas_1", ["bench_transform", "extract", k], cap=40.0, env=one)
    return run


# --------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _missing(step: Step | None, what: str) -> str:
    if step is None:
        return f"_{what}: not run._\n"
    tail = "\n".join(step.output.splitlines()[-8:])
    return (
        f"_{what}: {step.status}._\n\n```\n{tail}\n```\n" if tail else f"_{what}: {step.status}._\n"
    )


def _transform(steps: dict[str, Step]) -> list[str]:
    runs = [s for n, s in steps.items() if n.startswith("transform_")]
    out = ["## 1. Transform throughput", ""]
    out += [
        "Synthetic articles (`benchmarks/synthetic.py`: the snapshot's and the events dev set's "
        "180 texts with other people, cities, dates and ids; a third of the releases reprinted "
        "by a second outlet) through the flow's steps, one process per size. Figures are "
        "articles per second of each step (dedup: per relevant article); `*` marks a step timed "
        "on a sample and extrapolated to the size (see the notes).",
        "",
        "| articles | clean/s | dedup features/s | stories/s | extract/s | rows/s | load/s "
        "| **all steps, articles/s** | total s | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes: list[str] = []
    for step in runs:
        r = step.result
        if not r:
            out.append(f"| {step.name[10:]} | {step.status} | | | | | | | | |")
            continue

        def cell(key: str, res: dict[str, Any] = r) -> str:
            mark = "*" if res[key].get("note") else ""
            return f"{_f(res[key]['per_s'], 0)}{mark}"

        out.append(
            f"| {_f(r['articles'])} | {cell('clean')} | {cell('dedup_features')} "
            f"| {cell('dedup_assign')} | {cell('extract')} | {cell('rows')} | {cell('load')} "
            f"| **{_f(r['articles_per_s'], 1)}** | {_f(r['total_s'])} | {_f(r['peak_rss_mb'], 0)} |"
        )
        langs = ", ".join(
            f"{k} {_f(v)} ms ({r['extract']['sampled_by_lang'][k]} timed)"
            for k, v in sorted(r["extract"]["ms_per_article_by_lang"].items())
        )
        estimated = "; ".join(f"{k}: {r[k]['note']}" for k in r["estimated"]) or "none"
        if r["clean"].get("note"):
            estimated += (
                " (the other articles keep their raw paragraphs, the snapshot's clean data, and "
                "their template's relevance: they only feed dedup and the load)"
            )
        notes.append(
            f"- {_f(r['articles'])} articles ({_f(r['relevant'])} relevant, "
            f"{_f(r['releases'])} releases → {_f(r['stories'])} stories): extract per article "
            f"{langs}; {_f(r['events_per_relevant_article'], 2)} events per extracted article; "
            f"load wrote {_f(r['load']['rows'])} rows ({_f(r['load']['events'])} events, "
            f"{_f(r['load']['events_copied_from_sample'])} articles' events copied from the "
            f"sample); warehouse {_f(r['warehouse_mb'])} MB. Estimated: {estimated}."
        )
    out += ["", *notes, ""]
    out += [
        "Clean = `clean_body`, title, dateline, `mfa_relevance` (what the parsers do after the "
        "HTML). Dedup = `features_many` then `StoryIndex.assign` over all relevant articles, "
        "with the links and components the warehouse keeps of it. Extract = "
        "`flows.plan.plan_events_many` (the sample's articles of one language together, as a "
        "load extracts its batch). Rows = `flows.plan._article_row`/`_version_row` "
        "(attribution and language detection included). Load = `warehouse.loaders.apply_plan` "
        "into a fresh warehouse file, one transaction, data tests included.",
        "",
    ]
    growth = steps.get("growth")
    out += ["### How a scheduled load's cost grows with the warehouse", ""]
    if growth is None or not growth.result:
        out.append(_missing(growth, "growth"))
    else:
        g = growth.result
        out += [
            f"One landing batch of {g['batch_articles']} new articles published over the last "
            "four days (what a scheduled run brings) loaded with the real "
            "`flows.load.load_batch` into a copy of each warehouse above (two years of "
            "history) and into an empty one. "
            f"Its extraction ({_f(g['batch_extract_s'], 2)} s, the same at every size) was done "
            "once beforehand and is not in these figures.",
            "",
            "| warehouse articles | load_batch s | plan_load s | of which reading the dedup "
            "index s | apply_plan s |",
            "|---:|---:|---:|---:|---:|",
        ]
        for r in g["runs"]:
            out.append(
                f"| {_f(r['warehouse_articles'])} | {_f(r['load_batch_s'], 2)} "
                f"| {_f(r.get('plan_load_s'), 2)} "
                f"| {_f(r.get('dedup_index_read_s', r.get('story_features_read_s')), 2)} "
                f"| {_f(r.get('apply_plan_s'), 2)} |"
            )
        done = {r["warehouse_articles"] for r in g["runs"]}
        for n in SIZES:
            if n not in done and growth.status != "ok":
                out.append(f"| {_f(n)} | not finished: {growth.status} | | | |")
        out.append("")
    default, one = steps.get("extract_blas_default"), steps.get("extract_blas_1")
    if default and one and default.result and one.result:
        out += [
            "### Extraction and BLAS threads",
            "",
            "The same extraction sample in two processes: OpenBLAS as installed (one thread per "
            "core) and with `OPENBLAS_NUM_THREADS=1` (natasha's models are small matrix "
            "products). ms per article:",
            "",
            "| lang | default | OPENBLAS_NUM_THREADS=1 |",
            "|---|---:|---:|",
        ]
        for lang in sorted(default.result["ms_per_article_by_lang"]):
            a = default.result["ms_per_article_by_lang"][lang]
            b = one.result["ms_per_article_by_lang"].get(lang)
            out.append(f"| {lang} | {_f(a)} | {_f(b)} |")
        out.append("")
    return out


def _rebuild(steps: dict[str, Step]) -> list[str]:
    from benchmarks.bench_rebuild import extrapolate

    out = ["## 2. Rebuild", ""]
    step = steps.get("rebuild")
    if step is None or not step.result:
        return [*out, _missing(step, "rebuild")]
    r = step.result
    big = steps.get(f"transform_{SIZES[-1]}")
    dedup = None
    if big and big.result:
        dedup = big.result["dedup_features"]["seconds"] + big.result["dedup_assign"]["seconds"]
    est = extrapolate(r, 100_000, dedup)
    parts = ", ".join(f"{k[:-2]} {_f(v)}" for k, v in r["steps"].items())
    out += [
        f"`flows.rebuild.rebuild` over a warehouse of {_f(r['articles'])} stored articles "
        f"({_f(r['rebuilt_articles'])} relevant, bulk-loaded through `apply_plan`): "
        f"**{_f(r['rebuild_s'])} s**, {_f(r['articles_per_s'])} articles/s, "
        f"{_f(r['stories'])} stories, {_f(r['events'])} events, peak RSS "
        f"{_f(r['peak_rss_mb'], 0)} MB. Seconds by step: {parts} (the NLP models' load is in "
        "the first plan_events call).",
        "",
        f"N is the largest the budget allows ({_f(REBUILD_SECONDS, 0)} s at the measured "
        "rates), not 100k. **Extrapolated to 100k stored articles: about "
        f"{_f(est / 60, 0)} min** (reading, extraction and the write scaled linearly from "
        "N; dedup taken from the 100k transform run when it ran). Not measured.",
        "",
    ]
    return out


def _crawl(steps: dict[str, Step]) -> list[str]:
    out = ["## 3. Crawl", ""]
    step = steps.get("crawl")
    if step is None or not step.result:
        return [*out, _missing(step, "crawl")]
    out += [
        "Each spider in a subprocess (as the flow runs it) against its loopback snapshot, "
        "`DOWNLOAD_DELAY=0`, `AUTOTHROTTLE_ENABLED=False`. The second run is given the state "
        "the flow computes from the warehouse after the first (`incremental_state`) and the "
        "same robots.txt cache. Pages/s over the whole process (start-up included) and over "
        "the crawl itself (manifest start to finish). The snapshots are small (tens of "
        "pages), so start-up dominates the first figure.",
        "",
        "| source | 1st: requests | pages | items | s | pages/s (process) | pages/s (crawl) "
        "| 2nd: requests | pages | items | s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in step.result["sources"]:
        a, b = s["first"], s["second"]
        out.append(
            f"| {s['source']} | {a['requests']} | {a['pages']} | {a['items']} | {_f(a['wall_s'])} "
            f"| {_f(a['pages_per_s_wall'])} | {_f(a['pages_per_s_crawl'])} | {b['requests']} "
            f"| {b['pages']} | {b['items']} | {_f(b['wall_s'])} |"
        )
    return [*out, ""]


def _warehouse(steps: dict[str, Step]) -> list[str]:
    out = ["## 4. Warehouse", ""]
    step = steps.get("load")
    if step is None or not step.result:
        out.append(_missing(step, "bulk load"))
    else:
        r = step.result
        out += [
            f"Bulk load of {_f(r['articles'])} articles ({_f(r['rows'])} rows: articles and "
            "their versions) into a fresh warehouse file through `apply_plan` (Arrow staging, "
            f"one statement per table): **{_f(r['apply_plan_s'], 2)} s, "
            f"{_f(r['rows_per_s'], 0)} rows/s** ({_f(r['articles_per_s'], 0)} articles/s). "
            f"Before it: building the row dicts {_f(r['row_dicts_s'])} s; Arrow `from_pylist` "
            f"of the articles alone {_f(r['arrow_from_pylist_articles_s'])} s. Warehouse "
            f"{_f(r['warehouse_mb'])} MB, peak RSS {_f(r['peak_rss_mb'], 0)} MB.",
            "",
        ]
    out += ["### Analysts' queries on one million events (benchmarks/bench_queries.py)", ""]
    out.append(_quoted(steps.get("bench_queries")))
    return out


def _side_by_side(steps: dict[str, Step]) -> list[str]:
    out = ["## 5. Side by side: the project's parsers and trafilatura", ""]
    step = steps.get("vs_trafilatura")
    if step is None or not step.result:
        return [*out, _missing(step, "side by side")]
    r = step.result
    out += [
        f"Every article page of the snapshot; truth = the paragraphs each page was rendered "
        f"from; token-level precision/recall/F1 (micro), median ms per page over "
        f"{r['repeat']} calls. trafilatura {r['trafilatura_version']}, `extract()` defaults "
        "with comments off. gov.kz: its pages are a single-page app, so trafilatura is given "
        "the news API's body HTML; the project's parser reads the API JSON.",
        "",
        "| source | pages | ours P | R | F1 | ms/page | trafilatura P | R | F1 | ms/page |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for source, e in r["by_source"].items():
        o, t = e["ours"], e["trafilatura"]
        name = f"**{source}**" if source == "all" else source
        out.append(
            f"| {name} | {e['pages']} | {o['precision']:.3f} | {o['recall']:.3f} "
            f"| {o['f1']:.3f} | {_f(o['ms_per_page_median'], 2)} | {t['precision']:.3f} "
            f"| {t['recall']:.3f} | {t['f1']:.3f} | {_f(t['ms_per_page_median'], 2)} |"
        )
    out += [
        "",
        "Read with care: the project's parsers were written against these very pages (their "
        "tests assert the exact paragraphs), so their 1.000 is true by construction here and "
        "says nothing of real pages; trafilatura has never seen them. The project's time "
        "covers the whole item (title, dates, relevance), trafilatura's the text only.",
        "",
    ]
    return out


def _quoted(step: Step | None) -> str:
    if step is None:
        return "_not run._\n"
    if step.status == "missing":
        return "_not in the tree when this ran._\n"
    text = step.output.strip() or "(no output)"
    head = f"_{step.status}, {step.seconds:.0f} s._\n\n" if step.status != "ok" else ""
    return f"{head}```\n{text[-4000:]}\n```\n"


def render(meta: dict[str, Any], steps: dict[str, Step]) -> str:
    """BENCHMARKS.md from the run's steps."""
    m, v = meta["machine"], meta["versions"]
    lb, la = meta["load_before"], meta["load_after"]
    total = meta["total_s"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{meta['command']}` on {meta['date']}; the whole run took "
        f"**{int(total // 60)} min {int(total % 60)} s**. Raw results: `data/bench/*.json` "
        "(not committed).",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}; "
        f"OPENBLAS_NUM_THREADS {m['openblas_threads']}.",
        f"- Load average (1/5/15 min) before: {lb[0]:.1f} / {lb[1]:.1f} / {lb[2]:.1f}; after: "
        f"{la[0]:.1f} / {la[1]:.1f} / {la[2]:.1f}. Other processes share this machine: "
        "figures taken under load are slower than the code is.",
        "- Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
    ]
    if meta["quick"]:
        lines += ["", "**Quick run (small sizes): not the published figures.**"]
    lines.append("")
    lines += before_after(steps, total, (lb[0], la[0]))
    for part in (_transform, _rebuild, _crawl, _warehouse, _side_by_side):
        lines += part(steps)
    lines += ["## Other benchmarks", "", "### Dedup (benchmarks/bench_dedup.py)", ""]
    lines.append(_quoted(steps.get("bench_dedup")))
    lines += ["### Extraction (benchmarks/bench_extract.py)", ""]
    lines.append(_quoted(steps.get("bench_extract")))
    lines += ["## Steps of this run", "", "| step | status | seconds |", "|---|---|---:|"]
    for name, step in steps.items():
        lines.append(f"| {name} | {step.status} | {step.seconds:.1f} |")
    lines.append("")
    return "\n".join(lines)


def _clean_up() -> None:
    """Drop the warehouses the steps left (hundreds of MB), and temp dirs of killed steps."""
    for path in BENCH_DIR.iterdir():
        if path.is_dir() and path.name.startswith("tmp"):
            shutil.rmtree(path, ignore_errors=True)
        elif path.suffix in (".duckdb", ".wal"):
            path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    """Run, then write BENCHMARKS.md (and data/bench/summary.json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (checks the runner)")
    parser.add_argument("--budget", type=float, default=BUDGET_S)
    parser.add_argument(
        "--blas", action="store_true", help="also time extraction with OPENBLAS_NUM_THREADS=1"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite the file from data/bench/summary.json"
    )
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if args.render_only:
        saved = json.loads((BENCH_DIR / "summary.json").read_text(encoding="utf-8"))
        loaded = {name: Step(**fields) for name, fields in saved["steps"].items()}
        args.output.write_text(render(saved["meta"], loaded), encoding="utf-8")
        return
    load_before = os.getloadavg()
    started_at = datetime.now(UTC)
    t0 = time.monotonic()
    run = execute(args.quick, args.budget, args.blas)
    total = time.monotonic() - t0
    _clean_up()
    meta = {
        "date": started_at.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "total_s": total,
        "quick": args.quick,
        "command": "python -m benchmarks" + (" --quick" if args.quick else ""),
    }
    steps = {name: vars(step) for name, step in run.steps.items()}
    (BENCH_DIR / "summary.json").write_text(
        json.dumps({"meta": meta, "steps": steps}, indent=1, default=str), encoding="utf-8"
    )
    args.output.write_text(render(meta, run.steps), encoding="utf-8")
    print(f"[bench] wrote {args.output} in {total:.0f} s", flush=True)


if __name__ == "__main__":
    main()
