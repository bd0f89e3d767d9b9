"""Distributed mode when Redis goes away: real Redis (append-only file) killed with SIGKILL mid-crawl
under two ``scrapy crawl`` workers and a ``scrapy store`` writer, then started again, or not; and the
waiting policy alone."""

from __future__ import annotations

import json
import logging
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from hunaworld.capture.synthetic import PER_PAGE, article_path
from hunaworld.distributed import outage
from tests.conftest import synthetic_site
from tests.distributedcrawl import (
    Process,
    RecordingServer,
    Stored,
    finish,
    hits_of,
    redis_server,
    run,
    section_keys_left,
    serve,
    stored_count,
    wait_for,
    worker,
    writer,
)
from tests.redisserver import RedisServer

# Fixtures, used by name.
__all__ = ["redis_server", "run", "serve"]
# 10 listing pages of 20 articles (HUNAWORLD_OUTAGE_ARTICLES=2000 HUNAWORLD_OUTAGE_SECONDS=15 in the
# environment run these tests as an operator's trial, 2,000 articles and a 15 s outage; off by
# default, for the suite's time). The
# crawl is held at a listing page in the middle, whose answer comes while Redis is away: before the
# pause, its callback failed on Redis, and the walk ended there.
ARTICLES = int(os.environ.get("HUNAWORLD_OUTAGE_ARTICLES", "200"))
HELD_PAGE = f"/world?page={ARTICLES // PER_PAGE // 2}"
PAGE_BEFORE = f"/world?page={ARTICLES // PER_PAGE // 2 - 1}"
LISTING = ["/world"] + [f"/world?page={page}" for page in range(2, ARTICLES // PER_PAGE + 1)]
OUTAGE = float(os.environ.get("HUNAWORLD_OUTAGE_SECONDS", "4"))
# Articles answered slowly, so that some are in flight when Redis goes.
ARTICLE_DELAY = 0.2


def start_crawl(tmp_path: Path, redis_server: RedisServer, site: RecordingServer, run: Callable[[Process], Process],
                name: str = "", **settings: object) -> tuple[Process, list[Process]]:
    """A writer and two workers, started as an operator would; the writer, the workers."""
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store = run(writer(tmp_path, f"writer{name}", redis_server.url, db, feed, **settings))
    workers = [run(worker(tmp_path, f"worker{n}{name}", redis_server.url, site.url("/world"), **settings))
               for n in (1, 2)]
    return store, workers


def kill_redis_mid_crawl(redis_server: RedisServer, site: RecordingServer, *processes: Process) -> int:
    """SIGKILL Redis while a listing page and articles are at the server, then let them be answered;
    how many requests the server was answering at the kill."""
    held = site.gate(HELD_PAGE)
    wait_for(lambda: site.hits.get(HELD_PAGE), f"the crawl to reach {HELD_PAGE}", 120, *processes)
    # The articles of the page before, taken after it (on a loaded machine, not at once).
    wait_for(lambda: site.active >= 2, f"articles at the server with {HELD_PAGE}", 30, *processes)
    at_server = site.active
    redis_server.kill()
    time.sleep(1)  # every process finds Redis away
    held.set()
    return at_server


def stderr_lines(process: Process) -> list[str]:
    return process.log.with_suffix(".stderr").read_text(encoding="utf-8").splitlines()


def test_redis_restarted_mid_crawl_loses_nothing_and_repeats_nothing(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", ARTICLES))
    site.slow("/news/", ARTICLE_DELAY)
    store, workers = start_crawl(tmp_path, redis_server, site, run, HUNAWORLD_REDIS_OUTAGE_TIMEOUT=120)
    at_server = kill_redis_mid_crawl(redis_server, site, store, *workers)
    assert at_server >= 2, "only the held listing page was at the server: no article in flight at the outage"
    time.sleep(OUTAGE)
    redis_server.start()
    for process in workers:
        assert process.proc.wait(timeout=240) == 0, process.text()[-3000:]
    finish(store, redis_server)

    # One run, no rerun: every article stored and fed once, none lost on the way.
    stored = Stored.read(tmp_path / "db.sqlite3", tmp_path / "feed.jsonl")
    stored.assert_each_once(ARTICLES)
    assert min(hits_of(site, ARTICLES)) == 1
    assert [run["health"] for run in stored.runs] == ["healthy", "healthy"]
    assert sum(run["articles_new"] for run in stored.runs) == ARTICLES
    for process in (store, *workers):
        log = process.text()
        # One line when the pause starts, one when it ends; no page is taken for failed.
        assert log.count("Redis is unreachable") == 1 and log.count("Redis answers again") == 1, log[-3000:]
        assert "Could not fetch" not in log
        assert "Traceback" not in log
    assert section_keys_left(redis_server) == []


def test_redis_that_does_not_come_back_stops_every_process_in_one_line_and_the_next_run_completes(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", ARTICLES))
    site.slow("/news/", ARTICLE_DELAY)
    store, workers = start_crawl(tmp_path, redis_server, site, run, HUNAWORLD_REDIS_OUTAGE_TIMEOUT=3)
    kill_redis_mid_crawl(redis_server, site, store, *workers)
    # One worker is stopped by its operator meanwhile: it need not wait out the limit.
    stopped, gave_up = workers
    stopped.proc.send_signal(signal.SIGTERM)
    assert stopped.proc.wait(timeout=60) == 4, stopped.text()[-3000:]
    (line,) = stderr_lines(stopped)
    assert line.startswith("hunaworld: stopped while waiting for Redis")
    assert "Run outcome: interrupted (shutdown)" in stopped.text()
    for process, status in ((gave_up, 3), (store, 1)):
        assert process.proc.wait(timeout=60) == status, process.text()[-3000:]
        (line,) = stderr_lines(process)
        assert line.startswith("hunaworld: Redis did not answer for ") and "HUNAWORLD_REDIS_OUTAGE_TIMEOUT=3" in line
    stats = json.loads(gave_up.log.with_suffix(".stats.json").read_text(encoding="utf-8"))
    assert (stats["finish_reason"], stats["hunaworld/health/failed"]) == ("redis_unavailable", 1)
    assert "Run outcome: failed: redis: Redis did not answer" in gave_up.text()

    # Redis back, with what it had saved: the next run takes up the crawl where it stopped. The
    # stopped workers' politeness leases (up to 16, the shared limit) last until they expire, the
    # download timeout and a margin after they were taken: a higher limit lets the run start at once.
    redis_server.start()
    site.delays.clear()
    store, workers = start_crawl(tmp_path, redis_server, site, run, name="-again", CONCURRENT_REQUESTS_PER_DOMAIN=24)
    assert_the_next_run_completes(tmp_path, redis_server, site, store, workers, dict(site.hits))


def test_a_redis_that_lost_its_last_writes_loses_nothing_at_the_next_run(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    """Every process gives up while Redis is away, and Redis comes back without its last writes (a
    crash can lose the last second): it remembers a listing page in flight, not the next page its
    callback queued, and the writer has stored that page's articles. Read again, the page is all
    stored articles; the next run must not take it for the end of the listing."""
    site = serve(synthetic_site(tmp_path / "site", ARTICLES))
    site.slow("/news/", ARTICLE_DELAY)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store, workers = start_crawl(tmp_path, redis_server, site, run, HUNAWORLD_REDIS_OUTAGE_TIMEOUT=3)
    before, held = site.gate(PAGE_BEFORE), site.gate(HELD_PAGE)
    wait_for(lambda: site.hits.get(PAGE_BEFORE), f"the crawl to reach {PAGE_BEFORE}", 120, store, *workers)
    time.sleep(1)  # its request taken into a worker's in-flight list, written to the append-only file
    remembered = redis_server.snapshot()
    before.set()
    listed = LISTING.index(HELD_PAGE) * PER_PAGE
    wait_for(lambda: site.hits.get(HELD_PAGE) and stored_count(db) == listed,
             f"the {listed} articles listed before {HELD_PAGE} to be stored", 120, store, *workers)
    redis_server.kill()
    redis_server.restore(remembered)
    held.set()
    for process, status in ((workers[0], 3), (workers[1], 3), (store, 1)):
        assert process.proc.wait(timeout=60) == status, process.text()[-3000:]

    redis_server.start()
    hits = dict(site.hits)
    store = run(writer(tmp_path, "writer-again", redis_server.url, db, feed))
    # The writer puts what it stored into the seen-state before the workers read the listing.
    wait_for(lambda: "Shared seen-state:" in store.text(), "the writer to share what it stored", 60, store)
    workers = [run(worker(tmp_path, f"worker{n}-again", redis_server.url, site.url("/world"),
                          CONCURRENT_REQUESTS_PER_DOMAIN=24)) for n in (1, 2)]
    assert_the_next_run_completes(tmp_path, redis_server, site, store, workers, hits)


def assert_the_next_run_completes(tmp_path: Path, redis_server: RedisServer, site: RecordingServer, store: Process,
                                  workers: list[Process], hits: dict[str, int]) -> None:
    """The run after an interrupted crawl (``hits``: the site's requests until then): every article
    stored and fed once; the listing read again from its first page, each page once; no article
    fetched twice."""
    for process in workers:
        assert process.proc.wait(timeout=240) == 0, process.text()[-3000:]
    finish(store, redis_server)
    stored = Stored.read(tmp_path / "db.sqlite3", tmp_path / "feed.jsonl")
    stored.assert_each_once(ARTICLES)
    assert [site.hits.get(page, 0) - hits.get(page, 0) for page in LISTING] == [1] * len(LISTING)
    assert max(count - hits.get(article_path(n), 0) for n, count in enumerate(hits_of(site, ARTICLES))) == 1
    assert sum("left unfinished" in process.text() for process in workers) == 1
    assert section_keys_left(redis_server) == []


def test_the_wait_is_told_once_then_at_intervals_and_ends_at_its_limit(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The waiting policy alone, on a clock shortened a hundredfold (a minute's line every 0.6 s)."""
    monkeypatch.setattr(outage, "POLL", 0.01)
    monkeypatch.setattr(outage, "TELL_EVERY", 0.6)
    monkeypatch.setattr(outage, "RELAPSE", 0.05)
    calls: list[str] = []

    def answers_after(seconds: float, error: Exception) -> Callable[[], str]:
        until = time.monotonic() + seconds

        def call() -> str:
            calls.append("call")
            if time.monotonic() < until:
                raise error
            return "OK"
        return call

    policy = outage.WaitForRedis(3.0)
    refused = redis.ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    with caplog.at_level(logging.WARNING, logger=outage.__name__):
        assert policy.call_with_retry(answers_after(1.3, refused), lambda error: None) == "OK"
        # A restarted Redis that still loads its data: the same outage, nothing more said.
        loading = redis.BusyLoadingError("Redis is loading the dataset in memory")
        assert policy.call_with_retry(answers_after(0.02, loading), lambda error: None) == "OK"
    said = [record.getMessage() for record in caplog.records]
    assert [line.split(" (")[0].split(":")[0] for line in said] == [
        "Redis is unreachable", "Still waiting for Redis", "Still waiting for Redis", "Redis answers again after 1.3 s"]
    assert policy.resumptions == 2 and len(calls) > 10

    # A Redis that stays away: the call raises RedisGone at the limit, with the setting named.
    caplog.clear()
    time.sleep(0.1)
    given_up: list[str] = []
    policy = outage.WaitForRedis(0.2, on_give_up=given_up.append)
    with pytest.raises(outage.RedisGone, match=r"HUNAWORLD_REDIS_OUTAGE_TIMEOUT=0.2"):
        policy.call_with_retry(answers_after(60, refused), lambda error: None)
    assert len(given_up) == 1 and given_up[0].startswith("Redis did not answer for 0 s")
    # A refused password is no outage: it is raised at once.
    with pytest.raises(redis.AuthenticationError):
        policy.call_with_retry(answers_after(60, redis.AuthenticationError("invalid password")), lambda error: None)
