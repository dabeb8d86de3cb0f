"""Idempotency (RELIABILITY.md 2): one article twice in a batch is one row, the same row every time.

A crawl can meet the same article twice (a feed and a listing, a retry that succeeded late).
The batch reader keeps the last line for an article_id (flows/batches.py), so the winner
depends on the batch alone, never on hash order or load timing. Loading a batch twice
(RELIABILITY.md 1) is tests/flows/test_pipeline.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.load import load_batch, pending_batches, prepare
from scrapers.items import PressRelease
from tests.helpers import warehouse_snapshot
from tests.reliability.batches import ktkz_items, with_fields, write_batch

pytestmark = pytest.mark.slow  # a real load: event extraction warms up its models


def _load(root: Path, items: list[tuple[PressRelease, bytes]]) -> Path:
    warehouse, landing = root / "w.duckdb", root / "landing"
    write_batch(landing, items, "20260328T180000-dup")
    prepare(warehouse)
    for batch in pending_batches(warehouse, landing):
        assert load_batch(warehouse, batch).loaded
    return warehouse


def test_the_same_article_twice_in_a_batch_is_one_row_and_the_last_line_wins(
    tmp_path: Path,
) -> None:
    (item, page), (other, other_page) = ktkz_items(2)
    first = with_fields(item, title="Первая версия заголовка", relevant=False)
    second = with_fields(item, title="Вторая версия заголовка", relevant=False)
    assert first.article_id == second.article_id
    items = [(first, page), (other, other_page), (second, page)]
    one, two = _load(tmp_path / "one", items), _load(tmp_path / "two", items)
    con = duckdb.connect(str(one), read_only=True)
    try:
        rows = con.execute(
            "select title, version from articles where article_id = ?", [item.article_id]
        ).fetchall()
        (versions,) = con.execute(
            "select count(*) from article_versions where article_id = ?", [item.article_id]
        ).fetchone() or (0,)
    finally:
        con.close()
    assert rows == [("Вторая версия заголовка", 1)]
    assert versions == 1
    assert warehouse_snapshot(one) == warehouse_snapshot(two)  # the same winner every time
