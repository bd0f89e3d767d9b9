"""What a run ended with, in the words schedulers and people read: its status (healthy, failed and
why, interrupted) and its new, updated and failed articles.

The crawl's state service records it in the ``runs`` table and logs it as the run's last line,
because scrapyd lists every job as "finished" whatever its exit status.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.crawler import Crawler

from hunaworld.monitoring import stats as keys
from hunaworld.monitoring.health import HealthCheck


@dataclass(frozen=True)
class RunOutcome:
    reason: str
    # "healthy", "failed: <problems>", or None when the health check is off or the run was interrupted.
    health: str | None
    new: int
    updated: int
    failed: int

    @classmethod
    def of(cls, crawler: Crawler, reason: str) -> RunOutcome:
        get = crawler.stats.get_value
        check = crawler.get_extension(HealthCheck)
        # Pages that failed after retries (nearly all article pages), and pages whose callback raised.
        failed = sum(value for key, value in crawler.stats.get_stats().items()
                     if key.startswith(keys.FETCH_ERROR) and isinstance(value, int))
        failed += get("spider_exceptions/count", 0)
        return cls(reason, check.verdict() if check else None, get(keys.ITEMS_NEW, 0), get(keys.ITEMS_UPDATED, 0),
                   failed)

    @property
    def status(self) -> str:
        return run_status(self.reason, self.health)

    def line(self) -> str:
        return (f"Run outcome: {self.status}. Articles: {self.new} new, {self.updated} updated,"
                f" {self.failed} failed")


def run_status(reason: str | None, health: str | None) -> str:
    """A run's status from its finish reason and health verdict, as ``scrapy runs`` lists it."""
    if reason is None:
        return "interrupted (no end recorded: killed, or still running)"
    if reason != "finished":
        return f"interrupted ({reason})"
    return health or "finished (health not checked)"
