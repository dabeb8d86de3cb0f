"""Hardened Scrapy settings shared by every spider.

Scrapy's defaults suit a crawl of the open web by hand (RELIABILITY.md): 1 GiB responses,
file:/data: handlers, telnet and remote control on. A scheduled crawl of government sites wants
the opposite: small caps, one request at a time per host, and nothing listening.
Each line says why.
"""

BOT_NAME = "mfa-watch"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

# Who we are, so a site's operator can reach us instead of blocking us.
USER_AGENT = (
    "mfa-watch/0.1 (+https://github.com/mfa-watch/mfa-watch; "
    "research crawler of public MFA releases)"
)
ROBOTSTXT_OBEY = True  # the sites' own rules come first

# Politeness: one request at a time per host, adaptive delay on top of a floor.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Caps: a hostile or broken page must not exhaust memory or hang a scheduled run.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # 10 MiB, checked after decompression too
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 50  # listings page back; a runaway pager stops here

# Retries: transient server trouble only; 403 is a refusal, never retried in a storm.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# Nothing listening, nothing fetched outside http(s).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
COOKIES_ENABLED = True  # gov.kz needs a ticket cookie before its news API answers

# A crawl that keeps failing stops instead of hammering.
CLOSESPIDER_ERRORCOUNT = 10

# One landing batch per crawl: items and raw responses, published only on a clean close.
EXTENSIONS = {
    "scrapers.batch.BatchWriter": 500,
    "scrapers.offline.OfflineSuffixList": 0,  # cookies never trigger a public-suffix download
}
DOWNLOADER_MIDDLEWARES = {
    # after the offsite filter (50: an offsite link costs no DNS query), before robots.txt (100:
    # a private host is not even asked for its robots.txt); redirects come through again
    "scrapers.guard.PrivateAddressGuard": 60,
    # robots.txt obeyed, fetched at most once a day per host (RFC 9309 allows 24 h)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scrapers.robots.CachedRobotsTxtMiddleware": 100,
    # after RetryMiddleware (550) on the way in: wait what a 429/503 asked, then let it retry
    "scrapers.retry_after.RetryAfterMiddleware": 560,
    # before RetryMiddleware on the way out: a name the resolver refused is not retried
    "scrapers.resolver.ConnectTimeRefusals": 800,
}

# The connection's own DNS answer is checked too (DNS rebinding); DNS_RESOLVER's 2.19 name.
TWISTED_DNS_RESOLVER = "scrapers.resolver.GuardedResolver"
# An empty, binary or undecodable 200 is one URL's error, not a new layout of the whole source.
SPIDER_MIDDLEWARES = {"scrapers.pagecheck.PageCheckMiddleware": 60}

# Set by the flow for each crawl (`-s MFA_LANDING_DIR=... -s MFA_RUN_ID=...`).
MFA_LANDING_DIR = "data/landing"
MFA_RUN_ID = ""
MFA_ROBOTS_CACHE_DIR = ""  # set by the flow: <landing>/<source>/robots
MFA_RETRY_AFTER_MAX = 120  # seconds a run waits for a server that asked it to come back later
# Hosts the guard lets through although they are private (only tests and the demo set this).
MFA_ALLOW_PRIVATE_HOSTS: list[str] = []

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
