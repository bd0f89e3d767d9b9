"""Canonical URLs, the deduplication key, and the SQLite store."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hunaworld import extract_article
from hunaworld.storage.schema import MIGRATIONS, SchemaError
from hunaworld.storage.schema import VERSION as SCHEMA_VERSION
from hunaworld.storage.store import ALIAS, ArticleStore, BatchRow
from hunaworld.urls import article_key, readable_url, strip_tracking, url_key
from tests.conftest import FIXTURES, PAGES, ROOT, SITE
from tests.faultkit import rows

ARABIC = "https://www.huna.example/news/52817/الرئيس-الصيني"
ENCODED = "https://www.huna.example/news/52817/%D8%A7%D9%84%D8%B1%D8%A6%D9%8A%D8%B3-%D8%A7%D9%84%D8%B5%D9%8A%D9%86%D9%8A"


def test_tracking_parameters_are_removed_and_others_kept() -> None:
    url = "https://a.example/news/1/x?utm_source=fb&utm_medium=social&fbclid=abc&gclid=1&page=2#top"
    assert strip_tracking(url) == "https://a.example/news/1/x?page=2"


def test_arabic_and_percent_encoded_urls_share_one_key() -> None:
    assert url_key(ARABIC) == url_key(ENCODED) == url_key(ENCODED + "?utm_campaign=x&fbclid=y")
    assert url_key(ARABIC) != url_key("https://www.huna.example/news/52818/الرئيس-الصيني")


def test_readable_url_is_the_form_the_site_writes() -> None:
    assert readable_url(ENCODED + "?utm_source=x") == ARABIC


def item(**fields: object) -> dict:
    base = {"url": ARABIC, "site": "huna", "site_section": "world", "article_id": "52817", "headline": "عنوان",
            "body": "نص", "authors": ["أ"], "tags": ["ب", "ج"], "content_hash": "h1", "views": 5}
    return {**base, **fields}


def test_store_upserts_keeps_revisions_and_reports_unchanged(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "a.sqlite3")
    key = url_key(ARABIC)
    assert store.upsert(key, item()) == 1
    assert store.upsert(key, item()) is None
    assert store.upsert(key, item(body="نص معدل", content_hash="h2")) == 2
    store.close()
    with sqlite3.connect(tmp_path / "a.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT COUNT(*), MAX(revision), body FROM articles").fetchone() == (1, 2, "نص معدل")
        assert db.execute("SELECT revision, body, content_hash FROM revisions").fetchall() == [(1, "نص", "h1")]
        assert json.loads(db.execute("SELECT tags FROM articles").fetchone()[0]) == ["ب", "ج"]


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaError, match="schema version"):
        ArticleStore(path)


def test_a_version_2_database_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    # Written by the crawl of the last version-2 release: the capture, then an edit of one article.
    path = tmp_path / "v2.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v2.sqlite3", path)
    columns = "url, article_id, headline, body, content_hash, revision, first_seen"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        articles = db.execute(f"SELECT {columns} FROM articles ORDER BY url").fetchall()
        revisions = db.execute("SELECT a.url, r.revision, r.body FROM revisions r"
                               " JOIN articles a ON a.url_key = r.url_key ORDER BY a.url").fetchall()
        runs = db.execute("SELECT id, started_at, finish_reason FROM runs ORDER BY id").fetchall()
    assert (len(articles), len(revisions), len(runs)) == (13, 1, 2)
    store = ArticleStore(path)
    # Each article is found by its identity now: the site's id in its URL.
    url, article_id, content_hash = articles[0][0], articles[0][1], articles[0][4]
    assert store.stored_hash("huna", article_key(url, article_id)) == content_hash == store.stored_hash(
        "huna", f"id:{article_id}")
    assert store.published("huna", f"id:{article_id}")[0] and not store.published("sada", f"id:{article_id}")[0]
    assert store.last_run_finished("huna", "world")
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute(f"SELECT {columns} FROM articles ORDER BY url").fetchall() == articles
        assert db.execute("SELECT a.url, r.revision, r.body FROM revisions r"
                          " JOIN articles a ON a.url_key = r.url_key ORDER BY a.url").fetchall() == revisions
        assert db.execute("SELECT id, started_at, finish_reason FROM runs ORDER BY id").fetchall() == runs
        assert set(db.execute("SELECT site, site_section, exported FROM articles")) == {("huna", "world", 1)}
        assert {row[1] for row in db.execute("PRAGMA index_list(articles)")} >= {
            "articles_content_hash", "articles_date_published"}


def test_a_version_3_database_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v2.sqlite3", path)
    with sqlite3.connect(path) as db:  # the file as the last version-3 release left it
        for statement in MIGRATIONS[2]:
            db.execute(statement)
        db.execute("PRAGMA user_version=3")
        old_columns = ", ".join(row[1] for row in db.execute("PRAGMA table_info(articles)") if row[1] != "url_key")
        articles = db.execute(f"SELECT {old_columns} FROM articles ORDER BY url").fetchall()
    assert len(articles) == 13
    ArticleStore(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute(f"SELECT {old_columns} FROM articles ORDER BY url").fetchall() == articles
        assert db.execute("SELECT DISTINCT story_type, exported FROM articles").fetchall() == [(None, 1)]
        assert {key for (key,) in db.execute("SELECT url_key FROM articles")} == {
            f"id:{article_id}" for (article_id,) in db.execute("SELECT article_id FROM articles")}
        assert db.execute("SELECT COUNT(*) FROM failures").fetchone()[0] == 0


def test_the_same_text_on_two_sites_is_two_articles(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "a.sqlite3")
    key = url_key(ARABIC)
    assert store.upsert(key, item()) == 1
    assert store.upsert(key, item(site="sada", site_section="international")) == 1
    store.commit()
    rows = store.db.execute("SELECT site FROM articles WHERE content_hash = 'h1' ORDER BY site").fetchall()
    assert rows == [("huna",), ("sada",)]
    store.close()


def extract_cli(page: Path, url: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "extract", str(page), "--url", url, "-v", *options],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_scrapy_extract_prints_one_json_line_with_the_crawl_fields() -> None:
    page = next(SITE.glob("news_52817_*.html"))
    done = extract_cli(page, ARABIC, "--site", "huna")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    got = json.loads(lines[0])
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in got.items() if k != "scraped_at"} == expected
    assert "layout=huna-2025" in done.stderr and "body=site" in done.stderr


def test_scrapy_extract_falls_back_on_an_unknown_layout(tmp_path: Path) -> None:
    html = (PAGES / "legacy-template.html").read_text(encoding="utf-8")
    # The same article in a template no layout knows: only generic structure is left.
    html = (html.replace('class="post-title"', 'class="headline-x"').replace('class="post-entry"', 'class="text-x"')
            .replace('class="post-meta"', 'class="info-x"').replace('class="post', 'class="p'))
    page = tmp_path / "unknown.html"
    page.write_text(html, encoding="utf-8")
    # The site's profile still gives its clock and dateline; no layout of it fits the page.
    done = extract_cli(page, "https://other.example/a/1", "--site", "huna")
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["headline"] == "الأمم المتحدة تحذر من تفاقم أزمة الغذاء في منطقة الساحل"
    assert got["body"].startswith("حذر برنامج الأغذية العالمي")
    assert "فيضانات" not in got["body"] and "الأكثر قراءة" not in got["body"]
    assert got["date_published"] == "2025-09-04T15:11:00+03:00"
    assert "layout=none" in done.stderr and "body=heuristic" in done.stderr


def batch_rows(*headlines: str | None) -> list[BatchRow]:
    """Rows of a batch for the store: the capture's article under a URL of its own per headline."""
    article = extract_article((SITE / "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html").read_bytes(),
                              "https://www.huna.example/news/52817/x", site="huna")
    found: list[BatchRow] = []
    for n, headline in enumerate(headlines):
        url = f"https://www.huna.example/news/{90000 + n}/"
        item = {**article, "url": url, "article_id": str(90000 + n), "headline": headline,
                "site_section": "world", "content_hash": hashlib.sha256(str(headline).encode()).hexdigest()}
        found.append((article_key(url, item["article_id"]), item, True))
    return found


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "batches.sqlite3")
    # The second article has no headline, which the table refuses: the first is not stored either.
    with pytest.raises(sqlite3.IntegrityError, match="headline"):
        store.store_batch(batch_rows("قمة في بكين", None))
    assert rows(store.path) == {}
    assert store.store_batch(batch_rows("قمة في بكين", "قمة أخرى")) == [1, 1]
    assert {row["headline"] for row in rows(store.path).values()} == {"قمة في بكين", "قمة أخرى"}
    # Stored again unchanged: no new revision; and the search index found the headline.
    assert store.store_batch(batch_rows("قمة في بكين", "قمة أخرى")) == [None, None]
    search = "SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'headline : بكين'"
    assert store.db.execute(search).fetchone() == (1,)


