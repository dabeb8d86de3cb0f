"""A loopback HTTP server that misbehaves on purpose, like Scrapy's own mock server.

Why: the snapshot server answers like a well-run site. The reliability tests need a site that
fails the way real ones do (RELIABILITY.md "Source failures", "Hostile content", "SSRF"): a
503 before the 200, a body cut short, a connection dropped, a chunked body that lies, headers and
then silence, a compression bomb, 50 MiB of HTML, a redirect loop. `HostileServer` serves a
snapshot site (so the real spiders crawl it) and lets a test put a hostile behaviour on any path,
permanently (`routes`) or for the first requests only (`script`). The generic endpoints of
Scrapy's mock server (`/status/N`, `/delay`, `/hang-after-headers`, `/partial`, `/drop`,
`/broken-chunked`, `/empty200`, `/cp1251`, `/bomb-gzip|br|zstd|deflate`, `/huge`, `/deep`,
`/redirect-to?url=`, `/redirect-loop`) are always there too.

Every wait is bounded (HANG_SECONDS, and the server's stop event), and it listens on 127.0.0.1
only. Each request is logged with its Host header; each accepted connection is counted (a
client that never sends a request, an FTP attempt, still shows up).
"""

from __future__ import annotations

import contextlib
import functools
import select
import socket
import threading
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import brotli

from scrapers.snapshot.server import load_site
from scrapers.snapshot.site import Reply, Request, Site

HANG_SECONDS = 30.0  # the longest any behaviour keeps a connection waiting
BOMB_SIZE = 128 * 1024 * 1024  # decompressed size of the bombs: far past DOWNLOAD_MAXSIZE
HUGE_SIZE = 50 * 1024 * 1024
DEEP_LEVELS = 100_000
_CHUNK = 1 << 20
HTML = "text/html; charset=utf-8"

Behaviour = Callable[["Exchange"], None]


@dataclass(frozen=True)
class Hit:
    path: str  # path?query as requested
    host: str  # the Host header: which name the client thought it was talking to
    method: str
    cookie: str


