"""End to end: the real Scrapy engine over the replayed capture of the section."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from w3lib.url import canonicalize_url, safe_url_string

from hunaworld.capture.manifest import load_manifest
from hunaworld.capture.server import CaptureServer
from hunaworld.capture.synthetic import PER_PAGE
from hunaworld.storage.store import ArticleStore
from tests.conftest import ROOT, SADA, SITE, Crawl, run_crawl, site_manifest, synthetic_site

XI_TALKS = "https://www.huna.example/news/52817/الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات"


def _norm(url: str) -> str:
    return canonicalize_url(safe_url_string(url))


def listed_article_urls() -> set[str]:
    """Article links of the capture's section lists, read straight from the listing HTML."""
    urls = set()
    for name in ("index.html", "world_page-2.html"):
        html = (SITE / name).read_text(encoding="utf-8")
        news_list = html[html.index('class="news-list"'):html.index('class="pagination"')]
        urls |= {_norm("https://www.huna.example" + href)
                 for href in re.findall(r'class="news-card__link" href="([^"]+)"', news_list)}
    return urls


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(tmp_path_factory.mktemp("crawl"), LOG_LEVEL="DEBUG")


def test_every_listed_article_exactly_once(first_crawl: Crawl) -> None:
    assert first_crawl.returncode == 0, first_crawl.log[-3000:]
    urls = [_norm(item["url"]) for item in first_crawl.items]
    assert len(urls) == len(set(urls)) == 13
    assert set(urls) == listed_article_urls()
    # 52834 is listed on page 1 and again on page 2: fetched once, emitted once.
    assert sum("/news/52834/" in item["url"] for item in first_crawl.items) == 1


def test_crawled_items_are_the_golden_items_field_for_field(first_crawl: Crawl) -> None:
    expected = {}
    for page in SITE.glob("*.expected.json"):
        golden = json.loads(page.read_text(encoding="utf-8"))
        expected[golden["url"]] = {**golden, "site_section": "world", "revision": 1}
    assert len(expected) == 13
    for item in first_crawl.items:
        got = {k: v for k, v in item.items() if k != "scraped_at"}
        assert got == expected[item["url"]]


def test_the_specified_article(first_crawl: Crawl) -> None:
    xi = next(item for item in first_crawl.items if item["url"] == XI_TALKS)
    assert xi["date_published"] == "2025-09-04T15:11:00+03:00"
    assert xi["views"] == 4233
    paragraphs = xi["body"].split("\n\n")
    assert len(paragraphs) == 9
    assert xi["body"].startswith("عقد الرئيس الصيني")
    assert xi["article_id"] == "52817"
    assert xi["section"] == "العالم"


def test_no_request_leaves_the_section_list(first_crawl: Crawl) -> None:
    crawled = {_norm(u) for u in first_crawl.requested()}
    listing = {_norm(e["url"]) for e in site_manifest() if "/world" in e["url"] or e["url"].endswith("robots.txt")}
    assert crawled - listing == listed_article_urls()
    assert "Not in the replayed capture" not in first_crawl.log


def test_each_article_logs_one_short_line_at_debug_and_none_above(first_crawl: Crawl, tmp_path: Path) -> None:
    lines = [line for line in first_crawl.log.splitlines() if "DEBUG: Scraped " in line]
    assert sorted(line.split("DEBUG: Scraped ")[1].split(" (revision 1) from <200 ")[0] for line in lines) == \
        sorted(item["url"] for item in first_crawl.items)
    bodies = [item["body"][:30] for item in first_crawl.items]
    assert not any(body in line for line in lines for body in bodies), "a scraped line carries the article's text"
    quiet = run_crawl(tmp_path, LOG_LEVEL="INFO")
    assert len(quiet.items) == 13
    assert "Scraped " not in quiet.log


def test_sqlite_rows_equal_feed_items(first_crawl: Crawl) -> None:
    store = ArticleStore(first_crawl.db)
    rows = {row["url"]: row for row in store.articles()}
    store.close()
    assert len(rows) == 13
    for item in first_crawl.items:
        row = rows[item["url"]]
        assert {k: v for k, v in item.items() if k in row} == row
    with sqlite3.connect(first_crawl.db) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_second_run_emits_nothing(first_crawl: Crawl, tmp_path: Path) -> None:
    again = run_crawl(tmp_path, "-a", "full=1", db=first_crawl.db)
    assert again.returncode == 0
    assert again.items == []
    assert again.stat("hunaworld/articles_parsed") == 13
    assert again.stat("hunaworld/dedup/unchanged") == 13


