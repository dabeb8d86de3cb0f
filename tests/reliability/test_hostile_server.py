"""The hostile server misbehaves exactly as advertised (a test tool is only as good as its faults).

Each generic endpoint is asked with a plain HTTP client: if /partial sent the whole body, or
/drop answered, the crawl tests built on them would pass for the wrong reason.
"""

from __future__ import annotations

import gzip
import http.client
import socket
import time
from collections.abc import Iterator

import pytest

from tests.reliability import hostile


@pytest.fixture(scope="module")
def server() -> Iterator[hostile.HostileServer]:
    with hostile.HostileServer("kt.kz", routes={"/x": hostile.status(418)}) as running:
        yield running


def _get(
    server: hostile.HostileServer, path: str, timeout: float = 5.0
) -> http.client.HTTPResponse:
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    con.request("GET", path)
    return con.getresponse()


def test_status_and_routes_answer_what_they_say(server: hostile.HostileServer) -> None:
    assert _get(server, "/status/503").status == 503
    assert _get(server, "/x").status == 418
    assert _get(server, "/rus/rss").status == 200  # everything else is the snapshot site


def test_partial_promises_more_than_it_sends(server: hostile.HostileServer) -> None:
    with pytest.raises(http.client.IncompleteRead):
        _get(server, "/partial").read()


def test_drop_closes_without_a_word(server: hostile.HostileServer) -> None:
    with pytest.raises(http.client.RemoteDisconnected):
        _get(server, "/drop")


def test_broken_chunked_breaks_the_chunk_framing(server: hostile.HostileServer) -> None:
    with pytest.raises((http.client.IncompleteRead, ValueError)):
        _get(server, "/broken-chunked").read()


def test_hang_after_headers_sends_headers_then_nothing(server: hostile.HostileServer) -> None:
    response = _get(server, "/hang-after-headers", timeout=1.0)
    assert response.status == 200 and response.getheader("Content-Length") == "5000"
    with pytest.raises((TimeoutError, socket.timeout)):
        response.read()


def test_empty_cp1251_deep_and_redirects(server: hostile.HostileServer) -> None:
    assert _get(server, "/empty200").read() == b""
    body = _get(server, "/cp1251").read()
    assert "Министр" in body.decode("cp1251") and b"&#1179;" in body  # қ as a reference
    assert _get(server, "/deep").read().count(b"<div>") == hostile.DEEP_LEVELS
    assert _get(server, "/redirect-to?url=/elsewhere").getheader("Location") == "/elsewhere"
    assert _get(server, "/redirect-loop").getheader("Location") == "/redirect-loop"


def test_bombs_are_small_on_the_wire_and_huge_inflated() -> None:
    packed = hostile.bomb("gzip")
    assert len(packed) < hostile.BOMB_SIZE // 500
    assert len(gzip.decompress(packed)) > hostile.BOMB_SIZE
    for encoding in ("br", "zstd", "deflate"):
        assert len(hostile.bomb(encoding)) < hostile.BOMB_SIZE // 500


def test_every_connection_is_counted_even_one_that_never_asks(
    server: hostile.HostileServer,
) -> None:
    before = server.silent_connections
    with socket.create_connection(("127.0.0.1", server.port)):
        pass  # connect and leave, as a port scan or an FTP client would
    for _ in range(100):  # the handler thread notices the close within milliseconds
        if server.silent_connections > before:
            break
        time.sleep(0.02)
    assert server.silent_connections == before + 1
