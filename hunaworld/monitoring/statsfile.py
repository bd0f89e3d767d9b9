"""The final stats of a run as a JSON file (``HUNAWORLD_STATS_FILE``), for monitoring and tests.

The stats dump in the log is shown at DEBUG only; a scheduler or a dashboard reads this file instead
of parsing log lines. Written by the stats collector when it persists the run's stats, after every
``spider_closed`` handler (the health verdict, the extraction workers' figures) has finished.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import MemoryStatsCollector


class FileStatsCollector(MemoryStatsCollector):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        path = crawler.settings.get("HUNAWORLD_STATS_FILE")
        self.path = Path(path) if path else None

    def _persist_stats(self, stats: dict[str, Any]) -> None:
        super()._persist_stats(stats)
        if self.path is not None:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
