"""Fixtures of the scale-out tests: a Prefect server with the scale-out pool and two workers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scale.pool import Pool, running_pool


@pytest.fixture(scope="module")
def worker_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pool]:
    """Server, pool `mfa-watch-workers`, its deployments and workers w1 (crawl, backfill, load)
    and w2 (crawl, backfill), three runs each, all ONLINE (~25 s); stopped after the module."""
    with running_pool(tmp_path_factory.mktemp("scale-pool")) as pool:
        yield pool
