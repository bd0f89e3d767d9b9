"""The messages the workers hand to the writer through the Redis list ``P:items``: JSON, one object
each, with a ``kind``. JSON rather than pickle, so a writer and workers of different releases can
share a queue and an operator can read it with ``redis-cli``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

ARTICLE, TOUCH, FAILURE, RUN_STARTED, RUN_FINISHED = "article", "touch", "failure", "run-started", "run-finished"


def encode(kind: str, **fields: Any) -> bytes:
    return json.dumps({"kind": kind, **fields}, ensure_ascii=False).encode("utf-8")


def article(item: Mapping[str, Any], warc: tuple[str, int] | None = None) -> bytes:
    """An article to store (its revision is the writer's to assign), with the pointer to the WARC
    record of its page, which is in the worker's own WARC files."""
    return encode(ARTICLE, item={name: value for name, value in item.items() if name != "revision"}, warc=warc)


def touch(site: str, url_key: str) -> bytes:
    """An article seen again with the same text: its ``last_seen`` moves."""
    return encode(TOUCH, site=site, url_key=url_key)


def failure(site: str, section: str, url_key: str, url: str, error: str) -> bytes:
    """An article whose page failed: recorded in the ``failures`` table, retried by later runs."""
    return encode(FAILURE, site=site, section=section, url_key=url_key, url=url, error=error)


def decode(raw: bytes) -> dict[str, Any]:
    return json.loads(raw)
