"""A server's Retry-After is honoured before the retry; one asking too much is left for later."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.retry_after import retry_after_seconds
from scrapers.snapshot.server import SnapshotServer
from scrapers.snapshot.site import Reply

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_seconds_and_dates_are_read() -> None:
    assert retry_after_seconds("7", NOW) == 7.0
    assert retry_after_seconds("Sun, 01 Mar 2026 12:00:30 GMT", NOW) == 30.0
    assert retry_after_seconds("Sun, 01 Mar 2026 11:00:00 GMT", NOW) == 0.0  # already past
    assert retry_after_seconds("soon", NOW) is None
    assert retry_after_seconds(None, NOW) is None


def crawl(server: SnapshotServer, landing: Path, *settings: str) -> dict[str, object]:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "kt.kz",
        "-a", f"snapshot={server.snapshot_arg('kt.kz')}",
        "-s", "MFA_ALLOW_PRIVATE_HOSTS=127.0.0.1", "-s", f"MFA_LANDING_DIR={landing}",
        "-s", "MFA_RUN_ID=run", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        *settings,
    ]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    (manifest,) = landing.glob("kt.kz/*run/manifest.json")
    return dict(json.loads(manifest.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_retry_waits_what_the_server_asked(tmp_path: Path) -> None:
    busy = [
        Reply(429, b"slow down", {"Retry-After": "1"}),
        Reply(503, b"maintenance", {"Retry-After": "1"}),
    ]
    with SnapshotServer(["kt.kz"], script={"/rus/rss": busy}) as server:
        manifest = crawl(server, tmp_path)
        feed = [(t, status) for t, path, status in server.timed_log if path == "/rus/rss"]
    assert [status for _, status in feed] == [429, 503, 200]
    assert feed[1][0] - feed[0][0] >= 1.0 and feed[2][0] - feed[1][0] >= 1.0
    assert manifest["verdict"] == "ok" and manifest["items"] == 29


@pytest.mark.slow
def test_a_wait_beyond_the_cap_is_reported_and_left_for_the_next_run(tmp_path: Path) -> None:
    with SnapshotServer(
        ["kt.kz"], script={"/rus/rss": [Reply(429, b"", {"Retry-After": "3600"})]}
    ) as server:
        manifest = crawl(server, tmp_path, "-s", "MFA_RETRY_AFTER_MAX=5")
        feed = [status for _, path, status in server.timed_log if path == "/rus/rss"]
    assert feed == [429]  # asked once, not hammered
    errors = manifest["errors"]
    assert isinstance(errors, list)
    assert any("Retry-After 3600" in e["message"] and e["url"].endswith("/rus/rss") for e in errors)
    assert manifest["verdict"] == "partial"  # the listings still brought every article
