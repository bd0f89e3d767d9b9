"""The seen-state of a distributed crawl in Redis, and the crawl service that provides it.

``SharedSeenState`` answers the ``SeenState`` questions (stored hash per article, content hashes
per site, when an article was published) for every worker alike. It holds what has been handed to
the writer, not what the writer has committed yet: an article is claimed and handed off in one
atomic step (``claim``), so of two workers that find one article only one hands it off. Articles
are keyed by ``hunaworld.urls.article_key``, the ``url_key`` of the SQLite store. An article that
failed to load is in no seen-state; its failure goes to the writer's ``failures`` table and comes
back to the workers as due (``SharedFailures``).
"""

from __future__ import annotations

import enum
import json
import logging
import os
import signal
import sys
from collections.abc import Iterable
from itertools import islice
from typing import Any, NoReturn

import redis
from scrapy.crawler import Crawler

from hunaworld.distributed import messages
from hunaworld.distributed.connection import connect, process_name
from hunaworld.distributed.keys import Keys
from hunaworld.distributed.outage import WaitForRedis
from hunaworld.monitoring import stats as stat_keys
from hunaworld.monitoring.outcome import RunOutcome
from hunaworld.storage.failures import FailureCounts
from hunaworld.storage.service import CrawlState
from hunaworld.storage.store import Seen, timestamp

# KEYS: the site's seen hash, its contents set, the items list.
# ARGV: url_key, content_hash, published ('' when unknown), now, the message to hand off.
# Returns a Claim value; a copy of a handed-off text at another URL (SAME_CONTENT) is handed off too,
# for the writer to record as the article's alias. The seen value is "content_hash published" (split
# at the last space: a published time has none); an article without a date keeps the time it was first handed off, as
# SQLite keeps first_seen.
_CLAIM = """
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local old_published = ''
if stored then
  local old_hash, when = string.match(stored, '^(.*) ([^ ]*)$')
  if old_hash == ARGV[2] then return 0 end
  old_published = when
elseif redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 1 then
  -- Another URL of a handed-off text: known from now on, and handed off for the writer to keep as an alias.
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. (ARGV[3] ~= '' and ARGV[3] or ARGV[4]))
  redis.call('LPUSH', KEYS[3], ARGV[5])
  return 1
end
local published = ARGV[3]
if published == '' then published = old_published end
if published == '' then published = ARGV[4] end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. published)
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('LPUSH', KEYS[3], ARGV[5])
if stored then return 3 end
return 2
"""


class Claim(enum.IntEnum):
    UNCHANGED = 0
    SAME_CONTENT = 1
    NEW = 2
    UPDATED = 3


class SharedSeenState:
    """``SeenState`` over Redis, plus the atomic claim-and-hand-off of an article."""

    def __init__(self, server: redis.Redis, keys: Keys) -> None:
        self.server = server
        self.keys = keys
        self._claim = server.register_script(_CLAIM)

    def _stored(self, site: str, url_key: str) -> tuple[str, str] | None:
        value = self.server.hget(self.keys.seen(site), url_key)
        if value is None:
            return None
        digest, _, published = value.decode("utf-8").rpartition(" ")
        return digest, published

    def stored_hash(self, site: str, url_key: str) -> str | None:
        stored = self._stored(site, url_key)
        return stored[0] if stored else None

    def published(self, site: str, url_key: str) -> Seen:
        # When a page was last read is not shared: an article young enough is read again.
        stored = self._stored(site, url_key)
        return Seen(True, stored[1] or None) if stored else Seen(False)

    def touch(self, site: str, url_key: str) -> None:
        self.send(messages.touch(site, url_key))

    def send(self, message: bytes) -> None:
        self.server.lpush(self.keys.items, message)

    def claim(self, site: str, url_key: str, content_hash: str, published: str | None, message: bytes) -> Claim:
        """Hand ``message`` to the writer unless this text of the article (or of the site) is already handed off."""
        keys = [self.keys.seen(site), self.keys.contents(site), self.keys.items]
        return Claim(int(self._claim(keys=keys, args=[url_key, content_hash, published or "", timestamp(), message])))

    def seed(self, rows: Iterable[tuple[str, str, str, str]], chunk: int = 1000) -> int:
        """Add stored articles (site, url_key, content_hash, published) that Redis lacks; returns how many."""
        added = 0
        rows = iter(rows)
        while batch := list(islice(rows, chunk)):
            pipe = self.server.pipeline(transaction=False)
            for site, url_key, content_hash, published in batch:
                pipe.hsetnx(self.keys.seen(site), url_key, f"{content_hash} {published or ''}")
                pipe.sadd(self.keys.contents(site), content_hash)
            added += sum(pipe.execute()[::2])
        return added


