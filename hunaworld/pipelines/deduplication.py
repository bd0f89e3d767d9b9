"""Deduplication: one item per article, by URL within the run and by stored text across runs.

A copy of a stored article's text at another URL (a story the site republished) goes on to the
store, which keeps its URL as the article's alias and the earlier of the two dates
(``hunaworld.storage.store.ArticleStore.upsert``). All of it looks within the article's site: the
same wire text on two sites is two articles.
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
    """One item per article URL in a run; one that is stored (or an alias of a stored one) with the
    same text is dropped (its ``last_seen`` is updated); with a different text it passes as a new
    revision of the same row."""

    def __init__(self, crawler: Crawler, seen: SeenState) -> None:
        self.stats = crawler.stats
        self.seen = seen
        self.run_keys: set[str] = set()

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
        self.run_keys.add(key)
        return item
