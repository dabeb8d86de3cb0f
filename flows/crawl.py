"""Running one source's spider in a subprocess and judging the result from its batch.

A subprocess, because Twisted's reactor cannot restart in one process (STACK.md §3) and a
crashing crawl must not take the flow down. Success is read from the batch's manifest, never
from the exit code: Scrapy exits 0 even when every request failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.client.schemas.objects import State

from scrapers.batch import MANIFEST, new_run_id

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CRAWL_TIMEOUT_SECONDS = 3600
LOG_TAIL_LINES = 15


class CrawlFailed(RuntimeError):
    """A crawl that produced no loadable batch; names source, stage and URL."""

    def __init__(self, source: str, stage: str, url: str, reason: str, layout: bool = False):
        super().__init__(f"{source}: {stage} failed at {url}: {reason}")
        self.source = source
        self.stage = stage
        self.url = url
        self.reason = reason
        self.layout = layout


@dataclass(frozen=True)
class CrawlOptions:
    snapshot: str | None = None  # JSON host map for the offline snapshot
    allow_private_hosts: tuple[str, ...] = ()
    known_max_id: int | None = None
    known_max_ids: str | None = None  # JSON {host: highest id} for sources numbered per edition
    # path of a JSON file {url: {"etag", "last_modified", "checked_at"}} of the feeds/listings:
    # the validators a conditional request sends, and when each last answered (which editions a
    # scheduled run asks, scrapers/editions.py), as warehouse.state.source_validators reads them
    validators: str | None = None
    known_ids: str | None = None  # path of a JSON list of the site ids held
    since: str | None = None
    until: str | None = None  # a backfill window's exclusive end (ISO date); never scheduled
    settings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CrawlResult:
    source: str
    run_id: str
    batch_dir: Path
    manifest: dict[str, Any]

    @property
    def verdict(self) -> str:
        return str(self.manifest.get("verdict"))


def crawl_command(source: str, landing: Path, run_id: str, options: CrawlOptions) -> list[str]:
    """The `scrapy crawl` command line for one source."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", source, "--loglevel", "INFO"]
    settings = {
        "MFA_LANDING_DIR": str(landing),
        "MFA_RUN_ID": run_id,
        "MFA_ROBOTS_CACHE_DIR": str(landing / source / "robots"),
        **options.settings,
    }
    if options.allow_private_hosts:
        settings["MFA_ALLOW_PRIVATE_HOSTS"] = ",".join(options.allow_private_hosts)
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    args = {
        "snapshot": options.snapshot,
        "known_max_id": options.known_max_id,
        "known_max_ids": options.known_max_ids,
        "known_ids": options.known_ids,
        "validators": options.validators,
        "since": options.since,
        "until": options.until,
    }
    for key, arg in args.items():
        if arg is not None:
            cmd += ["-a", f"{key}={arg}"]
    return cmd


def run_crawl(source: str, landing: Path, options: CrawlOptions) -> CrawlResult:
    """Crawl one source into a landing batch; CrawlFailed when there is nothing to load."""
    landing = landing.resolve()
    run_id = new_run_id()
    log_path = landing / source / f"{run_id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with open(log_path, "wb") as log:
        try:
            proc = subprocess.run(
                crawl_command(source, landing, run_id, options),
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=CRAWL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise CrawlFailed(source, "crawl", "-", f"timed out after {exc.timeout} s") from exc
    published = landing / source / run_id
    failed = landing / source / f".failed-{run_id}"
    if (published / MANIFEST).is_file():
        manifest = json.loads((published / MANIFEST).read_text(encoding="utf-8"))
        return CrawlResult(source, run_id, published, manifest)
    if (failed / MANIFEST).is_file():
        manifest = json.loads((failed / MANIFEST).read_text(encoding="utf-8"))
        first = (manifest.get("errors") or [{}])[0]
        raise CrawlFailed(
            source,
            str(first.get("stage", "crawl")),
            str(first.get("url", "-")),
            str(manifest.get("verdict_reason")),
            layout=first.get("kind") == "layout",
        )
    tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:])
    raise CrawlFailed(
        source, "crawl", "-", f"the crawl process exited {proc.returncode} without a batch:\n{tail}"
    )


@dataclass(frozen=True)
class Incremental:
    """What a crawl needs to skip what the warehouse has (read from it, or from crawl state)."""

    max_id: int | None = None  # highest site id of the source
    max_ids_by_host: str | None = None  # JSON {host: highest id}, for per-edition numbering
    validators: str | None = None  # path of the stored ETag / Last-Modified JSON file
    known_ids: str | None = None  # path of a JSON list of every site id held (ids that don't rise)


def retry_unless_layout(task: Any, task_run: Any, state: State) -> bool:
    """Retry a crawl unless its layout changed (retrying cannot fix that)."""
    try:
        state.result()
    except CrawlFailed as exc:
        return not exc.layout
    except Exception:
        return True
    return False


@task(retries=2, retry_delay_seconds=[10, 60], retry_condition_fn=retry_unless_layout)
def crawl(source: str, landing: Path, options: CrawlOptions) -> CrawlResult:
    """Run the source's spider in a subprocess; its manifest decides success."""
    result = run_crawl(source, landing, options)
    get_run_logger().info(
        "%s: %s (%s), %s requests, %s items",
        source,
        result.verdict,
        result.manifest.get("verdict_reason"),
        result.manifest.get("requests"),
        result.manifest.get("items"),
    )
    return result
