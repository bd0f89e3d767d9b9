"""The start and end of a distributed crawl: workers of one run that start apart, a worker killed while
idle, and what a finished crawl leaves in Redis (real Redis, real ``scrapy crawl`` workers)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from hunaworld.distributed.membership import Membership
from tests.conftest import synthetic_site
from tests.distributedcrawl import (
    KEYS,
    WORKER_SETTINGS,
    Process,
    RecordingServer,
    redis_server,
    run,
    serve,
    wait_for,
    worker,
)
from tests.redisserver import RedisServer

# Fixtures, used by name.
__all__ = ["redis_server", "run", "serve"]
ARTICLES = 30


def section_keys(redis_server: RedisServer) -> list[str]:
    return sorted(key.decode() for key in redis_server.client().keys("hunaworld:huna:world:*"))


def test_a_rerun_with_nothing_new_requests_the_start_page_once_with_two_workers(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", ARTICLES))
    # The first run: no join window, so that the rerun is a crawl of its own at once.
    first = run(worker(tmp_path, "first", redis_server.url, site.url("/world"), HUNAWORLD_REDIS_JOIN_WINDOW=0))
    assert first.proc.wait(timeout=120) == 0, first.text()[-3000:]
    # The first run's articles are handed off (no writer needed: the seen-state is Redis's).
    assert redis_server.client().llen(KEYS.items) == ARTICLES + 2  # and the run's start and end
    assert not redis_server.client().exists(KEYS.section("huna", "world").dupefilter)

    # The rerun: two workers, the second started after the first has finished (two machines whose
    # schedulers start them a few seconds apart, on a section where nothing is new).
    listing = site.hits["/world"]
    window = {"HUNAWORLD_REDIS_JOIN_WINDOW": 10}
    one = run(worker(tmp_path, "one", redis_server.url, site.url("/world"), **window))
    assert one.proc.wait(timeout=120) == 0, one.text()[-3000:]
    assert site.hits["/world"] == listing + 1, "a new crawl did not read the listing"
    other = run(worker(tmp_path, "other", redis_server.url, site.url("/world"), **window))
    assert other.proc.wait(timeout=120) == 0, other.text()[-3000:]
    assert site.hits["/world"] == listing + 1, "the second worker of the rerun fetched the start page again"
    assert "within the join window" in other.text()
    # It had nothing to do, and says so without failing the health check.
    assert other.stat("response_received_count") == 0
    assert other.stat("hunaworld/distributed/idle") == 1
    assert "Run outcome: healthy" in other.text()


def test_a_worker_killed_while_idle_leaves_no_keys_once_the_crawl_ends(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", ARTICLES))
    # A long heartbeat timeout: the idle worker's registration outlives the crawl unless it is cleared.
    settings = {"HUNAWORLD_REDIS_WORKER_TIMEOUT": 8, "HUNAWORLD_REDIS_JOIN_WINDOW": 1}
    held = site.gate("/world")
    crawling = run(worker(tmp_path, "crawling", redis_server.url, site.url("/world"), **settings))
    wait_for(lambda: site.hits.get("/world"), "the first listing request", 60, crawling)
    idle = run(worker(tmp_path, "idle", redis_server.url, site.url("/world"), **settings))
    wait_for(lambda: "(0 requests queued)" in idle.text(), "the second worker to join", 60, idle)
    time.sleep(1)  # waiting for the first worker's links
    os.kill(idle.proc.pid, signal.SIGKILL)
    idle.proc.wait(timeout=10)
    held.set()
    assert crawling.proc.wait(timeout=120) == 0, crawling.text()[-3000:]
    assert site.hits["/world"] == 1

    # Within a heartbeat timeout of the end (and the join window), nothing of the crawl is left.
    wait_for(lambda: not section_keys(redis_server), "the finished crawl's keys to go", 8 + 5)


def test_the_first_worker_to_join_a_crawl_every_worker_left_unfinished_starts_a_new_walk(
        redis_server: RedisServer) -> None:
    """Membership alone: a walk of the listing from its first page is started by the first worker to
    join a crawl with requests left and no worker alive, and by no other."""
    client = redis_server.client()
    section = KEYS.section("huna", "world")

    def joins(worker: str) -> tuple[int, bool]:
        return tuple(Membership(client, section, worker, timeout=0.3).join())

    assert joins("first") == (0, False)  # a new crawl
    # Nothing queued yet is no end of the crawl for a worker that has just joined: its registration
    # stays until it leaves, or is taken back once its heartbeat lapses.
    assert Membership(client, section, "first", timeout=0.3).sweep(may_end=False) == (0, 0)
    assert client.pttl(section.workers) == -1
    client.lpush(section.requests, b"a request")
    assert joins("second") == (0, False)  # the first is alive
    time.sleep(0.4)  # both stop beating: the crawl is left with a queued request
    assert (joins("third"), joins("fourth")) == ((1, True), (1, False))
    # Left with nothing queued, and a request in flight at a worker that stopped: a walk again.
    client.delete(section.requests)
    client.lpush(section.inflight("fourth"), b"a request")
    time.sleep(0.4)
    assert joins("fifth") == (2, True)
    # Nothing left: the crawl ends, and its walk counter expires with its dupefilter.
    client.delete(section.inflight("fourth"))
    assert Membership(client, section, "fifth", timeout=0.3, join_window=5).sweep() == (0, 0)
    assert 0 < client.pttl(section.walk) <= 5000


def test_a_worker_paused_past_its_heartbeat_follows_the_walk_a_new_worker_starts(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    """A worker stopped (SIGSTOP) past its heartbeat timeout looks gone: a worker that joins then
    walks the listing again. The paused one, continued, takes part in that walk instead of going
    on with its own (which could stop it at a page of stored articles): every article is handed off."""
    articles = 100
    site = serve(synthetic_site(tmp_path / "site", articles))
    held = site.gate("/world?page=3")
    paused = run(worker(tmp_path, "paused", redis_server.url, site.url("/world")))
    wait_for(lambda: site.hits.get("/world?page=3"), "the crawl to reach its third page", 60, paused)
    os.kill(paused.proc.pid, signal.SIGSTOP)
    try:
        time.sleep(WORKER_SETTINGS["HUNAWORLD_REDIS_WORKER_TIMEOUT"] + 1)
        joining = run(worker(tmp_path, "joining", redis_server.url, site.url("/world")))
        wait_for(lambda: "joined the crawl" in joining.text(), "the new worker to join", 60, joining)
    finally:
        os.kill(paused.proc.pid, signal.SIGCONT)
    held.set()
    for process in (paused, joining):
        assert process.proc.wait(timeout=120) == 0, process.text()[-3000:]
    assert "was left unfinished" in joining.text()
    assert "Another worker walks the listing again" in paused.text()
    assert redis_server.client().hlen(KEYS.seen("huna")) == articles
