"""The fault tests' kit: the captured articles by path, what a crawl stored, and a crawl of a served site."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hunaworld.capture.manifest import route_key
from tests.conftest import SITE, Crawl, run_crawl, site_manifest
from tests.faultsite import FaultServer

# Quick failure handling for a site on the loopback interface.
FAST = {"RETRY_TIMES": 2, "DOWNLOAD_TIMEOUT": 5}
ARTICLES = {route_key(e["url"]): e for e in site_manifest() if "/news/" in e["url"]}
EXPECTED = {path: json.loads((SITE / e["file"].replace(".html", ".expected.json")).read_text(encoding="utf-8"))
            for path, e in ARTICLES.items()}
ALL_URLS = {item["url"] for item in EXPECTED.values()}


def article(article_id: str) -> str:
    """The site path of a captured article, e.g. ``/news/52890/قادة-...``."""
    return next(path for path in ARTICLES if path.startswith(f"/news/{article_id}/"))


def page_bytes(path: str) -> bytes:
    return (SITE / ARTICLES[path]["file"]).read_bytes()


def rows(db: Path) -> dict[str, dict[str, Any]]:
    """Stored articles by URL, read-only (also while a crawl writes); empty before the table exists."""
    if not db.exists():
        return {}
    try:
        con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.OperationalError:
        return {}
    try:
        con.row_factory = sqlite3.Row
        return {row["url"]: dict(row) for row in con.execute("SELECT * FROM articles")}
    except sqlite3.OperationalError:
        return {}
    finally:
        con.close()


def feed_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON Lines feed, each required to be one whole JSON object."""
    if not path.exists():
        return []
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"{path.name} line {n} is not a whole JSON object (truncated write?): {line[:120]!r}")
    return items


def log_lines(log: str, levels: tuple[str, ...] = ("INFO", "WARNING", "ERROR", "CRITICAL")) -> list[str]:
    pattern = re.compile(rf"\[[\w.]+\] (?:{'|'.join(levels)}): ")
    return [line for line in log.splitlines() if pattern.search(line)]


def retries_for(crawl: Crawl, reason: str) -> int:
    """Retries whose reason (the stat key's tail: an exception name or an HTTP status) matches ``reason``."""
    return sum(int(n) for key, n in crawl.stats.items() if key.startswith("retry/reason_count/") and reason in key)


def assert_stored_once(crawl: Crawl, expected: set[str]) -> None:
    """The feed and the database hold exactly ``expected``, each URL once, with the same text."""
    assert crawl.returncode == 0, crawl.log[-3000:]
    urls = [item["url"] for item in crawl.items]
    assert sorted(urls) == sorted(expected), "feed URLs differ (duplicates or missing)"
    stored = rows(crawl.db)
    assert set(stored) == expected
    for item in crawl.items:
        assert stored[item["url"]]["content_hash"] == item["content_hash"]


def wait_for(condition: Callable[[], bool], what: str, timeout: float,
             proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``condition`` until it holds; fail at the deadline or when ``proc`` ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the crawl exited with {proc.returncode} before {what}")
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def crawl(tmp_path: Path, site: FaultServer, *args: str, **settings: Any) -> Crawl:
    return run_crawl(tmp_path, *args, start_url=site.url("/world"), timeout=60, **{**FAST, **settings})
