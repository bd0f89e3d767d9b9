"""``scrapy runs``: the latest crawls recorded in the database, with their outcome."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from hunaworld.crawling.preflight import PreflightError, open_store
from hunaworld.monitoring.runlist import run_table


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[--db FILE] [-n N]"

    def short_desc(self) -> str:
        return "List recent runs: healthy, failed (and why) or interrupted, with new, updated and failed articles"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--db", metavar="FILE", help="SQLite file (default: setting HUNAWORLD_SQLITE)")
        parser.add_argument("-n", type=int, default=20, metavar="N", help="how many runs, newest first (default 20)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("scrapy runs takes no arguments")
        path = Path(opts.db or self.settings.get("HUNAWORLD_SQLITE"))
        if not path.exists():
            raise UsageError(f"no database at {path}")
        try:
            store = open_store(path)
        except PreflightError as exc:
            print(f"hunaworld: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        try:
            runs = store.recent_runs(opts.n)
        finally:
            store.close()
        print("\n".join(run_table(runs)))
