"""SQLite: articles stored in batches, each released to the feeds once its batch is committed."""

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
from hunaworld.storage.store import ALIAS, ArticleStore, BatchRow
from hunaworld.urls import article_key

logger = logging.getLogger(__name__)

# An article waiting for its batch: the future its revision comes in, and its row.
Waiting = tuple["asyncio.Future[int | None]", BatchRow]


class SQLitePipeline:
    """Stores articles in batches and releases each one to the feeds once its batch is committed.

    Holding items until the commit ties the two outputs together: after a crash, every article in
    the JSON Lines file is in the database, so the next run neither loses nor repeats one. A batch
    is written in one transaction.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        storage = storage_of(crawler)
        self.store: ArticleStore = storage.store
        self.failures = storage.failures
        # With a feed, a row is marked exported once its line is written (hunaworld.storage.export).
        self.exported_at_commit = not crawler.settings.getdict("FEEDS")
        self.stats = crawler.stats
        self.batch_size = crawler.settings.getint("HUNAWORLD_SQLITE_BATCH")
        self.interval = crawler.settings.getfloat("HUNAWORLD_SQLITE_COMMIT_INTERVAL")
        self.waiting: list[Waiting] = []
        self.timer: asyncio.TimerHandle | None = None
        self.writing: set[asyncio.Task[None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key = article_key(adapter["url"], adapter["article_id"])
        stored: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        # The item itself, not its adapter: an article from the extraction workers carries its
        # search-index entry (hunaworld.storage.search_index.IndexedItem).
        row = (key, item if isinstance(item, dict) else adapter.asdict(), self.exported_at_commit)
        self.waiting.append((stored, row))
        if len(self.waiting) >= self.batch_size:
            self.flush()
        elif self.timer is None:
            # A batch that does not fill is committed the interval after its first article.
            self.timer = asyncio.get_running_loop().call_later(self.interval, self.flush)
        revision = await stored
        if revision is None:
            # Another crawl stored the same text since deduplication looked.
            self.stats.inc_value(keys.DEDUP_UNCHANGED)
            raise DropItem(f"Already stored, unchanged: {adapter['url']}", log_level="DEBUG")
        if revision == ALIAS:
            self.stats.inc_value(keys.DEDUP_SAME_CONTENT)
            raise DropItem(f"Same text as an article stored under another URL, kept as its alias: {adapter['url']}",
                           log_level="INFO")
        adapter["revision"] = revision
        self.stats.inc_value(keys.ITEMS_NEW if revision == 1 else keys.ITEMS_UPDATED)
        return item

    def flush(self) -> None:
        """Send the waiting articles off as one batch."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        waiting, self.waiting = self.waiting, []
        if waiting:
            task = asyncio.ensure_future(self._write(waiting))
            self.writing.add(task)
            task.add_done_callback(self.writing.discard)

    async def _write(self, waiting: list[Waiting]) -> None:
        rows = [row for _, row in waiting]
        try:
            revisions = self.store.store_batch(rows)
        except sqlite3.Error as exc:
            # Nothing of the batch is committed, so no row of it can ever lack its feed line.
            reason = str(exc)
            logger.error("SQLite commit of %d articles failed: %s; they are retried by the next run", len(waiting),
                         reason)
            for future, row in waiting:
                self.stats.inc_value(f"{keys.ARTICLE_FAILED}storage")
                self._record_failure(row, f"storage: {reason}")
                future.set_exception(DropItem(f"Not stored: {reason}"))
            return
        self.stats.inc_value(keys.SQLITE_COMMITS)
        for (future, _), revision in zip(waiting, revisions, strict=True):
            if not future.done():
                future.set_result(revision)

    def _record_failure(self, row: BatchRow, error: str) -> None:
        key, article, _ = row
        try:
            self.failures.record(article["site"], article["site_section"], key, article["url"], error)
        except sqlite3.Error as exc:
            # The database refuses writes altogether: the article is in the log, and the next run
            # fetches it again as a new one, since it was never stored.
            logger.error("Could not record the failure of %s either: %s", article["url"], exc)

    async def close_spider(self) -> None:
        self.flush()
        while self.writing:
            await asyncio.wait(list(self.writing))
