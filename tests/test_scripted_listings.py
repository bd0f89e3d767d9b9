"""Sections whose listing cards a script writes from a JSON API, crawled end to end on 127.0.0.1.

Two made-up sections in templates of their own (``fixtures/sahm``, ``fixtures/wamid``): each
listing page is a shell with a few ``<noscript>`` links; a script fills it from a JSON API paged by
a cursor behind a load-more button, whose items include a sponsored one; the article pages are
plain HTML. sahm's script names its endpoint in the page (found with no browser); wamid's is
assembled at run time by an external script (found by rendering the page once in Chromium, which
must be installed: ``apt-get install chromium``). A third section, made from wamid
(:mod:`hunaworld.capture.scriptvariants`), loads HTML fragments instead of JSON: its page is
rendered and its button pressed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.capture.scriptvariants import html_fragments
from hunaworld.capture.server import CaptureServer
from hunaworld.extraction.jsonlisting import at_path, sponsored_item
from hunaworld.profile import ListingApi
from tests.conftest import FIXTURES, ROOT, crawl_job
from tests.test_discovery import Served, discover, pages_of

SAHM = FIXTURES / "sahm" / "capture"
WAMID = FIXTURES / "wamid" / "capture"
BROWSER_STARTED = "Launching browser chromium"


def api_items(capture: Path, items: str, link: str) -> tuple[set[str], set[str]]:
    """The article paths the capture's API pages list, and those of its sponsored items."""
    listed, paid = set(), set()
    for path, entry in pages_of(capture).items():
        if path.startswith("/api/"):
            for item in at_path(json.loads((capture / entry["file"]).read_text(encoding="utf-8")), items):
                (paid if sponsored_item(item) else listed).add(unquote(at_path(item, link)))
    return listed, paid


def noscript_links(capture: Path, listing: str) -> set[str]:
    html = (capture / pages_of(capture)[listing]["file"]).read_text(encoding="utf-8")
    block = html[html.index("<noscript>"):html.index("</noscript>")]
    return set(re.findall(r'href="([^"]+)"', block))


def needs_chromium() -> None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does it)")


def assert_every_article_once(served: Served, articles: set[str], paid: set[str]) -> None:
    crawl = served.crawl
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert "Summary (finished, healthy)" in crawl.log
    urls = [item["url"] for item in crawl.items]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    assert served.paths() == articles
    assert not paid & set(served.hits), "a sponsored item was fetched"
    assert all(served.hits[path] == 1 for path in articles), "an article was fetched twice"
    assert all(item["headline"] and item["body"] and item["date_published"] for item in crawl.items)


# -- the API named in the page: no browser -----------------------------------------------------------


@pytest.fixture(scope="module")
def sahm(tmp_path_factory: pytest.TempPathFactory) -> Served:
    return discover(tmp_path_factory.mktemp("sahm"), SAHM, "/alam")


def test_an_api_named_in_the_page_gives_every_article_once_and_no_browser(sahm: Served) -> None:
    articles, paid = api_items(SAHM, "items", "permalink")
    assert len(articles) == 13 and len(paid) == 1
    assert_every_article_once(sahm, articles, paid)
    api = {path for path in pages_of(SAHM) if path.startswith("/api/")}
    # /sitemap.xml: the section's sources are looked for there when robots.txt names none (hunaworld.sources).
    assert set(sahm.hits) == articles | api | {"/robots.txt", "/sitemap.xml", "/alam"}
    assert max(sahm.hits.values()) == 1
    log = sahm.crawl.log
    assert "its cards are written by script" in log
    assert "The section's list comes from the JSON API" in log and "next page by cursor=next_cursor" in log
    assert BROWSER_STARTED not in log and "scrapy-playwright" not in log
    assert sahm.crawl.stat("playwright/browser_count") == 0 and sahm.crawl.stat("hunaworld/rendered_pages") == 0
    assert "rendered in a browser" not in log


def test_a_rerun_of_an_api_section_asks_its_first_page_only(tmp_path: Path, sahm: Served) -> None:
    again = discover(tmp_path, SAHM, "/alam", db=sahm.crawl.db)
    assert again.crawl.returncode == 0, again.crawl.log[-3000:]
    assert again.crawl.items == []
    assert set(again.hits) == {"/robots.txt", "/sitemap.xml", "/alam", "/api/v1/stream?desk=world&size=5"}
    assert "every article is already stored" in again.crawl.log


def test_a_profile_declaring_the_api_gives_the_same_articles_without_the_page(tmp_path: Path, sahm: Served) -> None:
    declared = discover(tmp_path, SAHM, "/alam", "-a", "site=sahm")
    articles, paid = api_items(SAHM, "items", "permalink")
    assert_every_article_once(declared, articles, paid)
    assert "/alam" not in declared.hits and max(declared.hits.values()) == 1
    assert "(declared by the profile)" in declared.crawl.log and BROWSER_STARTED not in declared.crawl.log
    assert declared.crawl.stat("playwright/browser_count") == 0
    same = {"headline", "body", "date_published", "image_url", "tags"}
    assert {unquote(urlsplit(i["url"]).path): {k: i[k] for k in same} for i in declared.crawl.items} == \
        {unquote(urlsplit(i["url"]).path): {k: i[k] for k in same} for i in sahm.crawl.items}
    assert {i["site"] for i in declared.crawl.items} == {"sahm"}


# -- the API seen by rendering the page once ----------------------------------------------------------


@pytest.fixture(scope="module")
def wamid(tmp_path_factory: pytest.TempPathFactory) -> Served:
    needs_chromium()
    return discover(tmp_path_factory.mktemp("wamid"), WAMID, "/world")