def test_feed_is_real_utf8(first_crawl: Crawl, tmp_path: Path) -> None:
    raw = (first_crawl.db.parent / "articles.jsonl").read_text(encoding="utf-8")
    assert "\\u06" not in raw and "الرئيس الصيني" in raw


def test_max_pages_reads_only_the_first_listing(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path, "-a", "max_pages=1")
    assert crawl.returncode == 0
    assert len(crawl.items) == 8
    assert crawl.stat("hunaworld/listing_pages") == 1


def test_since_skips_older_articles_and_stops_paging(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path, "-a", "since=2025-09-06")
    assert crawl.returncode == 0
    assert sorted(item["article_id"] for item in crawl.items) == ["52855", "52862", "52876", "52883", "52890"]
    assert all(item["date_published"] >= "2025-09-06" for item in crawl.items)
    # The relative card date "منذ 10 ساعات" put 52848 after midnight; its page says 23:52 the day before.
    assert crawl.stat("hunaworld/skipped/before_since") >= 3


def test_record_then_replay_gives_the_same_articles(tmp_path: Path) -> None:
    recorded = tmp_path / "recorded"
    with CaptureServer(SITE) as server:
        live = run_crawl(tmp_path, "-a", f"start_url={server.base_url}/world", "-a", "site=huna", out="live.jsonl",
                         HUNAWORLD_REPLAY="", HUNAWORLD_RECORD=recorded, ROBOTSTXT_OBEY=False)
    assert live.returncode == 0 and len(live.items) == 13
    manifest = load_manifest(recorded)
    assert len(manifest) == 15 and all(entry["status"] == 200 for entry in manifest)
    replayed = run_crawl(tmp_path, "-a", f"start_url={server.base_url}/world", "-a", "site=huna", site=recorded,
                         out="replayed.jsonl",
                         db=tmp_path / "replayed.sqlite3", ROBOTSTXT_OBEY=False)
    assert replayed.returncode == 0

    def strip(items: list[dict]) -> list[dict]:
        return sorted(({k: v for k, v in i.items() if k != "scraped_at"} for i in items), key=lambda i: i["url"])

    assert strip(replayed.items) == strip(live.items)


def test_a_listing_s_articles_are_fetched_before_the_next_listing_page(tmp_path: Path) -> None:
    # The scheduler then holds one listing's requests, not the whole section's: memory stays flat.
    articles = 3 * PER_PAGE
    with CaptureServer(synthetic_site(tmp_path / "site", articles)) as server:
        crawl = run_crawl(tmp_path, start_url=f"{server.base_url}/world", site=None, LOG_LEVEL="DEBUG",
                          CONCURRENT_REQUESTS=4, ROBOTSTXT_OBEY=False)
    assert crawl.returncode == 0, crawl.log[-2000:]
    fetched = crawl.requested()
    assert len(fetched) == articles + 3
    for page in (2, 3):
        before = fetched[:fetched.index(f"{server.base_url}/world?page={page}")]
        # All but those in flight (CONCURRENT_REQUESTS) when the listing page was let through.
        assert sum("/news/" in url for url in before) >= (page - 1) * PER_PAGE - 4, before


def test_a_batch_sqlite_refuses_is_recorded_for_the_next_run_and_kept_out_of_the_feed(tmp_path: Path) -> None:
    db = tmp_path / "hunaworld.sqlite3"
    ArticleStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.url LIKE '%/52817/%'"
                     " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    crawl = run_crawl(tmp_path, db=db, HUNAWORLD_SQLITE_BATCH=50, HUNAWORLD_SQLITE_COMMIT_INTERVAL=1)
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT url_key FROM articles")}
        failed = conn.execute("SELECT url_key, url, site, site_section, last_error FROM failures").fetchall()
    # The refused article's whole batch is rolled back: each of its articles is recorded, none is fed.
    assert any("/52817/" in url for _, url, _, _, _ in failed)
    assert {key for key, *_ in failed}.isdisjoint(stored)
    assert len(failed) + len(stored) == 13
    assert {(site, section) for _, _, site, section, _ in failed} == {("huna", "world")}
    assert all(error.startswith("storage: ") and "refused by the test" in error for *_, error in failed)
    assert len(crawl.items) == len(stored)
    assert crawl.stat("hunaworld/article_failed/storage") == len(failed)


def test_the_capture_server_names_the_first_page_of_its_capture() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "hunaworld.capture.server", str(SADA), "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert re.fullmatch(r"Serving .* at http://127\.0\.0\.1:\d+/category/international/ \(Ctrl-C to stop\)\n", line)
