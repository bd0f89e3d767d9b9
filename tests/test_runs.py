"""The run record: its outcome in the ``runs`` table (schema 7), ``scrapy runs`` and ``hunaworld runs``."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hunaworld.monitoring.outcome import RunOutcome, run_status
from hunaworld.storage.schema import MIGRATIONS
from hunaworld.storage.store import ArticleStore
from hunaworld.urls import article_key
from tests.conftest import FIXTURES, ROOT


@pytest.mark.parametrize("version", [3, 5])
def test_an_older_database_gains_the_outcome_columns_and_keeps_its_runs(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v2.sqlite3", path)
    with sqlite3.connect(path, isolation_level=None) as db:
        db.create_function("article_key", 2, article_key, deterministic=True)
        for step in range(2, version):
            for statement in MIGRATIONS[step]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version={version}")
        before = db.execute("SELECT * FROM runs ORDER BY id").fetchall()
    ArticleStore(path).close()
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        after = [dict(row) for row in db.execute("SELECT * FROM runs ORDER BY id")]
    assert [tuple(row.values())[:6] for row in after] == before
    assert {(row["health"], row["articles_new"], row["worker"]) for row in after} == {(None, None, None)}


def test_statuses_say_healthy_failed_and_why_or_interrupted() -> None:
    assert run_status("finished", "healthy") == "healthy"
    assert run_status("finished", "failed: body: coverage 0.50 < 1.00") == "failed: body: coverage 0.50 < 1.00"
    assert run_status("shutdown", "healthy") == "interrupted (shutdown)"
    assert run_status(None, None).startswith("interrupted")
    # Runs recorded before schema 6 have no verdict.
    assert run_status("finished", None) == "finished (health not checked)"


def test_scrapy_runs_lists_the_latest_runs_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    store = ArticleStore(path)
    healthy, failed = store.start_run("huna", "world"), store.start_run("sada", "international")
    store.finish_run(healthy, RunOutcome("finished", "healthy", 13, 1, 0))
    store.finish_run(failed, RunOutcome("finished", "failed: items: 0 article(s) parsed", 0, 0, 5))
    store.start_run("huna", "world")  # killed: never finished
    store.close()
    done = subprocess.run([sys.executable, "-m", "scrapy", "runs", "--db", str(path), "-n", "3"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    assert header.split()[-1] == "status"
    assert [row.split()[:2] for row in rows] == [["3", "huna/world"], ["2", "sada/international"],
                                                 ["1", "huna/world"]]
    assert "interrupted" in rows[0]
    assert rows[1].split()[4:7] == ["0", "0", "5"] and rows[1].endswith("failed: items: 0 article(s) parsed")
    assert rows[2].split()[4:7] == ["13", "1", "0"] and rows[2].endswith("healthy")


def test_hunaworld_runs_lists_them_as_scrapy_runs_does(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    store = ArticleStore(path)
    for n in range(4):
        run = store.start_run("huna" if n % 2 else "sada", "world" if n % 2 else "international")
        if n < 3:
            store.finish_run(run, RunOutcome("finished", "healthy" if n else "failed: body: coverage 0.50 < 1.00",
                                             n * 5, n, 0))
    store.close()
    scrapy = subprocess.run([sys.executable, "-m", "scrapy", "runs", "--db", str(path), "-n", "3"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    ours = subprocess.run([sys.executable, "-m", "hunaworld.analysis", "runs", "--db", str(path), "-n", "3"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ours.returncode == scrapy.returncode == 0, ours.stderr
    assert ours.stdout == scrapy.stdout
    assert [line.split()[0] for line in ours.stdout.splitlines()] == ["id", "4", "3", "2"]
    done = subprocess.run([sys.executable, "-m", "hunaworld.analysis", "runs", "--db", str(tmp_path / "none")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.strip().endswith("no such database (give it with --db)")


def test_scrapy_runs_refuses_a_missing_database(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "scrapy", "runs", "--db", str(tmp_path / "none.sqlite3")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "no database at" in done.stderr
    assert not (tmp_path / "none.sqlite3").exists()
