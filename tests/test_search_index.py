"""The search index: kept in step with articles by the store, rebuilt by `hunaworld reindex` and by upgrades."""

from __future__ import annotations

import json
import pickle
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from hunaworld.storage import search_index
from hunaworld.storage.reindex import reindex
from hunaworld.storage.schema import VERSION
from hunaworld.storage.search_index import TABLE, entry, with_entry
from hunaworld.storage.store import ArticleStore
from hunaworld.urls import url_key
from tests.archive import article_item, hunaworld, make_archive, url_of
from tests.conftest import FIXTURES, ROOT, run_crawl


def found(db: Path, query: str) -> list[str]:
    done = hunaworld("search", query, "--db", str(db), "--json", "--limit", "100")
    assert done.returncode == 0, done.stderr
    return [line.split('"url": "')[1].split('"')[0] for line in done.stdout.splitlines()]


def index_rows(db: Path) -> int:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]


def test_an_edit_replaces_the_entry_and_revisions_are_not_indexed(tmp_path: Path) -> None:
    db = make_archive(tmp_path / "a.sqlite3", [2])
    store = ArticleStore(db)
    edited = article_item(2, headline="مباحثات في طوكيو", body="عقد الوزير مباحثات في طوكيو.", content_hash="h2")
    assert store.upsert(url_key(url_of(2)), edited) == 2
    # Unchanged text: no new revision, and the entry is not written twice.
    assert store.upsert(url_key(url_of(2)), edited) is None
    store.close()
    assert found(db, "طوكيو") == [url_of(2)]
    # The earlier text is in revisions only: its words no longer find the article.
    assert found(db, "بكين") == []
    assert index_rows(db) == 1
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT revision, headline FROM revisions").fetchall() == [(1, "مباحثات في بكين")]


def test_the_entry_is_written_in_the_article_transaction(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "a.sqlite3")
    counts = f"SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM {TABLE})"
    with closing(sqlite3.connect(tmp_path / "a.sqlite3")) as reader:
        store.upsert(url_key(url_of(1)), article_item(1))
        # A reader sees neither before the batch commits, and both after.
        assert reader.execute(counts).fetchone() == (0, 0)
        store.commit()
        assert reader.execute(counts).fetchone() == (1, 1)
    store.close()


def test_a_version_3_database_migrates_with_its_articles_indexed(tmp_path: Path) -> None:
    # Written by the last schema-3 release: both captures crawled, then one huna article edited.
    path = tmp_path / "v3.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v3.sqlite3", path)
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 3
        # Every column version 3 had; the migrations since re-key articles (url_key) and add columns.
        kept = ", ".join(row[1] for row in con.execute("PRAGMA table_info(articles)") if row[1] != "url_key")
        before = con.execute(f"SELECT rowid, {kept} FROM articles ORDER BY rowid").fetchall()
        revisions = con.execute("SELECT site, revision, headline, body, content_hash, seen_at FROM revisions"
                                ).fetchall()
        runs = con.execute("SELECT id, started_at, finished_at, finish_reason, site, site_section FROM runs").fetchall()
    assert (len(before), len(revisions), len(runs)) == (39, 1, 3)
    # The read-only commands refuse it with the command that upgrades it.
    done = hunaworld("search", "الصين", "--db", str(path))
    assert done.returncode == 1 and "hunaworld reindex" in done.stderr
    done = hunaworld("reindex", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"indexed 39 articles in {path}"
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert con.execute(f"SELECT rowid, {kept} FROM articles ORDER BY rowid").fetchall() == before
        assert con.execute("SELECT site, revision, headline, body, content_hash, seen_at FROM revisions"
                           ).fetchall() == revisions
        assert con.execute("SELECT id, started_at, finished_at, finish_reason, site, site_section FROM runs"
                           ).fetchall() == runs
        (edited_url,) = con.execute("SELECT url FROM articles WHERE revision = 2").fetchone()
    assert index_rows(path) == 39
    # The edited article is found by its new text; a sada article by a word with its clitic.
    assert edited_url in found(path, '"الصيني اليوم"')
    assert any("sada.example" in url for url in found(path, "الساحل"))


def test_opening_an_old_file_with_the_store_migrates_it(tmp_path: Path) -> None:
    # A crawl opens the file with the store: the upgrade and the index need no command.
    path = tmp_path / "v2.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v2.sqlite3", path)
    ArticleStore(path).close()
    assert index_rows(path) == 13
    assert found(path, "بكين")


