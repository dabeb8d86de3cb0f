"""The connections' own DNS answers are checked: a name rebinding to a private address gets none.

The reliability suite (tests/reliability/test_ssrf.py) proves it against a real crawl with a
fake DNS; these tests pin the rules: any private record refuses the answer, the allowlist is by
name (never by address), approved answers are cached, and a refusal is not retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pytest
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.http import Request
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.address import IPv4Address, IPv6Address

from scrapers.resolver import (
    ConnectTimeRefusals,
    GuardedResolver,
    PrivateAnswer,
    answer_refusal,
)

NONE: frozenset[str] = frozenset()


# --- the pure rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "addresses",
    [
        ["127.0.0.1"],
        ["169.254.169.254"],
        ["93.184.216.34", "10.0.0.7"],  # one private record among public ones
        ["100.64.0.1"],
        ["0.0.0.0"],
        ["::1"],
        ["fd12::1"],
        ["::ffff:192.168.0.1"],
    ],
)
def test_a_private_record_refuses_the_answer(addresses: list[str]) -> None:
    reason = answer_refusal("news.example.kz", addresses, NONE)
    assert reason is not None and reason.startswith("news.example.kz resolved to")


def test_the_reason_names_the_host_and_address() -> None:
    reason = answer_refusal("rebind.kt.kz", ["127.0.0.1"], NONE)
    assert reason == "rebind.kt.kz resolved to private address 127.0.0.1 at connect time"


def test_public_answers_pass() -> None:
    assert answer_refusal("www.kt.kz", ["93.184.216.34", "2606:2800:220:1::1"], NONE) is None


def test_the_allowlist_is_by_name_never_by_address() -> None:
    allowed = frozenset({"127.0.0.1", "localhost"})
    assert answer_refusal("localhost", ["127.0.0.1"], allowed) is None
    assert answer_refusal("LocalHost.", ["127.0.0.1"], allowed) is None
    assert answer_refusal("loop.kt.kz", ["127.0.0.1"], allowed) is not None


# --- the resolver, over a fake original resolver ------------------------------------------


@dataclass
class FakeOriginal:
    answers: dict[str, list[str]]
    asked: list[str] = field(default_factory=list)

    def resolveHostName(self, receiver: Any, name: str, port: int = 0, *_: Any) -> str:
        self.asked.append(name)
        receiver.resolutionBegan(name)
        for ip in self.answers.get(name, []):
            cls = IPv6Address if ":" in ip else IPv4Address
            receiver.addressResolved(cls("TCP", ip, port))
        receiver.resolutionComplete()
        return name


@dataclass
class FakeReactor:
    nameResolver: Any
    installed: Any = None

    def installNameResolver(self, resolver: Any) -> None:
        self.installed = resolver


@dataclass
class Receiver:
    addresses: list[Any] = field(default_factory=list)
    complete: bool = False

    def resolutionBegan(self, resolution: Any) -> None:
        pass

    def addressResolved(self, address: Any) -> None:
        self.addresses.append(address)

    def resolutionComplete(self) -> None:
        self.complete = True


def _resolver(answers: dict[str, list[str]], allowed: frozenset[str] = NONE) -> GuardedResolver:
    return GuardedResolver(FakeReactor(FakeOriginal(answers)), 100, allowed)


def _resolve(resolver: GuardedResolver, name: str, port: int = 443) -> Receiver:
    receiver = Receiver()
    resolver.resolveHostName(receiver, name, port)
    assert receiver.complete
    return receiver


def test_a_public_answer_is_delivered_and_cached() -> None:
    resolver = _resolver({"www.kt.kz": ["93.184.216.34"]})
    first = _resolve(resolver, "www.kt.kz", 443)
    again = _resolve(resolver, "www.kt.kz", 80)
    assert [(a.host, a.port) for a in first.addresses] == [("93.184.216.34", 443)]
    assert [(a.host, a.port) for a in again.addresses] == [("93.184.216.34", 80)]
    assert resolver.original.asked == ["www.kt.kz"]  # the second came from the cache


def test_a_cached_ipv6_answer_gets_the_port_asked() -> None:
    resolver = _resolver({"v6.kt.kz": ["2606:2800:220:1::1"]})
    _resolve(resolver, "v6.kt.kz", 443)
    (again,) = _resolve(resolver, "v6.kt.kz", 8443).addresses
    assert isinstance(again, IPv6Address)
    assert (again.host, again.port) == ("2606:2800:220:1::1", 8443)


def test_a_private_answer_delivers_nothing_and_is_remembered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    resolver = _resolver({"mixed.kt.kz": ["93.184.216.34", "127.0.0.1"]})
    with caplog.at_level(logging.WARNING, logger="scrapers.resolver"):
        got = _resolve(resolver, "mixed.kt.kz")
    assert got.addresses == []
    assert "mixed.kt.kz resolved to private address 127.0.0.1 at connect time" in caplog.text
    assert resolver.refused.get("mixed.kt.kz")
    _resolve(resolver, "mixed.kt.kz")
    assert resolver.original.asked == ["mixed.kt.kz"] * 2  # a refusal is never cached as ok


def test_an_allowed_name_resolves_to_loopback() -> None:
    resolver = _resolver({"localhost": ["127.0.0.1"]}, frozenset({"localhost"}))
    assert [a.host for a in _resolve(resolver, "localhost").addresses] == ["127.0.0.1"]


def test_it_installs_as_the_reactors_name_resolver_from_the_process_settings() -> None:
    reactor = FakeReactor(FakeOriginal({}))

    @dataclass
    class Process:
        settings: Settings

    settings = Settings({"MFA_ALLOW_PRIVATE_HOSTS": "127.0.0.1,LocalHost", "DNSCACHE_SIZE": 5})
    resolver = GuardedResolver.from_crawler(Process(settings), reactor)
    resolver.install_on_reactor()
    assert reactor.installed is resolver
    assert resolver.allowed == frozenset({"127.0.0.1", "localhost"})
    assert resolver.cache.limit == 5


def test_the_project_settings_install_it() -> None:
    from scrapers import settings

    assert settings.TWISTED_DNS_RESOLVER == "scrapers.resolver.GuardedResolver"
    # before RetryMiddleware (550) on the way out, so a refusal is not retried
    priority = settings.DOWNLOADER_MIDDLEWARES["scrapers.resolver.ConnectTimeRefusals"]
    assert priority is not None and priority > 550


# --- the middleware that keeps a refusal from being retried -------------------------------


def _refusals(refused: dict[str, str]) -> tuple[ConnectTimeRefusals, MemoryStatsCollector]:
    stats = MemoryStatsCollector(get_crawler())
    middleware = ConnectTimeRefusals(stats)
    middleware.resolver = _resolver({})
    for name, reason in refused.items():
        middleware.resolver.refused[name] = reason
    return middleware, stats


def test_a_refused_names_dns_failure_becomes_a_private_answer() -> None:
    reason = "rebind.kt.kz resolved to private address 127.0.0.1 at connect time"
    middleware, stats = _refusals({"rebind.kt.kz": reason})
    request = Request("http://rebind.kt.kz:8080/rus/a_9999999909.html")
    with pytest.raises(PrivateAnswer) as caught:
        middleware.process_exception(request, CannotResolveHostError("no results"))
    assert isinstance(caught.value, IgnoreRequest)  # not in RETRY_EXCEPTIONS
    assert reason in str(caught.value) and request.url in str(caught.value)
    assert stats.get_value("mfa/guard/refused_at_connect") == 1


def test_other_failures_pass_through() -> None:
    middleware, stats = _refusals({"rebind.kt.kz": "refused"})
    middleware.process_exception(Request("http://unknown.kt.kz/"), CannotResolveHostError("x"))
    middleware.process_exception(Request("http://rebind.kt.kz/"), TimeoutError())
    assert stats.get_stats() == {}  # nothing raised, nothing counted


def test_without_the_resolver_installed_it_says_so(caplog: pytest.LogCaptureFixture) -> None:
    middleware = ConnectTimeRefusals(None)
    with caplog.at_level(logging.ERROR, logger="scrapers.resolver"):
        middleware.spider_opened()
    assert middleware.resolver is None
    assert "connect-time DNS check is not installed" in caplog.text
    middleware.process_exception(Request("http://rebind.kt.kz/"), CannotResolveHostError("x"))
