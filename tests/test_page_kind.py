"""What a page is (article, listing, other), judged by one function for the crawl, ``scrapy extract`` and
anyone reading pages: the sites' own captures, ``scrapy extract`` on pages that are no article, and a
crawl whose article links lead to a listing, a directory of links and a live blog."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from parsel import Selector

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.extraction.pagekind import page_kind
from hunaworld.monitoring import stats as keys
from hunaworld.sites import get_profile
from tests.conftest import FIXTURES, PAGES, ROOT, SADA, SITE, copy_capture, run_crawl

GENERIC = FIXTURES / "generic"
HOME, DIRECTORY, LIVE = (GENERIC / name for name in ("home-page.html", "links-directory.html",
                                                      "live-newest-first.html"))


def capture_pages(capture: Path, site: str) -> list[tuple[str, Path, bool]]:
    """(URL, file, is it an article page by the site's own URL pattern) of every HTML page served 200."""
    article_url = get_profile(site).article_url
    pages = []
    for entry in load_manifest(capture):
        file = capture / entry.get("file", "")
        if entry.get("status", 200) == 200 and file.suffix == ".html" and file.is_file():
            pages.append((entry["url"], file, bool(article_url.search(unquote(urlsplit(entry["url"]).path)))))
    return pages


@pytest.mark.parametrize(("capture", "site"), [(SITE, "huna"), (SADA, "sada"), (PAGES, "huna")])
def test_the_sites_articles_are_articles_and_their_listings_listings(capture: Path, site: str) -> None:
    # No profile is given: the judgement is the same for every site.
    pages = capture_pages(capture, site)
    assert pages
    for url, file, is_article in pages:
        assert page_kind(file.read_bytes(), url) == ("article" if is_article else "listing"), url


def test_page_kind_reads_a_selector_a_text_or_bytes() -> None:
    url = "https://wadinews.example/"
    html = HOME.read_bytes()
    assert page_kind(html, url) == page_kind(html.decode("utf-8"), url) == "listing"
    assert page_kind(Selector(text=html.decode("utf-8")), url) == "listing"


def extract(page: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "extract", str(page), "--url", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("page", "url", "kind"), [
    (HOME, "https://wadinews.example/", "listing"),
    (DIRECTORY, "https://alqalam.example/services/gov-sites", "other"),
])
def test_scrapy_extract_says_in_one_line_that_a_page_is_no_article(page: Path, url: str, kind: str) -> None:
    done = extract(page, url)
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"hunaworld: not an article: {kind} ({page})"]


def test_scrapy_extract_prints_a_live_blog_with_its_updates() -> None:
    done = extract(LIVE, "https://almirsad.example/live/municipal-elections-results")
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert item["story_type"] == "live"
    assert [p[:5] for p in item["body"].split("\n\n")] == ["14:35", "13:10", "11:50", "09:05"]


def test_a_crawl_stores_no_page_that_is_no_article(tmp_path: Path) -> None:
    # Three of the section's article links lead to a home page, a directory of links and a live blog.
    articles = [url for url, _, is_article in capture_pages(SITE, "huna") if is_article]
    home, directory, live = articles[:3]
    bodies = {route_key(home): HOME.read_bytes(), route_key(directory): DIRECTORY.read_bytes(),
              route_key(live): LIVE.read_bytes()}
    crawl = run_crawl(tmp_path, site=copy_capture(tmp_path / "capture", bodies))
    assert crawl.returncode == 0, crawl.log[-3000:]
    urls = {item["url"] for item in crawl.items}
    assert urls == set(articles) - {home, directory}
    assert crawl.stat(f"{keys.NOT_ARTICLE}listing") == crawl.stat(f"{keys.NOT_ARTICLE}other") == 1
    assert f"Not an article (listing): {home}" in crawl.log
    assert f"Not an article (other): {directory}" in crawl.log
    with sqlite3.connect(crawl.db) as db:
        stored = dict(db.execute("SELECT url, story_type FROM articles").fetchall())
        failed = db.execute("SELECT count(*) FROM failures").fetchone()[0]
    assert set(stored) == urls and failed == 0  # refused, not failed: no later run retries them
    assert stored[live] == "live"
    assert next(item for item in crawl.items if item["url"] == live)["body"].startswith("14:35 ")
