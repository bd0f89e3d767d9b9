"""The crawl's state as an extension: what the spider and deduplication know of earlier crawls, and
the record of this run. On one machine it is the SQLite store (``StoreService``: one connection per
crawl, shared by the spider's incremental policy and the pipelines); in a distributed crawl it is
Redis (``hunaworld.distributed.state.SharedState``). Components find it with ``storage_of(crawler)``.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from hunaworld.monitoring.outcome import RunOutcome
from hunaworld.storage.failures import FailureLog
from hunaworld.storage.store import ArticleStore, SeenState

logger = logging.getLogger(__name__)


class CrawlState:
    """Base of the state services: the seen-state, whether the previous run finished, the run record.

    The run is started when the spider opens and finished when the engine stops, after the health
    check, with its outcome, which is also logged as the run's last line.
    """

    # The seen-state the spider's incremental policy and deduplication ask.
    store: SeenState
    # The failed articles: recorded by the spider and the storing pipeline, retried by later runs
    # (``record``, ``due``, ``counts`` as ``hunaworld.storage.failures.FailureLog``).
    failures: FailureLog
    previous_run_finished: bool = True

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.reason: str | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    def spider_opened(self, spider: Spider) -> None:
        self.start_run(spider.profile.key, spider.arguments.section.key)

    def spider_closed(self, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        if self.reason is not None:
            self.record_outcome(self.reason)
        self.close()

    def abandon(self, reason: str) -> None:
        """The engine was stopped at once (a second Ctrl-C): the run is recorded as ended by ``reason``
        and what was in flight is left to the next run, as after a kill."""
        self.discard_pending()
        self.record_outcome(reason)
        self.close()

    def record_outcome(self, reason: str) -> None:
        outcome = RunOutcome.of(self.crawler, reason)
        self.finish_run(outcome)
        if outcome.status == "healthy":
            logger.info(outcome.line())
        elif reason == "finished":
            logger.error(outcome.line())  # the health check failed
        else:
            logger.warning(outcome.line())  # stopped on purpose: the next run picks up

    def discard_pending(self) -> None:
        """Drop what is written but not committed (a store's open batch)."""

    def start_run(self, site: str, section: str) -> None:
        raise NotImplementedError

    def finish_run(self, outcome: RunOutcome) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection (the engine has stopped)."""


class StoreService(CrawlState):
    """The SQLite store, opened when the crawl starts; the run is recorded for the spider's site and section.

    ``previous_run_finished`` is read before the run starts: a run killed before its end leaves no
    finish reason, and the next run of that site and section then reads every listing page.
    """

    store: ArticleStore

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.store = self.open_store(settings.get("HUNAWORLD_SQLITE"))
        self.failures = FailureLog(self.store, retry_after=settings.getfloat("HUNAWORLD_RETRY_AFTER"),
                                   max_attempts=settings.getint("HUNAWORLD_RETRY_ATTEMPTS"))
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreService:
        return cls(crawler)

    def open_store(self, path: str) -> ArticleStore:
        """The store of this crawl (a subclass may give another, as the benchmarks do)."""
        return ArticleStore(path)

    def start_run(self, site: str, section: str) -> None:
        self.previous_run_finished = self.store.last_run_finished(site, section)
        self.run_id = self.store.start_run(site, section)

    def finish_run(self, outcome: RunOutcome) -> None:
        if self.run_id is not None:
            self.store.finish_run(self.run_id, outcome)

    def discard_pending(self) -> None:
        self.store.rollback()

    def close(self) -> None:
        self.store.close()


def storage_of(crawler: Crawler) -> CrawlState:
    """The crawl's state service, with its ``store`` and ``failures`` (StoreService, or SharedState in
    distributed mode)."""
    service = crawler.get_extension(CrawlState)
    if service is None:
        raise RuntimeError("no crawl state extension is enabled (StoreService, see EXTENSIONS in hunaworld.settings)")
    return service


def store_of(crawler: Crawler) -> ArticleStore:
    """The crawl's SQLite store (the StoreService extension must be enabled)."""
    service = crawler.get_extension(StoreService)
    if service is None:
        raise RuntimeError("the StoreService extension is not enabled (see EXTENSIONS in hunaworld.settings)")
    return service.store
