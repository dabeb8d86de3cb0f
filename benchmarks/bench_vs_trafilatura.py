"""Benchmark: the project's parsers against trafilatura on the same snapshot article pages.

Usage: .venv/bin/python -m benchmarks.bench_vs_trafilatura [--repeat R] [--json FILE]

Pages: every article page of the offline snapshot (kt.kz, Kazinform, Astana Times, Tengrinews:
the HTML a spider receives) and, for gov.kz, every language version of every release as the
news API's detail JSON (the site is a single-page app: its article page holds no text, so a
user's trafilatura would get nothing there; it is given the API's body HTML instead, wrapped in
<html><body>, which is the fairest input it can have). The true text of a page is the data it
was rendered from (each site's data folder): the paragraphs, after Kazinform's lead. Both
outputs and the truth pass through the project's `normalize_text` (quotes, dashes, spaces), then
token-level precision, recall and F1 (multiset of lower-cased word tokens) are computed per
page and summed over pages (micro average). Time per page is the median of R calls; the
project's time is the whole `parse_article` (title, dates, relevance included), trafilatura's
is `extract()` of the body text only (defaults, comments off, as a user would call it).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, TextResponse

from flows.transform.clean import normalize_text
from scrapers.parsing import astanatimes, govkz, kazinform, ktkz, tengrinews
from scrapers.snapshot.site import Request
from scrapers.snapshot.sites.astanatimes import AstanaTimesSite
from scrapers.snapshot.sites.govkz import TICKET_COOKIE, TICKET_VALUE, GovKzSite
from scrapers.snapshot.sites.kazinform import KazinformSite
from scrapers.snapshot.sites.ktkz import KtKzSite
from scrapers.snapshot.sites.tengrinews import TengrinewsSite

REPEAT = 5
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Page:
    source: str
    url: str
    response: TextResponse  # what the spider's callback receives
    html: str  # what trafilatura is given
    truth: list[str]  # the paragraphs the page was rendered from
    parse: Callable[[TextResponse, str], Any]


def _get(site: Any, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
    parts = urlsplit(url)
    reply = site.respond(
        Request(f"{parts.scheme}://{parts.netloc}", "GET", parts.path, parts.query, headers or {})
    )
    return reply.status, reply.body, dict(reply.headers)


def _html_page(source: str, site: Any, url: str, truth: list[str], parse: Any) -> Page:
    status, body, headers = _get(site, url)
    if status != 200:
        raise RuntimeError(f"{url}: snapshot answered {status}")
    response = HtmlResponse(url=url, body=body, headers=headers, encoding="utf-8")
    return Page(source, url, response, response.text, truth, parse)


def pages() -> Iterator[Page]:
    """Every article page of the snapshot with its true text."""
    kt = KtKzSite()
    for a in kt.articles:
        yield _html_page("kt.kz", kt, a.url, list(a.paragraphs), ktkz.parse_article)
    inform = KazinformSite()
    for b in inform.articles:
        truth = [b.description, *b.paragraphs]
        yield _html_page("inform.kz", inform, b.url, truth, kazinform.parse_article)
    at = AstanaTimesSite()
    for p in at.posts:
        yield _html_page(
            "astanatimes.com", at, p.url, list(p.paragraphs), astanatimes.parse_article
        )
    tn = TengrinewsSite()
    for t in tn.articles:
        yield _html_page("tengrinews.kz", tn, t.url, list(t.paragraphs), tengrinews.parse_article)
    gov = GovKzSite()
    ticket = {"cookie": f"{TICKET_COOKIE}={TICKET_VALUE}"}
    for r in gov.releases:
        for lang, version in r.versions.items():
            url = govkz.detail_url(r.id, lang)
            status, body, headers = _get(gov, url, ticket)
            if status != 200:
                continue
            response = TextResponse(url=url, body=body, headers=headers, encoding="utf-8")
            html = f"<html><body>{json.loads(body)['body']}</body></html>"
            yield Page("gov.kz", url, response, html, list(version.paragraphs), govkz.parse_article)


def tokens(text: str) -> Counter[str]:
    """Lower-cased word tokens of a normalized text, as a multiset."""
    return Counter(t.lower() for t in _TOKEN_RE.findall(normalize_text(text)))


def overlap(pred: str, truth: str) -> tuple[int, int, int]:
    """(common tokens, predicted tokens, true tokens)."""
    p, t = tokens(pred), tokens(truth)
    return sum((p & t).values()), sum(p.values()), sum(t.values())


def _median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result: Any = None
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _scores(common: int, predicted: int, true: int) -> dict[str, float]:
    precision = common / predicted if predicted else 0.0
    recall = common / true if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def run(repeat: int = REPEAT) -> dict[str, Any]:
    """Both extractors on every page; per source and overall scores and times."""
    import trafilatura

    trafilatura.extract("<html><body><p>warm up the extractor once</p></body></html>")
    rows: list[dict[str, Any]] = []
    for page in pages():
        truth = "\n".join(page.truth)
        ours_s, item = _median_time(partial(page.parse, page.response, page.url), repeat)
        traf_s, text = _median_time(
            partial(trafilatura.extract, page.html, url=page.url, include_comments=False), repeat
        )
        rows.append(
            {
                "source": page.source,
                "url": page.url,
                "ours_ms": ours_s * 1000,
                "trafilatura_ms": traf_s * 1000,
                "ours": overlap(item.body_text, truth),
                "trafilatura": overlap(text or "", truth),
                "trafilatura_empty": not text,
            }
        )
    by_source: dict[str, Any] = {}
    for source in [*sorted({str(r["source"]) for r in rows}), "all"]:
        sel = [r for r in rows if source in ("all", r["source"])]
        entry: dict[str, Any] = {"pages": len(sel)}
        for who in ("ours", "trafilatura"):
            sums = [sum(r[who][i] for r in sel) for i in range(3)]
            entry[who] = {
                **_scores(*sums),
                "ms_per_page_median": statistics.median(r[f"{who}_ms"] for r in sel),
                "ms_per_page_mean": statistics.fmean(r[f"{who}_ms"] for r in sel),
            }
        entry["trafilatura_empty_pages"] = sum(r["trafilatura_empty"] for r in sel)
        by_source[source] = entry
    return {
        "repeat": repeat,
        "trafilatura_version": trafilatura.__version__
        if hasattr(trafilatura, "__version__")
        else "?",
        "by_source": by_source,
        "pages": rows,
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: print the table, optionally save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--json", type=argparse.FileType("w", encoding="utf-8"))
    args = parser.parse_args(argv)
    result = run(args.repeat)
    if args.json:
        json.dump(result, args.json, indent=1)
    for source, e in result["by_source"].items():
        o, t = e["ours"], e["trafilatura"]
        print(
            f"{source:16} {e['pages']:3} pages | ours P {o['precision']:.3f} R {o['recall']:.3f} "
            f"F1 {o['f1']:.3f} {o['ms_per_page_median']:6.2f} ms | trafilatura "
            f"P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f} "
            f"{t['ms_per_page_median']:6.2f} ms"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
