"""The crawl's SQLite store and its run record, as an extension: one connection per crawl, shared by
the spider's incremental policy and the pipelines (``crawler.get_extension(StoreService)``)."""

from __future__ import annotations

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from hunaworld.storage.failures import FailureLog
from hunaworld.storage.store import ArticleStore


class StoreService:
    """Opens the store when the crawl starts, records the run, closes both when the spider closes.

    The run is recorded for the spider's site and section. ``previous_run_finished`` is read before
    it: a run killed before its end leaves no finish reason, and the next run of that site and
    section then reads every listing page.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.store = ArticleStore(settings.get("HUNAWORLD_SQLITE"))
        self.failures = FailureLog(self.store, retry_after=settings.getfloat("HUNAWORLD_RETRY_AFTER"),
                                   max_attempts=settings.getint("HUNAWORLD_RETRY_ATTEMPTS"))
        self.previous_run_finished = True
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreService:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        site, section = spider.profile.key, spider.arguments.section.key
        self.previous_run_finished = self.store.last_run_finished(site, section)
        self.run_id = self.store.start_run(site, section)

    def spider_closed(self, reason: str) -> None:
        if self.run_id is not None:
            self.store.finish_run(self.run_id, reason)
        self.store.close()


def storage_of(crawler: Crawler) -> StoreService:
    """The crawl's store and failure log (the StoreService extension must be enabled)."""
    service = crawler.get_extension(StoreService)
    if service is None:
        raise RuntimeError("the StoreService extension is not enabled (see EXTENSIONS in hunaworld.settings)")
    return service


def store_of(crawler: Crawler) -> ArticleStore:
    """The crawl's store."""
    return storage_of(crawler).store
