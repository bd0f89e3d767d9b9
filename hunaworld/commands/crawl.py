"""``scrapy crawl`` with an exit status that tells schedulers whether the run was healthy.

Exit status: 0 success; 1 the crawl could not start (a bad spider argument, setting or profile,
or an unreachable Redis in distributed mode, named in one line); 3 the end-of-run health check
failed (see ``hunaworld.monitoring.health``).
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from hunaworld.crawling.arguments import HELP, ArgumentError, CrawlArguments
from hunaworld.monitoring.health import FAILED

HEALTH_FAILED = 3


class Command(ScrapyCrawl):
    def long_desc(self) -> str:
        arguments = "; ".join(f"{name}: {meaning}" for name, meaning in HELP.items())
        return (f"Run a spider. hunaworld's spider takes -a NAME=VALUE arguments: {arguments}. "
                "Exit status: 0 healthy; 1 the crawl could not start; 3 the health check failed.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        if args[0] == "hunaworld":
            try:
                CrawlArguments.parse(opts.spargs)
            except ArgumentError as exc:
                print(f"hunaworld: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            if self.settings.get("HUNAWORLD_REDIS_URL"):
                # Imported here: a one-machine crawl needs no Redis installed.
                from hunaworld.distributed.connection import unreachable

                problem = unreachable(self.settings["HUNAWORLD_REDIS_URL"])
                if problem:
                    print(f"hunaworld: cannot use Redis (HUNAWORLD_REDIS_URL): {problem}", file=sys.stderr)
                    self.exitcode = 1
                    return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats.get_value(FAILED):
            self.exitcode = HEALTH_FAILED
