"""The throughput benchmark's baseline: requests the pages ``hunaworld`` requests, in its order; yields nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from hunaworld.crawling.arguments import CrawlArguments
from hunaworld.crawling.spider import ARTICLE_PRIORITY
from hunaworld.extraction.listing import next_page, read_listing


class NoopSpider(scrapy.Spider):
    name = "noop"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        # The crawl's own arguments: the extensions both crawls run (the run record, the progress
        # line) read them, and do the same work for the baseline as for the crawl.
        self.arguments = CrawlArguments.parse(kwargs)
        self.profile = self.arguments.profile
        self.start_url = self.arguments.start_url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        for card in read_listing(response.selector, response.url, self.profile).cards:
            yield response.follow(card.url, callback=self.parse_article, priority=ARTICLE_PRIORITY)
        nxt = next_page(response.selector, response.url, self.profile)
        if nxt:
            yield response.follow(nxt, callback=self.parse_listing)

    def parse_article(self, response: Response) -> None:
        return None
