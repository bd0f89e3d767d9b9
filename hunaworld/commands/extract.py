"""``scrapy extract FILE --url URL``: one saved page in, the article as one JSON line out; a page that is
no article gets one line saying what it is, and exit status 3."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from hunaworld.extraction.loader import load_article
from hunaworld.extraction.pagekind import ARTICLE
from hunaworld.html.decoding import looks_like_html, page_encoding
from hunaworld.html.parsing import parse_page
from hunaworld.profile import ProfileError
from hunaworld.sites import get_profile

logger = logging.getLogger(__name__)

# The exit status for a page that is no article (a listing, a home page, a directory of links).
NOT_AN_ARTICLE = 3


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "FILE [--url URL]"

    def short_desc(self) -> str:
        return "Extract the article of one saved HTML page and print it as a JSON line"

    def long_desc(self) -> str:
        return ("Reads FILE as if it had been served at URL (default: its file:// URL) and prints the "
                "article after the item loaders, with the same fields as a crawl. Works for any Arabic "
                "news page; --site applies a site profile, else times without an offset are read in "
                "HUNAWORLD_TIMEZONE (default UTC). Which extraction layer served each field goes to stderr with -v. "
                "A page that is no article (a listing, a home page, a directory of links) prints "
                "'not an article: KIND' to stderr and exits with status 3.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the URL the page was served at")
        parser.add_argument("--site", help="a site profile key (scrapy sites): its layouts, names and clock apply")
        parser.add_argument("-v", "--verbose", action="store_true", help="print the layer of each field to stderr")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one HTML file")
        path = Path(args[0])
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        body = path.read_bytes()
        if not looks_like_html(body):
            print(f"hunaworld: {path} is not an HTML page (empty, binary, or no HTML tags)", file=sys.stderr)
            self.exitcode = 2
            return
        url = opts.url or path.resolve().as_uri()
        assert self.settings is not None
        try:
            profile = get_profile(opts.site) if opts.site else None
        except ProfileError as exc:
            raise UsageError(str(exc)) from None
        item, found = load_article(parse_page(body, page_encoding(body), url), url, profile,
                                   tz=self.settings.get("HUNAWORLD_TIMEZONE"))
        if opts.verbose:
            layers = ", ".join(f"{name}={layer}" for name, layer in found.layers.items())
            print(f"layout={found.layout or 'none'} {layers}", file=sys.stderr)
        if found.kind != ARTICLE:
            print(f"hunaworld: not an article: {found.kind} ({path})", file=sys.stderr)
            self.exitcode = NOT_AN_ARTICLE
            return
        for name, raw in found.unparsed.items():
            logger.warning("Unparseable %s %r in %s", name, raw, path)
        print(json.dumps(dict(item), ensure_ascii=False))
