"""The feed and the database agree after any crash: rows are marked once their feed line is written.

The SQLite pipeline commits a batch, then releases its items to the feed exporters. A kill between
the two used to leave committed rows that no feed line would ever carry (the next run finds them
stored). Now a row committed with a feed configured is unexported until this extension sees its
item scraped (after the feed exporters, which are connected first, have written its line). The
next run of the site and section starts by writing the rows left unexported, except those whose
line a local append-mode feed (``-o file.jsonl``) already holds: a kill between the line and its
mark must not repeat it. With several feeds, a line is taken as written when every local
append-mode feed holds it; other feed storages cannot be read back, so their rows are written again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from hunaworld.monitoring import stats as keys
from hunaworld.storage.service import store_of
from hunaworld.storage.store import ArticleStore
from hunaworld.urls import article_key

logger = logging.getLogger(__name__)


class FeedLedger:
    def __init__(self, crawler: Crawler, appended: list[Path]) -> None:
        self.crawler = crawler
        self.appended = appended
        self.store: ArticleStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedLedger:
        feeds = crawler.settings.getdict("FEEDS")
        if not feeds:
            raise NotConfigured
        ledger = cls(crawler, [path for uri, options in feeds.items()
                               if not options.get("overwrite") and (path := _local_path(str(uri)))])
        crawler.signals.connect(ledger.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ledger.item_scraped, signal=signals.item_scraped)
        return ledger

    def spider_opened(self, spider: Spider) -> None:
        # Looked up once: item_scraped runs for every article.
        self.store = store = store_of(self.crawler)
        site = spider.profile.key
        rows = store.unexported(site, spider.arguments.section.key)
        if not rows:
            return
        written = set.intersection(*(_lines_in(path, {row["url"] for row in rows}) for path in self.appended)) \
            if self.appended else set()
        had_line = []
        for row in rows:
            key = row.pop("url_key")
            if (row["url"], row["revision"]) in written:
                had_line.append((site, key))
            else:
                self.crawler.signals.send_catch_log(signals.item_scraped, item=row, response=None, spider=spider)
        store.mark_exported(had_line)
        missing = len(rows) - len(had_line)
        logger.warning("%d article(s) committed by an earlier run had no feed line: written now (%d had one)",
                       missing, len(rows) - missing)

    def item_scraped(self, item: Any) -> None:
        """Mark the row whose line is written (a kill before this is safe: the next run finds the
        line in an append-mode feed, or writes it again to a new file)."""
        if self.crawler.stats.get_value(keys.FEED_FAILED):
            return  # its line was not written: the row stays unexported for the next run
        assert self.store is not None
        self.store.mark_exported([(item["site"], article_key(item["url"], item["article_id"]))])


def _local_path(uri: str) -> Path | None:
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(parts.path)
    return Path(uri) if not parts.scheme or len(parts.scheme) == 1 else None


def _lines_in(path: Path, urls: set[str]) -> set[tuple[str, int]]:
    """(url, revision) of the lines of a JSON Lines feed whose url is one of ``urls``."""
    found: set[tuple[str, int]] = set()
    if not path.is_file():
        # None yet, or a device (/dev/full reads as zeros without end): no line it holds can be
        # read back, so its rows are written again.
        return found
    with path.open(encoding="utf-8", errors="replace") as feed:
        for line in feed:
            # Cheap test first: the feed may be large, and few of its lines are looked for.
            if not any(url in line for url in urls):
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by the kill: its article is written again
            if isinstance(item, dict) and item.get("url") in urls:
                found.add((item["url"], item.get("revision")))
    return found
