"""Check the addresses a connection is about to use, not only the ones the guard looked up.

scrapers/guard.py refuses a host whose DNS answer is private, but that answer comes from the
guard's own lookup; the connection resolves the name again. A name with a short TTL can answer
a public address to the first lookup and 127.0.0.1 or 169.254.169.254 to the second (DNS
rebinding), and the crawler would then talk to the machine's own services. So the resolver the
connections use checks its own answer: when any record is private, loopback, link-local
(metadata), CGNAT or unspecified (guard.is_private), it hands the connection no address at all,
unless the *name* is in MFA_ALLOW_PRIVATE_HOSTS (the tests and the demo allow 127.0.0.1, and
sometimes "localhost"). Allowing by address instead would let any name pointing at 127.0.0.1
through. Approved answers are cached (DNSCACHE_ENABLED, DNSCACHE_SIZE; no TTL, like Scrapy's
own caches), so a connection only ever uses an answer that was checked.

How it plugs in (Scrapy 2.19, Twisted 26): TWISTED_DNS_RESOLVER (DNS_RESOLVER is its deprecated
name) names a class the crawler *process* builds with `from_crawler(process, reactor=...)` and
installs. It is an IHostnameResolver, like Scrapy's CachingHostnameResolver, wrapping the
reactor's getaddrinfo resolver: the HTTP agent connects through HostnameEndpoint, which asks
`reactor.nameResolver` (an IResolverSimple would be wrapped by Twisted, which logs a refusal
as CRITICAL). DNS_TIMEOUT does not apply (as with CachingHostnameResolver); DOWNLOAD_TIMEOUT
still bounds the request.

A name given no address fails as a DNS error, which Scrapy retries. ConnectTimeRefusals, a
downloader middleware placed before RetryMiddleware on the way out, turns the failure of a name
this resolver refused into PrivateAnswer (an IgnoreRequest: not retried, recorded by the
request's errback with its reason) and counts `mfa/guard/refused_at_connect`. At spider open it
logs an error when the reactor does not resolve through GuardedResolver (another resolver, or no
Twisted reactor): the batch verdict counts logged errors, so the check is never silently off.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError
from scrapy.http import Request
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.datatypes import LocalCache
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.reactor import is_reactor_installed
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer

from scrapers.guard import BlockedAddress, allowed_hosts, is_private

STAT_REFUSED_AT_CONNECT = "mfa/guard/refused_at_connect"
REFUSALS_KEPT = 1024  # names refused in this process, remembered for ConnectTimeRefusals

logger = logging.getLogger(__name__)


class HasSettings(Protocol):
    """What `from_crawler` gets: the crawler process (not a Crawler), of which only settings."""

    @property
    def settings(self) -> BaseSettings: ...


class PrivateAnswer(BlockedAddress):
    """A name resolved to a private address when the connection asked (DNS rebinding)."""


def normal_name(name: str) -> str:
    """A host name as the allowlist and the refusals know it."""
    return name.strip().lower().rstrip(".")


def answer_refusal(name: str, addresses: Sequence[str], allowed: frozenset[str]) -> str | None:
    """Why a connection to `name` must not use this DNS answer, or None when it may."""
    if normal_name(name) in allowed:
        return None
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone is no address
        except ValueError:
            return f"{name} resolved to {address!r}, not an address"
        if is_private(ip):
            return f"{name} resolved to private address {ip} at connect time"
    return None


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Nothing to cancel: a cached answer is delivered at once."""


