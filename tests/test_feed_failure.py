"""A feed that fails mid-run: the run fails, its rows stay unexported, and the next run writes them."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from hunaworld.commands.crawl import HEALTH_FAILED
from tests.conftest import crawl_job, run_crawl

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full is Linux's")


def test_a_feed_write_that_fails_fails_the_run_and_the_next_run_writes_its_articles(tmp_path: Path) -> None:
    # /dev/full opens like any file, so the feed passes the checks before the first request, and
    # every write to it fails as on a full disk.
    job = crawl_job(tmp_path, out="unused.jsonl")
    job.cmd[job.cmd.index(str(job.feed))] = "/dev/full:jsonlines"
    failed = job.run()
    assert failed.returncode == HEALTH_FAILED, failed.log[-3000:]
    assert "Traceback" not in failed.log
    errors = [line for line in failed.log.splitlines() if "Could not write the feed /dev/full" in line]
    assert len(errors) == 1, failed.log[-3000:]
    assert "Stored jsonlines feed" not in failed.log
    with closing(sqlite3.connect(job.db)) as con:
        stored, exported = con.execute("SELECT count(*), coalesce(sum(exported), 0) FROM articles").fetchone()
        status = con.execute("SELECT finish_reason, health FROM runs").fetchone()
    assert stored > 0 and exported == 0
    assert status[0] == "feed_failed" and status[1].startswith("failed: feed:")

    # The next run's feed ends in a line a failed write cut short: it is removed, not joined to the
    # first line written after it.
    feed = tmp_path / "articles.jsonl"
    feed.write_bytes('{"url": "https://www.huna.example/news_1", "headline": "نص'.encode())
    recovered = run_crawl(tmp_path, db=job.db, append=True)
    assert recovered.returncode == 0, recovered.log[-3000:]
    assert "ended in a cut line" in recovered.log
    urls = [item["url"] for item in recovered.items]
    with closing(sqlite3.connect(job.db)) as con:
        rows = {url for (url,) in con.execute("SELECT url FROM articles WHERE exported = 1")}
    assert len(urls) == len(set(urls)) == stored
    assert set(urls) == rows


def test_a_device_appended_to_is_not_read_back_for_the_lines_it_holds(tmp_path: Path) -> None:
    # The first run leaves every row unexported; the second, appending to the same device, would
    # look for their lines in it: /dev/full reads as zeros without end, and the run never started.
    for _ in range(2):
        job = crawl_job(tmp_path, out="unused.jsonl", append=True)
        job.cmd[job.cmd.index(str(job.feed))] = "/dev/full:jsonlines"
        failed = job.run(timeout=60)
        assert failed.returncode == HEALTH_FAILED, failed.log[-3000:]
    assert "had no feed line: written now" in failed.log
    with closing(sqlite3.connect(job.db)) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE exported = 1").fetchone() == (0,)
