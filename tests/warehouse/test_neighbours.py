"""Loads read only the stored rows a batch can touch (warehouse/neighbours.py, flows/plan.py):
the stories they write are those one run over every article makes, in any batch order, and a
warehouse whose dedup index is missing (made before migration 0003) gets it on its next load."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, time
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest

from flows.batches import open_batch
from flows.load import load_batch, prepare
from flows.rebuild import rebuild
from flows.transform.article import Article
from flows.transform.dedup import story_keys
from scrapers.batch import ITEMS, MANIFEST, PAGES
from scrapers.items import PressRelease

PAIRS = Path(__file__).resolve().parents[1] / "data" / "dedup_pairs" / "articles.jsonl"
FINISHED = "2026-03-28T12:00:00+00:00"


def labelled() -> list[Article]:
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    return [Article.from_record(json.loads(line)) for line in lines]


def item(a: Article) -> PressRelease:
    assert a.url is not None and a.published is not None
    published = a.published
    if not isinstance(published, datetime):  # a day only: noon UTC is that day
        published = datetime.combine(published, time(12), tzinfo=UTC)
    return PressRelease(
        source=a.source,
        url=a.url,
        canonical_url=a.url,
        lang=a.lang,
        title=a.title or a.body[:60],
        body_text=a.body,
        published_at=published,
    )


def write_batch(landing: Path, items: list[PressRelease], run_id: str) -> Path:
    """A published landing batch of these items, without raw pages."""
    folder = landing / "gov.kz" / run_id
    folder.mkdir(parents=True)
    lines = (json.dumps(i.to_record(), ensure_ascii=False) for i in items)
    (folder / ITEMS).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    (folder / PAGES).write_text("", encoding="utf-8")
    manifest = {
        "source": "gov.kz",
        "run_id": run_id,
        "started_at": FINISHED,
        "finished_at": FINISHED,
        "finish_reason": "finished",
        "verdict": "ok",
        "items": len(items),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def load_in_batches(root: Path, arts: list[Article], cuts: list[int]) -> Path:
    warehouse = root / "w.duckdb"
    prepare(warehouse)
    bounds = [0, *cuts, len(arts)]
    for n, (lo, hi) in enumerate(pairwise(bounds)):
        folder = write_batch(root / "landing", [item(a) for a in arts[lo:hi]], f"run-{n:03d}")
        assert load_batch(warehouse, open_batch(folder)).loaded
    return warehouse


def stories_by_url(warehouse: Path) -> dict[str, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return dict(con.execute("select url, story_id from articles").fetchall())
    finally:
        con.close()


def expected(arts: list[Article]) -> dict[str, str]:
    keys = story_keys(arts)
    return {str(a.url): keys[a.id] for a in arts}


def dedup_index(warehouse: Path) -> tuple[set[frozenset[str]], int]:
    """The components of the stored link graph (as sets of URLs), and how many links."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select d.component, a.url from dedup.articles d join articles a using (article_id)"
        ).fetchall()
        (links,) = con.execute("select count(*) from dedup.links").fetchone() or (0,)
    finally:
        con.close()
    groups: dict[str, set[str]] = {}
    for component, url in rows:
        groups.setdefault(component, set()).add(url)
    return {frozenset(g) for g in groups.values()}, int(links)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 4])
def test_batches_loaded_in_any_order_get_the_one_shot_stories(seed: int, tmp_path: Path) -> None:
    arts = labelled()
    rng = random.Random(seed)
    rng.shuffle(arts)
    warehouse = load_in_batches(tmp_path, arts, sorted(rng.sample(range(1, len(arts)), 5)))
    assert stories_by_url(warehouse) == expected(arts)
    components, links = dedup_index(warehouse)
    assert links > 0
    # every story lies inside one component of the link graph
    for story in {s for s in stories_by_url(warehouse).values()}:
        members = {u for u, s in stories_by_url(warehouse).items() if s == story}
        assert any(members <= c for c in components)
    # and the index is the one a rebuild writes from scratch
    rebuild(warehouse)
    assert dedup_index(warehouse)[0] == components
    assert stories_by_url(warehouse) == expected(arts)


@pytest.mark.slow
def test_a_warehouse_without_its_dedup_index_gets_it_on_the_next_load(tmp_path: Path) -> None:
    arts = labelled()
    random.Random(9).shuffle(arts)
    half = len(arts) // 2
    warehouse = load_in_batches(tmp_path / "a", arts[:half], [half // 2])
    con = duckdb.connect(str(warehouse))
    try:  # as a warehouse made before migration 0003 holds it: tables empty
        con.execute("delete from dedup.links")
        con.execute("delete from dedup.articles")
    finally:
        con.close()
    folder = write_batch(tmp_path / "a" / "landing", [item(a) for a in arts[half:]], "run-late")
    assert load_batch(warehouse, open_batch(folder)).loaded
    assert stories_by_url(warehouse) == expected(arts)
    reference = load_in_batches(tmp_path / "b", arts, [half // 2, half])
    assert dedup_index(warehouse)[0] == dedup_index(reference)[0]


@pytest.mark.slow
def test_an_article_that_leaves_the_stories_leaves_the_dedup_index(tmp_path: Path) -> None:
    from dataclasses import replace

    from warehouse.neighbours import index_is_incomplete

    arts = labelled()[:12]
    warehouse = load_in_batches(tmp_path, arts, [6])
    gone = replace(item(arts[0]), body_text=arts[0].body + "\nUpdated.", relevant=False)
    folder = write_batch(tmp_path / "landing", [gone], "run-change")
    assert load_batch(warehouse, open_batch(folder)).updated == 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select count(*) from dedup.articles where article_id = ?", [gone.article_id]
        )
        assert rows.fetchone() == (0,)
        assert not index_is_incomplete(con)  # the next load stays incremental
    finally:
        con.close()
