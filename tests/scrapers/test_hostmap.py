"""Requests go to the snapshot; items keep the real site's URLs."""

from __future__ import annotations

from scrapers.hostmap import HostMap


def test_round_trip_keeps_path_and_query() -> None:
    hosts = HostMap.from_json('{"https://www.kt.kz": "http://127.0.0.1:8701"}')
    fetch = hosts.to_fetch("https://www.kt.kz/rus/politics?page=2")
    assert fetch == "http://127.0.0.1:8701/rus/politics?page=2"
    assert hosts.to_public(fetch) == "https://www.kt.kz/rus/politics?page=2"
    assert hosts.fetch_hosts() == ["127.0.0.1"]


def test_unmapped_urls_pass_unchanged() -> None:
    hosts = HostMap.from_json(None)
    assert not hosts
    assert hosts.to_fetch("https://www.kt.kz/a") == "https://www.kt.kz/a"