def test_reindex_rebuilds_an_index_out_of_step(tmp_path: Path) -> None:
    db = make_archive(tmp_path / "a.sqlite3")
    with closing(sqlite3.connect(db)) as con, con:
        # As after a copy of the file that renumbered its rows.
        con.execute(f"DELETE FROM {TABLE}")
    assert found(db, "كييف") == []
    done = hunaworld("reindex", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert found(db, "كييف") == [url_of(7)]
    assert index_rows(db) == 10


def test_a_crawl_indexes_what_it_stores(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0, crawl.log[-2000:]
    urls = found(crawl.db, "وبكين OR بكين")
    assert urls and set(urls) <= {item["url"] for item in crawl.items}
    assert index_rows(crawl.db) == len(crawl.items) == 13


def index_content(db: Path) -> list[tuple[str, ...]]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(f"SELECT rowid, * FROM {TABLE} ORDER BY rowid").fetchall()


def test_the_entries_the_workers_compute_are_those_a_rebuild_computes(tmp_path: Path) -> None:
    # The crawl's entries are made in the extraction worker, from the item as extracted; the
    # rebuild makes them from the stored rows.
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0, crawl.log[-2000:]
    written = index_content(crawl.db)
    done = hunaworld("reindex", "--db", str(crawl.db))
    assert done.returncode == 0, done.stderr
    assert index_content(crawl.db) == written
    assert len(written) == 13


def test_an_item_carries_its_entry_to_the_store_and_not_to_the_feed(tmp_path: Path) -> None:
    item = with_entry(article_item(3))
    assert pickle.loads(pickle.dumps(item)).entry == item.entry == entry(dict(item))
    assert json.loads(json.dumps(item)) == dict(item)
    # The store indexes the entry the item brings, and computes none of its own.
    item.entry = ("عنوان", "", "نص محمول", "")
    store = ArticleStore(tmp_path / "a.sqlite3")
    store.upsert(url_key(item["url"]), item)
    store.close()
    assert index_content(tmp_path / "a.sqlite3") == [(1, *item.entry)]


def test_the_analysis_commands_never_import_scrapy() -> None:
    code = ("import sys; from hunaworld.analysis import cli, search, report, export, serve, datasette_plugin;"
            " from hunaworld.storage import store; from hunaworld.warc import reextract;"
            " sys.exit('scrapy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


class Killed(Exception):
    """Stands for a kill between two of reindex's transactions."""


def test_a_reindex_stopped_midway_resumes_with_what_a_crawl_wrote_meanwhile(tmp_path: Path) -> None:
    db = make_archive(tmp_path / "a.sqlite3")
    store = ArticleStore(db)

    def stop_after_two_batches(done: int, total: int, resumed: bool) -> None:
        if done >= 4:
            raise Killed

    with pytest.raises(Killed):
        reindex(store.db, stop_after_two_batches, batch=2)
    # Searches use the old index meanwhile.
    assert found(db, "كييف") == [url_of(7)]
    # A crawl writes an article the rebuild has passed (2) and one it has not reached (11).
    store.upsert(url_key(url_of(2)), article_item(2, headline="مباحثات في طوكيو", body="عقد الوزير مباحثات.",
                                                  content_hash="edited"))
    store.upsert(url_key(url_of(11)), article_item(1, url=url_of(11), headline="قمة في نيروبي", content_hash="h11"))
    store.close()
    done = hunaworld("reindex", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "resuming an earlier run's index, 4 of 11 articles in it" in done.stderr
    assert "11 of 11 articles (100%)" in done.stderr
    assert done.stdout.strip() == f"indexed 11 articles in {db}"
    assert found(db, "طوكيو") == [url_of(2)] and found(db, "نيروبي") == [url_of(11)] and found(db, "بكين") == []
    rebuilt = index_content(db)
    with closing(sqlite3.connect(db)) as con, con:
        search_index.rebuild(con)
    assert index_content(db) == rebuilt
    with closing(sqlite3.connect(db)) as con:
        assert not search_index.exists(con, search_index.NEXT)
