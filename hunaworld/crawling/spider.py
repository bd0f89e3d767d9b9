"""Navigation of the world section: listing pages, their article links, the next page.

Field extraction lives in ``hunaworld.extraction`` and ``hunaworld.extraction.loader`` and runs in the worker
processes of ``hunaworld.crawling.workers``; this module only decides what to request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hunaworld.crawling.workers import ExtractionWorkers
from hunaworld.dates.parser import parse_date
from hunaworld.extraction.listing import cards, next_page
from hunaworld.storage.store import shared_store
from hunaworld.urls import url_key


class WorldSpider(scrapy.Spider):
    """``scrapy crawl hunaworld [-a start_url=URL] [-a max_pages=N] [-a since=YYYY-MM-DD] [-a full=1]``.

    By default a run is incremental: it skips stored articles (except those younger than the
    revisit window, re-fetched to catch edits) and stops paging after the first listing page whose
    articles are all stored. ``full=1`` fetches everything.
    """

    name = "hunaworld"

    def __init__(self, start_url: str | None = None, max_pages: str | int | None = None,
                 since: str | None = None, full: str | bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.full = str(full).lower() in ("1", "true", "yes")
        self._start_url_arg = start_url
        self.max_pages = int(max_pages) if max_pages else None
        self.since = date.fromisoformat(since) if since else None
        self.pages_seen = 0
        self.first_forbidden: str | None = None
        self.article_counts: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> WorldSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.start_url = spider._start_url_arg or crawler.settings.get("HUNAWORLD_START_URL")
        spider.tz = ZoneInfo(crawler.settings.get("HUNAWORLD_TIMEZONE"))
        # The allowed domain follows the start URL: the same spider crawls a mirror or a local server.
        spider.allowed_domains = [urlsplit(spider.start_url).hostname]
        spider.revisit = timedelta(hours=crawler.settings.getfloat("HUNAWORLD_REVISIT_HOURS"))
        spider.store = shared_store(crawler)
        spider.resume_paging = not spider.store.last_run_finished()
        spider.run_id = spider.store.start_run()
        spider.extraction = ExtractionWorkers(crawler.settings.getint("HUNAWORLD_WORKERS"),
                                              timeout=crawler.settings.getfloat("HUNAWORLD_PARSE_TIMEOUT"))
        if spider.resume_paging and not spider.full:
            spider.logger.info("The previous run did not finish: reading every listing page (stored articles"
                               " are still skipped)")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        await self.extraction.start()
        yield self.listing_request(self.start_url)

    def listing_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                              meta={"page_type": "listing"})

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.logger.error("Listing %s is not an HTML page", response.url)
            return
        self.pages_seen += 1
        stats = self.crawler.stats
        stats.inc_value("hunaworld/listing_pages")
        now = self.response_time(response)
        listed = cards(response.selector, response.url)
        stats.inc_value("hunaworld/listing_cards", len(listed))
        if not listed:
            self.logger.warning("Listing %s has no article cards", response.url)
        fresh = stored = revisited = 0
        for card in listed:
            if self.since and self.older_than_since(card.date_text, now):
                stats.inc_value("hunaworld/skipped/before_since")
                continue
            fresh += 1
            known, published = (False, None) if self.full else self.store.published(url_key(card.url))
            if known:
                stored += 1
                if not self.due_for_revisit(published, now):
                    stats.inc_value("hunaworld/skipped/stored")
                    continue
                revisited += 1
                stats.inc_value("hunaworld/revisits")
            stats.inc_value("hunaworld/articles_requested")
            yield response.follow(card.url, callback=self.parse_article, errback=self.on_error,
                                  meta={"page_type": "article"})
        nxt = next_page(response.selector, response.url)
        if not nxt:
            return
        if self.max_pages and self.pages_seen >= self.max_pages:
            self.logger.info("Stopping at max_pages=%d", self.max_pages)
            return
        if self.since and listed and not fresh:
            self.logger.info("Stopping: every article on %s is older than %s", response.url, self.since)
            return
        # A page of stored articles still leads on while some were young enough to revisit: the
        # next page may hold young ones too.
        if listed and stored == len(listed) and not revisited and not self.resume_paging:
            self.logger.info("Stopping: every article on %s is already stored and past the revisit window"
                             " (-a full=1 crawls all)", response.url)
            return
        yield self.listing_request(nxt)

    def due_for_revisit(self, published: str | None, now: datetime) -> bool:
        """Young articles still get edited: re-fetch those published within the revisit window."""
        if not published:
            return False
        try:
            return now - datetime.fromisoformat(published) < self.revisit
        except (TypeError, ValueError):
            return False

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        if not isinstance(response, TextResponse):
            self.logger.error("Article %s is not an HTML page (%s)", response.url,
                              response.headers.get("Content-Type"))
            self.crawler.stats.inc_value("hunaworld/dropped/not_html")
            return
        item, layout, layers = await self.extraction.load(response, tz=self.tz, now=self.response_time(response))
        # Per-article counters are kept here and added to the stats when the spider closes (before
        # the health check reads them): a stats call costs more than the counting itself.
        counts = self.article_counts
        counts["hunaworld/articles_parsed"] += 1
        counts[f"hunaworld/layout/{layout or 'none'}"] += 1
        for name, value in item.items():
            if value not in (None, "", []):
                counts[f"hunaworld/coverage/{name}"] += 1
        for name, layer in layers.items():
            counts[f"hunaworld/field/{name}/{layer}"] += 1
        if self.since and item["date_published"] and (
                datetime.fromisoformat(item["date_published"]).date() < self.since):
            counts["hunaworld/skipped/before_since"] += 1
            return
        yield item

    def older_than_since(self, date_text: str, now: datetime) -> bool:
        parsed = parse_date(date_text, tz=self.tz, now=now)
        return bool(parsed and self.since and parsed.date() < self.since)

    def response_time(self, response: Response) -> datetime:
        """When the page was served, by its ``Date`` header, else now: the base of relative dates."""
        header = response.headers.get("Date")
        if header:
            try:
                return parsedate_to_datetime(header.decode("latin-1")).astimezone(self.tz)
            except (TypeError, ValueError):
                self.logger.debug("Unreadable Date header on %s: %r", response.url, header)
        return datetime.now(self.tz)

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        if failure.check(IgnoreRequest) and str(failure.value) == "Forbidden by robots.txt":
            # One line at the end says it all; a line per article would bury it.
            self.first_forbidden = self.first_forbidden or request.url
            self.crawler.stats.inc_value("hunaworld/forbidden_by_robots")
            return
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        kind = request.meta.get("page_type", "page")
        self.logger.error("Could not fetch %s %s: %s", kind, request.url, reason)
        key = response.status if response is not None else failure.type.__name__
        self.crawler.stats.inc_value(f"hunaworld/fetch_error/{key}")

    async def closed(self, reason: str) -> None:
        for key, count in self.article_counts.items():
            self.crawler.stats.inc_value(key, count)
        if self.first_forbidden:
            self.logger.warning("robots.txt forbade %d request(s), none of them fetched (first: %s)",
                                self.crawler.stats.get_value("hunaworld/forbidden_by_robots"), self.first_forbidden)
        self.store.finish_run(self.run_id, reason)
        for key, value in (await self.extraction.close()).items():
            self.crawler.stats.set_value(f"hunaworld/workers/{key}", value)
