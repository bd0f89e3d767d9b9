"""What a crawl reports as it goes: a progress line at a steady interval, a short line per article
at DEBUG, and a summary with the output paths at the end."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.internet import task
from twisted.python.failure import Failure

from hunaworld.monitoring import stats as keys
from hunaworld.monitoring.health import HealthCheck
from hunaworld.pipelines.validation import REQUIRED
from hunaworld.storage.service import StoreService
from hunaworld.warc.files import folder_for

logger = logging.getLogger(__name__)


class ArticleLogFormatter(LogFormatter):
    """Scrapy's formatter, but a scraped article is one short DEBUG line, and none above DEBUG.

    Scrapy's line holds the whole item, body included: a crawl's debug log would hold every
    article's text.
    """

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleLogFormatter:
        level = crawler.settings.get("LOG_LEVEL")
        number = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        return cls(debug=not isinstance(number, int) or number <= logging.DEBUG)

    def scraped(self, item: Any, response: Response | Failure | None, spider: Any) -> LogFormatterResult | None:
        if not self.debug:
            return None
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s (revision %(revision)s) from %(src)s",
                "args": {"url": item.get("url"), "revision": item.get("revision"), "src": response}}


class Progress:
    """A progress line every ``HUNAWORLD_PROGRESS_INTERVAL`` seconds (0: none), a first line saying
    what is crawled into what, and a summary with the health verdict and the outputs at the end."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        progress = cls(crawler, crawler.settings.getfloat("HUNAWORLD_PROGRESS_INTERVAL"))
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.item_error, signal=signals.item_error)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def outputs(self) -> str:
        settings = self.crawler.settings
        feeds = [str(uri) for uri in settings.getdict("FEEDS")]
        warc = folder_for(settings.get("HUNAWORLD_WARC"), settings.get("HUNAWORLD_SQLITE"))
        pages = [f"{warc} (WARC)"] if warc else []
        if self.crawler.get_extension(StoreService) is None:
            # A worker of a distributed crawl: the writer stores its articles.
            return ", ".join([*feeds, "Redis, for the writer (scrapy store) to store", *pages])
        return ", ".join([*feeds, f"{settings.get('HUNAWORLD_SQLITE')} (SQLite)", *pages])

    def counts(self) -> dict[str, int]:
        get = self.stats.get_value
        counts = {
            "pages": get("response_received_count", 0),
            "new": get(keys.ITEMS_NEW, 0),
            "updated": get(keys.ITEMS_UPDATED, 0),
            "already stored": get(keys.SKIPPED_STORED, 0) + get(keys.DEDUP_UNCHANGED, 0),
            "not articles": sum(get(keys.DROPPED_MISSING.format(field=name), 0) for name in REQUIRED)
            + get(keys.DROPPED_NOT_HTML, 0) + get(keys.DEDUP_SAME_CONTENT, 0),
            "errors": keys.error_count(self.stats.get_stats()),
        }
        # Pages rendered in a browser: said only by a crawl that rendered some.
        if rendered := get(keys.RENDERED_PAGES, 0):
            counts["rendered in a browser"] = rendered
        return counts

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        counts = self.counts()
        return ", ".join(f"{v} {k}" for k, v in counts.items()) + f"; {counts['pages'] / elapsed:.1f} pages/s"

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        logger.info("Crawling %s/%s from %s into %s", spider.profile.key, spider.arguments.section.key,
                    spider.start_url, self.outputs())
        if self.interval > 0:
            self.loop = task.LoopingCall(lambda: logger.info("Progress: %s", self.line()))
            self.loop.start(self.interval, now=False)

    def item_error(self) -> None:
        self.stats.inc_value(keys.ITEM_ERRORS)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        health = self.crawler.get_extension(HealthCheck)
        if health is not None and health.found:
            count = len(health.found)
            verdict = f"health check failed ({count} problem{'s' if count > 1 else ''} above)"
        elif reason != "finished":
            verdict = "interrupted, the next run picks up"
        elif health is None:
            verdict = "health check off"
        else:
            verdict = "healthy"
        logger.info("Summary (%s, %s): %s in %.1f s. Outputs: %s", reason, verdict, self.line(),
                    time.monotonic() - self.started, self.outputs())
