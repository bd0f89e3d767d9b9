"""Navigation of one section of one site: listing pages, their article links, the next page.

What a site looks like is its profile (``hunaworld/sites/``), or, for a site with none, what
discovery learns from its pages (:mod:`hunaworld.discovery`); what to fetch again is the
incremental policy; extraction, storage and the run record are crawl services (extensions). This
module only decides what to request, and hands article pages on.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hunaworld.crawling.arguments import CrawlArguments
from hunaworld.crawling.extraction import ExtractionService
from hunaworld.crawling.incremental import Decision, IncrementalPolicy
from hunaworld.crawling.middlewares import RedirectLoop
from hunaworld.crawling.rendering import rendering_missing
from hunaworld.crawling.scripted import RENDER_META, ScriptedListings
from hunaworld.crawling.sources import SectionSources
from hunaworld.crawling.workers import ExtractionError
from hunaworld.discovery.apifinder import written_by_script
from hunaworld.discovery.clock import DatedArticles, SiteClock, printed_offsets
from hunaworld.distributed.engine import wake
from hunaworld.extraction.listing import Card, navigation_for
from hunaworld.extraction.pagekind import ARTICLE
from hunaworld.monitoring import stats as keys
from hunaworld.storage.service import storage_of
from hunaworld.urls import article_key, on_host, readable_url
from hunaworld.warc.archiving import WARC_META

# Articles are fetched before the next listing page. Scrapy's scheduler is last-in first-out: at
# equal priority the next page, yielded after its cards, went first, so the crawl walked the whole
# section and held a request for every article in memory (2.6 MB more per 1,000 articles). A
# distributed crawl's shared queue takes no priorities (hunaworld.distributed.queue).
ARTICLE_PRIORITY = 1


class SectionSpider(ScriptedListings, scrapy.Spider):
    """``scrapy crawl hunaworld [-a site=KEY] [-a section=NAME] [-a start_url=URL] [-a max_pages=N]
    [-a since=YYYY-MM-DD] [-a full=1] [-a timezone=ZONE]``.

    Crawls one section of one site profile (default: site ``huna``, its first section): the one
    named, else the one of the start URL's host; a start URL on a host no profile knows is crawled
    in discovery mode.
    """

    name = "hunaworld"

    def __init__(self, **kwargs: Any) -> None:
        self.arguments = CrawlArguments.parse(kwargs)
        super().__init__(**{k: v for k, v in kwargs.items() if k == "_job"})
        self.profile = self.arguments.profile
        self.start_url = self.arguments.start_url
        self.navigation = navigation_for(self.profile)
        # A discovered site's articles are read by the generic layers alone.
        self.extraction_site = None if self.arguments.discovery else self.profile.key
        # Discovery stops paging at a listing page that lists no article not listed before.
        self.listed: set[str] = set()
        # The allowed domain follows the start URL: the same spider crawls a mirror or a local server.
        self.allowed_domains = [urlsplit(self.start_url).hostname]
        self.pages_seen = 0
        self.first_forbidden: str | None = None
        self.article_counts: Counter[str] = Counter()
        # Articles that have each field, and that took each field from each layer.
        self.covered: Counter[str] = Counter()
        self.served: Counter[tuple[str, str]] = Counter()
        # The last Date header read, and the time it says.
        self.served_at: dict[bytes, datetime] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SectionSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The site's own settings (politeness, health thresholds), below anything given with -s.
        crawler.settings.setdict(spider.profile.settings, priority="spider")
        given = spider.arguments.timezone or crawler.settings.get("HUNAWORLD_TIMEZONE") or spider.profile.timezone
        spider.clock = SiteClock(ZoneInfo(given) if given else None)
        spider.dated = DatedArticles(spider.clock)
        # Until the site's clock is known, pages are read in UTC and their articles' dates wait.
        spider.tz = spider.clock.zone or UTC
        spider.sources = SectionSources(spider)
        if spider.sources.finding:
            crawler.signals.connect(spider.sources.robots_seen, signal=signals.response_received)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        settings = self.crawler.settings
        storage = self.crawl_state = storage_of(self.crawler)
        self.failures = storage.failures
        read_every_page = not storage.previous_run_finished
        self.policy = IncrementalPolicy(
            storage.store, self.profile.key, self.tz, full=self.arguments.full, since=self.arguments.since,
            revisit=timedelta(hours=settings.getfloat("HUNAWORLD_REVISIT_HOURS")), read_every_page=read_every_page)
        self.extraction = self.crawler.get_extension(ExtractionService)
        # Article pages are plain HTML unless the profile says they need rendering.
        wanted = bool(self.profile.listing and self.profile.listing.render_articles)
        missing = rendering_missing(settings) if wanted else None
        if missing:
            self.browser_failed(f"profile {self.profile.key!r} renders its article pages, read unrendered: {missing}")
        self.render_articles = wanted and missing is None
        if read_every_page and not self.arguments.full:
            self.logger.info("The previous run did not finish: reading every listing page (stored articles"
                             " are still skipped)")
        if self.arguments.discovery:
            self.logger.info("No site profile for %s: discovery mode (site %r, section %r): the section's article"
                             " links, next pages and clock are learnt from its pages; a profile in hunaworld/sites/"
                             " fixes them (see 'Adding a site')", urlsplit(self.start_url).hostname, self.profile.key,
                             self.arguments.section.key)
        elif self.profile.card_rules is None and not (self.profile.listing and self.profile.listing.api):
            self.logger.info("Profile %r has no listing rules: the section's article links and next pages are learnt"
                             " from its pages", self.profile.key)
        # Articles that failed in earlier runs come first, wherever they are listed now: the listing's
        # stopping rule would never reach one that has sunk past the first page of stored articles.
        for url in self.failures.due(self.profile.key, self.arguments.section.key):
            self.crawler.stats.inc_value(keys.RETRIED)
            yield self.article_request(on_host(url, self.start_url))
        for request in self.first_listing_requests():
            yield request

    def article_request(self, url: str) -> scrapy.Request:
        meta: dict[str, Any] = {"page_type": "article"}
        if self.render_articles:
            meta.update(RENDER_META, playwright_include_page=False)
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta,
                              priority=ARTICLE_PRIORITY)

    def listing_request(self, url: str, first: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                              meta={"page_type": "listing", "first_page": first})

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.logger.error("Listing %s is not an HTML page", response.url)
            return
        self.pages_seen += 1
        stats = self.crawler.stats
        stats.inc_value(keys.LISTING_PAGES)
        now = self.response_time(response)
        if self.clock.given is None:
            self.observe(printed_offsets(response.selector.root))
        yield from self.emit_all(self.dated.release())
        listing = self.navigation.read(response.selector, response.url)
        for shape in listing.learnt:
            self.logger.info("Learnt the article URL shape %s on %s", shape, response.url)
        stats.inc_value(keys.LISTING_CARDS, len(listing.cards))
        if listing.refused:
            stats.inc_value(keys.LISTING_REFUSED, len(listing.refused))
            self.logger.debug("Not following %d card link(s) off the section on %s: %s", len(listing.refused),
                              response.url, ", ".join(listing.refused))
        if listing.fallback:
            stats.inc_value(keys.LISTING_FALLBACK)
            self.logger.warning("Listing %s: the card rules match nothing; following the %d article link(s) of"
                                " its main content instead", response.url, len(listing.cards))
        requests, decisions = self.follow_cards(listing.cards, now)
        yield from requests
        if response.meta.get("first_page"):
            self.sources.start(response)
        nxt = self.navigation.next_page(response.selector, response.url)
        if not nxt and response.url == self.start_url and written_by_script(response.selector.root,
                                                                           len(listing.cards)):
            yield from self.scripted_listing(response, len(listing.cards))
            return
        if not listing.cards:
            self.logger.warning("Listing %s has no article cards", response.url)
        if nxt and self.goes_on(response.url, listing.cards, decisions):
            yield self.listing_request(nxt)
        else:
            yield from self.sources.listing_done()

    def follow_cards(self, cards: list[Card], now: datetime) -> tuple[list[scrapy.Request], list[Decision]]:
        """The requests of a listing page's cards that this run fetches, and the decision on each card."""
        self.sources.page_listed([card.url for card in cards])
        decisions, requests = [], []
        for card in cards:
            decision, request = self.follow(card.url, card.date_text, now)
            decisions.append(decision)
            if request is not None:
                requests.append(request)
        return requests, decisions

    def follow(self, url: str, date_text: str, now: datetime, modified: datetime | None = None
               ) -> tuple[Decision, scrapy.Request | None]:
        """The incremental policy's decision on a listed article (or a sitemap's or feed's), counted,
        and its request unless it is skipped."""
        decision = self.policy.decide(url, self.profile.id_of(url), date_text, now, modified)
        stats = self.crawler.stats
        if decision is Decision.LISTED_AGAIN:
            return decision, None
        if decision is Decision.SKIP_BEFORE_SINCE:
            stats.inc_value(keys.SKIPPED_BEFORE_SINCE)
            return decision, None
        if decision is Decision.SKIP_STORED:
            stats.inc_value(keys.SKIPPED_STORED)
            return decision, None
        if decision is Decision.REVISIT:
            stats.inc_value(keys.REVISITS)
        stats.inc_value(keys.ARTICLES_REQUESTED)
        return decision, self.article_request(url)

    def goes_on(self, url: str, cards: list[Card], decisions: list[Decision]) -> bool:
        """Whether paging goes on after the listing page at ``url`` (with these cards and decisions on
        them), by the stopping rules; says why when it stops."""
        if self.profile.card_rules is None and not self.lists_new(cards):
            self.logger.info("Stopping after %s: it lists no article not listed before", url)
            return False
        if self.arguments.max_pages and self.pages_seen >= self.arguments.max_pages:
            self.logger.info("Stopping at max_pages=%d", self.arguments.max_pages)
            return False
        # A distributed crawl may start walking its listing again, every page read, after this worker started.
        self.policy.read_every_page = self.policy.read_every_page or not self.crawl_state.previous_run_finished
        reason = self.policy.stop_reason(decisions)
        if reason:
            self.logger.info("Stopping after %s: %s", url, reason)
            return False
        return True

    def lists_new(self, cards: list[Any]) -> bool:
        """Whether ``cards`` hold an article no listing page of this run listed before."""
        urls = {card.url for card in cards}
        new = bool(urls - self.listed)
        self.listed |= urls
        return new

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        if not isinstance(response, TextResponse):
            self.logger.error("Article %s is not an HTML page (%s)", response.url,
                              response.headers.get("Content-Type"))
            self.crawler.stats.inc_value(keys.DROPPED_NOT_HTML)
            return
        read_in, now = self.tz, self.response_time(response)
        try:
            item, layout, layers, failed, kind, dates = await self.extraction.load(
                response, self.extraction_site, tz=read_in, now=now, report=self.clock.given is None)
        except ExtractionError as exc:
            reason = str(exc).split(": ", 1)[-1].strip().splitlines()[-1]
            self.logger.error("Could not extract article %s: %s (retried by the next run)", response.url, reason)
            self.logger.debug("Extraction of %s failed: %s", response.url, exc)
            self.crawler.stats.inc_value(f"{keys.ARTICLE_FAILED}extraction")
            self.record_failure(response.request, f"extraction: {reason}")
            return
        if kind != ARTICLE:
            # A listing or another page linked as an article: nothing to store, and nothing to retry.
            self.logger.info("Not an article (%s): %s", kind, readable_url(response.url))
            self.crawler.stats.inc_value(f"{keys.NOT_ARTICLE}{kind}")
            return
        for name, error in failed.items():
            self.logger.warning("Could not read %s on %s (%s)", name, response.url, error)
            self.crawler.stats.inc_value(f"{keys.FIELD_FAILED}{name}")
        item["site_section"] = self.arguments.section.key
        # The page's WARC record, which the article's row will point at (hunaworld.warc.archiving).
        item.warc = response.meta.get(WARC_META)
        if self.extraction_site is None:
            item["site"], item["article_id"] = self.profile.key, self.profile.id_of(item["url"])
        # An article listed in the section that names no section of its own is in it: the section as
        # the site labels its link (learnt), else as the profile names it.
        item["section"] = item["section"] or self.navigation.title or (
            None if self.arguments.discovery else self.arguments.section.title)
        # Per-article counters are kept here and added to the stats when the spider closes (before
        # the health check reads them): a stats call costs more than the counting itself, and the
        # per-field counts are keyed by field, their stat names made once at the end.
        counts = self.article_counts
        counts[keys.ARTICLES_PARSED] += 1
        counts[f"{keys.LAYOUT}{layout or 'none'}"] += 1
        self.served.update(layers.items())
        ready = [item]
        if dates is not None:
            self.observe(dates.offsets)
            ready = self.dated.settle(item, dates, read_in, now)
        for article in self.emit_all(ready):
            yield article

    def emit_all(self, items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The articles that leave the spider, counted: those not published before ``since``."""
        for item in items:
            # A video or gallery story has no text by nature: its empty body is no gap in coverage.
            self.covered.update(name for name, value in item.items()
                                if value not in (None, "", []) or (name == "body" and item["story_type"]))
            published = item["date_published"]
            if published and self.policy.before_since(datetime.fromisoformat(published)):
                self.article_counts[keys.SKIPPED_BEFORE_SINCE] += 1
                continue
            yield item

    def observe(self, offsets: list[int]) -> None:
        """Take the UTC offsets a page printed as evidence of the site's clock."""
        if not offsets:
            return
        before = self.clock.zone
        self.clock.observe(offsets)
        zone = self.clock.zone
        if zone == before:
            return
        self.tz = self.policy.tz = zone or UTC
        if zone is not None:
            self.logger.info("The site's clock: %s (give -a timezone=ZONE to set it)", self.clock.describe())
        else:
            self.logger.warning("The site's clock is %s: times printed without one are left unread from now on"
                                " (give -a timezone=ZONE)", self.clock.describe())

    def spider_idle(self) -> None:
        """Once the crawl has nothing else to do: the sitemaps' and feeds' articles go (in distributed
        mode another worker may have read the listing's last page), and articles still waiting for
        the clock leave with their wall-clock dates unread."""
        if self.sources.busy():
            for request in self.sources.settle():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        if not self.dated.waiting:
            return
        self.logger.warning("The site's clock is %s: %d article(s) printed their time without an offset and are"
                            " stored with no date (the printed text is kept); give -a timezone=ZONE",
                            self.clock.describe(), len(self.dated.waiting))
        scraper = self.crawler.engine.scraper
        sent = asyncio.gather(*(scraper.start_itemproc_async(item, response=None)
                                for item in self.emit_all(self.dated.give_up())))
        # The engine looks again once they are through the pipelines, rather than at its next heartbeat.
        sent.add_done_callback(lambda _: wake(self.crawler))
        raise DontCloseSpider

    def response_time(self, response: Response) -> datetime:
        """When the page was served, by its ``Date`` header, else now: the base of relative dates."""
        header = response.headers.get("Date")
        if header:
            # A server's Date changes once a second, and parsing it costs more than a dict lookup.
            if (known := self.served_at.get(header)) is not None:
                return known
            try:
                self.served_at = {header: parsedate_to_datetime(header.decode("latin-1")).astimezone(self.tz)}
                return self.served_at[header]
            except (TypeError, ValueError):
                self.logger.debug("Unreadable Date header on %s: %r", response.url, header)
        return datetime.now(self.tz)

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        if failure.check(IgnoreRequest) and str(failure.value) == "Forbidden by robots.txt":
            # One line at the end says it all; a line per article would bury it.
            self.first_forbidden = self.first_forbidden or request.url
            self.crawler.stats.inc_value(keys.FORBIDDEN_BY_ROBOTS)
            return
        response = getattr(failure.value, "response", None)
        if response is not None:
            reason, key = f"HTTP {response.status}", str(response.status)
        else:
            # Some exceptions carry no message: their type is the reason then.
            reason, key = failure.getErrorMessage() or failure.type.__name__, failure.type.__name__
            if failure.check(RedirectLoop):
                key = "redirect_loop"
        kind = request.meta.get("page_type", "page")
        self.logger.error("Could not fetch %s %s: %s", kind, request.url, reason)
        if kind == "listing" and not self.pages_seen:
            self.crawler.stats.set_value(keys.START_FAILED, f"{request.url}: {reason}")
        if kind == "article":
            self.record_failure(request, f"fetch: {reason}")
        self.crawler.stats.inc_value(f"{keys.FETCH_ERROR}{key}")

    def record_failure(self, request: scrapy.Request, error: str) -> None:
        """Keep a failed article for later runs, under the URL it was listed with (before redirects)."""
        url = readable_url((request.meta.get("redirect_urls") or [request.url])[0])
        key = article_key(url, self.profile.id_of(url))
        self.failures.record(self.profile.key, self.arguments.section.key, key, url, error)

    def closed(self, reason: str) -> None:
        counts = self.failures.counts(self.profile.key, self.arguments.section.key)
        self.crawler.stats.set_value(keys.FAILURES_PENDING, counts.pending)
        self.crawler.stats.set_value(keys.FAILURES_GIVEN_UP, counts.given_up)
        counts = self.article_counts
        counts.update({f"{keys.COVERAGE}{name}": count for name, count in self.covered.items()})
        counts.update({keys.FIELD_LAYER.format(field=name, layer=layer): count
                       for (name, layer), count in self.served.items()})
        for key, count in counts.items():
            self.crawler.stats.inc_value(key, count)
        if self.first_forbidden:
            self.logger.warning("robots.txt forbade %d request(s), none of them fetched (first: %s)",
                                self.crawler.stats.get_value(keys.FORBIDDEN_BY_ROBOTS), self.first_forbidden)

