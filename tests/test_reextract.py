"""``hunaworld reextract``: a crawl, then a deliberate change of extraction rules, then the stored
pages (WARC) read again. The fields the change touches are updated as revisions with the reason
``reextract`` (their earlier values kept, the search index following); the rest stays as it was. A
run killed in the middle is finished by the next."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hunaworld.storage.search_index import entry
from tests.conftest import ROOT, run_crawl, synthetic_site
from tests.faultsite import FaultServer

# The deliberate change, made before the command runs (its processes are forked from this one): the
# huna 2025 template's image caption is read from an element the pages lack, and the profile's
# dateline rule no longer matches, so every body keeps "أخبار هنا العالم - " before its first words.
CHANGED_RULES = """
import re, sys
from hunaworld.extraction.rules import Text
from hunaworld.sites.huna import PROFILE, Huna2025
Huna2025.image_caption = Text("figure.article-image .no-such-caption")
object.__setattr__(PROFILE, "dateline", re.compile(r"^(?!)"))
from hunaworld.analysis.cli import main
sys.exit(main(sys.argv[1:]))
"""
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": False}


def reextract(db: Path, *args: str, changed: bool = True, **popen: object) -> subprocess.CompletedProcess[str]:
    script = db.parent / "changed_rules.py"
    script.write_text(CHANGED_RULES, encoding="utf-8")
    command = [sys.executable, str(script)] if changed else [sys.executable, "-m", "hunaworld.analysis"]
    return subprocess.run([*command, "reextract", "--db", str(db), *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, env={**os.environ, "PYTHONUTF8": "1"}, **popen)


def table(db: Path, name: str, order: str = "site, url_key") -> list[dict]:
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as con:
        con.row_factory = sqlite3.Row
        return [dict(row) for row in con.execute(f"SELECT rowid, * FROM {name} ORDER BY {order}")]


def test_a_changed_rule_reextracted_updates_the_fields_it_touches_as_revisions_and_nothing_else(
        tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0, crawl.log[-3000:]
    before = table(crawl.db, "articles")
    captioned = {row["url_key"] for row in before if row["image_caption"]}
    assert 0 < len(captioned) < len(before), "the fixture should have articles with and without a caption"

    dry = reextract(crawl.db, "--dry-run", "--jobs", "2")
    assert dry.returncode == 0, dry.stderr
    assert table(crawl.db, "articles") == before and table(crawl.db, "revisions") == []
    assert f"{len(before)} articles read again from their pages: {len(before)} would change," in dry.stdout

    done = reextract(crawl.db, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    after = {row["url_key"]: row for row in table(crawl.db, "articles")}
    for row in before:
        new = after[row["url_key"]]
        changed = {"body", "content_hash", "revision"} | ({"image_caption"} if row["url_key"] in captioned else set())
        assert new["image_caption"] is None and new["revision"] == row["revision"] + 1
        assert new["body"] == f"أخبار هنا العالم - {row['body']}" and new["content_hash"] != row["content_hash"]
        assert {name: new[name] for name in set(row) - changed} == {name: row[name] for name in set(row) - changed}
    # The summary names each field with the number of articles it changed in.
    lines = done.stdout.splitlines()
    assert f"{len(before)} articles read again from their pages: {len(before)} changed, 0 unchanged" in lines[0]
    counts = dict(line.split() for line in lines[lines.index("fields changed:") + 1:])
    assert counts == {"body": str(len(before)), "content_hash": str(len(before)), "image_caption": str(len(captioned))}

    revisions = {row["url_key"]: row for row in table(crawl.db, "revisions")}
    assert len(revisions) == len(before)
    for row in before:
        revision = revisions[row["url_key"]]
        assert revision["reason"] == "reextract" and revision["revision"] == row["revision"]
        assert (revision["headline"], revision["body"], revision["content_hash"]) == (
            row["headline"], row["body"], row["content_hash"])
        earlier = {"image_caption": row["image_caption"]} if row["url_key"] in captioned else None
        assert (json.loads(revision["fields"]) if revision["fields"] else None) == earlier
        assert (revision["warc_file"], revision["warc_offset"]) == (row["warc_file"], row["warc_offset"])
    # The search index holds the new text.
    index = {row["rowid"]: row for row in table(crawl.db, "article_search", "rowid")}
    for row in after.values():
        assert tuple(index[row["rowid"]][c] for c in ("headline", "summary", "body", "tags")) == entry(row)
    # The countries' table agrees with the articles' column.
    db = sqlite3.connect(crawl.db)
    named = set(db.execute("SELECT country, site, url_key FROM article_countries"))
    db.close()
    assert named == {(code, row["site"], row["url_key"]) for row in after.values()
                     for code in json.loads(row["countries"])}
    assert named

    # Once more: nothing left to change. Today's rules again: the stored pages give back the crawl's text.
    again = reextract(crawl.db, "--jobs", "1")
    assert f"0 changed, {len(before)} unchanged" in again.stdout, again.stdout
    restored = reextract(crawl.db, changed=False)
    assert restored.returncode == 0, restored.stderr
    final = {row["url_key"]: row for row in table(crawl.db, "articles")}
    for row in before:
        keep = set(row) - {"revision"}
        assert {n: final[row["url_key"]][n] for n in keep} == {n: row[n] for n in keep}


def test_reextract_selects_by_site_and_day_and_tells_what_it_cannot_read(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0
    none = reextract(crawl.db, "--since", "2030-01-01")
    assert none.stdout.startswith("0 articles read again"), none.stdout
    assert table(crawl.db, "revisions") == []
    # A page whose WARC file went missing is reported, and its article left alone.
    (warc,) = (tmp_path / "hunaworld-warc").glob("*.warc.gz")
    shutil.move(warc, tmp_path / "elsewhere.warc.gz")
    gone = reextract(crawl.db, "--site", "huna")
    assert gone.returncode == 0, gone.stderr
    assert "0 changed, 0 unchanged, 0 no longer read as articles (left as stored), 13 pages unreadable" in gone.stdout
    assert "problem: https://www.huna.example/news/" in gone.stdout and "No such file" in gone.stdout
    assert table(crawl.db, "revisions") == []


def test_a_progress_bar_is_drawn_on_a_terminal(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "hunaworld.analysis", "reextract", "--db", str(crawl.db)],
                            stdout=subprocess.PIPE, stderr=follower, cwd=ROOT)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=60) == 0
    os.close(leader)
    assert b"\r[" + b"#" * 30 + b"] 13 of 13 articles" in seen, seen


@pytest.fixture(scope="module")
def crawled_section(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-article section crawled with its pages kept: the database and its WARC folder."""
    folder = tmp_path_factory.mktemp("section")
    server = FaultServer(synthetic_site(folder / "site", 2000)).__enter__()
    try:
        crawl = run_crawl(folder / "crawl", start_url=server.url("/world"), timeout=300, **FAST)
    finally:
        server.__exit__(None, None, None)
    assert crawl.returncode == 0, crawl.log[-3000:]
    return crawl.db


