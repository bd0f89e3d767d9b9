"""``scrapy crawl`` with an exit status that tells schedulers whether the run was healthy.

Exit status: 0 success; 1 Scrapy could not start the crawl; 3 the end-of-run health check failed
(see ``hunaworld.monitoring.health``).
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from hunaworld.monitoring.health import FAILED

HEALTH_FAILED = 3


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats.get_value(FAILED):
            self.exitcode = HEALTH_FAILED
