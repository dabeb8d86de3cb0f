"""Canonical URLs: one spelling per article, so a release fetched by two routes keys alike.

Why: the same page reaches the crawler as `http://` and `https://`, with and without `www.`,
with `?utm_source=telegram`, `/amp`, a `#fragment` or a trailing slash, and Kazinform's English
edition moved from en.inform.kz to qazinform.com. `articles.article_id` is derived from the
canonical URL, so every spelling of one page must canonicalize alike, and two different pages
never may. Rules are per site where the site is known (SOURCES.md): which host form it uses,
whether its article paths end in a slash, which query parameters carry identity (gov.kz keeps
`?lang=`: one article per language). Unknown sites get the generic rules: tracking parameters
and fragments dropped, `www.` dropped, no trailing slash, parameters sorted.

gov.kz detail URLs also give the translation group: the numeric id that the ru, kk and en
versions of one release share (`translation_group`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that never identify a page (analytics, ad clicks, share widgets, AMP switch).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "yclid", "msclkid", "igshid", "twclid",
        "mc_cid", "mc_eid", "_openstat", "_ga", "_gl", "amp", "ref", "ref_src", "ref_url",
        "spm", "outputtype",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


@dataclass(frozen=True)
class SiteRule:
    """How one site spells its canonical article URLs."""

    host: str  # the host form the site itself uses
    trailing_slash: bool  # article paths end in "/" (WordPress, tengrinews) or not
    keep_params: frozenset[str] = frozenset()  # the only query parameters that carry identity


# Keyed by the registrable domain (no www.). Hosts of subdomain editions are listed apart.
SITE_RULES: dict[str, SiteRule] = {
    "gov.kz": SiteRule("www.gov.kz", trailing_slash=False, keep_params=frozenset({"lang"})),
    "kt.kz": SiteRule("www.kt.kz", trailing_slash=False),
    "inform.kz": SiteRule("www.inform.kz", trailing_slash=False),
    "kaz.inform.kz": SiteRule("kaz.inform.kz", trailing_slash=True),
    "qazinform.com": SiteRule("qazinform.com", trailing_slash=False),
    "astanatimes.com": SiteRule(
        "astanatimes.com", trailing_slash=True, keep_params=frozenset({"p"})
    ),
    "tengrinews.kz": SiteRule("tengrinews.kz", trailing_slash=True),
    "en.tengrinews.kz": SiteRule("en.tengrinews.kz", trailing_slash=True),
    "kaz.tengrinews.kz": SiteRule("kaz.tengrinews.kz", trailing_slash=True),
    "kazpravda.kz": SiteRule("kazpravda.kz", trailing_slash=True),
    "mfa.kz": SiteRule("www.mfa.kz", trailing_slash=False),
}

# Editions that moved: (old host, old path prefix) -> (new host, new path prefix).
MOVED = {
    ("en.inform.kz", "/news/"): ("qazinform.com", "/news/"),
}

# RFE/RL sites serve one story at /a/<slug> and /amp/<slug>.
AMP_TO_A_HOSTS = frozenset({"radiosvoboda.org", "azattyq.org", "rferl.org"})

DEFAULT_PORTS = frozenset({80, 443})
_SEGMENT_SAFE = "!$&'()*+,;=:@-._~"
_AMP_TAIL_RE = re.compile(r"(?:/amp)+/?$", re.IGNORECASE)
_AMP_HEAD_RE = re.compile(r"^(?:/amp)+/", re.IGNORECASE)
_SLASHES_RE = re.compile(r"/{2,}")
_LANG_ALIASES = {"kz": "kk", "qaz": "kk", "rus": "ru", "eng": "en"}

# gov.kz: /memleket/entities/<project>/press/<section>/details/<id>
GOVKZ_DETAIL_RE = re.compile(
    r"^/memleket/entities/(?P<project>[\w.-]+)/press/(?P<section>[\w-]+)/details/(?P<id>\d+)$"
)
GOVKZ_HOST = "www.gov.kz"
GOVKZ_NEWS_SECTION = "news"


def _site_rule(host: str) -> SiteRule | None:
    """The rule of a known site (with or without `www.`), else None."""
    return SITE_RULES.get(host.removeprefix("www."))


def _normalize_path(path: str) -> str:
    """Percent-encoding made uniform per segment, duplicate slashes collapsed."""
    path = _SLASHES_RE.sub("/", path or "/")
    segments = [quote(unquote(seg), safe=_SEGMENT_SAFE) for seg in path.split("/")]
    return "/".join(segments) or "/"


def _strip_amp(host: str, path: str) -> str:
    head = _AMP_HEAD_RE.match(path)
    if head:
        bare = host.removeprefix("www.")
        path = ("/a/" if bare in AMP_TO_A_HOSTS else "/") + path[head.end() :]
    return _AMP_TAIL_RE.sub("", path) or "/"


def _apply_slash(path: str, trailing: bool) -> str:
    if path == "/":
        return path
    path = path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if trailing and "." not in last:
        return path + "/"
    return path or "/"


def _query(query: str, rule: SiteRule | None) -> str:
    """Identity parameters only (known sites: their allowlist; others: all but tracking), sorted."""
    pairs = parse_qsl(query, keep_blank_values=True)
    if rule is not None:
        kept = [(k.lower(), v) for k, v in pairs if k.lower() in rule.keep_params]
        kept = [(k, _LANG_ALIASES.get(v.lower(), v.lower()) if k == "lang" else v) for k, v in kept]
    else:
        kept = [
            (k, v)
            for k, v in pairs
            if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
        ]
    return urlencode(sorted(set(kept)), quote_via=quote)


def canonical_url(url: str) -> str:
    """The one spelling of an article URL (https, host form, no tracking, amp or fragment)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return url.strip()
    if parts.port is not None and parts.port not in DEFAULT_PORTS:
        host = f"{host}:{parts.port}"
    path = _strip_amp(host, _normalize_path(parts.path))
    for (old_host, old_prefix), (new_host, new_prefix) in MOVED.items():
        if host in (old_host, "www." + old_host) and path.startswith(old_prefix):
            host, path = new_host, new_prefix + path[len(old_prefix) :]
    rule = _site_rule(host)
    if rule is not None:
        host = rule.host
    elif host.startswith("www."):
        host = host[4:]
    path = _apply_slash(path, rule.trailing_slash if rule is not None else False)
    return urlunsplit((scheme, host, path, _query(parts.query, rule), ""))


def govkz_detail(url: str) -> tuple[str, str, int] | None:
    """(project, section, id) of a gov.kz press detail URL with a numeric id, else None."""
    canon = urlsplit(canonical_url(url))
    if canon.hostname != GOVKZ_HOST:
        return None
    m = GOVKZ_DETAIL_RE.match(canon.path)
    if m is None:
        return None
    return m["project"], m["section"], int(m["id"])


def translation_group(url: str) -> str | None:
    """ "gov.kz:<id>" for gov.kz news detail URLs (the id the ru/kk/en versions share), else None.

    Other gov.kz press sections (region-news, article) number their items apart from news, so
    their groups carry the section: "gov.kz:<section>:<id>".
    """
    detail = govkz_detail(url)
    if detail is None:
        return None
    _project, section, num = detail
    if section == GOVKZ_NEWS_SECTION:
        return f"gov.kz:{num}"
    return f"gov.kz:{section}:{num}"


def is_official(url: str) -> bool:
    """True for the ministry's own pages (gov.kz), the origin of a release when present."""
    host = urlsplit(canonical_url(url)).hostname or ""
    return host == GOVKZ_HOST
