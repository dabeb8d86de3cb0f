"""Refuse requests to private, loopback and link-local addresses (SSRF guard).

A link or redirect on a crawled page must never make the crawler reach the machine's own
services or a cloud metadata endpoint. Checked for literal IPs in any form (decimal, octal,
IPv4-mapped IPv6) and after DNS resolution (any private record refuses the host). Hosts named
in MFA_ALLOW_PRIVATE_HOSTS pass: only the tests and the offline demo set it, for 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

ALLOWED_SCHEMES = ("http", "https")


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
    cgnat = ipaddress.ip_network("100.64.0.0/10")
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_reserved
        or ip.is_multicast
        or (isinstance(ip, ipaddress.IPv4Address) and ip in cgnat)
    )


@lru_cache(maxsize=1024)
def _resolves_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # unresolvable: the download itself will fail and be reported
    return any(is_private(ipaddress.ip_address(info[4][0])) for info in infos)


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

    def __init__(self, allowed_hosts: frozenset[str]) -> None:
        self.allowed_hosts = allowed_hosts

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        hosts = crawler.settings.getlist("MFA_ALLOW_PRIVATE_HOSTS")
        return cls(frozenset(h.lower() for h in hosts))

    def process_request(self, request: Request, spider: scrapy.Spider | None = None) -> None:
        reason = refusal(request.url, self.allowed_hosts)
        if reason is not None:
            if spider is not None and spider.crawler.stats:
                spider.crawler.stats.inc_value("mfa/guard/refused")
            raise BlockedAddress(f"refused {request.url}: {reason}")
