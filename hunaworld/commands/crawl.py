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
from scrapy.crawler import Crawler, CrawlerProcessBase
from scrapy.exceptions import UsageError
from scrapy.utils.ossignal import signal_names

from hunaworld.commands.quiet import hush_chatty_loggers, quiet_start
from hunaworld.crawling.arguments import HELP, ArgumentError, CrawlArguments
from hunaworld.crawling.preflight import PreflightError, check
from hunaworld.monitoring.health import FAILED
from hunaworld.storage.service import CrawlState

logger = logging.getLogger(__name__)

HEALTH_FAILED = 3
INTERRUPTED = 4


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
        self.quiet = quiet_start(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        if self.quiet:
            hush_chatty_loggers()
        known = self.crawler_process.spider_loader.list()
        if args[0] not in known:
            print(f"hunaworld: there is no spider {args[0]!r}; the spiders are: {', '.join(known)}"
                  " (scrapy crawl hunaworld -a site=KEY crawls a site)", file=sys.stderr)
            self.exitcode = 1
            return
        crawler = self._create_crawler(args[0])
        forced: list[int] = []
        acknowledge_signals(self.crawler_process, forced)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif forced:
            record_forced_stop(crawler)
            self.exitcode = INTERRUPTED
        elif crawler.stats.get_value("finish_reason") == "shutdown":
            self.exitcode = INTERRUPTED
        elif crawler.stats.get_value(FAILED):
            self.exitcode = HEALTH_FAILED


def acknowledge_signals(process: CrawlerProcessBase, forced: list[int]) -> None:
    """Say what the first and the second Ctrl-C (or SIGTERM) do, and note the second in ``forced``.

    Scrapy says it at INFO on ``scrapy.crawler``, which a quiet crawl hides with the rest of that
    logger's start-up dump; both messages are logged from the event loop, where Scrapy calls these hooks.
    """
    def first(signum: int) -> None:
        logger.warning("Received %s: stopping after the pages in flight; Ctrl-C again to stop at once",
                       signal_names.get(signum, signum))

    def second(signum: int) -> None:
        forced.append(signum)
        logger.warning("Received %s again: stopping now; the next run picks up what this one left",
                       signal_names.get(signum, signum))

    process._log_shutdown = first  # type: ignore[method-assign]
    process._log_kill = second  # type: ignore[method-assign]


def record_forced_stop(crawler: Crawler) -> None:
    """The run stopped at once: recorded as interrupted, what was in flight left to the next run."""
    state = crawler.get_extension(CrawlState)
    if state is not None:
        state.abandon("forced stop")
