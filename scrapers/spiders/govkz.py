"""gov.kz: the releases of the MFA (project `mfa`) and of its missions (`mfa-*`), the origin.

Site: https://www.gov.kz, an SPA; the text comes from its public news API (SOURCES.md §1), one
item per language version (ru, kk, en share the id). Crawl order:
1. POST the ticket (`/api/v1/public/_/c/k6`): since 2026 the news API answers 400 "notAllowed"
   to a session without the cookie it sets;
2. the listing of every `mfa*` project at once (`projects=contains:mfa`, INFERRED: verify live),
   newest first, in Russian (the gate), paged while a whole page is new; kk and en listings only
   when the Russian one showed something new;
3. if the prefix filter fails, the same per project of scrapers.govkz_projects (`eq:<p>`); if
   the API refuses us (400/403), the official RSS feed of each listed project instead.
Incremental: a 304 or a page of known ids (`known_max_id`) ends it, so an unchanged site costs
robots.txt + the ticket POST + one conditional listing. Parsing: scrapers.parsing.govkz.
An item its validation refuses (InvalidItem) is reported under its URL; the listing goes on.
A backfill window [since, until) pages through newer listing pages keeping none of their items:
the API dates each one (`created_date`, compared as an Astana day), so no detail outside is asked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy.http import Request, TextResponse

from scrapers.batch import report_caught
from scrapers.errors import InvalidItem
from scrapers.govkz_projects import PROJECTS, Project
from scrapers.items import PressRelease
from scrapers.parsing import govkz as parsing
from scrapers.spiders.base import SourceSpider

PAGE_SIZE = 20
GATE = Project("mfa")  # the prefix listing: Russian first, then the other languages
Output = Iterator[PressRelease | Request]
TICKET_META = {"handle_httpstatus_all": True, "dont_check_page": True}  # read by status only
TICKET = {"method": "POST", "body": b"{}", "meta": TICKET_META}


class GovKzSpider(SourceSpider):
    """The MFA's and its missions' news from the gov.kz API, or their RSS when refused."""

    name = "gov.kz"
    allowed_domains = ["gov.kz"]  # noqa: RUF012 (Scrapy reads and extends this list)
    parser_module = "scrapers.parsing.govkz"

    def __init__(self, *args: Any, page_size: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_size = int(page_size) if page_size else PAGE_SIZE
        self.mode = "prefix"  # -> "projects" when the prefix filter fails, -> "rss" if refused
        self.emitted: set[tuple[int, str]] = set()  # (id, lang) already yielded or asked for

    async def start(self) -> AsyncIterator[Request]:
        headers = parsing.ticket_headers()
        yield self.fetch(parsing.TICKET_URL, self.after_ticket, "ticket", headers=headers, **TICKET)

    def after_ticket(self, response: TextResponse) -> Iterator[Request]:
        """Whatever the ticket answered, ask the listing: it tells whether we are let in."""
        self._count(f"ticket/{response.status}")
        yield self._listing(parsing.ALL_MFA_PROJECTS, GATE, GATE.languages[0], 1)

    def parse_list(
        self, response: TextResponse, projects: str, project: Project, lang: str, page: int
    ) -> Output:
        """Keep the page's new items; page on, open the other languages, or fall back."""
        if self._unchanged(response):
            return
        if parsing.is_refused(response):
            yield from self._fall_back("rss", f"API refused: {parsing.refusal_code(response)}")
            return
        ok = response.status == 200
        items = parsing.parse_news_list(response, self.public_url(response.url)) if ok else None
        if projects == parsing.ALL_MFA_PROJECTS and not parsing.prefix_usable(items, page):
            yield from self._fall_back("projects", f"prefix listing unusable: {response.status}")
            return
        triage = self._triage(items or [])
        yield from self._emit(triage.new, response)
        if triage.more:
            yield self._listing(projects, project, lang, page + 1)
        if page == 1 and (triage.new or triage.later) and lang == project.languages[0]:  # gate
            for other in project.languages[1:]:
                yield self._listing(projects, project, other, 1)

    def parse_feed(self, response: TextResponse, project: Project, lang: str) -> Output:
        """RSS path: the feed's new items; the project's other languages if the gate had some."""
        if self._unchanged(response):
            return
        items = parsing.parse_feed(response, self.public_url(response.url))
        triage = self._triage(items)
        if triage.more and self.known_max_id is not None:
            self._count("rss_window_full")  # all new: the feed may not reach back to the last run
        yield from self._emit(triage.new, response)
        if (triage.new or triage.later) and lang == project.languages[0]:
            for other in project.languages[1:]:
                yield self._feed(project, other)

    def parse_detail(self, response: TextResponse, project: str | None) -> Iterator[PressRelease]:
        """A release whose listing item came without its body."""
        item = parsing.parse_detail(response, self.public_url(response.url), project)
        yield from self._kept(item, response)

    def _triage(self, items: Iterable[parsing.NewsItem]) -> parsing.Triage:
        """The page's items to keep in this run's window; those after `until` counted."""
        triage = parsing.triage(items, self.known_max_id, self.since, self.until)
        self._count("after_until", triage.later)
        return triage

    def _emit(self, items: Iterable[parsing.NewsItem], response: TextResponse) -> Output:
        for item in items:
            if (item.id, item.lang) in self.emitted:
                continue
            self.emitted.add((item.id, item.lang))
            if not item.body_html.strip():  # the listing left the body out: ask the detail
                yield self._detail(item)
                continue
            yield from self._kept(item, response)

    def _kept(self, item: parsing.NewsItem, response: TextResponse) -> Iterator[PressRelease]:
        """The item's release; an invalid one is reported with its URL, the others go on."""
        try:
            release = parsing.release_of(item)
        except InvalidItem as exc:
            self._count("invalid_item")
            report_caught(self, response, exc)
            return
        self._count(f"items/{item.lang}" if release else "no_text")  # None: a photo-only item
        if release is not None:
            yield release

    def _fall_back(self, mode: str, reason: str) -> Iterator[Request]:
        """Once: project by project ("projects"), or the RSS feeds ("rss", also from "projects")."""
        if self.mode in (mode, "rss"):
            return
        self.mode = mode
        self.logger.warning("%s: reading %s instead", reason, mode)
        self._count(f"fallback/{mode}")
        for p in PROJECTS:  # each in its first (gate) language
            g = p.languages[0]
            yield self._feed(p, g) if mode == "rss" else self._listing(f"eq:{p.slug}", p, g, 1)

    def _listing(self, projects: str, project: Project, lang: str, page: int) -> Request:
        prefix = projects == parsing.ALL_MFA_PROJECTS
        statuses = [304, *parsing.REFUSED, *((404, 500, 501) if prefix else ())]
        return self.entry(
            parsing.news_list_url(projects, lang, page, self.page_size),
            self.parse_list,
            "api_list",
            headers=parsing.api_headers(lang, project.slug),
            meta={"handle_httpstatus_list": statuses, "dont_retry": prefix},
            cb_kwargs={"projects": projects, "project": project, "lang": lang, "page": page},
        )

    def _feed(self, project: Project, lang: str) -> Request:
        kw = {"project": project, "lang": lang}
        return self.entry(parsing.rss_url(project.slug, lang), self.parse_feed, "rss", cb_kwargs=kw)

    def _detail(self, item: parsing.NewsItem) -> Request:
        url, kw = parsing.detail_url(item.id, item.lang), {"project": item.project}
        headers = parsing.api_headers(item.lang, item.project or GATE.slug)
        return self.fetch(url, self.parse_detail, "api_detail", headers=headers, cb_kwargs=kw)

    def _unchanged(self, response: TextResponse) -> bool:
        self._count("not_modified" if response.status == 304 else f"status/{response.status}")
        return response.status == 304

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None and value:
            self.crawler.stats.inc_value(f"govkz/{key}", value)
