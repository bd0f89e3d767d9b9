"""Politeness across workers: each host's request delay and concurrency are one budget in Redis,
shared by every worker, instead of one budget per process multiplied by the number of workers."""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import urlsplit

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from hunaworld.distributed.keys import Keys
from hunaworld.distributed.state import shared_state_of

# KEYS: the host's next allowed start time (ms), its leases (a sorted set: token -> expiry, ms).
# ARGV: delay ms, concurrency, lease ms, token. Returns 0 when granted, else ms to wait.
# Redis's own clock, so workers on machines whose clocks differ still keep the spacing.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
local next_start = tonumber(redis.call('GET', KEYS[1]) or '0')
if next_start > now then return next_start - now end
local delay, lease = tonumber(ARGV[1]), tonumber(ARGV[3])
redis.call('SET', KEYS[1], now + delay, 'PX', delay + lease)
redis.call('ZADD', KEYS[2], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[2], lease)
return 0
"""
LEASE = "hunaworld_domain_lease"
# Seconds between tries while the host's concurrency is used up.
FULL_POLL = 0.05


class SharedPoliteness:
    """Downloader middleware: a request waits here until its host's shared budget lets it start.

    A start is granted at least ``delay`` after the previous start at that host by any worker, and
    while fewer than ``concurrency`` requests hold a lease there; the lease is released with the
    response or error, and expires on its own (the download timeout and a margin) if its worker
    dies. Placed last before the downloader, with the local delay set to 0 (distributed mode does
    that), so a granted request is sent at once. Replayed responses never reach it.
    """

    def __init__(self, server: redis.Redis, keys: Keys, delay: float, concurrency: int, lease: float) -> None:
        self.server = server
        self.keys = keys
        self.delay_ms = int(delay * 1000)
        self.concurrency = max(1, concurrency)
        self.lease_ms = int(lease * 1000)
        self._acquire = server.register_script(_ACQUIRE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPoliteness:
        settings = crawler.settings
        state = shared_state_of(crawler, "SharedPoliteness")
        return cls(state.redis, state.keys, settings.getfloat("HUNAWORLD_SHARED_DELAY"),
                   settings.getint("HUNAWORLD_SHARED_CONCURRENCY"), settings.getfloat("DOWNLOAD_TIMEOUT") + 30)

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        token = secrets.token_hex(8)
        while (wait := int(self._acquire(keys=self.keys.domain(host), args=[
                self.delay_ms, self.concurrency, self.lease_ms, token]))) != 0:
            await asyncio.sleep(FULL_POLL if wait < 0 else wait / 1000)
        request.meta[LEASE] = (host, token)

    def process_response(self, request: Request, response: Response) -> Response:
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.release(request)

    def release(self, request: Request) -> None:
        lease = request.meta.pop(LEASE, None)
        if lease is not None:
            host, token = lease
            self.server.zrem(self.keys.domain(host)[1], token)
