"""Network and SSRF (RELIABILITY.md 22-25, 30): a hostile page cannot make the crawler reach
anything but the site it crawls.

tests/scrapers/test_guard.py checks `refusal()` on URLs one by one (every private spelling,
default deny). This module runs the real kt.kz spider against a hostile copy of the site
(scenarios.py, "ssrf") whose Russian feed links to private, loopback, metadata, IPv4-mapped,
decimal and octal addresses, to names a fake DNS resolves to them (one of them only on the
second lookup: DNS rebinding), and to file:, data: and ftp: URLs; whose entry pages redirect to
such places, in a chain or in a loop; and whose robots.txt redirects to a private name. Every
such place is a second loopback server that logs each connection: it must see none.
"""

from __future__ import annotations

import pytest
from scrapy.utils.project import get_project_settings

from scrapers.settings import REDIRECT_MAX_TIMES
from scrapers.snapshot.sites.ktkz import BASE
from tests.reliability import scenarios as sc
from tests.reliability.conftest import Crawled
from tests.reliability.crawling import ARTIFACTS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(hostile_crawls: dict[str, Crawled]) -> Crawled:
    return hostile_crawls["ssrf"]


def _reached(crawled: Crawled) -> list[str]:
    """Host headers of requests that reached the private target."""
    return crawled.others["secret"].hosts()


def test_the_crawl_still_reads_the_safe_part_of_the_site(crawled: Crawled) -> None:
    run = crawled.run
    assert run.returncode == 0 and run.manifest["finish_reason"] == "finished"
    assert len(run.items) >= 3  # the Kazakh feed's articles
    assert all(i["url"].startswith(BASE + "/") for i in run.items)


def test_links_and_redirects_to_private_destinations_never_connect(crawled: Crawled) -> None:
    """Loopback, metadata, IPv4-mapped, decimal, octal, names resolving to them, one private
    record among public ones, and a robots.txt redirecting to a private name."""
    reached = [h for h in _reached(crawled) if h.split(":")[0] not in sc.REBINDING]
    assert reached == []
    assert crawled.others["secret"].silent_connections == 0, "a non-HTTP connection (ftp?)"


def test_a_name_that_resolves_private_only_at_connect_time_is_refused(crawled: Crawled) -> None:
    """DNS rebinding: the first lookup (the guard's) answers public, the connection's private.
    Only a check on the address actually connected to stops it (a connect-time resolver)."""
    assert _reached(crawled) == []
    for name in sc.REBINDING:
        assert f"{name} resolved to private address 127.0.0.1 at connect time" in crawled.run.output


def test_private_names_are_refused_by_the_guard_with_their_reason(crawled: Crawled) -> None:
    messages = " ".join(e["message"] for e in crawled.run.errors)
    for name in ("loop.kt.kz", "meta.kt.kz", "mixed.kt.kz"):
        assert f"{name} resolves to a private address" in messages, name
    refused = crawled.run.stats.get("mfa/guard/refused", 0)
    assert refused >= 4, "the guard's own refusal count"


def test_links_and_redirects_to_other_hosts_are_filtered_as_offsite(crawled: Crawled) -> None:
    """localhost is let through the guard in this crawl: only the offsite filter stands."""
    assert not [h for h in _reached(crawled) if h.startswith("localhost")]
    assert crawled.run.stats.get("offsite/filtered", 0) >= 2  # the link and the redirect


def test_file_data_and_ftp_links_are_never_fetched(crawled: Crawled) -> None:
    fetched = {p["fetch_url"].split(":")[0] for p in crawled.run.pages}
    assert fetched <= {"http", "https"}
    for item in crawled.run.items:
        assert "SECRET" not in item["body_text"] and "SECRET" not in item["title"]
    assert "FILE-SECRET" not in crawled.run.output


def test_a_redirect_chain_stops_at_the_cap_and_is_counted(crawled: Crawled) -> None:
    asked = crawled.site.paths("/eng/politics")
    assert len(asked) == REDIRECT_MAX_TIMES + 1
    (error,) = crawled.run.errors_for("/eng/politics")
    assert "max redirections" in error["message"]


def test_a_redirect_loop_is_stopped_and_counted(crawled: Crawled) -> None:
    asked = crawled.site.paths("/kaz/politics")
    assert 2 <= len(asked) <= REDIRECT_MAX_TIMES + 1
    stats = crawled.run.stats
    assert stats.get("dupefilter/filtered", 0) + len(crawled.run.errors_for("/kaz/politics")) >= 1


def test_a_url_with_dot_segments_writes_nothing_outside_the_landing_folder(
    crawled: Crawled,
) -> None:
    """Files are named from the source and run id, never from a URL (RELIABILITY.md 30)."""
    assert any(sc.ESCAPE_NAME in p for p in crawled.site.paths())  # the crawler did ask for it
    written = [p for p in crawled.root.parent.rglob("*") if sc.ESCAPE_NAME in p.name]
    assert written == []
    kept = (crawled.run.landing, crawled.run.landing.parent / ARTIFACTS)
    outside = [
        p for p in crawled.root.rglob("*") if p.is_file() and not any(k in p.parents for k in kept)
    ]
    assert outside == [], outside


# --------------------------------------------------------------------------------------------
# 25. The hardened settings, as Scrapy loads them for a crawl
# --------------------------------------------------------------------------------------------


def test_settings_turn_off_listeners_and_foreign_schemes_and_set_the_caps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    settings = get_project_settings()
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers.get(scheme, "missing") is None for scheme in ("file", "data", "ftp", "s3"))
    assert settings.getint("DOWNLOAD_MAXSIZE") == 10 * 1024 * 1024
    assert settings.getint("DOWNLOAD_TIMEOUT") == 30
    assert settings.getint("REDIRECT_MAX_TIMES") == 5
    assert settings.getint("CLOSESPIDER_ERRORCOUNT") == 10
    assert settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getbool("ROBOTSTXT_OBEY")
    assert "mfa-watch" in settings.get("USER_AGENT") and "+https://" in settings.get("USER_AGENT")
    assert settings.getlist("MFA_ALLOW_PRIVATE_HOSTS") == []  # the default is deny
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares.get("scrapers.guard.PrivateAddressGuard") is not None
