"""Reading landing batches: only published ones (a manifest and a final name) are ever loaded.

A crawl killed midway leaves `.partial-<run_id>/`; a failed one `.failed-<run_id>/`; both are
skipped here. Lines of a published batch are whole (the manifest is written after the data
files were flushed and synced), so a truncated line means a damaged batch: refused whole.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapers.batch import ITEMS, MANIFEST, PAGES
from scrapers.items import PressRelease


class BatchError(RuntimeError):
    """A published batch that cannot be read; names the file and line."""


@dataclass(frozen=True)
class Page:
    seq: int
    url: str
    fetch_url: str
    status: int
    fetched_at: str
    kind: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Batch:
    path: Path
    manifest: dict[str, Any]

    @property
    def source(self) -> str:
        return str(self.manifest["source"])

    @property
    def run_id(self) -> str:
        return str(self.manifest["run_id"])

    @property
    def load_id(self) -> str:
        return f"{self.source}/{self.run_id}"

    def items(self) -> list[PressRelease]:
        """The batch's items, the last one winning for a repeated article_id."""
        by_id: dict[str, PressRelease] = {}
        for record in _jsonl(self.path / ITEMS):
            try:
                item = PressRelease.from_record(record)
            except (KeyError, TypeError, ValueError) as exc:
                raise BatchError(f"{self.path / ITEMS}: invalid item: {exc}") from exc
            by_id[item.article_id] = item
        return list(by_id.values())

    def pages(self) -> Iterator[Page]:
        """The raw responses of the crawl, in fetch order."""
        for r in _jsonl(self.path / PAGES):
            yield Page(
                seq=int(r["seq"]),
                url=r["url"],
                fetch_url=r["fetch_url"],
                status=int(r["status"]),
                fetched_at=r["fetched_at"],
                kind=r.get("kind", ""),
                headers=r.get("headers") or {},
                body=base64.b64decode(r["body_b64"]),
            )


def open_batch(path: Path) -> Batch:
    """A published batch folder; BatchError if it is not one."""
    manifest_path = path / MANIFEST
    if path.name.startswith(".") or not manifest_path.is_file():
        raise BatchError(f"{path} is not a published batch (no manifest)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BatchError(f"{manifest_path}: unreadable manifest: {exc}") from exc
    return Batch(path, manifest)


def published_batches(landing: Path, source: str | None = None) -> list[Batch]:
    """Every published batch under the landing folder (optionally of one source), oldest first."""
    if not landing.is_dir():
        return []
    folders = [landing / source] if source else sorted(p for p in landing.iterdir() if p.is_dir())
    batches = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_dir() and not path.name.startswith(".") and (path / MANIFEST).is_file():
                batches.append(open_batch(path))
    return sorted(batches, key=lambda b: (b.run_id, b.source))


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.endswith("\n"):
                raise BatchError(f"{path}:{number}: truncated line (damaged batch)")
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise BatchError(f"{path}:{number}: not JSON: {exc}") from exc
