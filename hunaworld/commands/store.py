"""``scrapy store``: the writer of a distributed crawl (see ``hunaworld.distributed.writer``)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.log import configure_logging

from hunaworld.crawling.preflight import PreflightError, open_store

logger = logging.getLogger(__name__)


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "[--redis URL] [--db FILE] [-o FEED] [--name NAME] [--batch N] [--exit-idle SECONDS]"

    def short_desc(self) -> str:
        return "Store the articles of distributed workers in SQLite and a JSON Lines feed (one writer)"

    def long_desc(self) -> str:
        return ("Runs until stopped (SIGTERM or Ctrl-C finish the current batch first). A writer killed and "
                "started again under the same name stores its interrupted batch exactly once. While Redis is "
                "away it waits, for HUNAWORLD_REDIS_OUTAGE_TIMEOUT seconds at most. "
                "Exit status: 0 stopped; 1 bad options, Redis unreachable at the start or away past the "
                "timeout; 2 the writer lost its lock.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--redis", metavar="URL", help="Redis URL (default: setting HUNAWORLD_REDIS_URL)")
        parser.add_argument("--db", metavar="FILE", help="SQLite file (default: setting HUNAWORLD_SQLITE)")
        parser.add_argument("-o", "--output", metavar="FEED", help="JSON Lines feed to append the stored articles to")
        parser.add_argument("--name", default="writer",
                            help="the writer's name: its processing list and lock (default: writer)")
        parser.add_argument("--batch", type=int, help="messages per SQLite transaction (default: 100)", default=100)
        parser.add_argument("--exit-idle", type=float, metavar="SECONDS",
                            help="exit after this many seconds without a message (default: run until stopped)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("scrapy store takes no arguments")
        url = opts.redis or self.settings.get("HUNAWORLD_REDIS_URL")
        if not url:
            raise UsageError("give --redis URL (or -s HUNAWORLD_REDIS_URL=URL)")
        configure_logging(self.settings)
        # Imported here: `scrapy -h` lists this command on machines without the distributed extra.
        import redis

        from hunaworld.distributed.connection import connect, unreachable
        from hunaworld.distributed.keys import Keys
        from hunaworld.distributed.outage import RedisGone, WaitForRedis
        from hunaworld.distributed.writer import Writer, WriterError

        try:
            store = open_store(Path(opts.db or self.settings.get("HUNAWORLD_SQLITE")))
        except PreflightError as exc:
            print(f"hunaworld: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        problem = unreachable(url)
        if problem:
            store.close()
            print(f"hunaworld: cannot reach Redis: {problem}", file=sys.stderr)
            self.exitcode = 1
            return
        stopping: list[int] = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda number, frame: stopping.append(number))
        wait = WaitForRedis(self.settings.getfloat("HUNAWORLD_REDIS_OUTAGE_TIMEOUT"),
                            stop_requested=lambda: bool(stopping))
        server = connect(url, wait)
        writer = Writer(server, Keys(self.settings.get("HUNAWORLD_REDIS_PREFIX")), store,
                        Path(opts.output) if opts.output else None, name=opts.name, batch=opts.batch,
                        lock_timeout=self.settings.getfloat("HUNAWORLD_REDIS_WORKER_TIMEOUT"),
                        retry_after=self.settings.getfloat("HUNAWORLD_RETRY_AFTER"),
                        max_attempts=self.settings.getint("HUNAWORLD_RETRY_ATTEMPTS"))
        feed = f" and {opts.output}" if opts.output else ""
        # The address, not the URL, which may hold a password.
        where = server.connection_pool.connection_kwargs
        address = f"{where['host']}:{where.get('port')}" if "host" in where else where.get("path")
        logger.info("Writer %s: storing the workers' articles from Redis at %s into %s%s (Ctrl-C stops)", opts.name,
                    address, store.path, feed)
        try:
            writer.run(idle_exit=opts.exit_idle, stop=lambda: bool(stopping))
        except RedisGone as exc:
            # Stopped while waiting: the batch in hand stays in Redis, and the next start stores it.
            if not stopping:
                print(f"hunaworld: {exc}", file=sys.stderr)
                self.exitcode = 1
        except redis.ConnectionError as exc:
            print(f"hunaworld: cannot reach Redis: {exc}", file=sys.stderr)
            self.exitcode = 1
        except WriterError as exc:
            print(f"hunaworld: {exc}", file=sys.stderr)
            self.exitcode = 2
        finally:
            # A batch cut short is not committed: its messages are still in Redis, to be stored whole.
            store.rollback()
            store.close()
            server.close()
