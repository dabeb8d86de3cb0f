"""Refuse requests to private, loopback and link-local addresses (SSRF guard).

A link or redirect on a crawled page must never make the crawler reach the machine's own
services or a cloud metadata endpoint. Checked for literal IPs in any form (decimal, octal,
IPv4-mapped IPv6) and after DNS resolution (any private record refuses the host). Hosts named
in MFA_ALLOW_PRIVATE_HOSTS pass: only the tests and the offline demo set it, for 127.0.0.1.

This lookup is the guard's own: a name can answer public here and private to the connection
that follows (DNS rebinding). scrapers/resolver.py checks the address actually connected to;
this middleware keeps the early, explained refusal (the reason names the host) and catches the
literal addresses that never reach a resolver. It sits after Scrapy's offsite filter (50), so an
offsite link costs no DNS query, and before robots.txt (100), so a private host is never asked
for its robots.txt either. Each refusal counts `mfa/guard/refused`.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

ALLOWED_SCHEMES = ("http", "https")
CGNAT = ipaddress.ip_network("100.64.0.0/10")
STAT_REFUSED = "mfa/guard/refused"


class BlockedAddress(IgnoreRequest):
    """A request to a private or non-HTTP destination was refused."""


def literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host literal stands for, including decimal/octal/hex IPv4 forms."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:  # inet_aton accepts 2130706433, 0x7f.1, 0177.0.0.1 like browsers and curl do
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, RFC 1918, link-local, CGNAT, unspecified, ULA, or an IPv4-mapped one of those."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_private(ip.ipv4_mapped)
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_reserved
        or ip.is_multicast
        or (isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT)
    )


@lru_cache(maxsize=1024)
def _resolves_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # unresolvable: the download itself will fail and be reported
    return any(is_private(ipaddress.ip_address(info[4][0])) for info in infos)


def allowed_hosts(settings: BaseSettings) -> frozenset[str]:
    """MFA_ALLOW_PRIVATE_HOSTS, lower-cased (empty by default: deny)."""
    hosts = settings.getlist("MFA_ALLOW_PRIVATE_HOSTS")
    return frozenset(str(h).strip().lower() for h in hosts if str(h).strip())


def refusal(url: str, allowed_hosts: frozenset[str]) -> str | None:
    """Why a URL must not be fetched, or None when it may be."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        return f"scheme {parts.scheme!r} not allowed"
    host = (parts.hostname or "").lower()
    if not host:
        return "no host"
    if host in allowed_hosts:
        return None
    ip = literal_ip(host)
    if ip is not None:
        return f"private address {ip}" if is_private(ip) else None
    if _resolves_private(host):
        return f"{host} resolves to a private address"
    return None


class PrivateAddressGuard:
    """Downloader middleware applying `refusal` to every request, redirects included."""

    def __init__(self, allowed: frozenset[str], stats: StatsCollector | None = None) -> None:
        self.allowed_hosts = allowed
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        # Scrapy 2.19 calls middleware methods without `spider`: the stats come from here.
        return cls(allowed_hosts(crawler.settings), crawler.stats)

    def process_request(self, request: Request) -> None:
        """Raise BlockedAddress (counted) for a request that must not leave the machine."""
        reason = refusal(request.url, self.allowed_hosts)
        if reason is not None:
            if self.stats is not None:
                self.stats.inc_value(STAT_REFUSED)
            raise BlockedAddress(f"refused {request.url}: {reason}")
