"""``scrapy fixture URL --site KEY``: save one article page as a golden fixture of a site profile.

Fetches URL through the project's own downloader stack (politeness settings, robots.txt, charset
handling; with ``-s HUNAWORLD_REPLAY=DIR`` it takes the page from a recorded capture instead), saves
it into ``fixtures/<site>/pages/`` with its manifest entry, and writes beside it the item extracted
with the site's profile as ``X.expected.json``, for a person to check field by field. The golden
test picks the new pair up with no change.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse

from hunaworld.capture.manifest import Capture
from hunaworld.capture.replay import recorded_headers
from hunaworld.extraction.loader import load_article
from hunaworld.profile import ProfileError
from hunaworld.sites import get_profile


class _FetchOne(scrapy.Spider):
    """Fetches one page with the project's downloader middlewares and nothing else of the crawl."""

    name = "hunaworld-fixture"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"scrapy.extensions.logstats.LogStats": None,
                       "hunaworld.storage.service.StoreService": None,
                       "hunaworld.crawling.extraction.ExtractionService": None,
                       "hunaworld.monitoring.health.HealthCheck": None,
                       "hunaworld.monitoring.progress.Progress": None},
    }

    def __init__(self, url: str, into: list[Response], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.into = into

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.url, callback=self.keep, dont_filter=True)

    def keep(self, response: Response) -> None:
        self.into.append(response)


class Command(ScrapyCommand):
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "URL --site KEY [--into DIR]"

    def short_desc(self) -> str:
        return "Save an article page as a golden fixture with its extracted item, for a person to check"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--site", required=True, help="the site profile the page belongs to")
        parser.add_argument("--into", help="the fixture folder (default: fixtures/<site>/pages)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or not args[0].startswith(("http://", "https://")):
            raise UsageError("give exactly one http(s) URL")
        try:
            profile = get_profile(opts.site)
        except ProfileError as exc:
            raise UsageError(str(exc)) from None
        fetched: list[Response] = []
        assert self.crawler_process
        self.crawler_process.crawl(_FetchOne, url=args[0], into=fetched)
        self.crawler_process.start()
        if not fetched or not isinstance(fetched[0], TextResponse):
            print(f"hunaworld: could not fetch an HTML page from {args[0]} (see the log above)")
            self.exitcode = 1
            return
        response = fetched[0]
        capture = Capture(Path(opts.into or Path("fixtures") / profile.key / "pages"), create=True)
        page = capture.put(response.url, response.status, recorded_headers(response), response.body)
        capture.save()
        item, found = load_article(response.selector, response.url, profile)
        item.pop("scraped_at")
        expected = page.with_suffix(".expected.json")
        expected.write_text(json.dumps(item, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        layers = ", ".join(f"{name}={layer}" for name, layer in found.layers.items())
        print(f"Saved {page} and {expected}\nlayout={found.layout or 'none'} {layers}\n"
              "Check every field of the expected item against the page as a reader sees it, then commit both.")
