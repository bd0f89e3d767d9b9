"""The sample a profile is drafted from: a discovery crawl of the section's first listing pages and
a dozen of their articles, through the real engine (politeness, robots.txt, replay and recording
apply), with every page it read kept, and what discovery learnt.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.crawler import CrawlerProcessBase
from scrapy.http import Response, TextResponse

from hunaworld.crawling.incremental import Decision
from hunaworld.crawling.sources import Source
from hunaworld.crawling.spider import SectionSpider
from hunaworld.discovery.urlshape import Shape
from hunaworld.html.parsing import parse_page


class DraftSpider(SectionSpider):
    """The section's spider, requesting no more than ``articles`` articles."""

    name = "hunaworld-draft"

    def __init__(self, articles: int = 12, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget = articles

    def follow(self, url: str, date_text: str, now: datetime, modified: datetime | None = None
               ) -> tuple[Decision, scrapy.Request | None]:
        decision, request = super().follow(url, date_text, now, modified)
        if request is None:
            return decision, None
        self.budget -= 1
        return decision, request if self.budget >= 0 else None


@dataclass
class Page:
    url: str
    sel: Selector


@dataclass
class Sample:
    """What the draft is written from."""

    start_url: str
    section: str
    # The section's name as the site labels its link, learnt from the first listing page.
    title: str | None
    listings: list[Page] = field(default_factory=list)
    articles: list[Page] = field(default_factory=list)
    # The UTC offsets the pages, sitemaps and feeds printed (seconds -> how often).
    offsets: Counter[int] = field(default_factory=Counter)
    sources: list[Source] = field(default_factory=list)
    # The section's article URL shapes discovery followed links of.
    shapes: list[Shape] = field(default_factory=list)


def crawl_sample(process: CrawlerProcessBase, url: str, section: str | None, pages: int, articles: int) -> Sample:
    """Crawl the section at ``url`` (named ``section``, else by its URL) in discovery mode: ``pages``
    listing pages, at most ``articles`` articles, and its sitemaps and feeds."""
    crawler = process.create_crawler(DraftSpider)
    kept: dict[str, list[tuple[str, Selector]]] = {"listing": [], "article": []}

    def keep(response: Response) -> None:
        kind = response.meta.get("page_type")
        if kind in kept and isinstance(response, TextResponse) and response.status == 200:
            kept[kind].append((response.url, parse_page(response.body, response.encoding, response.url)))

    crawler.signals.connect(keep, signal=signals.response_received)
    named = {"section": section} if section else {}
    process.crawl(crawler, start_url=url, max_pages=str(pages), articles=articles, **named)
    process.start()
    spider: DraftSpider = crawler.spider  # type: ignore[assignment]
    # Listing pages in the order they were read, each once (a redirect may repeat one).
    listings = list(dict(kept["listing"]).items())
    model = spider.navigation
    shapes = [record.shape for record in getattr(model, "shapes", {}).values() if record.links]
    return Sample(url, spider.arguments.section.key, model.title, [Page(u, s) for u, s in listings],
                  [Page(u, s) for u, s in dict(kept["article"]).items()], Counter(spider.clock.offsets),
                  spider.sources.used, shapes)
