"""The crawl command carries every piece of incremental state the flow computed."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from flows.crawl import CrawlOptions, crawl_command


def test_every_crawl_option_reaches_the_command_line(tmp_path: Path) -> None:
    options = CrawlOptions(
        snapshot='{"https://www.kt.kz": "http://127.0.0.1:1"}',
        allow_private_hosts=("127.0.0.1",),
        known_max_id=1377987726,
        known_max_ids='{"www.kt.kz": 1377987726}',
        validators=str(tmp_path / "validators.json"),
        known_ids=str(tmp_path / "known_ids.json"),
        since="2026-01-01",
        until="2026-02-01",
        settings={"DOWNLOAD_DELAY": "0"},
    )
    cmd = " ".join(crawl_command("kt.kz", tmp_path, "run1", options))
    for field in fields(CrawlOptions):
        if field.name in ("settings", "allow_private_hosts"):
            continue
        assert f"-a {field.name}=" in cmd, field.name
    assert "-s MFA_ALLOW_PRIVATE_HOSTS=127.0.0.1" in cmd
    assert "-s DOWNLOAD_DELAY=0" in cmd
    assert f"-s MFA_ROBOTS_CACHE_DIR={tmp_path / 'kt.kz' / 'robots'}" in cmd


def test_absent_state_is_not_passed(tmp_path: Path) -> None:
    cmd = crawl_command("kt.kz", tmp_path, "run1", CrawlOptions())
    assert not [part for part in cmd if part.startswith(("known", "validators", "since", "until"))]