def test_a_republished_copy_is_an_alias_and_the_article_keeps_the_earliest_date(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "a.sqlite3")
    newer = item(url="https://www.huna.example/news/2/copy", article_id="2", date_published="2025-09-07T10:00:00+03:00")
    older = item(url="https://www.huna.example/news/1/original", article_id="1",
                 date_published="2025-09-04T09:00:00+02:00", date_published_raw="4 سبتمبر")
    # The copy met first is stored; the original, met later, is its alias and gives it its date.
    assert store.upsert("id:2", newer) == 1
    assert store.upsert("id:1", older) == ALIAS
    # A later copy does not move the date; the same URL again is no new alias.
    assert store.upsert("id:3", item(url="https://www.huna.example/news/3/again", article_id="3",
                                     date_published="2025-09-09T10:00:00+03:00")) == ALIAS
    assert store.upsert("id:1", older) == ALIAS
    store.commit()
    rows = store.db.execute("SELECT url_key, date_published, date_published_raw FROM articles").fetchall()
    assert rows == [("id:2", "2025-09-04T09:00:00+02:00", "4 سبتمبر")]
    aliases = store.db.execute("SELECT url_key, url, article_key, date_published FROM aliases"
                               " ORDER BY url_key").fetchall()
    assert aliases == [("id:1", older["url"], "id:2", older["date_published"]),
                       ("id:3", "https://www.huna.example/news/3/again", "id:2", "2025-09-09T10:00:00+03:00")]
    # An alias answers as its article: stored, with the article's text and earliest date.
    assert store.stored_hash("huna", "id:1") == "h1"
    assert store.published("huna", "id:3")[:2] == (True, "2025-09-04T09:00:00+02:00")
    assert not store.published("sada", "id:1").known
