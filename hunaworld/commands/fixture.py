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
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hunaworld.capture.manifest import Capture
from hunaworld.capture.replay import recorded_headers
from hunaworld.commands.quiet import hush_chatty_loggers, quiet_start
from hunaworld.extraction.loader import load_article
from hunaworld.profile import ProfileError
from hunaworld.sites import get_profile


class _FetchOne(scrapy.Spider):
    """Fetches one page with the project's downloader middlewares and nothing else of the crawl."""

    name = "hunaworld-fixture"
    # These dicts replace the project's: none of the crawl's pipelines or extensions run.
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"scrapy.extensions.logstats.LogStats": None,
                       "hunaworld.monitoring.logfilter.OneLineNetworkErrors": 0},
    }

    def __init__(self, url: str, into: list[Response | str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.into = into

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.url, callback=self.keep, errback=self.failed, dont_filter=True)

    def keep(self, response: Response) -> None:
        self.into.append(response)

    def failed(self, failure: Failure) -> None:
        response = getattr(failure.value, "response", None)
        self.into.append(f"HTTP {response.status}" if response is not None
                         else failure.getErrorMessage() or failure.type.__name__)


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

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Checked here, before Scrapy starts its log with the version dump, so a usage error is all that shows.
        super().process_options(args, opts)
        self.quiet = quiet_start(self.settings)
        if len(args) != 1 or not args[0].startswith(("http://", "https://")):
            raise UsageError("give exactly one http(s) URL")
        try:
            self.profile = get_profile(opts.site)
        except ProfileError as exc:
            raise UsageError(str(exc)) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        profile = self.profile
        fetched: list[Response | str] = []
        assert self.crawler_process
        if self.quiet:
            hush_chatty_loggers()
        self.crawler_process.crawl(_FetchOne, url=args[0], into=fetched)
        self.crawler_process.start()
        response = fetched[0] if fetched else "no answer"
        if not isinstance(response, TextResponse):
            kind = response.headers.get("Content-Type") if isinstance(response, Response) else None
            reason = response if isinstance(response, str) else f"not an HTML page ({kind})"
            print(f"hunaworld: could not fetch {args[0]}: {reason}", file=sys.stderr)
            self.exitcode = 1
            return
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
