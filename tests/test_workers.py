"""Extraction workers: the same articles as parsing in the crawl process, and no page stops a worker."""

from __future__ import annotations

import asyncio
import io
import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse

from hunaworld.crawling.pipeprocess import HEADER, READY, USAGE, frame, serve
from hunaworld.crawling.workers import WORKER_COMMAND, ExtractionError, ExtractionWorkers, load_job
from tests.conftest import PAGES, SITE, run_crawl
from tests.faultkit import rows

AMMAN = ZoneInfo("Asia/Amman")
XI_TALKS = SITE / "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html"


def comparable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items by URL, without the one field that differs between any two runs."""
    return sorted(({k: v for k, v in item.items() if k != "scraped_at"} for item in items), key=lambda i: i["url"])


@pytest.mark.parametrize("site", [SITE, PAGES], ids=["capture", "own-pages"])
def test_crawl_with_a_worker_gives_the_items_of_an_in_process_crawl(tmp_path: Path, site: Path) -> None:
    # The own pages include windows-1256 ones: the worker decodes the bytes as the crawl would.
    worker = run_crawl(tmp_path, site=site, out="worker.jsonl", db=tmp_path / "worker.sqlite3")
    in_process = run_crawl(tmp_path, site=site, out="inprocess.jsonl", db=tmp_path / "inprocess.sqlite3",
                           HUNAWORLD_WORKERS=0)
    assert worker.returncode == in_process.returncode
    assert worker.items, worker.log[-3000:]
    assert comparable(worker.items) == comparable(in_process.items)
    assert worker.stat("hunaworld/workers/jobs") == worker.stat("hunaworld/articles_parsed") > 0
    assert in_process.stat("hunaworld/workers/jobs") == 0
    assert {url: row["content_hash"] for url, row in rows(tmp_path / "worker.sqlite3").items()} == \
        {url: row["content_hash"] for url, row in rows(tmp_path / "inprocess.sqlite3").items()}
    assert 0 < worker.stat("hunaworld/workers/max_rss") < 100 * 2**20


def frames(stream: bytes) -> list[Any]:
    messages, view = [], memoryview(stream)
    while view:
        size = HEADER.unpack_from(view)[0]
        messages.append(pickle.loads(view[HEADER.size:HEADER.size + size]))
        view = view[HEADER.size + size:]
    return messages


def test_a_failing_page_is_answered_with_its_traceback_and_the_worker_goes_on() -> None:
    page = XI_TALKS.read_bytes()
    now = datetime(2025, 9, 6, 10, 30, tzinfo=AMMAN)
    url = "https://www.huna.example/news/52817/x"
    jobs = [(1, (url, page, "no-such-charset-either", "huna", AMMAN, now)),
            (2, (url, None, "utf-8", "huna", AMMAN, now)),
            (3, (url, page, "utf-8", "huna", AMMAN, now))]
    results = io.BytesIO()
    serve(io.BytesIO(b"".join(frame(job) for job in jobs)), results, load_job)

    ready, first, failed, last, usage = frames(results.getvalue())
    assert ready == (READY, True, None)
    assert first[:2] == (1, True)  # an unknown charset falls back as Scrapy's does
    assert failed[:2] == (2, False)
    assert failed[2].startswith("Traceback") and "Error: " in failed[2]  # its exception, whichever the libraries raise
    job_id, ok, article = last
    item = article.item
    assert (job_id, ok, article.layout, article.layers["headline"], article.kind) == \
        (3, True, "huna-2025", "site", "article")
    assert "بكين" in item.entry[0].split()  # the headline's search form, for the index
    assert item["date_published"] == "2025-09-04T15:11:00+03:00"
    assert datetime.fromisoformat(item["scraped_at"]).tzinfo == UTC
    assert usage[0] == USAGE and usage[2][0] > 0


def test_a_truncated_job_ends_the_worker_cleanly() -> None:
    results = io.BytesIO()
    serve(io.BytesIO(frame((1, ("u", b"", "utf-8", "huna", AMMAN, None)))[:-3]), results, load_job)
    # The crawl that wrote it is gone; the worker answers nothing but its usage.
    assert [message[0] for message in frames(results.getvalue())] == [READY, USAGE]


def test_a_page_failing_in_the_worker_raises_an_error_naming_it_and_the_worker_goes_on() -> None:
    response = HtmlResponse("https://www.huna.example/news/52817/x", body=XI_TALKS.read_bytes(), encoding="utf-8")
    now = datetime(2025, 9, 6, 10, 30, tzinfo=AMMAN)

    async def crawl() -> tuple[str, dict[str, Any], dict[str, float]]:
        workers = ExtractionWorkers(1)
        await workers.start()
        try:
            with pytest.raises(ExtractionError) as failed:
                await workers.load(response, "huna", tz="No/Such_Zone", now=now)
            loaded = await workers.load(response, "huna", tz=AMMAN, now=now)
        finally:
            usage = await workers.close()
        return str(failed.value), loaded.item, usage

    message, item, usage = asyncio.run(crawl())
    assert message.startswith(f"{response.url}: Traceback")
    assert "No/Such_Zone" in message
    assert item["date_published"] == "2025-09-04T15:11:00+03:00"
    assert usage["jobs"] == 2 and usage["restarts"] == 0 and usage["cpu_seconds"] > 0 and usage["max_rss"] > 0


def test_a_worker_whose_crawl_is_gone_exits_quietly() -> None:
    worker = subprocess.Popen(WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    worker.stdout.read(HEADER.size)  # the ready frame has begun: the worker is serving
    worker.stdout.close()  # the crawl dies: nobody reads the results any more
    page = XI_TALKS.read_bytes()
    now = datetime(2025, 9, 6, 10, 30, tzinfo=AMMAN)
    job = ("https://www.huna.example/news/52817/x", page, "utf-8", "huna", pickle.dumps((AMMAN, now)))
    try:
        for n in range(50):
            worker.stdin.write(frame((n, job)))
        worker.stdin.close()
    except BrokenPipeError:
        pass
    assert worker.wait(timeout=30) == 0
    assert b"Traceback" not in worker.stderr.read()