@implementer(IResolutionReceiver)
class _CheckingReceiver:
    """Holds the answer back until it is complete, then passes it on only if it is safe."""

    def __init__(self, resolver: GuardedResolver, receiver: Any, name: str) -> None:
        self.resolver = resolver
        self.receiver = receiver
        self.name = name
        self.addresses: list[Any] = []

    def resolutionBegan(self, resolution: Any) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: Any) -> None:
        self.addresses.append(address)

    def resolutionComplete(self) -> None:
        if self.resolver.approve(self.name, self.addresses):
            for address in self.addresses:
                self.receiver.addressResolved(address)
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver:
    """The reactor's name resolver, every answer checked by `answer_refusal`, approved cached."""

    def __init__(self, reactor: Any, cache_size: int, allowed: frozenset[str]) -> None:
        self.reactor = reactor
        self.original: Any = reactor.nameResolver
        self.allowed = allowed
        self.cache: LocalCache[str, list[Any]] = LocalCache(cache_size)
        self.refused: LocalCache[str, str] = LocalCache(REFUSALS_KEPT)

    @classmethod
    def from_crawler(cls, crawler: HasSettings, reactor: Any) -> GuardedResolver:
        """Built by the crawler process from its settings (DNSCACHE_*, the allowlist)."""
        settings = crawler.settings
        size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, size, allowed_hosts(settings))

    def install_on_reactor(self) -> None:
        """Make this the resolver of every connection the reactor makes."""
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: Any,  # IResolutionReceiver (zope interfaces are untyped for mypy)
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        """Resolve through the original resolver; deliver the answer only once it is checked."""
        cached = self.cache.get(normal_name(hostName))
        if cached is None:
            checking = _CheckingReceiver(self, resolutionReceiver, hostName)
            return self.original.resolveHostName(
                checking, hostName, portNumber, addressTypes, transportSemantics
            )
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        for address in cached:
            resolutionReceiver.addressResolved(_with_port(address, portNumber))
        resolutionReceiver.resolutionComplete()
        return resolution

    def approve(self, name: str, addresses: Sequence[Any]) -> bool:
        """Whether an answer may be used (and cache it); a refusal is logged and remembered."""
        hosts = [str(getattr(a, "host", "")) for a in addresses]
        reason = answer_refusal(name, hosts, self.allowed)
        if reason is not None:
            logger.warning("refused connection: %s", reason)
            self.refused[normal_name(name)] = reason
            return False
        if addresses:
            self.cache[normal_name(name)] = [_with_port(a, 0) for a in addresses]
        return True


def _with_port(address: Any, port: int) -> Any:
    """The same address with another port (cache entries do not depend on the port)."""
    if isinstance(address, IPv6Address) and address.port != port:
        return IPv6Address(address.type, address.host, port, address.flowInfo, address.scopeID)
    if isinstance(address, IPv4Address) and address.port != port:
        return IPv4Address(address.type, address.host, port)
    return address


def installed_resolver() -> GuardedResolver | None:
    """The GuardedResolver the running Twisted reactor resolves names through, if any."""
    if not is_reactor_installed():
        return None
    from twisted.internet import reactor

    found = getattr(reactor, "nameResolver", None)
    return found if isinstance(found, GuardedResolver) else None


class ConnectTimeRefusals:
    """Downloader middleware: a name the resolver refused fails as PrivateAnswer, not retried."""

    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats
        self.resolver: GuardedResolver | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConnectTimeRefusals:
        middleware = cls(crawler.stats)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self) -> None:
        """Find the resolver; say so, loudly, when connections do not go through it."""
        self.resolver = installed_resolver()
        if self.resolver is None:
            logger.error(
                "the connect-time DNS check is not installed (TWISTED_DNS_RESOLVER is not "
                "scrapers.resolver.GuardedResolver, or no Twisted reactor): DNS rebinding is "
                "not stopped in this crawl"
            )

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Raise PrivateAnswer (counted) for a DNS failure that was the resolver's refusal."""
        if self.resolver is None:
            return
        if not isinstance(exception, CannotResolveHostError | DNSLookupError):
            return
        reason = self.resolver.refused.get(normal_name(urlparse_cached(request).hostname or ""))
        if reason is None:
            return
        if self.stats is not None:
            self.stats.inc_value(STAT_REFUSED_AT_CONNECT)
        raise PrivateAnswer(f"refused {request.url}: {reason}") from exception
