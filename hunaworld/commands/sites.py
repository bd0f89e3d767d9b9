"""``scrapy sites``: the site profiles, their sections and start URLs."""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from hunaworld.sites import profiles


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def short_desc(self) -> str:
        return "List the site profiles and their sections (scrapy crawl hunaworld -a site=KEY -a section=NAME)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        for profile in profiles().values():
            print(f"{profile.key}\t{profile.names[0]}\t{profile.timezone}")
            for section in profile.sections:
                print(f"  {section.key}\t{section.title}\t{' '.join(section.start_urls)}")
