"""The last pipeline of a worker in distributed mode (in place of the SQLite pipeline): each article
is claimed in the shared seen-state and handed to the writer in one atomic step."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from hunaworld.distributed import messages
from hunaworld.distributed.state import Claim, SharedSeenState, shared_state_of
from hunaworld.monitoring import stats as keys
from hunaworld.urls import article_key


class HandoffPipeline:
    """Hands each article to the writer, unless another worker handed off the same text first.

    The deduplication pipeline has already asked the seen-state; the claim asks again atomically,
    as the SQLite pipeline compares inside its write transaction, since two workers may both have
    found the article new. The writer assigns the revision; the item goes on to the worker's stats.
    """

    def __init__(self, crawler: Crawler, seen: SharedSeenState) -> None:
        self.stats = crawler.stats
        self.seen = seen

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HandoffPipeline:
        state = shared_state_of(crawler, "HandoffPipeline")
        return cls(crawler, state.store)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key = article_key(adapter["url"], adapter["article_id"])
        claim = self.seen.claim(adapter["site"], key, adapter["content_hash"], adapter.get("date_published"),
                                messages.article(adapter.asdict(), getattr(item, "warc", None)))
        if claim is Claim.UNCHANGED:
            self.stats.inc_value(keys.DEDUP_UNCHANGED)
            raise DropItem(f"Already handed off, unchanged: {adapter['url']}", log_level="DEBUG")
        if claim is Claim.SAME_CONTENT:
            self.stats.inc_value(keys.DEDUP_SAME_CONTENT)
            raise DropItem(f"Same text as an article handed off under another URL, handed off as its alias:"
                           f" {adapter['url']}", log_level="INFO")
        self.stats.inc_value(keys.ITEMS_NEW if claim is Claim.NEW else keys.ITEMS_UPDATED)
        return item