class SharedFailures:
    """The failure log of a distributed crawl (``record``, ``due``, ``counts`` of ``FailureLog``).

    A failure is handed to the writer, which records it in the ``failures`` table of its database
    (so a one-machine run of that database retries it too) and mirrors the table into the Redis
    hash ``P:SITE:failures``, which the workers read: a later run's workers request the articles
    whose back-off has passed first, as on one machine. The hash follows the writer, so a failure
    counts once the writer has stored it.
    """

    def __init__(self, seen: SharedSeenState) -> None:
        self.seen = seen

    def record(self, site: str, section: str, url_key: str, url: str, error: str) -> None:
        self.seen.send(messages.failure(site, section, url_key, url, error))

    def _rows(self, site: str, section: str) -> list[dict]:
        rows = (json.loads(value) for value in self.seen.server.hvals(self.seen.keys.failures(site)))
        return [row for row in rows if row.get("section") == section]

    def due(self, site: str, section: str) -> list[str]:
        now = timestamp()
        rows = sorted((row for row in self._rows(site, section) if not row["given_up"] and row["next_attempt"] <= now),
                      key=lambda row: row["first_failed"])
        return [row["url"] for row in rows]

    def counts(self, site: str, section: str) -> FailureCounts:
        rows = self._rows(site, section)
        given_up = sum(1 for row in rows if row["given_up"])
        return FailureCounts(len(rows) - given_up, given_up)


logger = logging.getLogger(__name__)

# Exit statuses of a worker that stops in a Redis outage (as ``hunaworld.commands.crawl`` documents).
GAVE_UP, INTERRUPTED = 3, 4


class SharedState(CrawlState):
    """The crawl state of a worker in distributed mode: the Redis client of every distributed
    component of the worker, the Redis seen-state, and the run record sent to the writer, which
    keeps it in the ``runs`` table beside the one-machine runs.

    ``previous_run_finished`` is set by the scheduler as the worker joins: false in a crawl that
    every worker left unfinished, whose listing is walked again from its first page, every page
    read (``scheduler.py``); its requests left in the shared queue are fetched too.

    While Redis is away the worker pauses (``outage.py``). If it stays away past the setting
    ``HUNAWORLD_REDIS_OUTAGE_TIMEOUT``, or the worker is asked to stop meanwhile, the worker ends
    there as a killed one would: what it holds is in its in-flight list in Redis, which the next
    run's workers take back; the run's outcome line and stats file say so, and it exits non-zero.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.signalled = False
        self.watching_signals = False
        self.outage = WaitForRedis(settings.getfloat("HUNAWORLD_REDIS_OUTAGE_TIMEOUT"),
                                   stop_requested=self.stop_requested, on_give_up=self.give_up)
        self.redis = connect(settings["HUNAWORLD_REDIS_URL"], self.outage)
        self.keys = Keys(settings.get("HUNAWORLD_REDIS_PREFIX"))
        self.store = SharedSeenState(self.redis, self.keys)
        self.failures = SharedFailures(self.store)
        self.worker = process_name()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedState:
        return cls(crawler)

    def start_run(self, site: str, section: str) -> None:
        self.store.send(messages.encode(messages.RUN_STARTED, worker=self.worker, site=site, section=section,
                                       started_at=timestamp()))

    def finish_run(self, outcome: RunOutcome) -> None:
        self.store.send(messages.encode(messages.RUN_FINISHED, worker=self.worker, finished_at=timestamp(),
                                       reason=outcome.reason, health=outcome.health, new=outcome.new,
                                       updated=outcome.updated, failed=outcome.failed))

    def close(self) -> None:
        self.redis.close()

    def stop_requested(self) -> bool:
        """Whether Ctrl-C or SIGTERM came while Redis is away (watched from the outage's start: the
        event loop that would stop the crawl is paused with it)."""
        if not self.watching_signals:
            self.watching_signals = True
            for signum in (signal.SIGINT, signal.SIGTERM):
                previous = signal.getsignal(signum)

                def note(number: int, frame: Any, previous: Any = previous) -> None:
                    self.signalled = True
                    if callable(previous):
                        previous(number, frame)

                try:
                    signal.signal(signum, note)
                except ValueError:  # not the main thread: no signals to watch
                    return False
        return self.signalled

    def give_up(self, problem: str) -> NoReturn:
        """End the worker during an outage: one line, the stats file, the exit status; nothing else
        runs, since everything else needs Redis."""
        stats = self.crawler.stats
        outcome = RunOutcome.of(self.crawler, "shutdown" if self.signalled else "redis_unavailable")
        status = outcome.status if self.signalled else f"failed: redis: {problem.rstrip('.')}"
        if not self.signalled:
            stats.set_value(stat_keys.HEALTH_FAILED, 1)
        stats.set_value("finish_reason", outcome.reason)
        logger.error("Run outcome: %s. Articles: %d new, %d updated, %d failed (what this worker held stays in"
                     " Redis for the next run)", status, outcome.new, outcome.updated, outcome.failed)
        if self.crawler.settings.get("LOG_FILE"):
            print(f"hunaworld: {problem}", file=sys.stderr)
        stats.close_spider(reason=outcome.reason)
        logging.shutdown()
        sys.stderr.flush()
        os._exit(INTERRUPTED if self.signalled else GAVE_UP)


def shared_state_of(crawler: Crawler, component: str) -> SharedState:
    """The crawl's SharedState, which ``component`` needs (distributed mode enables it)."""
    state = crawler.get_extension(SharedState)
    if state is None:
        raise RuntimeError(f"{component} needs the SharedState extension (set HUNAWORLD_REDIS_URL)")
    return state
