"""End to end under faults: the real ``scrapy crawl hunaworld`` against a misbehaving local site.

Every test starts ``tests.faultsite.FaultServer`` (the bundled capture served on 127.0.0.1, with
per-path, per-hit faults) and crawls it with ``-a start_url=http://127.0.0.1:PORT/world``. Pages
name themselves with ``https://www.huna.example`` canonical links, so stored URLs are those.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from w3lib.url import safe_url_string

from hunaworld.commands.crawl import INTERRUPTED
from hunaworld.crawling.workers import RESTARTS
from tests.conftest import CrawlJob, copy_capture, crawl_job, run_crawl
from tests.faultkit import (
    ALL_URLS,
    EXPECTED,
    FAST,
    article,
    assert_stored_once,
    crawl,
    feed_lines,
    log_lines,
    page_bytes,
    retries_for,
    rows,
    wait_for,
)
from tests.faultsite import Cut, FaultServer, Redirect, Stall, Status

# -- 1-3: transient failures are retried and the article stored once --------------------------------

def test_503_then_200_is_retried_and_stored_once(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    site = serve()
    flaky = article("52890")
    site.script(flaky, Status(503))
    result = crawl(tmp_path, site)
    assert site.hits[flaky] == 2
    assert retries_for(result, "503") == 1
    assert_stored_once(result, ALL_URLS)


def test_timeout_is_retried_and_stored_once(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    site = serve()
    slow = article("52883")
    site.script(slow, Stall(3))
    result = crawl(tmp_path, site, DOWNLOAD_TIMEOUT=1)
    assert site.hits[slow] == 2
    assert retries_for(result, "Timeout") >= 1
    assert_stored_once(result, ALL_URLS)


def test_connection_cut_mid_body_is_retried_and_nothing_truncated_stored(
        tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    site = serve()
    cut = article("52817")
    site.script(cut, Cut(0.5))
    result = crawl(tmp_path, site)
    assert site.hits[cut] == 2
    assert retries_for(result, "DataLoss") == 1
    assert_stored_once(result, ALL_URLS)
    expected = EXPECTED[cut]
    row = rows(result.db)[expected["url"]]
    assert row["body"] == expected["body"]
    assert row["content_hash"] == expected["content_hash"]


# -- 4-6: redirects, robots.txt, oversized pages and 404s ----------------------------------------------

def test_redirects_same_host_followed_other_host_not(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    site, elsewhere = serve(), serve()
    moved, new_path = article("52890"), "/news/52890/قادة-دول-شرق-أفريقيا-يجتمعون-في-نيروبي"
    site.serve(new_path, page_bytes(moved))
    site.script(moved, *[Redirect(site.url(new_path))] * 3)
    away = article("52883")
    # Another host: "localhost" on a second server of ours, so a followed redirect would be counted.
    site.script(away, *[Redirect(elsewhere.url(away).replace("127.0.0.1", "localhost"))] * 3)
    result = crawl(tmp_path, site)

    assert (site.hits[moved], site.hits[new_path]) == (1, 1)
    canonical = EXPECTED[moved]["url"]
    assert [item["url"] for item in result.items].count(canonical) == 1
    assert canonical in rows(result.db)

    assert elsewhere.hits == {}
    assert result.stat("offsite/filtered") >= 1
    assert_stored_once(result, ALL_URLS - {EXPECTED[away]["url"]})
    # The article is lost to this crawl: that must be visible at the crawl's normal log level.
    said = [line for line in log_lines(result.log) if "52883" in line and "localhost" in line]
    assert said, "no INFO/WARNING/ERROR line names the article redirected to another host"


def test_robots_txt_disallowing_articles(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    site = serve()
    site.serve("/robots.txt", b"User-agent: *\nDisallow: /news/\n", headers={"Content-Type": "text/plain"})
    result = crawl(tmp_path, site)
    assert site.hits["/robots.txt"] == 1
    assert site.hits_under("/news/") == 0
    assert result.items == []
    assert rows(result.db) == {}
    assert result.stat("robotstxt/forbidden") == 13
    said = [line for line in log_lines(result.log) if "robots.txt" in line.lower()]
    assert len(said) == 1, f"want one clear line saying robots.txt forbade the articles, got {len(said)}"
    assert re.search(r"forbid|forbade|disallow", said[0], re.IGNORECASE)


def test_oversized_page_dropped_and_404_counted(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    big, gone = article("52876"), article("52890")
    padded = page_bytes(big).replace(b"</body>", b"<!-- " + b"x" * 200_000 + b" --></body>")
    site = serve(copy_capture(tmp_path / "site", {big: padded}))
    site.script(gone, *[Status(404, b"not found")] * 3)
    result = crawl(tmp_path, site, DOWNLOAD_MAXSIZE=50_000)

    assert site.hits[gone] == 1  # a 404 is not retried
    assert result.stat("hunaworld/fetch_error/404") == 1
    big_url = safe_url_string(site.url(big))
    named = [line for line in log_lines(result.log, ("WARNING", "ERROR")) if big_url in line or site.url(big) in line]
    assert any(re.search(r"max ?size", line, re.IGNORECASE) for line in named), \
        "no WARNING/ERROR line names the oversized page and the size limit"
    assert_stored_once(result, ALL_URLS - {EXPECTED[big]["url"], EXPECTED[gone]["url"]})


# -- 7-8: the process stops mid-crawl and the same command runs again --------------------------------

def children(pid: int) -> list[int]:
    """The processes ``pid`` started that are still running: a crawl's extraction workers."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] not in "ZX"
    except OSError:
        return False


