"""Scheduled crawls: incremental runs, edit history, the layout-drift alarm, progress lines."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from hunaworld.capture.manifest import route_key
from hunaworld.capture.server import CaptureServer
from tests.conftest import HOST, SITE, copy_capture, run_crawl, site_manifest
from tests.faultkit import rows
from tests.faultsite import FaultServer, Serve

XI_FILE = "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html"
XI_URL = next(e["url"] for e in site_manifest() if e.get("file") == XI_FILE)


def test_nothing_new_costs_one_listing_request(tmp_path: Path) -> None:
    first = run_crawl(tmp_path)
    assert len(first.items) == 13
    again = run_crawl(tmp_path, db=first.db, out="again.jsonl", LOG_LEVEL="DEBUG", HUNAWORLD_REVISIT_HOURS=0)
    assert again.returncode == 0
    assert again.items == []
    pages = [u for u in again.requested() if not u.endswith("/robots.txt")]
    assert len(pages) <= 2
    assert pages == ["https://www.huna.example/world"]
    assert "Stopping after https://www.huna.example/world: every article is already stored" in again.log


@pytest.mark.parametrize("mirror", [False, True], ids=["replay", "mirror-host"])
def test_nothing_new_costs_at_most_two_requests_on_a_mirror_and_with_tatweel_slugs(tmp_path: Path,
                                                                                      mirror: bool) -> None:
    # One article's slug has a tatweel, in its links and in its own canonical URL: the server knows it
    # only so, and a cleaned-up URL would be a 404.
    xi = (SITE / XI_FILE).read_text(encoding="utf-8")
    slug, stretched = "الرئيس-الصيني", "الرئيـس-الصيني"
    pages = {route_key(XI_URL): xi.replace(slug, stretched)}
    for name in ("index.html", "world_page-2.html"):
        listing = (SITE / name).read_text(encoding="utf-8")
        if slug in listing:
            entry = next(e for e in site_manifest() if e.get("file") == name)
            pages[route_key(entry["url"])] = listing.replace(slug, stretched)
    site = copy_capture(tmp_path / "site", pages)
    moved = {e["url"]: e for e in site_manifest()}[XI_URL]
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        if entry["url"] == moved["url"]:
            entry["url"] = XI_URL.replace(slug, stretched)
    (site / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    if mirror:
        with CaptureServer(site) as server:
            start = f"{server.base_url}/world"
            first = run_crawl(tmp_path, start_url=start, ROBOTSTXT_OBEY=False)
            again = run_crawl(tmp_path, start_url=start, db=first.db, out="again.jsonl", LOG_LEVEL="DEBUG",
                              HUNAWORLD_REVISIT_HOURS=0, ROBOTSTXT_OBEY=False)
    else:
        first = run_crawl(tmp_path, site=site)
        again = run_crawl(tmp_path, site=site, db=first.db, out="again.jsonl", LOG_LEVEL="DEBUG",
                          HUNAWORLD_REVISIT_HOURS=0)
    assert len(first.items) == 13
    stored = {row["article_id"]: row["url"] for row in rows(first.db).values()}
    assert stretched in stored["52817"]
    assert again.returncode == 0 and again.items == []
    requested = [u for u in again.requested() if not u.endswith("/robots.txt")]
    assert 1 <= len(requested) <= 2, requested


def test_young_articles_are_revisited_and_edits_recorded(tmp_path: Path) -> None:
    first = run_crawl(tmp_path)
    xi = (SITE / XI_FILE).read_text(encoding="utf-8")
    edited = xi.replace("وأشار المتحدث إلى استعداد بكين", "وأشار المتحدث مجدداً إلى استعداد بكين")
    site = copy_capture(tmp_path / "edited-site", {route_key(XI_URL): edited})
    # The edited site is read later than the first run read it (its listing's clock), as a scheduled
    # run is; a revisit window long enough to cover the capture's articles makes every one "young".
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        entry["headers"]["Date"] = "Wed, 01 Jan 2031 08:00:00 GMT"
    (site / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    again = run_crawl(tmp_path, site=site, db=first.db, out="again.jsonl", HUNAWORLD_REVISIT_HOURS=10**6)
    assert again.returncode == 0
    assert [(i["article_id"], i["revision"]) for i in again.items] == [("52817", 2)]
    assert "مجدداً" in again.items[0]["body"]
    assert again.stat("hunaworld/articles_parsed") == 13  # 52834 is listed twice, fetched once
    assert again.stat("hunaworld/dedup/unchanged") == 12
    with sqlite3.connect(first.db) as db:
        old = db.execute("SELECT revision, body FROM revisions").fetchall()
        row = db.execute("SELECT revision, body FROM articles WHERE article_id = '52817'").fetchone()
        seen = db.execute("SELECT COUNT(*) FROM articles WHERE last_seen > first_seen OR revision > 1").fetchone()
    assert len(old) == 1 and old[0][0] == 1 and "مجدداً" not in old[0][1]
    assert row[0] == 2 and "مجدداً" in row[1]
    assert seen[0] >= 1


def test_date_line_drift_fails_the_run_and_names_the_field(tmp_path: Path) -> None:
    edits = {}
    for entry in site_manifest():
        name = entry.get("file", "")
        if name.startswith("news_"):
            html = (SITE / name).read_text(encoding="utf-8")
            # The redesign: the date line is now "نشر قبل فترة" and structured dates are gone.
            html = re.sub(r'<div class="article-date">.*?</div>', '<div class="article-date">نشر قبل فترة</div>', html)
            html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
            html = re.sub(r'"datePublished": "[^"]*",', "", html)
            edits[route_key(entry["url"])] = html
    site = copy_capture(tmp_path / "drifted", edits)
    crawl = run_crawl(tmp_path, site=site)
    assert crawl.returncode == 3
    errors = [line for line in crawl.log.splitlines() if "ERROR: Health check failed" in line]
    assert len(errors) == 1
    assert "health check failed (1 problem above)" in crawl.log
    assert "date_published: coverage 0.00 < 0.95 (0 of 13 articles)" in errors[0]
    assert len(crawl.items) == 13  # the articles are still delivered, with a null date
    assert all(item["date_published"] is None for item in crawl.items)


def test_healthy_run_exits_zero_with_progress_and_summary(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path, HUNAWORLD_PROGRESS_INTERVAL=0.01)
    assert crawl.returncode == 0
    assert "Health check failed" not in crawl.log
    assert re.search(r"Progress: \d+ pages, \d+ new, \d+ updated, \d+ already stored, \d+ not articles, \d+ errors;"
                     r" [\d.]+ pages/s", crawl.log)
    summary = next(line for line in crawl.log.splitlines() if "Summary (finished, healthy)" in line)
    assert "15 pages, 13 new, 0 updated, 0 already stored, 0 not articles, 0 errors" in summary
    assert str(tmp_path / "articles.jsonl") in summary and str(crawl.db) in summary


def test_a_person_sees_a_few_lines_and_a_second_run_says_what_happened(tmp_path: Path) -> None:
    first = run_crawl(tmp_path, out="first.jsonl")
    lines = [line for line in first.log.splitlines() if line.strip()]
    # What it crawls and where it writes, the summary with the verdict, the feed: no settings or stats dump.
    assert len(lines) <= 6, "\n".join(lines)
    assert any("Crawling huna/world from https://www.huna.example/world into" in line for line in lines)
    assert not any("Dumping Scrapy stats" in line or "Enabled" in line or "Overridden" in line for line in lines)
    again = run_crawl(tmp_path, out="second.jsonl", db=first.db)
    assert again.returncode == 0 and again.items == []
    summary = next(line for line in again.log.splitlines() if "Summary (" in line)
    assert "(finished, healthy): " in summary
    # The replay's clock is the capture's: its articles, young by that clock, were read after it was
    # made, so none is fetched again. The rerun reads the first listing page, whose 8 articles are
    # all stored, and stops there.
    assert "1 pages, 0 new, 0 updated, 8 already stored, 0 not articles, 0 errors" in summary
    assert again.stat("hunaworld/articles_requested") == 0 and again.stat("hunaworld/revisits") == 0


def test_coverage_thresholds_are_settings(tmp_path: Path) -> None:
    strict = json.dumps({"image_caption": 0.9})
    crawl = run_crawl(tmp_path, HUNAWORLD_HEALTH_COVERAGE=strict)
    assert crawl.returncode == 3
    assert "image_caption: coverage 0.31 < 0.90 (4 of 13 articles)" in crawl.log


def test_an_article_listed_on_two_pages_is_not_counted_as_already_stored(tmp_path: Path) -> None:
    # The capture's second page lists again an article of the first; served late, so the first copy
    # is stored by then. It is this run's own article, not one stored by an earlier run.
    with FaultServer(SITE) as site:
        site.script(route_key(f"{HOST}/world?page=2"), Serve(delay=2))
        crawl = run_crawl(tmp_path, start_url=site.url("/world"))
    assert crawl.returncode == 0, crawl.log[-3000:]
    summary = next(line for line in crawl.log.splitlines() if "Summary (" in line)
    assert "13 new, 0 updated, 0 already stored" in summary
