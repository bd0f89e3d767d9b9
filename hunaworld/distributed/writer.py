"""The writer of a distributed crawl: the one process that stores what the workers hand off, in SQLite
and the JSON Lines feed, with a one-machine crawl's guarantees.

Messages wait in the Redis list ``P:items``. The writer moves a batch of them atomically (LMOVE)
into its own processing list and applies them in one SQLite transaction; before the commit it
saves in Redis the articles the batch will feed and where the feed stands; it commits, appends
those articles to the feed, and only then forgets the batch. So an article reaches the feed only
after its row is committed, and a writer killed at any point leaves its batch in the processing
list: restarted under the same name, it first feeds the saved articles that are committed and
not yet in the feed (it reads the feed from the saved offset, and cuts a line the kill left half
written), then stores the batch again (upserts are idempotent: what was committed comes back
unchanged). Nothing is lost, nothing repeated.

One writer per database and feed: a lock in Redis keeps a second writer of the same name waiting.

While Redis is away the writer waits (``outage.py``), with its batch in hand. A restarted Redis
may have lost its last second of writes (append-only file) or everything: the writer stores
whatever its processing list holds, not only what it last took, takes its lock again if it lapsed
meanwhile, and puts its stored articles and failures back into Redis for the workers.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from scrapy.exporters import JsonLinesItemExporter

from hunaworld.distributed import messages
from hunaworld.distributed.connection import process_name
from hunaworld.distributed.keys import Keys
from hunaworld.distributed.outage import WaitForRedis
from hunaworld.distributed.state import SharedSeenState
from hunaworld.monitoring.outcome import RunOutcome
from hunaworld.storage.failures import FailureLog
from hunaworld.storage.search_index import with_entry
from hunaworld.storage.store import ALIAS, ArticleStore
from hunaworld.urls import article_key

logger = logging.getLogger(__name__)

# 1 when the lock is still ours, 2 when it had lapsed and is ours again, 0 when another writer holds it.
_KEEP_LOCK = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 2
"""
_RELEASE_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# Seconds between progress lines.
PROGRESS_INTERVAL = 60.0


class WriterError(RuntimeError):
    """The writer cannot go on safely; the message says why."""


