"""A listing whose card markup changed: its articles are found by the article-URL pattern in the
page's main content (never in navigation, the ticker, sidebars or the footer), and the crawl fails
its health check saying the listing rules no longer fit."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from parsel import Selector

from hunaworld.capture.manifest import route_key
from hunaworld.extraction.listing import read_listing
from hunaworld.sites import get_profile
from tests.conftest import SADA, SITE, copy_capture, run_crawl
from tests.test_sites import ARTICLES, LISTINGS

# A redesign: the list and card classes the profiles' rules name are gone.
RENAMES = {
    "sada": (("posts-list", "stream-grid"), ("post type-post", "story-tile")),
    "huna": (("news-list", "stream-grid"), ("news-card", "story-tile")),
}


def listing_pages(site: str, capture: Path) -> list[dict]:
    """The capture's listing pages: every HTML page that is not an article."""
    article_url = get_profile(site).article_url
    manifest = json.loads((capture / "manifest.json").read_text(encoding="utf-8"))
    return [entry for entry in manifest if entry.get("file", "").endswith(".html") and entry["status"] == 200
            and not article_url.search(unquote(urlsplit(entry["url"]).path))]


def redesigned(site: str, html: str) -> str:
    for old, new in RENAMES[site]:
        assert old in html
        html = html.replace(old, new)
    return html


@pytest.mark.parametrize(("site", "capture"), [("sada", SADA), ("huna", SITE)])
def test_the_article_url_pattern_finds_the_cards_the_rules_found(site: str, capture: Path) -> None:
    profile = get_profile(site)
    pages = listing_pages(site, capture)
    assert len(pages) >= 2
    for entry in pages:
        html = (capture / entry["file"]).read_text(encoding="utf-8")
        by_rules = read_listing(Selector(text=html), entry["url"], profile)
        by_pattern = read_listing(Selector(text=redesigned(site, html)), entry["url"], profile)
        assert not by_rules.fallback and by_pattern.fallback
        # the same articles in the same order, with their titles and the dates their cards show
        assert [(c.url, c.title) for c in by_pattern.cards] == [(c.url, c.title) for c in by_rules.cards]
        assert all(c.date_text for c in by_pattern.cards)


def test_links_outside_the_main_content_are_never_taken() -> None:
    html = """<html><body><nav><a href="/2025/09/01/nav-story/">قصة في القائمة</a></nav>
      <div class="breaking-news-ticker"><a href="/2025/09/01/ticker-story/">خبر عاجل</a></div>
      <main><div class="grid"><div class="x"><a href="/2025/09/02/one/">الخبر الأول</a></div>
        <div class="x"><a href="/2025/09/03/two/">الخبر الثاني</a><a href="/category/world/">العالم</a></div>
        <div class="x"><a href="https://ads.example/2025/09/03/ad/">إعلان</a></div>
        <aside class="widget most-read"><a href="/2025/09/04/popular/">الأكثر قراءة</a></aside></div></main>
      <footer><a href="/2025/09/05/footer-story/">في التذييل</a></footer></body></html>"""
    listing = read_listing(Selector(text=html), "https://www.sada.example/category/international/",
                           get_profile("sada"))
    assert [unquote(card.url) for card in listing.cards] == [
        "https://www.sada.example/2025/09/02/one/", "https://www.sada.example/2025/09/03/two/"]


def test_a_redesigned_listing_yields_the_same_articles_and_fails_the_health_check(tmp_path: Path) -> None:
    bodies = {route_key(entry["url"]): redesigned("sada", (SADA / entry["file"]).read_text(encoding="utf-8"))
              for entry in listing_pages("sada", SADA)}
    assert len(bodies) == len(LISTINGS)
    capture = copy_capture(tmp_path / "capture", bodies, capture=SADA)
    crawl = run_crawl(tmp_path, "-a", "site=sada", site=capture)
    assert crawl.returncode == 3, crawl.log[-3000:]
    urls = [item["url"] for item in crawl.items]
    assert sorted(urls) == sorted(ARTICLES)
    failed = [line for line in crawl.log.splitlines() if "Health check failed" in line]
    assert len(failed) == 1, failed
    assert "the listing rules no longer fit" in failed[0] and "3 of 3 listing page(s)" in failed[0]