def slow_serial_site(serve: Callable[..., FaultServer]) -> FaultServer:
    site = serve()
    site.slow("/news/", 0.4)
    return site


SERIAL = {**FAST, "CONCURRENT_REQUESTS": 1}


def test_sigkill_mid_crawl_then_rerun(tmp_path: Path, serve: Callable[..., FaultServer],
                                      spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = slow_serial_site(serve)
    # As the scheduled command runs: both runs append (-o) to one feed and share the database.
    first, second = (crawl_job(tmp_path, start_url=site.url("/world"), append=True, LOG_FILE=tmp_path / f"run{n}.log",
                               **SERIAL) for n in (1, 2))
    proc = spawn(first)

    # Kill when some articles are committed and the crawl sits idle waiting for the next article:
    # every article answered so far is committed and the request in flight has waited 0.15 s.
    def quiet() -> bool:
        stored = len(rows(first.db))
        return stored >= 3 and stored == site.answered_under("/news/") and site.stalled_for() >= 0.15

    wait_for(quiet, "3 committed articles", timeout=30, proc=proc)
    workers = children(proc.pid)
    assert workers, "the crawl runs no extraction worker"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    # A worker ends when its jobs pipe closes: a killed crawl leaves no process behind.
    wait_for(lambda: not any(running(pid) for pid in workers), "the worker to exit", timeout=10)
    before = {url: row["content_hash"] for url, row in rows(first.db).items()}
    assert 3 <= len(before) < 13
    fed_before = {item["url"] for item in feed_lines(first.feed)}
    assert fed_before <= set(before), "the feed holds an article the database lacks"

    site.delays.clear()
    returncode = spawn(second).wait(timeout=60)
    assert returncode == 0, second.log.read_text(encoding="utf-8")[-3000:]
    after = rows(first.db)
    assert set(after) == ALL_URLS
    assert {url: after[url]["content_hash"] for url in before} == before
    assert all(row["revision"] == 1 for row in after.values())

    urls = [item["url"] for item in feed_lines(first.feed)]
    assert len(urls) == len(set(urls)), "an article is in the feed twice"
    assert set(urls) == ALL_URLS, (
        f"committed but never in the feed: {sorted(ALL_URLS - set(urls))}; the killed run had committed"
        f" {len(before)} articles and its feed held {len(fed_before)}")
    assert fed_before == set(before)


def test_a_second_ctrl_c_stops_at_once_records_the_run_and_the_next_run_recovers(
        tmp_path: Path, serve: Callable[..., FaultServer],
        spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = serve()
    # Pages that take long, so the first Ctrl-C's graceful stop is still waiting when the second comes.
    site.slow("/news/", 5)
    first = crawl_job(tmp_path, start_url=site.url("/world"), out="run1.jsonl", append=True, **SERIAL)
    proc = spawn(first)
    wait_for(lambda: site.hits_under("/news/") >= 1, "an article request", timeout=30, proc=proc)
    proc.send_signal(signal.SIGINT)
    wait_for(lambda: "Ctrl-C again" in log_text(first), "the first Ctrl-C acknowledged", timeout=10, proc=proc)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    stopped = first.result(proc.returncode)
    assert stopped.returncode == INTERRUPTED, stopped.log[-3000:]
    assert "Traceback" not in stopped.log
    assert "stopping after the pages in flight; Ctrl-C again to stop at once" in stopped.log
    assert "stopping now" in stopped.log
    with closing(sqlite3.connect(first.db)) as con:
        reason, finished = con.execute("SELECT finish_reason, finished_at FROM runs").fetchone()
    assert (reason, bool(finished)) == ("forced stop", True)

    site.delays.clear()
    second = run_crawl(tmp_path, start_url=site.url("/world"), out="run1.jsonl", db=first.db, append=True,
                       timeout=60, **SERIAL)
    assert second.returncode == 0, second.log[-3000:]
    assert "The previous run did not finish: reading every listing page" in second.log
    assert_stored_once(second, ALL_URLS)


def log_text(job: CrawlJob) -> str:
    return job.log.read_text(encoding="utf-8") if job.log.exists() else ""


def test_sigint_with_jobdir_then_rerun(tmp_path: Path, serve: Callable[..., FaultServer],
                                       spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = slow_serial_site(serve)
    jobdir = tmp_path / "job"
    first = crawl_job(tmp_path, start_url=site.url("/world"), out="run1.jsonl", JOBDIR=jobdir, **SERIAL)
    proc = spawn(first)
    wait_for(lambda: len(rows(first.db)) >= 3, "3 committed articles", timeout=30, proc=proc)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    stopped = first.result(proc.returncode)
    # Stopped by a signal: its own exit status, so a scheduler sees the run did not finish.
    assert stopped.returncode == INTERRUPTED, stopped.log[-3000:]
    assert stopped.stats["finish_reason"] == "shutdown"
    summary = next(line for line in stopped.log.splitlines() if "Summary (" in line)
    # Stopped before its end, the run is not judged: neither healthy nor failed.
    assert "Summary (shutdown, interrupted, the next run picks up)" in summary
    assert "Health check failed" not in stopped.log
    assert 3 <= len(stopped.items) < 13, "the first run was not stopped mid-crawl"

    site.delays.clear()
    second = run_crawl(tmp_path, start_url=site.url("/world"), out="run2.jsonl", db=first.db, timeout=60,
                       JOBDIR=jobdir, **SERIAL)
    assert second.returncode == 0, second.log[-3000:]
    assert re.search(r"Resuming crawl \(\d+ requests scheduled\)", second.log), "the JOBDIR queue was not resumed"
    assert set(rows(first.db)) == ALL_URLS
    urls = [item["url"] for item in stopped.items + second.items]
    assert len(urls) == len(set(urls)) == 13


def test_killed_workers_are_replaced_then_the_crawl_parses_itself(
        tmp_path: Path, serve: Callable[..., FaultServer],
        spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = slow_serial_site(serve)
    job = crawl_job(tmp_path, start_url=site.url("/world"), **SERIAL)
    proc = spawn(job)
    killed: list[int] = []
    # One kill more than the crawl replaces: the last pages are parsed in the crawl process.
    for n in range(RESTARTS + 1):
        wait_for(lambda n=n: len(rows(job.db)) >= 2 + 2 * n and set(children(proc.pid)) - set(killed),
                 f"{2 + 2 * n} committed articles and a live worker", timeout=30, proc=proc)
        worker = (set(children(proc.pid)) - set(killed)).pop()
        os.kill(worker, signal.SIGKILL)
        killed.append(worker)
    site.delays.clear()
    result = job.result(proc.wait(timeout=60))
    assert_stored_once(result, ALL_URLS)
    for worker in killed:
        assert f"WARNING: Extraction worker {worker} stopped (exit status -9)" in result.log
    assert f"Extraction workers stopped {RESTARTS + 1} times; the rest of the pages are loaded in the crawl" \
        " process" in result.log
    assert result.stat("hunaworld/workers/restarts") == RESTARTS
    assert result.stat("hunaworld/workers/jobs") < 13


def test_a_page_the_worker_hangs_on_fails_alone_and_the_crawl_goes_on(
        tmp_path: Path, serve: Callable[..., FaultServer],
        spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = slow_serial_site(serve)
    # No back-off: the next run retries the failed article at once.
    job = crawl_job(tmp_path, start_url=site.url("/world"), HUNAWORLD_PARSE_TIMEOUT=1, HUNAWORLD_RETRY_AFTER=0,
                    **SERIAL)
    proc = spawn(job)
    wait_for(lambda: len(rows(job.db)) >= 3 and children(proc.pid), "3 committed articles", timeout=30, proc=proc)
    # A stopped worker stands for one stuck in a page: it answers nothing from now on.
    (stuck,) = children(proc.pid)
    os.kill(stuck, signal.SIGSTOP)
    site.delays.clear()
    result = job.result(proc.wait(timeout=60))
    assert result.returncode == 0, result.log[-3000:]
    assert f"WARNING: Extraction worker {stuck} spent 1 s on one page; stopped" in result.log
    failed = re.findall(r"ERROR: Could not extract article (\S+): no answer after 1 s; the extraction worker was"
                        r" stopped \(retried by the next run\)", result.log)
    assert len(failed) == 1
    assert len(rows(job.db)) == 12
    assert result.stat("hunaworld/retry/pending") == 1
    # The failed page was not stored, so the next run fetches it.
    again = run_crawl(tmp_path, start_url=site.url("/world"), out="again.jsonl", db=job.db, timeout=60, **FAST)
    assert again.returncode == 0
    assert set(rows(job.db)) == ALL_URLS
    assert [item["url"] for item in again.items] == sorted(ALL_URLS - {item["url"] for item in result.items})


# -- 9-10: two writers, hostile text ------------------------------------------------------------------

def test_two_crawls_share_one_sqlite_file(tmp_path: Path, serve: Callable[..., FaultServer],
                                          spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = serve()
    site.slow("/news/", 0.05)  # the two crawls overlap for their whole length
    db = tmp_path / "shared.sqlite3"
    jobs = [crawl_job(tmp_path, start_url=site.url("/world"), out=f"crawl{n}.jsonl", db=db, **FAST) for n in (1, 2)]
    procs = [spawn(job) for job in jobs]
    results = [job.result(proc.wait(timeout=60)) for job, proc in zip(jobs, procs, strict=True)]
    for result in results:
        assert result.returncode == 0, result.log[-3000:]
        assert "database is locked" not in result.log
    assert set(rows(db)) == ALL_URLS
    urls = [item["url"] for result in results for item in result.items]
    assert len(urls) == len(set(urls)), "an article was emitted by both crawls"
    assert set(urls) == ALL_URLS


def test_a_recrawl_of_stored_articles_never_holds_the_write_lock(
        tmp_path: Path, serve: Callable[..., FaultServer],
        spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = serve()
    first = crawl(tmp_path, site, out="first.jsonl")
    assert len(first.items) == 13
    site.slow("/news/", 0.3)
    recrawl = crawl_job(tmp_path, "-a", "full=1", start_url=site.url("/world"), out="again.jsonl", db=first.db,
                        **SERIAL)
    proc = spawn(recrawl)
    # Every article is unchanged: the recrawl only touches rows. Another writer must get the lock
    # at any moment of it within a short wait, as a second crawl on the same file would.
    waits = []
    wait_for(lambda: site.answered_under("/news/") >= 16, "the recrawl's first articles", timeout=30, proc=proc)
    while proc.poll() is None and len(waits) < 8:
        with closing(sqlite3.connect(first.db, timeout=2, isolation_level=None)) as db:
            started = time.monotonic()
            db.execute("BEGIN IMMEDIATE")
            waits.append(time.monotonic() - started)
            db.execute("ROLLBACK")
        time.sleep(0.3)
    assert proc.wait(timeout=60) == 0
    assert len(waits) >= 3 and max(waits) < 2.0, waits


HEADLINE = "البرازيل تطلق حملة \"تطعيم\" واسعة; وزيرة الصحة: 'بدأنا'); DROP TABLE articles;--"
QUOTES = "قال المسؤول: \"لن نتراجع\"; وأضاف: 'الحملة مستمرة'); DROP TABLE articles;-- ثم غادر القاعة."
SCRIPT = "وكتب أحد المعلقين <script>alert(1)</script> في خانة التعليقات; وحُذف التعليق لاحقاً."
ESCAPED = "وكتب أحد المعلقين &lt;script&gt;alert(1)&lt;/script&gt; في خانة التعليقات; وحُذف التعليق لاحقاً."


def test_quotes_sql_and_markup_in_text_are_stored_verbatim(tmp_path: Path,
                                                           serve: Callable[..., FaultServer]) -> None:
    path = article("52813")
    html = page_bytes(path).decode("utf-8")
    original = EXPECTED[path]["headline"]
    html = html.replace(f'<h1 class="article-title">{original}</h1>',
                        f'<h1 class="article-title">{HEADLINE.replace(chr(34), "&quot;")}</h1>')
    first_paragraph_end = html.index("</p>", html.index('class="article-content"')) + len("</p>")
    html = (html[:first_paragraph_end] + f"\n      <p>{QUOTES}</p>\n      <p>{ESCAPED}</p>"
            + html[first_paragraph_end:])
    assert HEADLINE.replace(chr(34), "&quot;") in html
    site = serve(copy_capture(tmp_path / "site", {path: html.encode("utf-8")}))
    result = crawl(tmp_path, site)

    paragraphs = EXPECTED[path]["body"].split("\n\n")
    body = "\n\n".join([paragraphs[0], QUOTES, SCRIPT, *paragraphs[1:]])
    url = EXPECTED[path]["url"]
    item = next(item for item in result.items if item["url"] == url)
    row = rows(result.db)[url]
    assert (item["headline"], item["body"]) == (HEADLINE, body)
    assert (row["headline"], row["body"]) == (HEADLINE, body)
    raw = next(line for line in (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines() if url in line)
    assert json.loads(raw)["body"] == body
    assert "<script>alert(1)</script>" in raw  # text, not escaped markup
    with closing(sqlite3.connect(f"{result.db.as_uri()}?mode=ro", uri=True)) as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 13
        assert db.execute("SELECT COUNT(*) FROM articles WHERE headline = ?", (HEADLINE,)).fetchone()[0] == 1
    assert_stored_once(result, ALL_URLS)
