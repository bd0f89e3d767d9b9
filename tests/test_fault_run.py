"""Issue-level fault run: a 2,000-article section served on 127.0.0.1, 5% of article requests failing
in the first run, the crawl SIGKILLed twice at random moments, a run whose feed fails, a run stopped
by a second Ctrl-C, then rerun until healthy.

At the end nothing is lost and nothing repeated, in SQLite and in the JSON Lines feed (appended to
by every run), and a further run with nothing new costs at most two requests beyond robots.txt on
this mirror host (the pages name www.huna.example as their canonical host).
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hunaworld.capture.synthetic import FIRST_ID, article_path
from tests.conftest import CrawlJob, crawl_job, synthetic_site
from tests.faultkit import rows, wait_for
from tests.faultsite import FaultServer, Status

ARTICLES = 2000
# Fast, and failures are retried by the next run at once (no back-off) so the test reruns quickly.
SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "RETRY_TIMES": 1, "HUNAWORLD_RETRY_AFTER": 0,
            "ROBOTSTXT_OBEY": False, "HUNAWORLD_SQLITE_BATCH": 50}


def test_kills_and_failures_lose_nothing_and_repeat_nothing(
        tmp_path: Path, serve: Callable[..., FaultServer],
        spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    pick = random.Random(20251130)
    site = serve(synthetic_site(tmp_path / "site", ARTICLES))
    failing = pick.sample(range(ARTICLES), ARTICLES // 20)
    for n in failing:
        site.script(article_path(n), Status(503), Status(503))  # both attempts of the first run fail
    db = tmp_path / "hunaworld.sqlite3"

    def job(run: int, *args: str) -> CrawlJob:
        return crawl_job(tmp_path, *args, start_url=site.url("/world"), append=True, db=db,
                         LOG_FILE=tmp_path / f"run{run}.log", **SETTINGS)

    # Two runs killed at random moments of their crawl.
    for run in (1, 2):
        proc = spawn(job(run))
        threshold = len(rows(db)) + pick.randrange(100, 600)
        wait_for(lambda threshold=threshold: len(rows(db)) >= threshold, f"{threshold} rows", timeout=120, proc=proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)

    # A run whose second feed cannot be written (every write to /dev/full fails as on a full disk): it
    # stops with status 3, and the rows it stored stay unexported for the next run.
    failed_feed = job(3, "-o", "/dev/full:jsonlines").run(timeout=300)
    assert failed_feed.returncode == 3, failed_feed.log[-3000:]
    assert "Could not write the feed /dev/full" in failed_feed.log

    # A run stopped by a second Ctrl-C: status 4, the next run recovers as after a kill.
    stopped = job(4)
    proc = spawn(stopped)
    threshold = len(rows(db)) + pick.randrange(50, 300)
    wait_for(lambda: len(rows(db)) >= threshold, f"{threshold} rows", timeout=120, proc=proc)
    proc.send_signal(signal.SIGINT)
    wait_for(lambda: "Ctrl-C again" in stopped.log.read_text(encoding="utf-8"), "the first Ctrl-C acknowledged",
             timeout=30, proc=proc)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 4

    statuses = []
    for run in range(5, 10):
        result = job(run).run(timeout=300)
        statuses.append(result.returncode)
        if result.returncode == 0 and result.stat("hunaworld/retry/pending") == 0 and len(rows(db)) == ARTICLES:
            break
    assert statuses[-1] == 0, statuses

    stored = rows(db)
    feed = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {f"https://www.huna.example/news/{FIRST_ID + n}/" for n in range(ARTICLES)}
    assert {url.rsplit("/", 1)[0] + "/" for url in stored} == expected, "lost in SQLite"
    counts = Counter(item["url"] for item in feed)
    assert set(counts) == set(stored), "the feed and the database disagree"
    assert max(counts.values()) == 1, f"repeated in the feed: {[u for u, c in counts.items() if c > 1][:3]}"
    assert all(row["exported"] == 1 for row in stored.values())
    assert sum(site.hits[article_path(n)] >= 3 for n in failing) == len(failing), "a failure was not retried"

    # Nothing new: one listing page (the first, all stored) and nothing else.
    before = sum(site.hits.values())
    again = job(11).run()
    assert again.returncode == 0
    assert sum(site.hits.values()) - before <= 2
    assert again.items == [] or len(feed) == ARTICLES