class Writer:
    """One writer: ``run`` stores batches until stopped; ``recover`` and ``store_batch`` are its steps."""

    def __init__(self, server: redis.Redis, keys: Keys, store: ArticleStore, feed: Path | None, *,
                 name: str = "writer", batch: int = 100, lock_timeout: float = 30.0, retry_after: float = 3600.0,
                 max_attempts: int = 5) -> None:
        self.server = server
        self.keys = keys
        self.own = keys.writer(name)
        self.name = name
        self.store = store
        self.feed = Path(feed) if feed else None
        self.batch = max(1, batch)
        self.lock_ms = max(1, int(lock_timeout * 1000))
        self.token = process_name()
        self.seen = SharedSeenState(server, keys)
        self.failures = FailureLog(store, retry_after=retry_after, max_attempts=max_attempts)
        self.counts: Counter[str] = Counter()
        self._keep = server.register_script(_KEEP_LOCK)
        self._release = server.register_script(_RELEASE_LOCK)
        # The client's outage policy, when it waits for Redis, and the outages it has come through.
        retry = server.get_retry()
        self.outage = retry if isinstance(retry, WaitForRedis) else None
        self.resumptions = 0

    # -- the loop ----------------------------------------------------------------------------------

    def run(self, *, idle_exit: float | None = None, stop: Callable[[], bool] = lambda: False) -> Counter[str]:
        """Store messages until ``stop()`` or, with ``idle_exit``, that many seconds without one."""
        if not self.acquire(stop):
            return self.counts
        try:
            self.share_stored()
            self.recover()
            idle_since = last_progress = time.monotonic()
            while not stop():
                if self.outage is not None and self.outage.resumptions != self.resumptions:
                    self.resumptions = self.outage.resumptions
                    self.share_stored()
                raws = self.take(timeout=1)
                now = time.monotonic()
                if raws:
                    self.store_batch(raws)
                    idle_since = now
                elif idle_exit is not None and now - idle_since >= idle_exit:
                    break
                if now - last_progress >= PROGRESS_INTERVAL:
                    logger.info("Writer progress: %s", self.summary())
                    last_progress = now
                self.keep_lock()
        finally:
            self._release(keys=[self.own.lock], args=[self.token])
        logger.info("Writer %s stopped: %s", self.name, self.summary())
        return self.counts

    def share_stored(self) -> None:
        """Put what the database holds (articles, failures) into Redis where Redis lacks it."""
        added = self.seen.seed(self.store.seen_rows())
        if added:
            logger.info("Shared seen-state: %d stored article(s) added from %s", added, self.store.path)
        self.publish_failures(None)

    def summary(self) -> str:
        waiting = self.server.llen(self.keys.items)
        counts = self.counts
        return (f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged,"
                f" {counts['aliases']} aliases, {counts['recovered']} recovered; {waiting} message(s) waiting")

    def acquire(self, stop: Callable[[], bool]) -> bool:
        """Take the writer's lock, waiting while another process holds it; False if stopped first."""
        told = False
        while not self.server.set(self.own.lock, self.token, nx=True, px=self.lock_ms):
            if not told:
                logger.warning("Another writer named %r holds the lock (or was killed less than %.0f s ago):"
                               " waiting", self.name, self.lock_ms / 1000)
                told = True
            if stop():
                return False
            time.sleep(1)
        return True

    def keep_lock(self) -> None:
        kept = self._keep(keys=[self.own.lock], args=[self.token, self.lock_ms])
        if not kept:
            raise WriterError(f"lost the lock of writer {self.name!r} to another writer (paused past its timeout?):"
                              " stopping")
        if kept == 2:
            logger.warning("Writer %s: its lock had lapsed (paused, or Redis away, past %.0f s) and no other writer"
                           " took it: taken again", self.name, self.lock_ms / 1000)

    def take(self, timeout: float) -> list[bytes]:
        """Move the next batch of messages into the processing list; the whole list (oldest first), or
        [] after ``timeout`` s.

        The whole list: it may hold more than was just moved, when a move ran on a Redis that went
        away before answering, or a restarted Redis lost the end of the last batch."""
        if self.server.blmove(self.keys.items, self.own.processing, timeout, "RIGHT", "LEFT") is None:
            return []
        pipe = self.server.pipeline(transaction=False)
        for _ in range(self.batch - 1):
            pipe.lmove(self.keys.items, self.own.processing, "RIGHT", "LEFT")
        pipe.lrange(self.own.processing, 0, -1)
        return pipe.execute()[-1][::-1]

    # -- one batch -----------------------------------------------------------------------------------

    def recover(self) -> None:
        """Finish the batch a killed writer of this name left in its processing list."""
        raws = self.server.lrange(self.own.processing, 0, -1)[::-1]
        if not raws:
            return
        logger.warning("Writer %s: recovering %d message(s) of an interrupted batch", self.name, len(raws))
        saved = self.server.get(self.own.releasing)
        if saved:
            fed = self.feed_tail()
            committed = [item for item in json.loads(saved) if self.committed(item)]
            missing = [item for item in committed if (item["url"], item["content_hash"]) not in fed]
            self.counts["recovered"] += len(missing)
            self.write_feed(missing)
            self.mark_exported(committed)
        self.store_batch(raws)

    def committed(self, item: dict[str, Any]) -> bool:
        site, key = item["site"], article_key(item["url"], item.get("article_id"))
        return (self.store.stored_hash(site, key), self.store.revision(site, key)) == (
            item["content_hash"], item["revision"])

    def store_batch(self, raws: list[bytes]) -> None:
        """Apply the batch in one transaction, commit, feed, then forget the batch."""
        released: list[dict[str, Any]] = []
        # The articles whose failure record this batch may change (recorded, or removed by storing).
        failing: set[tuple[str, str]] = set()
        self.store.begin()
        for raw in raws:
            message = messages.decode(raw)
            kind = message["kind"]
            if kind == messages.ARTICLE:
                article = message["item"]
                key = article_key(article["url"], article.get("article_id"))
                failing.add((article["site"], key))
                item = self.article(key, with_entry(article, warc=message.get("warc")))
                if item is not None:
                    released.append(item)
            elif kind == messages.FAILURE:
                self.failures.record(message["site"], message["section"], message["url_key"], message["url"],
                                     message["error"])
                failing.add((message["site"], message["url_key"]))
            elif kind == messages.TOUCH:
                self.store.touch(message["site"], message["url_key"])
            elif kind == messages.RUN_STARTED:
                self.store.start_run(message["site"], message["section"], worker=message["worker"],
                                     started_at=message["started_at"])
            elif kind == messages.RUN_FINISHED:
                self.finish_run(message)
            else:
                logger.warning("Writer %s: skipping a message of unknown kind %r", self.name, kind)
        # Saved before the commit, for a recovery: what this batch feeds, and where the feed stands.
        self.server.mset({self.own.releasing: json.dumps(released, ensure_ascii=False),
                          self.own.feed_offset: self.feed_size()})
        self.store.commit()
        self.publish_failures(failing)
        self.write_feed(released)
        self.mark_exported(released)
        pipe = self.server.pipeline(transaction=True)
        pipe.delete(self.own.processing, self.own.releasing)
        pipe.execute()

    def article(self, key: str, item: dict[str, Any]) -> dict[str, Any] | None:
        """Store one article under its ``url_key``; the item to feed (with its revision), or None when
        the stored text is the same."""
        # With a feed, a row is committed unexported and marked once its line is written (as
        # ``hunaworld.storage.export`` does on one machine), so a one-machine run of this database
        # and feed writes what a killed writer left out even if the writer never runs again.
        revision = self.store.upsert(key, item, exported=self.feed is None)
        if revision is None:
            self.counts["unchanged"] += 1
            return None
        if revision == ALIAS:
            self.counts["aliases"] += 1
            return None
        self.counts["new" if revision == 1 else "updated"] += 1
        return {**item, "revision": revision}

    def mark_exported(self, items: list[dict[str, Any]]) -> None:
        """Mark the rows of ``items`` exported: their feed lines are written."""
        if not self.feed or not items:
            return
        self.store.mark_exported((item["site"], article_key(item["url"], item.get("article_id"))) for item in items)

    def publish_failures(self, which: set[tuple[str, str]] | None) -> None:
        """Mirror the ``failures`` rows of ``which`` (site, url_key), or all of them, into Redis for the workers."""
        if which is not None and not which:
            return
        select = "SELECT site, url_key, url, site_section, first_failed, next_attempt, given_up FROM failures"
        rows = self.store.db.execute(select).fetchall() if which is None else [
            row for site, key in which
            for row in self.store.db.execute(f"{select} WHERE site = ? AND url_key = ?", (site, key))]
        pipe = self.server.pipeline(transaction=False)
        for site, key, url, section, first_failed, next_attempt, given_up in rows:
            pipe.hset(self.keys.failures(site), key, json.dumps(
                {"url": url, "section": section, "first_failed": first_failed, "next_attempt": next_attempt,
                 "given_up": given_up}, ensure_ascii=False))
        for site, key in (which or set()) - {(row[0], row[1]) for row in rows}:
            pipe.hdel(self.keys.failures(site), key)
        pipe.execute()

    def finish_run(self, message: dict[str, Any]) -> None:
        run_id = self.store.run_of_worker(message["worker"])
        if run_id is None:
            logger.warning("Writer %s: the end of run %s, whose start never came", self.name, message["worker"])
            return
        outcome = RunOutcome(message["reason"], message["health"], message["new"], message["updated"],
                             message["failed"])
        self.store.finish_run(run_id, outcome, finished_at=message["finished_at"])

    # -- the feed ------------------------------------------------------------------------------------

    def feed_size(self) -> int:
        return self.feed.stat().st_size if self.feed and self.feed.exists() else 0

    def write_feed(self, items: list[dict[str, Any]]) -> None:
        if not self.feed or not items:
            return
        with self.feed.open("ab") as file:
            exporter = JsonLinesItemExporter(file, encoding="utf-8")
            for item in items:
                exporter.export_item(item)

    def feed_tail(self) -> set[tuple[str, str]]:
        """(url, content_hash) of the feed's lines since the recorded offset; a half-written last line is cut."""
        if not self.feed or not self.feed.exists():
            return set()
        offset = int(self.server.get(self.own.feed_offset) or 0)
        with self.feed.open("r+b") as file:
            size = file.seek(0, os.SEEK_END)
            # A feed smaller than the offset was replaced since: all of it is the tail.
            start = offset if offset <= size else 0
            file.seek(start)
            tail = file.read()
            whole = tail.rfind(b"\n") + 1
            if whole < len(tail):
                logger.warning("Writer %s: cutting a half-written last line of %s", self.name, self.feed)
                file.truncate(start + whole)
        lines = (json.loads(line) for line in tail[:whole].splitlines())
        return {(item["url"], item["content_hash"]) for item in lines}
