"""The Redis client of every distributed component, from the URL setting."""

from __future__ import annotations

import os
import secrets
import socket

import redis

from hunaworld.distributed.outage import WaitForRedis


def connect(url: str, wait: WaitForRedis | None = None) -> redis.Redis:
    """A client of ``url``; with ``wait``, its calls wait out an outage (else redis-py's few quick retries).

    Socket timeouts, so a Redis that stops answering counts as away instead of hanging the process."""
    options = {} if wait is None else {"retry": wait}
    return redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=30, health_check_interval=30,
                                **options)


def unreachable(url: str) -> str | None:
    """Why the Redis at ``url`` cannot be used (without the URL, which may hold a password), or None."""
    try:
        client = connect(url)
        client.ping()
        client.close()
    except (redis.RedisError, ValueError) as exc:
        return str(exc)
    return None


def process_name() -> str:
    """A name for this process among the workers (host, pid, and a token, since pids are reused)."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
