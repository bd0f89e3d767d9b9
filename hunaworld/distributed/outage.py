"""Riding out a Redis outage: a distributed process whose Redis goes away (restarted, failed over,
unreachable) pauses in the Redis call that found it away, and carries on with that call when Redis
answers again, so nothing it holds (a fetched page, an article to hand off, an acknowledgement) is
dropped on the way.

It is redis-py's retry policy of every connection of the process's client: one policy per
process, so its log says once that the process is waiting (then once a minute), and the time it
has waited counts from the start of the outage, not of each call. Past ``give_up_after`` seconds
the call raises ``RedisGone``; a worker stops then, as a killed one would (``state.py``).

A command retried after an outage may already have run on the server (its answer was lost with
the connection). Every command of distributed mode gives the same outcome run twice, or one the
crawl already copes with (a request taken twice goes back to the queue when the worker is idle).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from redis.backoff import NoBackoff
from redis.exceptions import AuthenticationError, AuthorizationError, ConnectionError
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Seconds between tries while Redis is away.
POLL = 0.5
# Seconds between the lines that say the process is still waiting.
TELL_EVERY = 60.0
# A failure this many seconds after Redis answered again continues the outage rather than starting
# one: a restarted Redis accepts connections, then answers "loading" until its data is read.
RELAPSE = 5.0


class RedisGone(ConnectionError):
    """Redis stayed away longer than the process may wait, or the process was asked to stop meanwhile."""


class WaitForRedis(Retry):
    """The retry policy that waits for Redis: every connection and the commands on it share one."""

    def __init__(self, give_up_after: float, *, stop_requested: Callable[[], bool] = lambda: False,
                 on_give_up: Callable[[str], None] | None = None) -> None:
        super().__init__(NoBackoff(), -1)
        self.give_up_after = give_up_after
        self.stop_requested = stop_requested
        self.on_give_up = on_give_up
        # monotonic() of the first failure of the outage under way, and of its last line.
        self.since: float | None = None
        self.told = 0.0
        # How many outages the process has come through, and when the last one ended.
        self.resumptions = 0
        self.resumed_at = float("-inf")
        # When the last outage started, and whether its end was told.
        self.last_since = 0.0
        self.relapsed = False
        # Calls in progress: a reconnection is retried inside the command that needed it, and only
        # the command's success says Redis is back.
        self.depth = 0

    def __deepcopy__(self, memo: dict[int, Any]) -> WaitForRedis:
        # redis-py copies the policy into each connection; the outage is the process's, so they share it.
        return self

    def call_with_retry(self, do: Callable[[], T], fail: Callable[..., Any],
                        is_retryable: Callable[[Exception], bool] | None = None,
                        with_failure_count: bool = False) -> T:
        failures = 0
        self.depth += 1
        try:
            while True:
                try:
                    result = do()
                except self._supported_errors as error:
                    # A refused password is no outage: waiting would not mend it.
                    if isinstance(error, (AuthenticationError, AuthorizationError, RedisGone)) or (
                            is_retryable is not None and not is_retryable(error)):
                        raise
                    failures += 1
                    if with_failure_count:
                        fail(error, failures)
                    else:
                        fail(error)
                    self.wait(error)
                    continue
                if self.since is not None and self.depth == 1:
                    self.back()
                return result
        finally:
            self.depth -= 1

    def wait(self, error: Exception) -> None:
        """Note a failed call, say so when due, and sleep before the next try; raise ``RedisGone`` past the limit."""
        now = time.monotonic()
        if self.since is None and now - self.resumed_at < RELAPSE:
            self.since, self.relapsed = self.last_since, True
        elif self.since is None:
            self.since = self.told = now
            logger.warning("Redis is unreachable (%s): pausing until it answers again (giving up after %.0f s,"
                           " HUNAWORLD_REDIS_OUTAGE_TIMEOUT)", error, self.give_up_after)
        elif now - self.told >= TELL_EVERY:
            self.told = now
            logger.warning("Still waiting for Redis: %.0f s so far (%s)", now - self.since, error)
        problem = None
        if self.stop_requested():
            problem = f"stopped while waiting for Redis ({now - self.since:.0f} s): {error}"
        elif now - self.since >= self.give_up_after:
            problem = (f"Redis did not answer for {now - self.since:.0f} s (HUNAWORLD_REDIS_OUTAGE_TIMEOUT="
                       f"{self.give_up_after:g}): {error}")
        if problem is not None:
            if self.on_give_up is not None:
                self.on_give_up(problem)
            raise RedisGone(problem)
        time.sleep(POLL)

    def back(self) -> None:
        now = time.monotonic()
        if not self.relapsed:
            logger.warning("Redis answers again after %.1f s: resuming", now - (self.since or now))
        self.last_since, self.since, self.relapsed = self.since or now, None, False
        self.resumptions += 1
        self.resumed_at = now
