"""The two places where distributed mode reads Scrapy's engine internals (Scrapy 2.19, pinned below
2.20 in pyproject.toml; ``tests/test_distributed.py`` fails if they move).

Scrapy sends no signal when it is done with a request (downloaded, callback run, items through the
pipelines, new requests scheduled); the engine's slot keeps the set of requests in progress until
then. And an idle engine asks its scheduler for work only every 5 seconds; a worker waiting for
the others' requests wakes it sooner.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler


def _slot(crawler: Crawler) -> Any:
    """The engine's slot of the open spider, or None."""
    return crawler.engine._slot if crawler.engine else None


def in_progress(crawler: Crawler) -> Collection[Request] | None:
    """The requests the engine has taken and not finished with; None when the spider is not open."""
    slot = _slot(crawler)
    return None if slot is None else slot.inprogress


def wake(crawler: Crawler) -> None:
    """Have the engine ask the scheduler for requests now."""
    slot = _slot(crawler)
    if slot is not None:
        slot.nextcall.schedule()
