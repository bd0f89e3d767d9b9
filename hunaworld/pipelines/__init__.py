"""Item pipelines: validate, deduplicate (within a run and across runs), store in SQLite.

JSON Lines output is Scrapy's feed exports (``-O articles.jsonl``); it receives an item only after
every pipeline has passed it, which for ``SQLitePipeline`` means after its row is committed.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from hunaworld.storage.store import SeenState, shared_store
from hunaworld.urls import url_key

logger = logging.getLogger(__name__)

REQUIRED = ("url", "headline", "body")


class ValidationPipeline:
    """Drops pages that are not articles; flags articles whose date could not be read."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED:
            if not adapter.get(name):
                self.stats.inc_value(f"hunaworld/dropped/missing_{name}")
                raise DropItem(f"Missing {name} on {adapter.get('url')}", log_level="WARNING")
        if adapter.get("date_published") is None:
            raw = adapter.get("date_published_raw")
            if raw:
                self.stats.inc_value("hunaworld/date/unparsed")
                logger.warning("Unparseable publication date %r on %s: stored as null", raw, adapter["url"])
            else:
                self.stats.inc_value("hunaworld/date/missing")
                logger.warning("No publication date found on %s", adapter["url"])
        return item


class DeduplicationPipeline:
    """One item per article: by canonical URL and by content hash, within the run and across runs.

    An article already stored with the same text is dropped (its ``last_seen`` is updated); with a
    different text it passes as a new revision of the same row.
    """

    def __init__(self, crawler: Crawler, seen: SeenState) -> None:
        self.stats = crawler.stats
        self.seen = seen
        self.run_keys: set[str] = set()
        self.run_hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicationPipeline:
        return cls(crawler, shared_store(crawler))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key, digest = url_key(adapter["url"]), adapter["content_hash"]
        if key in self.run_keys:
            self.stats.inc_value("hunaworld/dedup/url_in_run")
            raise DropItem(f"Duplicate URL in this run: {adapter['url']}", log_level="DEBUG")
        stored = self.seen.stored_hash(key)
        if stored == digest:
            self.seen.touch(key)
            self.stats.inc_value("hunaworld/dedup/unchanged")
            raise DropItem(f"Already stored, unchanged: {adapter['url']}", log_level="DEBUG")
        if stored is None and (digest in self.run_hashes or self.seen.has_content(digest)):
            self.stats.inc_value("hunaworld/dedup/same_content")
            raise DropItem(f"Same text already stored under another URL: {adapter['url']}", log_level="INFO")
        self.run_keys.add(key)
        self.run_hashes.add(digest)
        return item


class SQLitePipeline:
    """Upserts each article and releases it to the feeds once its batch is committed.

    Holding items until the commit ties the two outputs together: after a crash, every article in
    the JSON Lines file is in the database, so the next run neither loses nor repeats one.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.store = shared_store(crawler)
        self.stats = crawler.stats
        self.batch_size = crawler.settings.getint("HUNAWORLD_SQLITE_BATCH")
        self.interval = crawler.settings.getfloat("HUNAWORLD_SQLITE_COMMIT_INTERVAL")
        self.waiting: list[asyncio.Future[None]] = []
        self.timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        revision = self.store.upsert(url_key(adapter["url"]), adapter)
        if revision is None:
            # Another crawl stored the same text since deduplication looked.
            self.stats.inc_value("hunaworld/dedup/unchanged")
            raise DropItem(f"Already stored, unchanged: {adapter['url']}", log_level="DEBUG")
        adapter["revision"] = revision
        self.stats.inc_value("hunaworld/items/new" if revision == 1 else "hunaworld/items/updated")
        loop = asyncio.get_running_loop()
        committed: asyncio.Future[None] = loop.create_future()
        self.waiting.append(committed)
        if len(self.waiting) >= self.batch_size:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(self.interval, self.flush)
        await committed
        return item

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        waiting, self.waiting = self.waiting, []
        try:
            self.store.commit()
        except sqlite3.Error as exc:
            logger.error("SQLite commit of %d articles failed: %s", len(waiting), exc)
            for future in waiting:
                future.set_exception(DropItem(f"Not stored: {exc}"))
            return
        self.stats.inc_value("hunaworld/sqlite/commits")
        for future in waiting:
            if not future.done():
                future.set_result(None)

    def close_spider(self) -> None:
        self.flush()
