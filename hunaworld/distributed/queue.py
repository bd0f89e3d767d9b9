"""One section's shared request queue in Redis, handed out reliably."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy_redis.queue import Base

from hunaworld.distributed.keys import SectionKeys

# KEYS: the dupefilter set, the queue, the walk counter. ARGV: the request's fingerprint, the
# encoded request. One step, so no worker ever sees a request marked seen that is not yet queued.
# A new request makes a crawl that had ended (its dupefilter and walk counter expiring,
# ``membership.py``) go on: they stay.
_PUSH_NEW = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PERSIST', KEYS[1])
redis.call('PERSIST', KEYS[3])
redis.call('LPUSH', KEYS[2], ARGV[2])
return 1
"""


class RequestQueue(Base):
    """A Redis list, taken last in first out like Scrapy's default memory queue: the next listing
    page, yielded after its articles, goes first, so paging is never starved. Request priorities
    are not honoured.

    Reliable: a worker takes a request by moving it atomically (LMOVE) into its own in-flight list,
    and removes it from there (``ack``) only once its engine is done with it: the callback run, its
    items through the pipelines, its new requests queued. A worker that dies leaves its in-flight
    list behind, and the others move it back into the queue (``Membership.sweep``).
    """

    def __init__(self, server: redis.Redis, spider: Spider, keys: SectionKeys, worker: str,
                 serializer: Any = None) -> None:
        super().__init__(server, spider, keys.requests, serializer)
        self.inflight = keys.inflight(worker)
        self.dupefilter = keys.dupefilter
        self.walk = keys.walk
        self._push_new = server.register_script(_PUSH_NEW)

    def __len__(self) -> int:
        return int(self.server.llen(self.key))

    def push(self, request: Request) -> None:
        self.server.lpush(self.key, self._encode_request(request))

    def push_new(self, request: Request, fingerprint: str) -> bool:
        """Queue the request unless its fingerprint was seen in this crawl; whether it was queued."""
        return bool(self._push_new(keys=[self.dupefilter, self.key, self.walk],
                                   args=[fingerprint, self._encode_request(request)]))

    def take(self, done: Iterable[bytes] = ()) -> tuple[Request, bytes] | None:
        """Acknowledge ``done`` and take the next request into the in-flight list, in one round trip.

        Returns the request and its encoded form (the acknowledgement's handle), or None when empty.
        """
        pipe = self.server.pipeline(transaction=False)
        for raw in done:
            pipe.lrem(self.inflight, 1, raw)
        pipe.lmove(self.key, self.inflight, "LEFT", "LEFT")
        raw = pipe.execute()[-1]
        return None if raw is None else (self._decode_request(raw), raw)

    def ack(self, done: Iterable[bytes]) -> None:
        pipe = self.server.pipeline(transaction=False)
        for raw in done:
            pipe.lrem(self.inflight, 1, raw)
        pipe.execute()

    def give_back(self) -> int:
        """Move whatever is still in flight back into the queue (the worker is leaving); how many."""
        moved = 0
        while self.server.lmove(self.inflight, self.key, "RIGHT", "LEFT") is not None:
            moved += 1
        return moved