def test_an_api_only_a_browser_sees_is_found_by_one_render_then_paged_by_scrapy(wamid: Served) -> None:
    articles, paid = api_items(WAMID, "data.stories", "links.web")
    assert len(articles) == 12 and len(paid) == 1
    assert_every_article_once(wamid, articles, paid)
    log = wamid.crawl.log
    assert log.count(BROWSER_STARTED) == 1 and wamid.crawl.stat("playwright/browser_count") == 1
    assert wamid.crawl.stat("hunaworld/rendered_pages") == 1 and ", 1 rendered in a browser;" in log
    # The button was pressed once to see how the API pages: "k" carries the response's more.key.
    assert "next page by k=more.key" in log
    api = [path for path in pages_of(WAMID) if path.startswith("/api/")]
    assert all(wamid.hits[path] == 1 for path in api), wamid.hits
    # Scrapy asked the pages after the two the browser received.
    scrapy_asked = {route_key(url) for url in wamid.crawl.requested()}
    assert "/api/v2/wire?desk=world&k=7d20c4" in scrapy_asked
    assert not {"/api/v2/wire?desk=world", "/api/v2/wire?desk=world&k=b3f9e1"} & scrapy_asked
    # The browser fetched the page, its script and the API; no image.
    assert wamid.hits["/world"] == 2 and wamid.hits["/static/js/wire.js"] == 1
    assert not any(path.startswith("/img/") for path in wamid.hits)


def test_a_listing_with_no_json_api_is_rendered_and_its_button_pressed(tmp_path: Path) -> None:
    needs_chromium()
    api = ListingApi("https://www.wamid.example/api/v2/wire?desk=world", "data.stories", "links.web", "title.ar",
                     next="more.key", param="k")
    site = html_fragments(WAMID, tmp_path / "site", "/world", api, "#wire", ".wire-more")
    served = discover(tmp_path, site, "/world")
    articles, paid = api_items(WAMID, "data.stories", "links.web")
    assert_every_article_once(served, articles, paid)
    log = served.crawl.log
    assert log.count(BROWSER_STARTED) == 1 and served.crawl.stat("hunaworld/rendered_pages") == 1
    assert "The section's list comes from the JSON API" not in log
    # Each fragment once, by the browser's presses; the last press's cards end it.
    assert all(served.hits[f"/fragments?n={n}"] == 1 for n in (1, 2, 3))
    assert served.crawl.stat("hunaworld/listing_pages") == 3


def test_a_profile_saying_render_has_the_listing_rendered_and_pressed(tmp_path: Path) -> None:
    needs_chromium()
    served = discover(tmp_path, WAMID, "/world", "-a", "site=wamid")
    articles, paid = api_items(WAMID, "data.stories", "links.web")
    assert_every_article_once(served, articles, paid)
    log = served.crawl.log
    assert log.count(BROWSER_STARTED) == 1 and served.crawl.stat("hunaworld/rendered_pages") == 1
    # The listing is read by the browser only, no API is looked for, and each API page came by a press.
    assert served.hits["/world"] == 1 and "JSON API" not in log and "endpoint" not in log
    assert served.crawl.stat("hunaworld/listing_pages") == 3
    assert {i["site"] for i in served.crawl.items} == {"wamid"}


# -- no browser on the machine ------------------------------------------------------------------------


def without_chromium() -> dict[str, str]:
    """The environment with no Chromium on the PATH."""
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    path = [d for d in os.environ["PATH"].split(os.pathsep) if not any((Path(d) / n).exists() for n in names)]
    return {**os.environ, "PYTHONUTF8": "1", "PATH": os.pathsep.join(path)}


def crawl_without_chromium(tmp_path: Path, capture: Path, listing: str) -> tuple[subprocess.CompletedProcess, Served]:
    with CaptureServer(capture) as server:
        job = crawl_job(tmp_path, start_url=server.base_url + listing, site=None, profile=None, LOG_LEVEL="DEBUG")
        done = subprocess.run(job.cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, env=without_chromium())
        return done, Served(job.result(done.returncode, done.stderr), dict(server.hits), server.base_url)


def test_without_chromium_a_section_needing_one_stores_what_it_reaches_and_fails_in_one_line(tmp_path: Path) -> None:
    done, served = crawl_without_chromium(tmp_path, WAMID, "/world")
    assert done.returncode == 3, served.crawl.log[-3000:]
    log = served.crawl.log
    lines = [line for line in log.splitlines() if "No browser:" in line]
    assert len(lines) == 1 and "Chromium is not installed (apt-get install chromium" in lines[0]
    assert "Traceback" not in log and "Traceback" not in done.stderr
    assert "Health check failed: browser: listing" in log
    # What it could reach: the <noscript> links, each stored.
    assert served.paths() == noscript_links(WAMID, "/world")
    assert len(served.crawl.items) == 3
    assert not any(path.startswith("/api/") for path in served.hits)


def test_without_chromium_an_api_named_in_the_page_needs_none(tmp_path: Path) -> None:
    done, served = crawl_without_chromium(tmp_path, SAHM, "/alam")
    assert done.returncode == 0, served.crawl.log[-3000:]
    assert len(served.crawl.items) == 13 and "No browser:" not in served.crawl.log


def test_the_fixture_sections_declare_their_pages() -> None:
    """The captures hold what the tests above read: every API page and article page recorded."""
    for capture in (SAHM, WAMID):
        for entry in load_manifest(capture):
            assert (capture / entry["file"]).is_file(), entry["url"]
