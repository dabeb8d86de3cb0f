"""Only published batches are read; a damaged one is refused whole, naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.batches import BatchError, open_batch, published_batches


def _batch(root: Path, name: str, items: str = "", manifest: bool = True) -> Path:
    folder = root / "kt.kz" / name
    folder.mkdir(parents=True)
    (folder / "items.jsonl").write_text(items, encoding="utf-8")
    (folder / "pages.jsonl").write_text("", encoding="utf-8")
    if manifest:
        run_id = name.split("-", 1)[-1] if name.startswith(".") else name
        (folder / "manifest.json").write_text(json.dumps({"source": "kt.kz", "run_id": run_id}))
    return folder


def test_partial_and_failed_batches_are_never_listed(tmp_path: Path) -> None:
    _batch(tmp_path, "20260101T000000-aaaa")
    _batch(tmp_path, ".partial-20260101T000001-bbbb", manifest=False)
    _batch(tmp_path, ".failed-20260101T000002-cccc")
    _batch(tmp_path, "20260101T000003-dddd", manifest=False)  # killed before the manifest
    assert [b.run_id for b in published_batches(tmp_path)] == ["20260101T000000-aaaa"]


def test_truncated_line_is_refused_with_file_and_line(tmp_path: Path) -> None:
    folder = _batch(tmp_path, "20260101T000000-aaaa", items='{"source": "kt.kz"')
    with pytest.raises(BatchError, match=r"items.jsonl:1: truncated line"):
        open_batch(folder).items()


def test_a_folder_without_manifest_is_not_a_batch(tmp_path: Path) -> None:
    folder = _batch(tmp_path, "20260101T000000-aaaa", manifest=False)
    with pytest.raises(BatchError, match="not a published batch"):
        open_batch(folder)
