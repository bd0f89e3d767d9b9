"""``scrapy runs``: the latest crawls recorded in the database, with their outcome."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from hunaworld.crawling.preflight import PreflightError, open_store
from hunaworld.monitoring.outcome import run_status

COLUMNS = ("id", "site/section", "started", "finished", "new", "updated", "failed", "status")


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
            rows = [row_cells(run) for run in store.recent_runs(opts.n)]
        finally:
            store.close()
        widths = [max(len(cells[n]) for cells in [COLUMNS, *rows]) for n in range(len(COLUMNS) - 1)]
        for cells in [COLUMNS, *rows]:
            print("  ".join([*(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)), cells[-1]]))


def row_cells(run: dict[str, Any]) -> tuple[str, ...]:
    def count(name: str) -> str:
        return "" if run[name] is None else str(run[name])

    return (str(run["id"]), f"{run['site']}/{run['site_section']}", run["started_at"] or "", run["finished_at"] or "",
            count("articles_new"), count("articles_updated"), count("articles_failed"),
            run_status(run["finish_reason"], run["health"]))