class Exchange:
    """One request and the raw socket to answer it with (what a behaviour gets)."""

    def __init__(self, handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        self.handler = handler
        self.server = server
        parts = urlsplit(handler.path)
        self.path = parts.path
        self.query = parts.query
        self.headers = {k.lower(): v for k, v in handler.headers.items()}

    def send(
        self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> None:
        """A well-formed reply with a Content-Length."""
        self.handler.send_response(status)
        for name, value in (headers or {}).items():
            self.handler.send_header(name, value)
        self.handler.send_header("Content-Length", str(len(body)))
        self.handler.end_headers()
        if self.handler.command != "HEAD":
            self.handler.wfile.write(body)

    def send_reply(self, reply: Reply) -> None:
        """Send a snapshot Reply as it is."""
        self.send(reply.status, reply.body, dict(reply.headers))

    def raw(self, data: bytes) -> None:
        """Bytes straight onto the socket (for replies that break HTTP on purpose)."""
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def close(self) -> None:
        """End the connection after this behaviour."""
        self.handler.close_connection = True

    def hold(self, seconds: float = HANG_SECONDS) -> None:
        """Keep the connection open and silent until the client leaves, the server stops, or
        `seconds` pass (never longer)."""
        self.handler.wfile.flush()
        sock = self.handler.connection
        deadline = time.monotonic() + min(seconds, HANG_SECONDS)
        while not self.server.stopping.is_set() and time.monotonic() < deadline:
            ready, _, _ = select.select([sock], [], [], 0.1)
            if ready:
                try:
                    if not sock.recv(1024):
                        break  # the client gave up
                except OSError:
                    break
        self.close()

    def site_reply(self) -> Reply:
        """What the snapshot site would answer to this request."""
        return self.server.site_reply(self.path, self.query, self.headers)


# --------------------------------------------------------------------------------------------
# Behaviours: each returns a function of an Exchange
# --------------------------------------------------------------------------------------------


def status(code: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Behaviour:
    """Answer with this status (a 503 before the 200, a permanent 500, a 429)."""
    return lambda ex: ex.send(code, body, {"Content-Type": HTML, **(headers or {})})


def page(
    body: bytes, content_type: str = HTML, headers: Mapping[str, str] | None = None
) -> Behaviour:
    """A 200 with these bytes."""
    return lambda ex: ex.send(200, body, {"Content-Type": content_type, **(headers or {})})


def rewrite(change: Callable[[bytes], bytes], content_type: str | None = None) -> Behaviour:
    """The site's own page for this path, changed (a new layout, another charset...)."""

    def behave(ex: Exchange) -> None:
        reply = ex.site_reply()
        headers = dict(reply.headers)
        if content_type is not None:
            headers["Content-Type"] = content_type
        ex.send(reply.status, change(reply.body), headers)

    return behave


def hang() -> Behaviour:
    """Read the request, then never answer (bounded by HANG_SECONDS)."""
    return lambda ex: ex.hold()


def hang_after_headers() -> Behaviour:
    """Send the status line and headers promising a body, then nothing."""

    def behave(ex: Exchange) -> None:
        ex.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>")
        ex.hold()

    return behave


def partial(fraction: float = 0.3) -> Behaviour:
    """The site's page with a Content-Length for all of it, but only a part sent."""

    def behave(ex: Exchange) -> None:
        body = ex.site_reply().body
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {HTML}\r\nContent-Length: {len(body)}\r\n\r\n"
        ex.raw(head.encode() + body[: int(len(body) * fraction)])
        ex.close()

    return behave


def drop() -> Behaviour:
    """Read the request and close the connection without a word."""
    return lambda ex: ex.close()


def broken_chunked() -> Behaviour:
    """Chunked encoding whose second chunk lies about its size, then the connection ends."""

    def behave(ex: Exchange) -> None:
        body = ex.site_reply().body
        first = body[: len(body) // 2]
        ex.raw(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
            + f"{len(first):x}\r\n".encode()
            + first
            + b"\r\nZZ-not-hex\r\n"
            + body[len(body) // 2 :]
        )
        ex.close()

    return behave


def empty_200() -> Behaviour:
    """A 200 with an empty body."""
    return page(b"")


def encoded(body: bytes, encoding: str, content_type: str = HTML) -> Behaviour:
    """A body sent with a Content-Encoding (the bombs)."""
    return page(body, content_type, {"Content-Encoding": encoding})


def huge(size: int = HUGE_SIZE, declare_length: bool = True) -> Behaviour:
    """`size` bytes of HTML, with a Content-Length or streamed until the connection closes."""

    def behave(ex: Exchange) -> None:
        head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        head += f"Content-Length: {size}\r\n" if declare_length else "Connection: close\r\n"
        ex.close()
        try:
            ex.raw((head + "\r\n").encode() + b"<html><body><p>")
            chunk = b"a" * _CHUNK
            for _ in range(size // _CHUNK):
                if ex.server.stopping.is_set():
                    return
                ex.raw(chunk)
        except OSError:
            return  # the client hung up: the size cap did its job

    return behave


def redirect(location: str, code: int = 302) -> Behaviour:
    """A redirect to `location` (absolute, or a path on this server)."""
    return lambda ex: ex.send(code, b"", {"Location": location})


def redirect_hops(code: int = 302) -> Behaviour:
    """Redirect to the same path with ?hop=N+1, forever: a chain no cap would end."""

    def behave(ex: Exchange) -> None:
        hop = int((parse_qs(ex.query).get("hop") or ["0"])[0])
        ex.send(code, b"", {"Location": f"{ex.path}?hop={hop + 1}"})

    return behave


def with_headers(headers: Mapping[str, str]) -> Behaviour:
    """The site's reply for this path with extra headers (a Set-Cookie...)."""

    def behave(ex: Exchange) -> None:
        reply = ex.site_reply()
        ex.send(reply.status, reply.body, {**reply.headers, **headers})

    return behave


# --------------------------------------------------------------------------------------------
# Hostile payloads, generated here (never stored)
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def bomb(encoding: str, size: int = BOMB_SIZE) -> bytes:
    """`size` bytes of HTML-ish zeros compressed with gzip, deflate, br or zstd."""
    zeros = b"\0" * _CHUNK
    chunks = (b"<html><body><p>", *(zeros for _ in range(size // _CHUNK)))  # one MiB, reused
    if encoding in ("gzip", "deflate"):
        wbits = 31 if encoding == "gzip" else 15
        packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
        return b"".join(packer.compress(c) for c in chunks) + packer.flush()
    if encoding == "br":
        brotli_packer = brotli.Compressor(quality=5)
        return bytes(b"".join(brotli_packer.process(c) for c in chunks) + brotli_packer.finish())
    if encoding == "zstd":
        from backports import zstd  # Scrapy's own zstd dependency on Python < 3.14

        zstd_packer = zstd.ZstdCompressor()
        return bytes(b"".join(zstd_packer.compress(c) for c in chunks) + zstd_packer.flush())
    raise ValueError(f"unknown encoding {encoding!r}")


def deep_html(levels: int = DEEP_LEVELS) -> bytes:
    """A page nested `levels` divs deep, with text at the bottom."""
    return (
        b"<html><body>" + b"<div>" * levels + b"deep text" + b"</div>" * levels + b"</body></html>"
    )


CP1251_PAGE = (
    "<html><head><meta charset='windows-1251'><title>Пресс-релиз</title></head><body>"
    "<h1>Министр иностранных дел провел встречу</h1><p>Қазақстан мен Түркия</p></body></html>"
)


def _generic(ex: Exchange) -> bool:
    """Scrapy-mock-server endpoints available on every HostileServer; True if one answered."""
    path, query = ex.path, parse_qs(ex.query)
    if path.startswith("/status/"):
        status(int(path.rsplit("/", 1)[1]))(ex)
    elif path == "/delay":
        time.sleep(min(float((query.get("s") or ["1"])[0]), HANG_SECONDS))
        ex.send(200, b"<html><body>late</body></html>", {"Content-Type": HTML})
    elif path == "/hang":
        hang()(ex)
    elif path == "/hang-after-headers":
        hang_after_headers()(ex)
    elif path == "/partial":
        body = b"<html><body>" + b"x" * 10_000 + b"</body></html>"
        ex.raw(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:100])
        ex.close()
    elif path == "/drop":
        drop()(ex)
    elif path == "/broken-chunked":
        ex.raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n")
        ex.close()
    elif path == "/empty200":
        empty_200()(ex)
    elif path == "/cp1251":
        body = CP1251_PAGE.encode("cp1251", errors="xmlcharrefreplace")
        page(body, "text/html; charset=windows-1251")(ex)
    elif path.startswith("/bomb-"):
        encoding = path.removeprefix("/bomb-")
        encoded(bomb(encoding), encoding)(ex)
    elif path == "/huge":
        huge()(ex)
    elif path == "/deep":
        page(deep_html())(ex)
    elif path == "/redirect-to":
        redirect((query.get("url") or ["/"])[0])(ex)
    elif path == "/redirect-loop":
        redirect("/redirect-loop")(ex)
    else:
        return False
    return True


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class _CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: HostileServer, handler: type[BaseHTTPRequestHandler]) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, addr = super().get_request()
        self.owner.count_connection()
        return conn, addr


class HostileServer:
    """A snapshot site (or nothing) on 127.0.0.1 with hostile behaviours on chosen paths."""

    def __init__(
        self,
        source: str | None = None,
        *,
        routes: Mapping[str, Behaviour] | None = None,
        script: Mapping[str, Sequence[Behaviour]] | None = None,
        robots: str | None = None,
    ) -> None:
        self.site: Site | None = load_site(source) if source else None
        self.routes = dict(routes or {})
        self.script = {path: list(steps) for path, steps in (script or {}).items()}
        self.robots = robots
        self.hits: list[Hit] = []
        self.connections = 0
        self.silent_connections = 0  # connections that never sent an HTTP request (FTP, probes)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server: _CountingServer | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> HostileServer:
        self._server = _CountingServer(self, self._handler())
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    def host_map(self) -> str:
        """The `-a snapshot=...` argument: every origin of the site served from here."""
        import json

        origins = self.site.origins if self.site else ()
        return json.dumps({origin: self.base for origin in origins})

    # --- what was asked ------------------------------------------------------------------------

    def count_connection(self) -> None:
        with self._lock:
            self.connections += 1

    def count_silent(self) -> None:
        with self._lock:
            self.silent_connections += 1

    def paths(self, prefix: str = "") -> list[str]:
        """Requested paths (with query) starting with `prefix`, in order."""
        with self._lock:
            return [h.path for h in self.hits if h.path.startswith(prefix)]

    def hosts(self) -> list[str]:
        """The Host header of every request, in order."""
        with self._lock:
            return [h.host for h in self.hits]

    # --- answering -----------------------------------------------------------------------------

    def site_reply(self, path: str, query: str, headers: Mapping[str, str]) -> Reply:
        """The snapshot site's reply (404 when there is no site)."""
        if self.site is None:
            return Reply.not_found()
        origin = self.site.origins[0]
        return self.site.respond(Request(origin, "GET", path, query, headers))

    def _behaviour(self, ex: Exchange) -> Behaviour | None:
        with self._lock:
            queue = self.script.get(ex.path)
            if queue:
                return queue.pop(0)
        if ex.path in self.routes:
            return self.routes[ex.path]
        if ex.path == "/robots.txt" and self.robots is not None:
            return page(self.robots.encode(), "text/plain; charset=utf-8")
        return None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        ex = Exchange(handler, self)
        with self._lock:
            self.hits.append(
                Hit(
                    handler.path,
                    ex.headers.get("host", ""),
                    handler.command,
                    ex.headers.get("cookie", ""),
                )
            )
        behaviour = self._behaviour(ex)
        if behaviour is not None:
            behaviour(ex)
        elif not _generic(ex):
            ex.send_reply(ex.site_reply())

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10  # a client that connects and says nothing is let go (and counted)
            served = False

            def handle(self) -> None:
                with contextlib.suppress(TimeoutError, OSError):
                    super().handle()
                if not self.served:
                    outer.count_silent()

            def do_GET(self) -> None:
                self._safely()

            def do_HEAD(self) -> None:
                self._safely()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self._safely()

            def _safely(self) -> None:
                self.served = True
                try:
                    outer._serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
