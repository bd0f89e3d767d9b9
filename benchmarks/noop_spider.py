"""The baseline of the throughput benchmark: requests the same pages as ``hunaworld``, yields nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from hunaworld.extraction.listing import cards, next_page


class NoopSpider(scrapy.Spider):
    name = "noop"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        for card in cards(response.selector, response.url):
            yield response.follow(card.url, callback=self.parse_article)
        nxt = next_page(response.selector, response.url)
        if nxt:
            yield response.follow(nxt, callback=self.parse_listing)

    def parse_article(self, response: Response) -> None:
        return None
