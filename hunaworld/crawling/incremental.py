"""What an incremental run fetches: the ``since`` cut-off, the revisit window, when paging stops.

By default a run skips stored articles, except those published less than the revisit window ago
(re-fetched to catch edits), and stops paging after the first listing page whose articles are all
stored and past the window. ``full`` fetches everything. After a run that did not finish, every
listing page is read (stored articles are still skipped), since later pages may never have been.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from hunaworld.dates import parse_date
from hunaworld.storage.store import SeenState
from hunaworld.urls import article_key


class Decision(enum.Enum):
    FETCH = "fetch"
    REVISIT = "revisit"
    SKIP_STORED = "stored"
    SKIP_BEFORE_SINCE = "before_since"
    # Listed on an earlier page of this run (listings shift while they are read): decided there.
    LISTED_AGAIN = "listed_again"


@dataclass
class IncrementalPolicy:
    store: SeenState
    site: str
    tz: tzinfo
    full: bool = False
    since: date | None = None
    revisit: timedelta = timedelta(hours=48)
    # The previous run did not finish: do not stop paging at a page of stored articles.
    read_every_page: bool = False
    # Articles this run has decided on: one listed again is not "already stored" by an earlier run,
    # whether or not this run has stored it yet.
    listed: set[str] = field(default_factory=set)

    def decide(self, url: str, article_id: str | None, date_text: str, now: datetime,
               modified: datetime | None = None) -> Decision:
        """Whether to fetch a listed article, from its link (and the site's id in it) and its card's date.

        ``modified``, where a sitemap or feed gives it, spares the revisit of a stored article it says
        was not modified since its page was last read (or since its publication).
        """
        key = article_key(url, article_id)
        if key in self.listed:
            return Decision.LISTED_AGAIN
        self.listed.add(key)
        if self.since and self.before_since(parse_date(date_text, tz=self.tz, now=now)):
            return Decision.SKIP_BEFORE_SINCE
        if self.full:
            return Decision.FETCH
        seen = self.store.published(self.site, key)
        if not seen.known:
            return Decision.FETCH
        if self._young(seen.published, now) and _read_before(seen.fetched, now) and \
                not _unmodified_since(modified, seen.fetched, seen.published):
            return Decision.REVISIT
        return Decision.SKIP_STORED

    def before_since(self, published: datetime | None) -> bool:
        return bool(published and self.since and published.date() < self.since)

    def stop_reason(self, decisions: list[Decision]) -> str | None:
        """Why paging stops after a listing page with these decisions, or None to go on."""
        decisions = [d for d in decisions if d is not Decision.LISTED_AGAIN]
        if not decisions:
            return None
        if self.since and all(d is Decision.SKIP_BEFORE_SINCE for d in decisions):
            return f"every article is older than {self.since}"
        # A page of stored articles still leads on while some were young enough to revisit: the
        # next page may hold young ones too.
        if not self.read_every_page and all(d is Decision.SKIP_STORED for d in decisions):
            return "every article is already stored and past the revisit window (-a full=1 crawls all)"
        return None

    def _young(self, published: str | None, now: datetime) -> bool:
        """Young articles still get edited: those published within the revisit window are re-fetched."""
        if not published:
            return False
        try:
            return now - datetime.fromisoformat(published) < self.revisit
        except (TypeError, ValueError):
            return False


def _read_before(fetched: str | None, now: datetime) -> bool:
    """Whether the page was last read before ``now`` (the listing's own clock): a replayed capture's
    clock stands still, and its pages, read after the capture was made, have nothing new to show."""
    if fetched is None:
        return True
    try:
        return datetime.fromisoformat(fetched) < now
    except (TypeError, ValueError):
        return True


def _unmodified_since(modified: datetime | None, *times: str | None) -> bool:
    """Whether a sitemap's or feed's date of last modification is no later than one of ``times``
    (ISO 8601: when the page was last read, when it was published)."""
    if modified is None:
        return False
    for when in times:
        try:
            if when and modified <= datetime.fromisoformat(when):
                return True
        except (TypeError, ValueError):
            continue
    return False
