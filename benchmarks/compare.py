"""The "before and after" table of BENCHMARKS.md: this run against a kept baseline run.

Why a kept file: `data/bench/` is not committed, so a run's figures vanish with the next run.
`benchmarks/baseline.json` holds the figures of the run issue 9 started from (the benchmarks'
first run, before the speed work), condensed from its `data/bench/summary.json`; every later
run is set beside it, so a change that makes something slower shows up here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).with_name("baseline.json")
STEP_NAMES = {
    "clean": "clean",
    "dedup_features": "dedup features",
    "dedup_assign": "stories",
    "extract": "extract",
    "rows": "rows",
    "load": "load",
}


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _row(label: str, before: float | None, after: float | None, digits: int, unit: str) -> str:
    """One line of the table; the factor says how many times better `after` is."""
    factor = "-"
    if before and after:
        better = after / before if unit.endswith("/s") else before / after
        factor = f"{better:.1f}x"
    return f"| {label} | {_num(before, digits)} | {_num(after, digits)} | {unit} | {factor} |"


def _result(steps: dict[str, Any], name: str) -> dict[str, Any] | None:
    step = steps.get(name)
    result = getattr(step, "result", None)
    return result if isinstance(result, dict) else None


def before_after(steps: dict[str, Any], total_s: float, load: tuple[float, float]) -> list[str]:
    """Markdown lines comparing this run with the baseline (empty when there is none)."""
    if not BASELINE.exists():
        return []
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    lines = [
        "## Before and after (issue 9)",
        "",
        f"Before: the run of {base['written']} ({base['commit']}), load average "
        f"{base['load_before'][0]:.1f} / {base['load_after'][0]:.1f} (start / end, 1 min). "
        f"After: this run, load average {load[0]:.1f} / {load[1]:.1f}. Same machine, same "
        "synthetic corpus and sizes; both runs shared the machine with other work. Factor: how "
        "many times faster (or higher a rate) after is.",
        "",
        "| measure | before | after | unit | factor |",
        "|---|---:|---:|---|---:|",
        _row("whole `make bench` run", base["total_s"] / 60, total_s / 60, 1, "min"),
    ]
    for size, old in base["transform"].items():
        new = _result(steps, f"transform_{size}")
        after = new["articles_per_s"] if new else None
        label = f"transform {int(size):,} articles, all steps"
        lines.append(_row(label, old["articles_per_s"], after, 1, "articles/s"))
    biggest = max(base["transform"], key=int)
    new = _result(steps, f"transform_{biggest}")
    for key, name in STEP_NAMES.items():
        after = new[key]["per_s"] if new else None
        label = f"&nbsp;&nbsp;{name} at {int(biggest):,}"
        lines.append(_row(label, base["transform"][biggest][key], after, 0, "articles/s"))
    smallest = min(base["transform"], key=int)
    new = _result(steps, f"transform_{smallest}")
    for lang, ms in sorted(base["transform"][smallest]["extract_ms_by_lang"].items()):
        after = new["extract"]["ms_per_article_by_lang"].get(lang) if new else None
        lines.append(_row(f"&nbsp;&nbsp;extract one {lang} article", ms, after, 1, "ms"))
    growth = _result(steps, "growth")
    runs = {r["warehouse_articles"]: r for r in (growth or {}).get("runs", [])}
    for old in base["growth"]:
        n = old["warehouse_articles"]
        after = runs[n]["load_batch_s"] if n in runs else None
        label = f"scheduled load of 50 articles into {n:,}"
        lines.append(_row(label, old["load_batch_s"], after, 2, "s"))
        if n in runs and "plan_load_s" in runs[n]:
            label = "&nbsp;&nbsp;of which planning it"
            lines.append(_row(label, old["plan_load_s"], runs[n]["plan_load_s"], 2, "s"))
    rebuild = _result(steps, "rebuild")
    after = rebuild["articles_per_s"] if rebuild else None
    label = f"rebuild ({base['rebuild']['articles']:,} / "
    label += f"{rebuild['articles']:,} stored articles)" if rebuild else "- stored articles)"
    lines.append(_row(label, base["rebuild"]["articles_per_s"], after, 1, "articles/s"))
    bulk = _result(steps, "load")
    after = bulk["apply_plan_s"] if bulk else None
    lines.append(_row("bulk load of 100,000 articles", base["load"]["apply_plan_s"], after, 2, "s"))
    lines += [
        "",
        "What changed between the two, each where the profile put the time (details in the "
        "modules' docstrings):",
        "",
        "- a scheduled load reads only the stored articles its batch can touch (dedup index of "
        "migration 0003: judged links, link-graph components) instead of rebuilding the story "
        "index from every stored article and judging a third of them again (63 of the 70 s at "
        "100,000); links are judged with numpy Jaccard and ordered by numpy;",
        "- canonical event ids: reports compared only within the date window per person, stored "
        "groups kept instead of recomputed, one bulk UPDATE instead of one per event;",
        "- natasha analyses a batch's Russian articles together (sentences sorted by length); "
        "gazetteer lookups cached and pymorphy asked only about real town names (places were "
        "a third of extraction); organization and attribution patterns run only on texts that "
        "hold their key words (attribution was 90% of clean and of row building);",
        "- dedup anchors: month and name keys cached, no quadratic look-back per word;",
        "- the load's data tests (new in every load) read only the load's articles' bodies.",
        "",
        "Read with care: the rebuild's N follows from the measured rates (as many articles as "
        "fit its share of the budget), so the two runs rebuilt different numbers of articles. "
        "The one-shot load at 100,000 is slower after because it now also writes the dedup "
        "index (1.8 million judged links for 100,000 synthetic articles, whose templated texts "
        "link far more than real releases do) and runs the data tests: that is the price of "
        "the scheduled loads above. Before, a scheduled load read every stored article's dedup "
        "features; after, it reads the dedup index, so the 'reading' column below counts "
        "other queries. Since the first run, items dated in the future are refused "
        "(scrapers/items.py), so the synthetic corpus caps dates at its newest template's: at "
        "most 2.7% of the 100,000 articles (those of the newest templates) are dated earlier.",
        "",
    ]
    return lines
