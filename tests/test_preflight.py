"""Bad arguments, settings and input files: one line naming them, exit status 1, nothing written.

Each case runs the real ``scrapy crawl`` command. None may print a traceback, open the feed (``-O``
would empty it), or record a run in the database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hunaworld.storage.store import ArticleStore
from tests.conftest import ROOT, SITE, run_crawl


def refused(tmp_path: Path, *args: str, **settings: object) -> str:
    """Run a crawl that must be refused before it starts; its one stderr line."""
    feed = tmp_path / "articles.jsonl"
    earlier = '{"url": "an article of an earlier run"}\n'
    feed.write_text(earlier, encoding="utf-8")
    crawl = run_crawl(tmp_path, *args, **settings)
    assert crawl.returncode == 1, crawl.log[-2000:]
    assert "Traceback" not in crawl.log
    assert feed.read_text(encoding="utf-8") == earlier, "the feed was opened"
    lines = [line for line in crawl.log.splitlines() if line.startswith("hunaworld: ")]
    assert len(lines) == 1, crawl.log[-2000:]
    return lines[0]


def test_a_missing_replay_folder(tmp_path: Path) -> None:
    assert f"HUNAWORLD_REPLAY={tmp_path / 'nope'}: no such folder" in refused(tmp_path, site=tmp_path / "nope")


def test_a_replay_folder_without_manifest(tmp_path: Path) -> None:
    (tmp_path / "capture").mkdir()
    assert "no manifest.json in it" in refused(tmp_path, site=tmp_path / "capture")


def test_a_corrupt_manifest(tmp_path: Path) -> None:
    capture = tmp_path / "capture"
    capture.mkdir()
    (capture / "manifest.json").write_text('[{"url": "https://www.huna.example/world", "file": "gone.html"}]')
    assert "manifest.json entry 1 names gone.html, which is not in the folder" in refused(tmp_path, site=capture)
    (capture / "manifest.json").write_text('[{"file": "x.html"')
    assert "manifest.json is not readable JSON" in refused(tmp_path, site=capture)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    db.write_text("shopping list\n" * 100)
    assert f"HUNAWORLD_SQLITE={db}: not a usable SQLite database" in refused(tmp_path, db=db)


def test_a_database_locked_at_start_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    # A version-1 file needs migrating, which needs the write lock another process holds.
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE articles (url_key TEXT PRIMARY KEY)")
        con.execute("PRAGMA user_version=1")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
        " c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(30)"), str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert "stayed locked by another process" in refused(tmp_path, db=db)
    finally:
        holder.kill()
        holder.wait()


def test_a_refused_crawl_records_no_run(tmp_path: Path) -> None:
    db = tmp_path / "hunaworld.sqlite3"
    ArticleStore(db).close()
    refused(tmp_path, "-a", "max_pages=0", db=db)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


@pytest.mark.parametrize("content", [b"", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, os.urandom(4096)],
                         ids=["empty", "elf", "random"])
def test_scrapy_extract_refuses_what_is_not_html(tmp_path: Path, content: bytes) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "scrapy", "extract", str(page)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]
    assert last == f"hunaworld: {page} is not an HTML page (empty, binary, or no HTML tags)"
    assert "Traceback" not in done.stderr


def test_the_stats_file_has_the_verdict_and_the_workers(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path, site=SITE)
    assert crawl.stats["hunaworld/health/failed"] == 0
    assert crawl.stats["hunaworld/workers/jobs"] == 13
    assert json.loads(json.dumps(crawl.stats)) == crawl.stats
