"""Test-wide set-up: Prefect offline and in a temporary home, one test server per session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="mfa-watch-prefect-"))
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("MFA_WATCH_WAREHOUSE", None)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server for the tests that run flows (started once, ~10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def demo_warehouse(
    prefect_harness: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path]]:
    """(warehouse, landing) after one mfa-etl run over every snapshot source, as `make demo`.

    Built once per session (~40 s); tests must not write to it: copy the file to change it.
    """
    from flows.pipeline import mfa_etl
    from flows.sources import SOURCES
    from flows.summary import summary_of
    from scrapers.snapshot import CAPTURED_AT
    from scrapers.snapshot.server import SnapshotServer

    root = tmp_path_factory.mktemp("demo")
    warehouse, landing = root / "warehouse.duckdb", root / "landing"
    names = list(SOURCES)
    with SnapshotServer(names) as server:
        state = mfa_etl(
            warehouse=str(warehouse),
            landing=str(landing),
            sources=names,
            snapshot={s: server.snapshot_arg(s) for s in names},
            allow_private_hosts=["127.0.0.1"],
            crawl_settings={"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"},
            crawl_retries=0,
            freshness_as_of={s: CAPTURED_AT[s] for s in names},
            return_state=True,
        )
    summary = summary_of(state.result(raise_on_failure=False))
    assert state.is_completed(), summary.failure_message() or summary.attention_message()
    yield warehouse, landing
