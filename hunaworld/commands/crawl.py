"""``scrapy crawl`` with a start that refuses bad input in one line, and an exit status for schedulers.

Exit status: 0 healthy; 1 the crawl could not start (a bad spider argument, setting, input file or
profile, or an unreachable Redis in distributed mode, named in one line); 3 the end-of-run health
check failed (``hunaworld.monitoring.health``), or in distributed mode Redis stayed away longer than
``HUNAWORLD_REDIS_OUTAGE_TIMEOUT``; 4 the run was stopped by a signal (Ctrl-C, SIGTERM) before its
end, and the next run picks up.
"""

from __future__ import annotations

import argparse
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from hunaworld.crawling.arguments import HELP, ArgumentError, CrawlArguments
from hunaworld.crawling.preflight import PreflightError, check
from hunaworld.monitoring.health import FAILED

HEALTH_FAILED = 3
INTERRUPTED = 4
# Scrapy's start-up and shutdown lines (versions, enabled components, overridden settings, the stats
# dump): useful when debugging, noise in a scheduled job's mail. Shown with LOG_LEVEL=DEBUG.
CHATTY_LOGGERS = ("scrapy.utils.log", "scrapy.middleware", "scrapy.crawler", "scrapy.addons",
                  "scrapy.core.engine", "scrapy.statscollectors", "scrapy.extensions.telnet")


class Command(ScrapyCrawl):
    def long_desc(self) -> str:
        arguments = "; ".join(f"{name}: {meaning}" for name, meaning in HELP.items())
        return (f"Run a spider. hunaworld's spider takes -a NAME=VALUE arguments: {arguments}. "
                f"Exit status: 0 healthy; 1 the crawl could not start; {HEALTH_FAILED} the health check failed; "
                f"{INTERRUPTED} stopped by a signal before the end.")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if args == ["hunaworld"]:
            try:
                CrawlArguments.parse(opts.spargs)
                check(self.settings)
            except (ArgumentError, PreflightError) as exc:
                print(f"hunaworld: {exc}", file=sys.stderr)
                sys.exit(1)
        self.quiet = str(self.settings.get("LOG_LEVEL")).upper() != "DEBUG"
        if self.quiet:
            self.settings.set("LOG_VERSIONS", [], priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        if self.quiet:
            # Set here, after Scrapy configured logging (which resets its loggers' levels).
            for name in CHATTY_LOGGERS:
                logging.getLogger(name).setLevel(logging.WARNING)
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats.get_value("finish_reason") == "shutdown":
            self.exitcode = INTERRUPTED
        elif crawler.stats.get_value(FAILED):
            self.exitcode = HEALTH_FAILED
