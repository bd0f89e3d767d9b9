"""Deduplication: one item per article, by URL and by content, within the run and across runs.

Both look within the article's site: the same wire text on two sites is two articles.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from hunaworld.monitoring import stats as keys
from hunaworld.storage.service import storage_of
from hunaworld.storage.store import SeenState
from hunaworld.urls import article_key


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
        return cls(crawler, storage_of(crawler).store)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        site, key, digest = adapter["site"], article_key(adapter["url"], adapter["article_id"]), adapter["content_hash"]
        if key in self.run_keys:
            self.stats.inc_value(keys.DEDUP_IN_RUN)
            raise DropItem(f"Duplicate URL in this run: {adapter['url']}", log_level="DEBUG")
        stored = self.seen.stored_hash(site, key)
        if stored == digest:
            self.seen.touch(site, key)
            self.stats.inc_value(keys.DEDUP_UNCHANGED)
            raise DropItem(f"Already stored, unchanged: {adapter['url']}", log_level="DEBUG")
        if stored is None and (digest in self.run_hashes or self.seen.has_content(site, digest)):
            self.stats.inc_value(keys.DEDUP_SAME_CONTENT)
            raise DropItem(f"Same text already stored under another URL: {adapter['url']}", log_level="INFO")
        self.run_keys.add(key)
        self.run_hashes.add(digest)
        return item
