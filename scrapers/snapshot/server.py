"""Serve snapshot sites on 127.0.0.1, one listener per real origin.

`with SnapshotServer(["kt.kz"]) as server:` starts the listeners in threads and gives
`server.host_map` ({"https://www.kt.kz": "http://127.0.0.1:PORT"}), the `-a snapshot=...`
argument the spiders take. Conditional GETs are answered here for every site: each 200 carries
an ETag, and a matching If-None-Match gets 304, as a well-run news site does. `fault` makes a
site answer every request with one status, `script` serves given replies on a path before the
normal ones (a 429 then a 200), and `delay` slows every reply (tests of failing and killed
crawls). Requests are counted per source.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from scrapers.snapshot.site import Reply, Request, Site

SITES = {
    "gov.kz": "scrapers.snapshot.sites.govkz:GovKzSite",
    "kt.kz": "scrapers.snapshot.sites.ktkz:KtKzSite",
    "inform.kz": "scrapers.snapshot.sites.kazinform:KazinformSite",
    "astanatimes.com": "scrapers.snapshot.sites.astanatimes:AstanaTimesSite",
    "tengrinews.kz": "scrapers.snapshot.sites.tengrinews:TengrinewsSite",
}


def load_site(source: str) -> Site:
    """Instantiate the snapshot site of a source id."""
    try:
        module_name, class_name = SITES[source].split(":")
    except KeyError:
        raise KeyError(f"no snapshot site for source {source!r}; known: {sorted(SITES)}") from None
    site: Site = getattr(importlib.import_module(module_name), class_name)()
    return site


def etag_of(body: bytes) -> str:
    """A strong validator for a body."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


class SnapshotServer:
    """Loopback listeners for snapshot sites (context manager)."""

    def __init__(
        self,
        sources: Iterable[str],
        ports: dict[str, int] | None = None,
        fault: dict[str, int] | None = None,
        delay: float = 0.0,
        script: dict[str, list[Reply]] | None = None,
    ) -> None:
        self.sites = [load_site(s) for s in sources]
        self.ports = ports or {}
        self.fault = fault or {}
        self.delay = delay  # seconds before each reply (tests that kill a crawl midway)
        # path -> replies served, in order, before the site answers that path normally
        self.script = {path: list(replies) for path, replies in (script or {}).items()}
        self.timed_log: list[tuple[float, str, int]] = []  # (monotonic time, path?query, status)
        self.requests: Counter[str] = Counter()  # per source
        self.log: list[tuple[str, str, int]] = []  # (source, path?query, status)
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self.host_map: dict[str, str] = {}

    def __enter__(self) -> SnapshotServer:
        for site in self.sites:
            for origin in site.origins:
                server = ThreadingHTTPServer(
                    ("127.0.0.1", self.ports.get(origin, 0)), self._handler(site, origin)
                )
                server.daemon_threads = True
                self._servers.append(server)
                self.host_map[origin] = f"http://127.0.0.1:{server.server_address[1]}"
                threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def snapshot_arg(self, source: str) -> str:
        """The JSON host map of one source, for `scrapy crawl -a snapshot=...`."""
        site = next(s for s in self.sites if s.source == source)
        return json.dumps({o: self.host_map[o] for o in site.origins})

    def _count(self, source: str, target: str, status: int) -> None:
        with self._lock:
            self.requests[source] += 1
            self.log.append((source, target, status))
            self.timed_log.append((time.monotonic(), target, status))

    def _scripted(self, path: str) -> Reply | None:
        with self._lock:
            queue = self.script.get(path)
            return queue.pop(0) if queue else None

    def _handler(self, site: Site, origin: str) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: the request log above is what tests read

            def _serve(self, head: bool = False) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                if outer.delay:
                    time.sleep(outer.delay)
                scripted = outer._scripted(parts.path)
                if scripted is not None:
                    reply = scripted
                elif site.source in outer.fault:
                    reply = Reply.html("<h1>Server error</h1>", outer.fault[site.source])
                else:
                    reply = site.respond(
                        Request(origin, self.command, parts.path, parts.query, headers, body)
                    )
                reply = _conditional(reply, headers)
                outer._count(site.source, self.path, reply.status)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if not head and reply.status != 304:
                    self.wfile.write(reply.body)

        return Handler


def _conditional(reply: Reply, headers: dict[str, str]) -> Reply:
    if reply.status != 200:
        return reply
    tag = etag_of(reply.body)
    if headers.get("if-none-match") == tag:
        return Reply(304, b"", {"ETag": tag})
    return Reply(reply.status, reply.body, {**reply.headers, "ETag": tag})
