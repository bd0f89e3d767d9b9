"""The articles that failed, kept in the database so that later runs retry them.

An article page that could not be fetched after Scrapy's retries, could not be extracted, or whose
row could not be committed is recorded with its error. Later runs of its site and section request
it again, whatever the stopping rule of the listing says, once its back-off has passed: the wait
doubles with each attempt, and after ``max_attempts`` the article is given up (kept, counted,
never requested again). Storing the article removes it (``ArticleStore.upsert``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hunaworld.storage.store import ArticleStore


@dataclass(frozen=True)
class FailureCounts:
    pending: int
    given_up: int


class FailureLog:
    def __init__(self, store: ArticleStore, *, retry_after: float, max_attempts: int) -> None:
        self.db = store.db
        self.retry_after = retry_after
        self.max_attempts = max_attempts

    def record(self, site: str, section: str, url_key: str, url: str, error: str) -> None:
        """Count one more failed attempt of the article (joins the open batch, or commits at once)."""
        now = datetime.now(UTC)
        row = self.db.execute("SELECT attempts FROM failures WHERE site = ? AND url_key = ?",
                              (site, url_key)).fetchone()
        attempts = (row[0] if row else 0) + 1
        wait = timedelta(seconds=self.retry_after * 2 ** (attempts - 1))
        self.db.execute(
            "INSERT INTO failures (site, url_key, url, site_section, attempts, last_error, first_failed, last_failed,"
            " next_attempt, given_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (site, url_key) DO UPDATE SET url = excluded.url, attempts = excluded.attempts,"
            " last_error = excluded.last_error, last_failed = excluded.last_failed,"
            " next_attempt = excluded.next_attempt, given_up = excluded.given_up",
            (site, url_key, url, section, attempts, error, _iso(now), _iso(now), _iso(now + wait),
             int(attempts >= self.max_attempts)),
        )

    def due(self, site: str, section: str) -> list[str]:
        """URLs of the failed articles whose back-off has passed, oldest failure first."""
        cursor = self.db.execute(
            "SELECT url FROM failures WHERE site = ? AND site_section = ? AND given_up = 0 AND next_attempt <= ?"
            " ORDER BY first_failed", (site, section, _iso(datetime.now(UTC))))
        return [row[0] for row in cursor]

    def counts(self, site: str, section: str) -> FailureCounts:
        pending, given_up = self.db.execute(
            "SELECT COUNT(*) - COALESCE(SUM(given_up), 0), COALESCE(SUM(given_up), 0) FROM failures"
            " WHERE site = ? AND site_section = ?", (site, section)).fetchone()
        return FailureCounts(pending, given_up)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
