"""What a crawl reports as it goes: a progress line at a steady interval, a short line per article
at DEBUG, and a summary with the output paths at the end."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.internet import task
from twisted.python.failure import Failure

from hunaworld.monitoring import stats as keys

logger = logging.getLogger(__name__)


class ArticleLogFormatter(LogFormatter):
    """Scrapy's formatter, but a scraped article is one short DEBUG line, and none above DEBUG.

    Scrapy's line holds the whole item, body included, and its record is built for every article
    even when the log level then discards it.
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
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("HUNAWORLD_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        progress = cls(crawler, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def counts(self) -> dict[str, int]:
        get = self.stats.get_value
        stats = self.stats.get_stats()
        return {
            "pages": get("response_received_count", 0),
            "items": get("item_scraped_count", 0),
            "new": get(keys.ITEMS_NEW, 0),
            "updated": get(keys.ITEMS_UPDATED, 0),
            "dropped": get("item_dropped_count", 0),
            "errors": sum(v for k, v in stats.items() if k.startswith(keys.FETCH_ERROR)),
        }

    def line(self) -> str:
        counts = self.counts()
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = counts["pages"] / elapsed
        return ", ".join(f"{v} {k}" for k, v in counts.items()) + f"; {rate:.1f} pages/s"

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(lambda: logger.info("Progress: %s", self.line()))
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        settings = self.crawler.settings
        outputs = [str(uri) for uri in settings.getdict("FEEDS")]
        outputs.append(f"{settings.get('HUNAWORLD_SQLITE')} (SQLite)")
        logger.info("Summary (%s): %s in %.1f s. Outputs: %s", reason, self.line(),
                    time.monotonic() - self.started, ", ".join(outputs))
