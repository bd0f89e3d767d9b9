"""`hunaworld serve`: Datasette over the archive, read-only, searched in Arabic from a real browser.

The browser is Debian's Chromium (``.ci/run`` installs it), driven by playwright with its
executable path: playwright's own browser download cannot run on these machines. Screenshots are
kept in ``test-artifacts/`` (ignored by git) for a person to look at.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.archive import make_archive
from tests.conftest import ROOT
from tests.redisserver import free_port

ARTIFACTS = ROOT / "test-artifacts"
# Flags for a machine with no network but loopback: without the background-networking ones,
# Chromium keeps trying to reach its update and sync services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The archive served by ``hunaworld serve`` on a free loopback port; its database's base URL."""
    db = make_archive(tmp_path_factory.mktemp("serve") / "archive.sqlite3")
    port = free_port()
    log = db.with_suffix(".log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "hunaworld.analysis", "serve", "--db", str(db), "--port",
                                str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/archive"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}.json", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(db.with_suffix(".log").read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def q(text: str) -> str:
    return urllib.parse.quote(text)


def test_search_box_and_canned_query_match_arabic_variants(server: str) -> None:
    rows = get_json(f"{server}/articles.json?_search={q('امريكي')}&_shape=array&_col=headline")
    assert {row["headline"] for row in rows} == {"الرئيس الأمريكي يزور ألمانيا", "الأمريكي في مؤتمر"}
    rows = get_json(f"{server}/search.json?q={q('الصين')}&_shape=array")
    # Ranked as `hunaworld search` ranks: the headline match first; the snippet marked.
    assert rows[0]["headline"] == "الصين تطلق قمراً صناعياً" and len(rows) == 4
    assert "[بالصين]" in next(row["snippet"] for row in rows if row["headline"] == "مباحثات في بكين")


def test_facets_include_the_day_in_the_site_clock_and_the_countries(server: str) -> None:
    data = get_json(f"{server}/articles.json?_size=0&_facet_size=max")
    facets = data["facet_results"]
    assert set(facets) == {"site", "countries", "tags", "date_published"}
    days = {row["value"]: row["count"] for row in facets["date_published"]["results"]}
    # 2 is published 01:30 on the 2nd at UTC+3: SQLite's date() would put it on the 1st.
    assert days["2025-09-02"] == 2 and days["2025-09-01"] == 1
    assert {row["value"]: row["count"] for row in facets["site"]["results"]} == {"huna": 9, "sada": 1}
    countries = {row["value"]: row["count"] for row in facets["countries"]["results"]}
    assert countries == {"CN": 4, "US": 2, "DE": 1, "PS": 1, "RU": 1, "UA": 1}
    # Selecting a country, as its facet link does; the table of articles by country agrees.
    rows = get_json(f"{server}/articles.json?countries__arraycontains=CN&_shape=array&_col=url")
    by_table = get_json(f"{server}/article_countries.json?country=CN&_shape=array")
    assert len(rows) == len(by_table) == 4


def test_the_archive_cannot_be_written(server: str) -> None:
    sql = q("delete from articles")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server}.json?sql={sql}", timeout=30)
    assert refused.value.code in (400, 403)
    assert get_json(f"{server}.json?sql={q('select count(*) as n from articles')}&_shape=array") == [{"n": 10}]


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def _screenshot(page: Page, tmp_path: Path, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=tmp_path / name, full_page=full_page)
    shutil.copy(tmp_path / name, ARTIFACTS / name)


def test_a_reader_types_an_arabic_query_in_the_search_box(server: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server}/articles")
    page.fill("input[name=_search]", "امريكي")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=*")
    headlines = page.locator("table.rows-and-columns td.col-headline").all_inner_texts()
    _screenshot(page, tmp_path, "serve-search-box.png")
    assert sorted(headlines) == sorted(["الرئيس الأمريكي يزور ألمانيا", "الأمريكي في مؤتمر"])


def test_the_articles_page_opens_on_its_rows_with_the_columns_one_click_away(
        server: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server}/articles")
    _screenshot(page, tmp_path, "serve-articles.png", full_page=False)
    first_row = page.locator("table.rows-and-columns tbody tr").first.bounding_box()
    assert first_row is not None and first_row["y"] + 40 < page.viewport_size["height"]
    documentation = page.locator("details.column-documentation")
    assert not documentation.locator("dl").is_visible()
    documentation.locator("summary").click()
    assert documentation.locator("dt", has_text="countries").is_visible()


def test_the_intro_sentence_keeps_its_order(server: str, page: Page) -> None:
    """Each Arabic run is isolated, so the bidi algorithm lays the sentence out in its own order: each
    word to the right of the one before it, in a left-to-right page."""
    page.goto(f"{server}/articles")
    intro = page.locator(".metadata-description p").first
    assert intro.inner_text().endswith("امريكي finds أمريكي, الصين finds والصين and بالصين.")
    runs = intro.locator("bdi")
    assert runs.all_inner_texts() == ["امريكي", "أمريكي", "الصين", "والصين", "بالصين"]
    # Unisolated, "أمريكي, الصين" is one right-to-left run, and الصين shows left of أمريكي.
    lefts = [run.bounding_box()["x"] for run in runs.all()]
    assert lefts == sorted(lefts)


def test_a_reader_runs_the_canned_search(server: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server}/search")
    page.fill("input[name=q]", "بالصين")
    page.click("input[type=submit]")
    page.wait_for_url("**q=*")
    headlines = page.locator("table.rows-and-columns td.col-headline").all_inner_texts()
    _screenshot(page, tmp_path, "serve-canned-search.png")
    assert headlines[0] == "الصين تطلق قمراً صناعياً"
    assert set(headlines) == {"الصين تطلق قمراً صناعياً", "مباحثات في بكين", "تقرير عن الاقتصاد", "موقف جديد"}
