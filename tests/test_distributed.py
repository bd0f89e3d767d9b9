"""Distributed mode end to end: real Redis, real ``scrapy crawl`` workers and ``scrapy store`` writers,
over a generated 2,000-article section served on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from hunaworld.distributed import messages
from hunaworld.distributed.state import Claim, SharedFailures, SharedSeenState
from hunaworld.distributed.writer import Writer
from hunaworld.storage.failures import FailureLog
from hunaworld.storage.store import ArticleStore
from hunaworld.urls import article_key
from hunaworld.warc.records import read_page
from tests.conftest import FIXTURES, ROOT, SITE, run_crawl, synthetic_site
from tests.distributedcrawl import (
    KEYS,
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
from tests.redisserver import RedisServer, free_port
from tests.test_discovery import FEED_ONLY, SITEMAP_ONLY

# Fixtures, used by name.
__all__ = ["redis_server", "run", "serve"]
ARTICLES = 2000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_site(tmp_path_factory.mktemp("site"), ARTICLES)


def article_hits(site: RecordingServer) -> list[int]:
    return hits_of(site, ARTICLES)


def start_together(site: RecordingServer, path: str, starts: list[Callable[[], Process]]) -> list[Process]:
    """Start each worker, holding the answers of ``path`` (the first listing page) until every one has
    joined: a worker that starts slowly on a busy machine would otherwise find the work all taken."""
    held = site.gate(path)
    workers = []
    for start in starts:
        workers.append(start())
        wait_for(lambda process=workers[-1]: "joined the crawl" in process.text(), "a worker to join", 60, workers[-1])
    held.set()
    return workers


# -- the crawl: two workers and the writer -----------------------------------------------------------

def test_two_workers_and_the_writer_fetch_and_store_each_article_once(
        tmp_path: Path, big_site: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(big_site)
    # The first listing page is held until the second worker has started and found the queue
    # empty (the first worker holds the only request): it must wait for the links, not close.
    held = site.gate("/world")
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store = run(writer(tmp_path, "writer", redis_server.url, db, feed))
    first = run(worker(tmp_path, "worker1", redis_server.url, site.url("/world"), DOWNLOAD_TIMEOUT=60))
    wait_for(lambda: site.hits.get("/world"), "the first listing request", 60, first)
    second = run(worker(tmp_path, "worker2", redis_server.url, site.url("/world")))
    wait_for(lambda: "(0 requests queued)" in second.text(), "the second worker to join", 60, second)
    time.sleep(2)  # several of its idle checks
    assert second.proc.poll() is None, "the second worker closed while the first listing page was in flight"
    held.set()
    for process in (first, second):
        assert process.proc.wait(timeout=240) == 0, process.text()[-3000:]
    finish(store, redis_server)

    assert article_hits(site) == [1] * ARTICLES, "an article was fetched twice, or never"
    stored = Stored.read(db, feed)
    stored.assert_each_once(ARTICLES)
    assert second.stat("response_received_count") > 0, "the second worker fetched nothing"
    assert [run["health"] for run in stored.runs] == ["healthy", "healthy"]
    assert sum(run["articles_new"] for run in stored.runs) == ARTICLES
    # The crawl is over: nothing queued or in flight, no worker registered, the dupefilter expiring.
    assert section_keys_left(redis_server) == []


def test_a_worker_killed_mid_crawl_is_finished_by_the_other(
        tmp_path: Path, big_site: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(big_site)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store = run(writer(tmp_path, "writer", redis_server.url, db, feed))
    killed = run(worker(tmp_path, "killed", redis_server.url, site.url("/world")))
    survivor = run(worker(tmp_path, "survivor", redis_server.url, site.url("/world")))
    client = redis_server.client()

    def held() -> int:
        # The worker's name is known once it has joined the crawl.
        return client.llen(KEYS.section("huna", "world").inflight(killed.worker_name()))

    # Mid-crawl: a third of the articles fetched, and the worker to be killed fetching some more.
    wait_for(lambda: sum(n > 0 for n in article_hits(site)) >= ARTICLES // 3 and held() > 0,
             "a third of the articles fetched", 120, killed, survivor, store)
    os.kill(killed.proc.pid, signal.SIGKILL)
    killed.proc.wait(timeout=10)
    in_flight = held()
    assert in_flight > 0, "the killed worker had nothing in flight: the test proves nothing"
    assert survivor.proc.wait(timeout=240) == 0, survivor.text()[-3000:]

    # The survivor took the killed worker's requests back once its heartbeat lapsed.
    assert survivor.stat("hunaworld/distributed/recovered") == in_flight
    assert f"Took back {in_flight} request(s)" in survivor.text()
    hits = article_hits(site)
    assert min(hits) == 1 and max(hits) <= 2
    # Fetched twice: only requests the killed worker had in flight (some it had answered, not stored).
    assert sum(n == 2 for n in hits) <= in_flight

    finish(store, redis_server)
    stored = Stored.read(db, feed)
    stored.assert_each_once(ARTICLES)
    statuses = {run["worker"]: (run["finish_reason"], run["health"]) for run in stored.runs}
    assert statuses == {killed.worker_name(): (None, None), survivor.worker_name(): ("finished", "healthy")}
    assert section_keys_left(redis_server) == []


def test_the_writer_killed_and_restarted_loses_and_repeats_nothing(
        tmp_path: Path, big_site: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(big_site)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    workers = [run(worker(tmp_path, f"worker{n}", redis_server.url, site.url("/world"))) for n in (1, 2)]
    store = run(writer(tmp_path, "writer1", redis_server.url, db, feed))
    # Killed twice in the middle of a batch, each time restarted under the same name: it waits for
    # the lock to lapse, then stores the batch its predecessor was storing.
    for n, threshold in enumerate((300, 1000), start=2):
        wait_for(lambda threshold=threshold: stored_count(db) >= threshold, f"{threshold} stored articles", 120,
                 store, *workers)
        kill_mid_batch(store, redis_server.client())
        store = run(writer(tmp_path, f"writer{n}", redis_server.url, db, feed))
        wait_for(lambda store=store: "recovering" in store.text(), "the restarted writer to recover the batch", 60,
                 store)
    for process in workers:
        assert process.proc.wait(timeout=240) == 0, process.text()[-3000:]
    finish(store, redis_server)
    Stored.read(db, feed).assert_each_once(ARTICLES)
    assert article_hits(site) == [1] * ARTICLES


def kill_mid_batch(writer_process: Process, client: redis.Redis, timeout: float = 60) -> None:
    """SIGKILL the writer while it holds a batch (taken, not yet forgotten): stop it, make sure, kill."""
    processing = KEYS.writer("writer").processing
    pid = writer_process.proc.pid
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.llen(processing):
            os.kill(pid, signal.SIGSTOP)
            if client.llen(processing):
                os.kill(pid, signal.SIGKILL)
                writer_process.proc.wait(timeout=10)
                return
            os.kill(pid, signal.SIGCONT)
    raise AssertionError("the writer never held a batch")


# -- politeness across workers ------------------------------------------------------------------------

# How much sooner than the shared delay allows the site may see requests: the time from a start
# granted in Redis (on Redis's clock) to the request reaching the site varies with what the worker's
# event loop and the machine are busy with (a page parsed, a connection opened, the process waiting
# for a core), and a request sent late makes the gap to the next one short. It does not add up: any
# n requests the site sees in a row span at least (n - 1) * delay - SEND_JITTER. Measured with this
# test's crawl (two workers parsing in process, the site and Redis on the same 2-core machine, which
# other jobs share): 22 to 153 ms; with two CPU-bound processes beside the crawl, more than the delay.
SEND_JITTER = 0.16


def shortfall(times: list[float], delay: float) -> float:
    """The most by which any run of consecutive requests came sooner than ``delay`` apiece allows."""
    return max((j - i) * delay - (times[j] - times[i]) for i in range(len(times)) for j in range(i + 1, len(times)))


def test_two_workers_keep_the_delay_between_requests_within_the_send_jitter(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", 30))
    delay = 0.2
    settings = {"DOWNLOAD_DELAY": delay, "CONCURRENT_REQUESTS_PER_DOMAIN": 4}
    workers = [run(worker(tmp_path, f"worker{n}", redis_server.url, site.url("/world"), **settings))
               for n in (1, 2)]
    for process in workers:
        assert process.proc.wait(timeout=120) == 0, process.text()[-3000:]
    times = sorted(when for when, _ in site.arrivals)
    assert len(times) == 30 + 2 + 2  # articles, listing pages, each worker's robots.txt
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert shortfall(times, delay) <= SEND_JITTER, f"smallest gap {min(gaps):.3f} s, delay {delay} s"
    assert times[-1] - times[0] >= (len(times) - 1) * delay - SEND_JITTER
    assert all(process.stat("response_received_count") > 0 for process in workers)


def test_two_workers_share_one_concurrency_limit(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", 30))
    site.slow("/news/", 0.2)
    settings = {"CONCURRENT_REQUESTS_PER_DOMAIN": 2}
    workers = start_together(site, "/world", [
        lambda n=n: run(worker(tmp_path, f"worker{n}", redis_server.url, site.url("/world"), **settings))
        for n in (1, 2)])
    for process in workers:
        assert process.proc.wait(timeout=120) == 0, process.text()[-3000:]
    # Each worker may send 8 at once; together they never had more than 2 requests at the host.
    assert site.peak == 2
    assert all(process.stat("response_received_count") > 0 for process in workers)


# -- the seen-state and the writer, without a crawl ----------------------------------------------------

def item(n: int, text: str = "نص") -> dict:
    return {"url": f"https://www.huna.example/news/{n}/x", "site": "huna", "site_section": "world",
            "article_id": str(n), "headline": f"عنوان {n}", "summary": None, "body": f"{text} {n}",
            "date_published": "2025-09-04T15:11:00+03:00", "date_published_raw": None, "date_modified": None,
            "authors": [], "section": None, "tags": [], "countries": [], "image_url": None, "image_caption": None,
            "views": None, "language": "ar", "source": "اخبار هنا", "scraped_at": "2025-09-06T07:30:00+00:00",
            "content_hash": f"{text}-{n}", "revision": None}


def claim(seen: SharedSeenState, article: dict) -> Claim:
    return seen.claim(article["site"], article_key(article["url"], article["article_id"]), article["content_hash"],
                      article["date_published"], messages.article(article))


def test_an_article_is_claimed_once_by_racing_workers(redis_server: RedisServer) -> None:
    seen = SharedSeenState(redis_server.client(), KEYS)
    article = item(1)
    results: list[Claim] = []
    threads = [threading.Thread(target=lambda: results.append(claim(SharedSeenState(redis_server.client(), KEYS),
                                                                     article))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [Claim.UNCHANGED] * 7 + [Claim.NEW]
    assert redis_server.client().llen(KEYS.items) == 1
    key = article_key(article["url"], article["article_id"])
    assert key == "id:1"  # the identity the SQLite store keys the article by (url_key)
    assert seen.stored_hash("huna", key) == article["content_hash"]
    assert seen.published("huna", key) == (True, article["date_published"], None)
    # The same text under another URL (handed off for the writer to keep as an alias, and known from
    # now on), then an edit of the first article.
    assert claim(seen, {**article, "url": "https://www.huna.example/news/2/y", "article_id": "2"}) is Claim.SAME_CONTENT
    assert redis_server.client().llen(KEYS.items) == 2
    assert seen.published("huna", "id:2").known and not seen.published("sada", "id:2").known
    assert claim(seen, item(1, text="نص معدل")) is Claim.UPDATED
    assert seen.published("huna", key) == (True, article["date_published"], None)


def fill(redis_server: RedisServer, count: int) -> None:
    seen = SharedSeenState(redis_server.client(), KEYS)
    for n in range(count):
        assert claim(seen, item(n)) is Claim.NEW


class Killed(Exception):
    """Stands for SIGKILL inside one step of the writer."""


def test_a_writer_killed_between_the_commit_and_the_feed_feeds_the_batch_once(
        tmp_path: Path, redis_server: RedisServer) -> None:
    fill(redis_server, 5)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"

    class KilledMidFeed(Writer):
        def write_feed(self, items: list[dict]) -> None:
            super().write_feed(items[:2])
            with self.feed.open("ab") as file:
                file.write(json.dumps(items[2], ensure_ascii=False).encode()[:40])
            raise Killed

    with pytest.raises(Killed):
        KilledMidFeed(redis_server.client(), KEYS, ArticleStore(db), feed, batch=10).run(idle_exit=0.1)
    assert stored_count(db) == 5  # committed
    writer_again = Writer(redis_server.client(), KEYS, ArticleStore(db), feed, batch=10)
    writer_again.run(idle_exit=0.1)
    # Three fed now (the half-written line was cut); stored again, the five come back unchanged.
    assert (writer_again.counts["recovered"], writer_again.counts["unchanged"]) == (3, 5)
    Stored.read(db, feed).assert_each_once(5)


def test_a_writer_killed_before_the_commit_stores_the_batch_again(tmp_path: Path, redis_server: RedisServer) -> None:
    fill(redis_server, 5)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store = ArticleStore(db)

    class KilledMidBatch(Writer):
        def article(self, key: str, item: dict) -> dict | None:
            if self.counts["new"] == 3:
                raise Killed
            return super().article(key, item)

    with pytest.raises(Killed):
        KilledMidBatch(redis_server.client(), KEYS, store, feed, batch=10).run(idle_exit=0.1)
    store.db.close()  # the process died: its transaction is rolled back
    assert stored_count(db) == 0
    writer_again = Writer(redis_server.client(), KEYS, ArticleStore(db), feed, batch=10)
    writer_again.run(idle_exit=0.1)
    assert writer_again.counts["new"] == 5
    Stored.read(db, feed).assert_each_once(5)


def test_a_writer_killed_at_the_commit_feeds_nothing_it_did_not_commit(
        tmp_path: Path, redis_server: RedisServer) -> None:
    fill(redis_server, 5)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"

    class KilledAtCommit(ArticleStore):
        def commit(self) -> None:
            raise Killed

    store = KilledAtCommit(db)
    with pytest.raises(Killed):
        Writer(redis_server.client(), KEYS, store, feed, batch=10).run(idle_exit=0.1)
    store.db.close()
    assert stored_count(db) == 0
    assert redis_server.client().get(KEYS.writer("writer").releasing)  # what the batch would have fed
    writer_again = Writer(redis_server.client(), KEYS, ArticleStore(db), feed, batch=10)
    writer_again.run(idle_exit=0.1)
    assert (writer_again.counts["recovered"], writer_again.counts["new"]) == (0, 5)
    Stored.read(db, feed).assert_each_once(5)


def test_the_writer_keys_rows_by_article_identity_and_marks_them_exported(
        tmp_path: Path, redis_server: RedisServer) -> None:
    fill(redis_server, 3)
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    Writer(redis_server.client(), KEYS, ArticleStore(db), feed, batch=10).run(idle_exit=0.1)
    stored = Stored.read(db, feed)
    stored.assert_each_once(3)
    store = ArticleStore(db)
    assert sorted(row[1] for row in store.seen_rows()) == ["id:0", "id:1", "id:2"]
    assert store.unexported("huna", "world") == []
    store.close()


def test_the_same_article_on_a_mirror_is_unchanged_in_distributed_mode(redis_server: RedisServer) -> None:
    seen = SharedSeenState(redis_server.client(), KEYS)
    assert claim(seen, item(7)) is Claim.NEW
    mirrored = {**item(7), "url": "http://127.0.0.1:8000/news/7/x"}
    assert claim(seen, mirrored) is Claim.UNCHANGED


def test_failures_reach_the_failures_table_and_come_back_due_to_the_workers(
        tmp_path: Path, redis_server: RedisServer) -> None:
    client = redis_server.client()
    failures = SharedFailures(SharedSeenState(client, KEYS))
    url = "https://www.huna.example/news/9/x"
    failures.record("huna", "world", "id:9", url, "fetch: HTTP 503")
    failures.record("huna", "world", "id:10", url.replace("9", "10"), "fetch: HTTP 503")
    db = tmp_path / "db.sqlite3"
    Writer(client, KEYS, ArticleStore(db), None, batch=10, retry_after=0).run(idle_exit=0.1)
    store = ArticleStore(db)
    log = FailureLog(store, retry_after=0, max_attempts=5)
    # A one-machine run of this database retries them too.
    assert set(log.due("huna", "world")) == {url, url.replace("9", "10")}
    assert set(failures.due("huna", "world")) == {url, url.replace("9", "10")}
    assert failures.counts("huna", "world") == log.counts("huna", "world")
    store.close()
    assert failures.due("huna", "international") == []
    # Stored at last: gone from the table and from Redis.
    seen = SharedSeenState(client, KEYS)
    assert claim(seen, item(9)) is Claim.NEW
    Writer(client, KEYS, ArticleStore(db), None, batch=10, retry_after=0).run(idle_exit=0.1)
    assert failures.due("huna", "world") == [url.replace("9", "10")]
    store = ArticleStore(db)
    assert FailureLog(store, retry_after=0, max_attempts=5).due("huna", "world") == [url.replace("9", "10")]
    store.close()


# -- switching modes -----------------------------------------------------------------------------------

def settings_of(*assignments: str, db: Path) -> dict:
    """The settings a ``scrapy crawl hunaworld`` crawler ends with, and whether Redis got imported.

    The one-machine crawler opens its database: ``db``, not whatever the checkout holds."""
    assignments = (f"HUNAWORLD_SQLITE={db}", *assignments)
    code = ("import json, sys\n"
            "from scrapy.utils.project import get_project_settings\n"
            "from scrapy.utils.test import get_crawler\n"
            "from scrapy.utils.reactor import install_reactor\n"
            "from hunaworld.crawling.spider import SectionSpider\n"
            "settings = get_project_settings()\n"
            "install_reactor(settings['TWISTED_REACTOR'])\n"
            f"for pair in {list(assignments)!r}:\n"
            "    settings.set(*pair.split('=', 1), priority='cmdline')\n"
            "crawler = get_crawler(SectionSpider, settings.copy_to_dict())\n"
            "s = crawler.settings\n"
            "print(json.dumps({'scheduler': s['SCHEDULER'], 'pipelines': sorted(map(str, s.getdict('ITEM_PIPELINES'))),"
            " 'extensions': sorted(map(str, s.getdict('EXTENSIONS'))), 'delay': s.getfloat('DOWNLOAD_DELAY'),"
            " 'shared_delay': s.get('HUNAWORLD_SHARED_DELAY'), 'autothrottle': s.getbool('AUTOTHROTTLE_ENABLED'),"
            " 'redis_imported': 'redis' in sys.modules}))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_the_redis_url_nothing_changes_and_redis_is_not_imported(tmp_path: Path) -> None:
    got = settings_of(db=tmp_path / "db.sqlite3")
    assert got["scheduler"] == "scrapy.core.scheduler.Scheduler"
    assert "hunaworld.pipelines.sqlite.SQLitePipeline" in got["pipelines"]
    assert (got["delay"], got["shared_delay"], got["autothrottle"]) == (0.5, None, True)
    assert not got["redis_imported"]


def test_the_redis_url_switches_the_crawl_to_shared_components(tmp_path: Path) -> None:
    got = settings_of("HUNAWORLD_REDIS_URL=redis://127.0.0.1:1/0", "DOWNLOAD_DELAY=0.7", db=tmp_path / "db.sqlite3")
    assert got["scheduler"] == "hunaworld.distributed.scheduler.SharedScheduler"
    assert any("HandoffPipeline" in name for name in got["pipelines"])
    assert not any("SQLitePipeline" in name for name in got["pipelines"])
    assert any("SharedState" in name for name in got["extensions"])
    assert not any("StoreService" in name for name in got["extensions"])
    # The delay the crawl was given is the shared one; the process's own is 0.
    assert (got["delay"], got["shared_delay"], got["autothrottle"]) == (0, 0.7, False)


def test_a_database_of_one_machine_crawls_is_shared_with_the_workers(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """The writer copies the stored articles into the shared seen-state: a worker then finds them stored."""
    db = tmp_path / "db.sqlite3"
    first = run_crawl(tmp_path, db=db)
    assert len(first.items) == 13
    feed = tmp_path / "feed.jsonl"
    seeding = writer(tmp_path, "writer", redis_server.url, db, feed, "--exit-idle", "0.2").start()
    assert seeding.proc.wait(timeout=60) == 0, seeding.text()
    assert "13 stored article(s) added" in seeding.text()
    replay = worker(tmp_path, "worker", redis_server.url, "https://www.huna.example/world",
                    HUNAWORLD_REPLAY=SITE, HUNAWORLD_REVISIT_HOURS=0).start()
    assert replay.proc.wait(timeout=60) == 0, replay.text()[-3000:]
    assert "every article is already stored" in replay.text()
    assert replay.stat("hunaworld/articles_requested") == 0
    drain = writer(tmp_path, "writer", redis_server.url, db, feed, "--exit-idle", "0.2").start()
    assert drain.proc.wait(timeout=60) == 0, drain.text()
    stored = Stored.read(db, feed)
    assert stored.feed == []
    assert [(run["worker"] is None, run["health"], run["articles_new"]) for run in stored.runs] == [
        (True, "healthy", 13), (False, "healthy", 0)]


def test_a_worker_without_its_redis_stops_at_once_in_one_line(tmp_path: Path) -> None:
    absent = f"redis://127.0.0.1:{free_port()}/0"
    process = worker(tmp_path, "worker", absent, "https://www.huna.example/world", HUNAWORLD_REPLAY=SITE).start()
    assert process.proc.wait(timeout=60) == 1
    said = process.log.with_suffix(".stderr").read_text(encoding="utf-8").strip().splitlines()
    assert len(said) == 1 and said[0].startswith("hunaworld: cannot use Redis (HUNAWORLD_REDIS_URL): ")
    assert "Spider opened" not in process.text()


# -- discovery mode ---------------------------------------------------------------------------------

def test_two_workers_crawl_a_section_with_no_profile_each_article_once(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(FIXTURES / "nabd" / "capture")
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store = run(writer(tmp_path, "writer", redis_server.url, db, feed))
    # One request at a time each, with a shared delay: the section's 20 pages are shared by both.
    workers = start_together(site, "/sections/world", [
        lambda n=n: run(worker(tmp_path, f"worker{n}", redis_server.url, site.url("/sections/world"),
                               profile=None, DOWNLOAD_DELAY=0.2, CONCURRENT_REQUESTS=1)) for n in (1, 2)])
    for process in workers:
        assert process.proc.wait(timeout=120) == 0, process.text()[-3000:]
        # Each worker makes the site's profile from the start URL alone, and the same one.
        assert "discovery mode (site '127.0.0.1', section 'world')" in process.text()
        assert process.stat("response_received_count") > 0
    finish(store, redis_server)
    stored = Stored.read(db, feed)
    # The 13 listed articles, and what the section's feed and the site's sitemap add. The worker
    # that read the first listing page reads them, and judges the sitemap's entries by the shapes it
    # learnt itself: the /node/ article only the sitemap lists is taken when that worker also read a
    # listing page with /node/ links, else it is left out (never another section's).
    stored.assert_each_once(len(stored.rows))
    paths = {urlsplit(url).path for url in stored.rows}
    listed = {path for path in paths if path not in (FEED_ONLY, SITEMAP_ONLY)}
    assert len(listed) == 13 and FEED_ONLY in paths
    assert {(row["site"], row["site_section"]) for row in stored.rows.values()} == {("127.0.0.1", "world")}
    articles = [path for path in site.hits if path.startswith(("/world/", "/node/"))]
    assert len(articles) == len(paths) + 1 and all(site.hits[path] == 1 for path in articles)  # and the gone one
    assert not any(path.startswith(("/sport/", "/economy/")) for path in site.hits)
    assert not {"/node/48221", "/node/48226", "/feed"} & set(site.hits)
    client = redis_server.client()
    # What the crawl leaves is at most its dupefilter, expiring within the join window.
    left = sorted(key.decode() for key in client.keys("hunaworld:127.0.0.1:world:*"))
    assert left in ([], ["hunaworld:127.0.0.1:world:dupefilter"])
    assert all(0 < client.ttl(key) <= 30 for key in left)


def test_each_worker_archives_its_pages_in_its_own_warc_files_and_the_writer_stores_the_pointers(
        tmp_path: Path, redis_server: RedisServer, serve: Callable[[Path], RecordingServer],
        run: Callable[[Process], Process]) -> None:
    site = serve(synthetic_site(tmp_path / "site", 200))
    db, feed = tmp_path / "db.sqlite3", tmp_path / "feed.jsonl"
    store = run(writer(tmp_path, "writer", redis_server.url, db, feed))
    workers = start_together(site, "/world", [
        lambda n=n: run(worker(tmp_path, f"worker{n}", redis_server.url, site.url("/world"))) for n in (1, 2)])
    for process in workers:
        assert process.proc.wait(timeout=240) == 0, process.text()[-3000:]
    finish(store, redis_server)
    stored = Stored.read(db, feed)
    stored.assert_each_once(200)
    by_worker = {n: 0 for n in (1, 2)}
    for row in stored.rows.values():
        path = Path(row["warc_file"])
        # The worker's own folder, named from its database's folder (the test's): an absolute path.
        assert path.is_absolute() and path.parent.name in ("worker1-warc", "worker2-warc"), row["warc_file"]
        by_worker[int(path.parent.name[6])] += 1
        page = read_page(path, row["warc_offset"])
        assert f"/news/{row['article_id']}/" in page.url and page.status == 200
    assert all(by_worker.values()), f"a worker archived no stored article: {by_worker}"
