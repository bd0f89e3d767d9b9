"""Article extraction as a crawl service: the extension that owns the extraction workers.

The spider hands it article responses (``crawler.get_extension(ExtractionService).load``); the
workers start with the spider and stop when it closes, and what they did goes into the stats.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import TextResponse

from hunaworld.crawling.workers import ExtractionWorkers, LoadedArticle
from hunaworld.monitoring import stats as keys


class ExtractionService:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.workers = ExtractionWorkers(settings.getint("HUNAWORLD_WORKERS"),
                                         timeout=settings.getfloat("HUNAWORLD_PARSE_TIMEOUT"))
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionService:
        return cls(crawler)

    async def spider_opened(self) -> None:
        await self.workers.start()

    async def load(self, response: TextResponse, site: str | None, *, tz: tzinfo, now: datetime,
                   report: bool = False) -> LoadedArticle:
        return await self.workers.load(response, site, tz=tz, now=now, report=report)

    async def spider_closed(self) -> None:
        for key, value in (await self.workers.close()).items():
            self.stats.set_value(f"{keys.WORKERS}{key}", value)