def _start_reextract_with_changed_rules(tmp_path: Path, crawled_section: Path,
                                        output: int) -> tuple[Path, subprocess.Popen[str]]:
    """A copy of the crawled section, and ``reextract --jobs 2`` started on it with a changed rule."""
    shutil.copytree(crawled_section.parent, tmp_path / "crawl")
    db = tmp_path / "crawl" / crawled_section.name
    script = db.parent / "changed_rules.py"
    script.write_text(CHANGED_RULES, encoding="utf-8")
    return db, subprocess.Popen([sys.executable, str(script), "reextract", "--db", str(db), "--jobs", "2"],
                                stdout=output, stderr=output, cwd=ROOT, text=True)


def test_a_reextract_killed_midway_is_finished_by_the_next_run(tmp_path: Path, crawled_section: Path) -> None:
    db, proc = _start_reextract_with_changed_rules(tmp_path, crawled_section, subprocess.DEVNULL)

    def revised() -> int:
        try:
            with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=1) as con:
                return con.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    _wait(lambda: revised() >= 300, proc)
    pool = [int(pid) for pid in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    assert len(pool) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # Its pool processes do not outlive it.
    _wait(lambda: not any(map(_running, pool)), None, timeout=10)
    committed = revised()
    assert 300 <= committed < 2000, "the kill came too late to prove anything"

    rerun = reextract(db, "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert f"2,000 articles read again from their pages: {2000 - committed:,} changed, {committed:,} unchanged" \
        in rerun.stdout
    rows = table(db, "articles")
    assert len(rows) == 2000 and {row["revision"] for row in rows} == {2}
    assert all(row["body"].startswith("أخبار هنا العالم - ") for row in rows)
    revisions = table(db, "revisions")
    assert len(revisions) == 2000 and {row["reason"] for row in revisions} == {"reextract"}


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_stops_reextract_in_one_line_keeping_what_it_stored(tmp_path: Path, crawled_section: Path) -> None:
    db, proc = _start_reextract_with_changed_rules(tmp_path, crawled_section, subprocess.PIPE)
    _wait(lambda: len(table(db, "revisions")) >= 100, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err and err.strip().splitlines()[-1] == (
        "hunaworld reextract: stopped; what it stored is kept, run it again to finish")
    stored = len(table(db, "revisions"))
    assert 100 <= stored < 2000
    assert sum(row["revision"] == 2 for row in table(db, "articles")) == stored


def _wait(condition: Callable[[], bool], proc: subprocess.Popen[bytes] | None, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        assert proc is None or proc.poll() is None, f"reextract ended ({proc.returncode}) before the kill"
        time.sleep(0.02)
    raise AssertionError("timed out waiting")
