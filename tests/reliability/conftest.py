"""The three hostile crawls, run once per session and at the same time (see scenarios.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability import hostile
from tests.reliability import scenarios as sc
from tests.reliability.crawling import CrawlRun, finish, start
from tests.reliability.hostile import HostileServer


@dataclass(frozen=True)
class Crawled:
    """One hostile crawl after it ended: its run, its site's log, and any other server's log."""

    run: CrawlRun
    site: HostileServer
    others: dict[str, HostileServer] = field(repr=False)
    root: Path
    links: dict[str, str] = field(repr=False)  # ssrf: what the hostile feed linked to


@pytest.fixture(scope="session")
def hostile_crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Crawled]]:
    """misbehave, bombs and ssrf: three kt.kz crawls against hostile servers, run in parallel."""
    root = tmp_path_factory.mktemp("hostile")
    with ExitStack() as stack:
        misbehave = stack.enter_context(
            HostileServer(
                "kt.kz",
                routes=sc.misbehave_routes(),
                script={"/rus/rss": [hostile.status(503), hostile.status(503)]},
                robots=f"User-agent: *\nDisallow: {sc.ROBOTS_FORBIDDEN}\n",
            )
        )
        bombs = stack.enter_context(HostileServer("kt.kz", routes=sc.bomb_routes()))
        secret = stack.enter_context(HostileServer())  # every request reaching it is an SSRF
        file_dir = root / "files" / "rus"
        file_dir.mkdir(parents=True)
        (file_dir / "a_9999999910.html").write_text("<html>FILE-SECRET</html>")
        links = sc.ssrf_links(secret.port, file_dir)
        ssrf = stack.enter_context(
            HostileServer("kt.kz", routes=sc.ssrf_routes(secret.port, links))
        )
        running = {
            "misbehave": (
                misbehave,
                {},
                {},
                start(
                    "kt.kz",
                    misbehave.host_map(),
                    root / "misbehave" / "landing",
                    settings={
                        "DOWNLOAD_TIMEOUT": str(sc.MISBEHAVE_TIMEOUT),
                        "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
                    },
                ),
            ),
            "bombs": (
                bombs,
                {},
                {},
                start("kt.kz", bombs.host_map(), root / "bombs" / "landing"),
            ),
            "ssrf": (
                ssrf,
                {"secret": secret},
                links,
                start(
                    "kt.kz",
                    ssrf.host_map(),
                    root / "ssrf" / "landing",
                    allow=("127.0.0.1", "localhost"),  # localhost: left to the offsite filter
                    fake_dns=sc.FAKE_DNS,
                ),
            ),
        }
        yield {
            name: Crawled(finish(proc), site, others, root / name, case_links)
            for name, (site, others, case_links, proc) in running.items()
        }
