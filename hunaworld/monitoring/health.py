"""End-of-run health check: fail loudly when what was scraped says the site's layout drifted.

Thresholds are settings. A failed check logs one ERROR line naming what fell short, sets the
stat ``hunaworld/health/failed``, and ``scrapy crawl`` (our ``crawl`` command) exits with status 3,
so cron, systemd and scrapyd see the failure.

Why not spidermon: its field-coverage monitor reads the same kind of stats, but a failed monitor
only triggers actions (mail, Slack, closing the spider); the process still exits 0. A small
extension over our own stats gives the exit status with no extra dependency.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from hunaworld.monitoring import stats as keys

logger = logging.getLogger(__name__)

FAILED = keys.HEALTH_FAILED
GONE = (404, 410)


class HealthCheck:
    def __init__(self, crawler: Crawler) -> None:
        # What fell short, once the run has ended, and whether it ran to its end to be judged.
        self.found: list[str] = []
        self.judged = False
        settings = crawler.settings
        self.stats = crawler.stats
        self.min_items = settings.getint("HUNAWORLD_HEALTH_MIN_ITEMS")
        self.coverage: dict[str, float] = settings.getdict("HUNAWORLD_HEALTH_COVERAGE")
        self.max_error_rate = settings.getfloat("HUNAWORLD_HEALTH_MAX_ERROR_RATE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthCheck:
        if not crawler.settings.getbool("HUNAWORLD_HEALTH_ENABLED"):
            raise NotConfigured
        check = cls(crawler)
        crawler.signals.connect(check.spider_closed, signal=signals.spider_closed)
        return check

    def problems(self) -> list[str]:
        """What fell short, one sentence each; empty when the run is healthy."""
        get = self.stats.get_value
        found: list[str] = []
        listing_pages, cards = get(keys.LISTING_PAGES, 0), get(keys.LISTING_CARDS, 0)
        fallback = get(keys.LISTING_FALLBACK, 0)
        # A site that is down or moved: the error rate below would be computed over nothing. (A run
        # resumed from a job directory may read no listing page and still fetch articles.)
        if get(keys.START_FAILED):
            found.append(f"site: the first listing page could not be fetched ({get(keys.START_FAILED)})")
        elif not get("response_received_count", 0) and not get(keys.DISTRIBUTED_IDLE):
            found.append("site: no page was fetched")
        elif listing_pages and not cards:
            found.append(f"listing: no article cards on {listing_pages} listing page(s)")
        elif fallback:
            found.append(f"listing: the listing rules no longer fit: their cards matched nothing on {fallback} of"
                         f" {listing_pages} listing page(s), whose articles were found by the article-URL pattern")
        if missing := get(keys.RENDER_MISSING):
            found.append(f"browser: {missing}")
        if no_clock := get(keys.DATE_NO_CLOCK, 0):
            found.append(f"clock: the site's time zone is unknown (no page of the run printed a UTC offset, or they"
                         f" disagree): {no_clock} article(s) printed their time without one and have no date; give"
                         " -a timezone=ZONE")
        requested = get(keys.ARTICLES_REQUESTED, 0)
        parsed = get(keys.ARTICLES_PARSED, 0)
        # A page the site answers as gone (a listed article deleted since) fails that article, which
        # is recorded and retried, not the run, unless every article requested is gone.
        gone = sum(get(f"{keys.FETCH_ERROR}{status}", 0) for status in GONE)
        if requested > 1 and gone >= requested:
            found.append(f"items: every one of the {requested} articles requested is gone (HTTP 404 or 410)")
        elif requested and parsed < min(self.min_items, requested - gone):
            found.append(f"items: {parsed} article(s) parsed of {requested} requested, minimum {self.min_items}")
        if parsed:
            for field, minimum in self.coverage.items():
                covered = get(f"{keys.COVERAGE}{field}", 0)
                if covered / parsed < float(minimum):
                    found.append(f"{field}: coverage {covered / parsed:.2f} < {float(minimum):.2f}"
                                 f" ({covered} of {parsed} articles)")
        errors = keys.error_count(self.stats.get_stats()) - gone
        attempts = requested + listing_pages
        if attempts and errors / attempts > self.max_error_rate:
            found.append(f"errors: {errors} failed page(s) of {attempts} ({errors / attempts:.2f}"
                         f" > {self.max_error_rate:.2f})")
        return found

    def spider_closed(self, spider: Any, reason: str) -> None:
        # A run stopped before its end is not judged: its coverage and error rate are of a part.
        self.judged = reason == "finished"
        if not self.judged:
            return
        # The spider adds its per-article counters in its own spider_closed handler, which runs
        # first: Scrapy creates the spider, and connects its handler, before the extensions.
        self.found = self.problems()
        for problem in self.found:
            logger.error("Health check failed: %s", problem)
        self.stats.set_value(FAILED, int(bool(self.found)))

    def verdict(self) -> str | None:
        """The verdict of the ended run: "healthy", or "failed: " and the problems; None for a run
        stopped before its end."""
        if not self.judged:
            return None
        return f"failed: {'; '.join(self.found)}" if self.found else "healthy"
