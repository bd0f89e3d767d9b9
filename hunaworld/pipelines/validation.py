"""Validation: pages that are not articles are dropped; articles whose date could not be read are flagged.

An article whose date reads fine but has no instant (a wall-clock time on a site whose clock the
run could not learn, :mod:`hunaworld.discovery.clock`) is counted apart: the spider says so once.

A video or gallery story (``story_type``) has an empty body and is kept: an empty body is a drop only
for a page that is not a story.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from hunaworld.dates import parse_date
from hunaworld.monitoring import stats as keys

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
            if not adapter.get(name) and not (name == "body" and adapter.get("story_type")):
                self.stats.inc_value(keys.DROPPED_MISSING.format(field=name))
                raise DropItem(f"Missing {name} on {adapter.get('url')}", log_level="WARNING")
        if adapter.get("date_published") is None:
            raw = adapter.get("date_published_raw")
            if raw and parse_date(raw) is not None:
                # A wall-clock time on a site whose clock is unknown: the run says so once, at its end.
                self.stats.inc_value(keys.DATE_NO_CLOCK)
            elif raw:
                self.stats.inc_value(keys.DATE_UNPARSED)
                logger.warning("Unparseable publication date %r on %s: stored as null", raw, adapter["url"])
            else:
                self.stats.inc_value(keys.DATE_MISSING)
                logger.warning("No publication date found on %s", adapter["url"])
        return item
