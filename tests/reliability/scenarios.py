"""The hostile crawls of the reliability suite: which site answers what, on which path.

Why one module: each crawl costs a Scrapy start-up (seconds), so each scenario puts many cases
on one site, one per article or entry path, and the three crawls run at the same time
(tests/reliability/conftest.py). The test modules read the outcome of each path from the batch
and from the server's log. Every case uses a real kt.kz page of the offline snapshot, so the
real spider and parser meet it exactly as they would meet the live site misbehaving.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scrapers.snapshot.sites.ktkz import BASE, KtKzSite
from tests.reliability import hostile

SITE = KtKzSite()
_BY_ID = {a.id: a for a in SITE.articles}


def honest_page(article_id: int) -> bytes:
    """The article page as the snapshot serves it (UTF-8)."""
    return SITE.article_page(_BY_ID[article_id]).encode("utf-8")


def path(article_id: int) -> str:
    """The kt.kz path of a snapshot article."""
    return _BY_ID[article_id].path


def url(article_id: int) -> str:
    """The public URL of a snapshot article (what items and errors carry)."""
    return BASE + path(article_id)


# --- "misbehave": RELIABILITY.md 9, 11, 12, 14, 16, and no cookies in what is kept --------------

PARTIAL, DROPPED, BROKEN_CHUNKED = 1377987702, 1377987708, 1377987714
HANGS_AFTER_HEADERS, NEVER_ANSWERS = 1377987717, 1377987760
EMPTY_200, BINARY = 1377987788, 1377987812
CP1251_HEADER, CP1251_META_ONLY, CP1251_SAID_UTF8 = 1377987870, 1377987902, 1377988105
CP1251_KAZAKH = 1377988110  # Kazakh letters are not in windows-1251: they come as &#NNNN;
ROBOTS_FORBIDDEN = "/eng/"
COOKIE_SECRET = "mfa-session-COOKIE-SECRET-4711"
MISBEHAVE_TIMEOUT = 2  # DOWNLOAD_TIMEOUT of this crawl (seconds)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def to_cp1251(body: bytes) -> bytes:
    """A UTF-8 snapshot page re-encoded as windows-1251, its meta charset changed to say so."""
    text = body.decode("utf-8")
    text = text.replace('charset="utf-8"', 'charset="windows-1251"')
    text = text.replace("charset=utf-8", "charset=windows-1251")
    return text.encode("cp1251", errors="xmlcharrefreplace")


def misbehave_routes() -> dict[str, hostile.Behaviour]:
    return {
        path(PARTIAL): hostile.partial(),
        path(DROPPED): hostile.drop(),
        path(BROKEN_CHUNKED): hostile.broken_chunked(),
        path(HANGS_AFTER_HEADERS): hostile.hang_after_headers(),
        path(NEVER_ANSWERS): hostile.hang(),
        path(EMPTY_200): hostile.empty_200(),
        path(BINARY): hostile.page(PNG, "image/png"),
        path(CP1251_HEADER): hostile.rewrite(to_cp1251, "text/html; charset=windows-1251"),
        path(CP1251_META_ONLY): hostile.rewrite(to_cp1251, "text/html"),
        path(CP1251_SAID_UTF8): hostile.rewrite(to_cp1251, "text/html; charset=utf-8"),
        path(CP1251_KAZAKH): hostile.rewrite(to_cp1251, "text/html; charset=windows-1251"),
        "/kaz/rss/": hostile.with_headers({"Set-Cookie": f"session={COOKIE_SECRET}; Path=/"}),
    }


# --- "bombs": RELIABILITY.md 18 -------------------------------------------------------------

BOMBS = {1377987702: "gzip", 1377987708: "br", 1377987714: "zstd", 1377987717: "deflate"}
HUGE_DECLARED, HUGE_STREAMED = 1377987760, 1377987788
HONEST_GZIP = 1377987812  # a normal page, honestly compressed: must still be read


def bomb_routes() -> dict[str, hostile.Behaviour]:
    import gzip

    routes = {path(a): hostile.encoded(hostile.bomb(enc), enc) for a, enc in BOMBS.items()}
    routes[path(HUGE_DECLARED)] = hostile.huge(declare_length=True)
    routes[path(HUGE_STREAMED)] = hostile.huge(declare_length=False)
    routes[path(HONEST_GZIP)] = hostile.encoded(gzip.compress(honest_page(HONEST_GZIP)), "gzip")
    return routes


# --- "ssrf": RELIABILITY.md 22-24, 30 -------------------------------------------------------

# Names the crawl's fake DNS answers (kt.kz names pass the offsite filter: only the guard stands).
FAKE_DNS: dict[str, Any] = {
    "loop.kt.kz": ["127.0.0.1"],
    "meta.kt.kz": ["169.254.169.254"],
    "mixed.kt.kz": ["93.184.216.34", "127.0.0.1"],  # one public record, one private
    "rebind.kt.kz": {"first": ["93.184.216.34"], "then": ["127.0.0.1"]},
    "rebind-redirect.kt.kz": {"first": ["93.184.216.34"], "then": ["127.0.0.1"]},
}
REBINDING = ("rebind.kt.kz", "rebind-redirect.kt.kz")
ESCAPE_NAME = "escape_9999999911.html"


def ssrf_links(secret: int, file_dir: Path) -> dict[str, str]:
    """What the hostile /rus/rss feed links to, by case name ({secret} is the target's port)."""
    return {
        "localhost (offsite)": f"http://localhost:{secret}/rus/a_9999999901.html",
        "ipv4-mapped": f"http://[::ffff:127.0.0.1]:{secret}/rus/a_9999999902.html",
        "decimal": f"http://2130706433:{secret}/rus/a_9999999903.html",
        "octal": f"http://0177.0.0.1:{secret}/rus/a_9999999904.html",
        "metadata": "http://169.254.169.254/rus/a_9999999905.html",
        "name -> loopback": f"http://loop.kt.kz:{secret}/rus/a_9999999906.html",
        "name -> metadata": f"http://meta.kt.kz:{secret}/rus/a_9999999907.html",
        "one private record": f"http://mixed.kt.kz:{secret}/rus/a_9999999908.html",
        "dns rebinding": f"http://rebind.kt.kz:{secret}/rus/a_9999999909.html",
        "file": f"file://{file_dir}/a_9999999910.html",
        "data": "data:text/html,DATA-SECRET_9999999912.html",
        "ftp": f"ftp://127.0.0.1:{secret}/rus/a_9999999913.html",
        "dot segments": f"{BASE}/rus/politics/../../../../../../tmp/{ESCAPE_NAME}",
        "redirect -> metadata": f"{BASE}/rus/r_9999999914.html",
        "redirect -> ipv4-mapped": f"{BASE}/rus/r_9999999915.html",
    }


def ssrf_feed(links: Mapping[str, str]) -> bytes:
    items = "".join(
        f"<item><title>{name}</title><link>{link.replace('&', '&amp;')}</link>"
        "<pubDate>Tue, 24 Mar 2026 10:00:00 +0500</pubDate></item>"
        for name, link in links.items()
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>kt.kz'
        f"</title>{items}</channel></rss>"
    ).encode()


def ssrf_routes(secret: int, links: Mapping[str, str]) -> dict[str, hostile.Behaviour]:
    return {
        "/rus/rss": hostile.page(ssrf_feed(links), "application/rss+xml; charset=utf-8"),
        "/eng/rss": hostile.redirect(f"http://rebind-redirect.kt.kz:{secret}/eng/rss"),
        "/rus/politics": hostile.redirect(f"http://loop.kt.kz:{secret}/rus/politics"),
        "/eng/international_affair": hostile.redirect(
            f"http://localhost:{secret}/eng/international_affair"
        ),
        "/eng/politics": hostile.redirect_hops(),
        "/kaz/politics": hostile.redirect("/kaz/politics-b"),
        "/kaz/politics-b": hostile.redirect("/kaz/politics"),
        "/rus/r_9999999914.html": hostile.redirect("http://169.254.169.254/latest/meta-data/"),
        "/rus/r_9999999915.html": hostile.redirect(f"http://[::ffff:127.0.0.1]:{secret}/"),
        "/robots.txt": hostile.redirect(f"http://mixed.kt.kz:{secret}/robots.txt"),
    }
