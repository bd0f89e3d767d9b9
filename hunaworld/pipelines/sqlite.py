"""SQLite: each article upserted, and released to the feeds once its batch is committed."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from hunaworld.monitoring import stats as keys
from hunaworld.storage.service import storage_of
from hunaworld.urls import article_key

logger = logging.getLogger(__name__)


class SQLitePipeline:
    """Upserts each article and releases it to the feeds once its batch is committed.

    Holding items until the commit ties the two outputs together: after a crash, every article in
    the JSON Lines file is in the database, so the next run neither loses nor repeats one.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        storage = storage_of(crawler)
        self.store, self.failures = storage.store, storage.failures
        # With a feed, a row is marked exported once its line is written (hunaworld.storage.export).
        self.exported_at_commit = not crawler.settings.getdict("FEEDS")
        self.stats = crawler.stats
        self.batch_size = crawler.settings.getint("HUNAWORLD_SQLITE_BATCH")
        self.interval = crawler.settings.getfloat("HUNAWORLD_SQLITE_COMMIT_INTERVAL")
        # The batch: each item's commit future, and what a failure record needs of it.
        self.waiting: list[tuple[asyncio.Future[None], dict[str, Any]]] = []
        self.timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key = article_key(adapter["url"], adapter["article_id"])
        # The item itself, not its adapter: an article from the extraction workers carries its
        # search-index entry (hunaworld.storage.search_index.IndexedItem).
        revision = self.store.upsert(key, item if isinstance(item, dict) else adapter, exported=self.exported_at_commit)
        loop = asyncio.get_running_loop()
        if revision is None:
            # Another crawl stored the same text since deduplication looked. Its last_seen update
            # opened the write transaction: it is committed with the batch, within the interval.
            self._arm(loop)
            self.stats.inc_value(keys.DEDUP_UNCHANGED)
            raise DropItem(f"Already stored, unchanged: {adapter['url']}", log_level="DEBUG")
        adapter["revision"] = revision
        self.stats.inc_value(keys.ITEMS_NEW if revision == 1 else keys.ITEMS_UPDATED)
        committed: asyncio.Future[None] = loop.create_future()
        self.waiting.append((committed, {"site": adapter["site"], "section": adapter["site_section"],
                                         "url_key": key, "url": adapter["url"]}))
        if len(self.waiting) >= self.batch_size:
            self.flush()
        else:
            self._arm(loop)
        await committed
        return item

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        """Commit within the interval: the write lock is never held longer than one short batch."""
        if self.timer is None:
            self.timer = loop.call_later(self.interval, self.flush)

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        waiting, self.waiting = self.waiting, []
        try:
            self.store.commit()
        except sqlite3.Error as exc:
            # Undone, so that no row of the batch is committed later without its feed line.
            self.store.rollback()
            logger.error("SQLite commit of %d articles failed: %s; they are retried by the next run", len(waiting), exc)
            for future, article in waiting:
                self.stats.inc_value(f"{keys.ARTICLE_FAILED}storage")
                self._record_failure(article, f"storage: {exc}")
                future.set_exception(DropItem(f"Not stored: {exc}"))
            return
        self.stats.inc_value(keys.SQLITE_COMMITS)
        for future, _ in waiting:
            if not future.done():
                future.set_result(None)

    def _record_failure(self, article: dict[str, Any], error: str) -> None:
        try:
            self.failures.record(article["site"], article["section"], article["url_key"], article["url"], error)
        except sqlite3.Error as exc:
            # The database refuses writes altogether: the article is in the log, and the next run
            # fetches it again as a new one, since it was never stored.
            logger.error("Could not record the failure of %s either: %s", article["url"], exc)

    def close_spider(self) -> None:
        self.flush()
