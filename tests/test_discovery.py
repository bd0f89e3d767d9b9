"""Discovery mode end to end: sections of four sites served on 127.0.0.1 and crawled from their URL
alone, with no profile, through the real engine.

The two captures (huna, sada) must give every article once with every field as their profiles
give it (sada: every check of the reader's key). Two more sections built for this in templates of
their own (``fixtures/nabd``: semantic HTML5 with utility classes, a numbered pager without
``rel=next``, two URL shapes, a 404 card, a partner card, rails, the section's Atom feed and the
site's sitemap index; ``fixtures/marsad``: an old CMS's tables and divs, query-string URLs, a
load-more link with an offset, a sponsored card, a Google News sitemap in robots.txt, a clock
printed on some pages only) must give every article once, those only a feed or a sitemap lists
included, and nothing off the section.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.capture.server import CaptureServer
from hunaworld.dates import parse_date
from hunaworld.storage.store import ArticleStore
from hunaworld.text.arabic import fold
from tests.conftest import FIXTURES, SADA, SITE, Crawl, copy_capture, run_crawl
from tests.test_generic_fields import field_checks
from tests.test_sites import ARTICLES as SADA_KEY
from tests.test_sites import LISTINGS as SADA_LISTINGS

NABD = FIXTURES / "nabd" / "capture"
MARSAD = FIXTURES / "marsad" / "capture"
DISCOVERY_LINE = "No site profile for 127.0.0.1: discovery mode"


class Served:
    """A discovery crawl of a capture served on 127.0.0.1: its result, and the paths the server answered."""

    def __init__(self, crawl: Crawl, hits: dict[str, int], base_url: str) -> None:
        self.crawl, self.hits, self.base_url = crawl, hits, base_url

    def paths(self) -> set[str]:
        return {unquote(urlsplit(item["url"]).path) + (f"?{urlsplit(item['url']).query}" if urlsplit(item["url"]).query
                                                        else "") for item in self.crawl.items}


def discover(tmp_path: Path, capture: Path, path: str, *args: str, **settings: object) -> Served:
    with CaptureServer(capture) as server:
        crawl = run_crawl(tmp_path, *args, start_url=server.base_url + path, site=None, profile=None,
                          LOG_LEVEL="DEBUG", **settings)
        return Served(crawl, dict(server.hits), server.base_url)


def pages_of(capture: Path) -> dict[str, dict]:
    """The capture's entries by path and query."""
    return {route_key(entry["url"]): entry for entry in load_manifest(capture)}


def assert_each_once(served: Served) -> None:
    crawl = served.crawl
    assert crawl.returncode == 0, crawl.log[-3000:]
    urls = [item["url"] for item in crawl.items]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    assert max(served.hits.values()) == 1, "a page was fetched twice"
    assert crawl.log.count(DISCOVERY_LINE) == 1
    assert all(item["site"] == "127.0.0.1" for item in crawl.items)


# -- the first site's capture ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def huna(tmp_path_factory: pytest.TempPathFactory) -> Served:
    return discover(tmp_path_factory.mktemp("huna"), SITE, "/world")


def test_the_huna_capture_gives_every_article_once_with_every_field_as_its_profile(huna: Served) -> None:
    assert_each_once(huna)
    golden = {}
    for page in SITE.glob("*.expected.json"):
        expected = json.loads(page.read_text(encoding="utf-8"))
        golden[expected["url"]] = expected
    assert {item["url"] for item in huna.crawl.items} == set(golden)
    for item in huna.crawl.items:
        expected = golden[item["url"]]
        # The site key is the host; the date's text comes from the JSON-LD where the profile's
        # layout names the date line: the same instant (checked below), another text.
        different = {"site", "date_published_raw", "scraped_at", "site_section", "revision"}
        assert {k: v for k, v in item.items() if k not in different} == \
            {k: v for k, v in expected.items() if k not in different}, item["url"]
        assert (item["site_section"], item["revision"]) == ("world", 1)
        assert parse_date(item["date_published_raw"], tz="Asia/Amman") == \
            parse_date(expected["date_published_raw"], tz="Asia/Amman")


def test_the_huna_capture_is_crawled_without_a_request_off_the_section(huna: Served) -> None:
    articles = {unquote(urlsplit(item["url"]).path) for item in huna.crawl.items}
    # robots.txt names no sitemap: the conventional one is asked for, and is not there.
    assert set(huna.hits) == articles | {"/robots.txt", "/world", "/world?page=2", "/sitemap.xml"}
    assert "Learnt the article URL shape /news/{id}/{slug}" in huna.crawl.log
    assert "The site's clock: UTC+03:00" in huna.crawl.log


# -- the second site's capture ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sada(tmp_path_factory: pytest.TempPathFactory) -> Served:
    return discover(tmp_path_factory.mktemp("sada"), SADA, "/category/international/")


def test_the_sada_capture_passes_every_check_of_the_reader_s_key(sada: Served) -> None:
    assert_each_once(sada)
    assert {item["url"] for item in sada.crawl.items} == set(SADA_KEY)
    failed = [(item["url"], name) for item in sada.crawl.items
              for name, ok in field_checks(SADA_KEY[item["url"]], item).items() if not ok]
    assert failed == []
    # The clock learnt from the listing's <time datetime>: every date as the reader's key writes it.
    assert [item["date_published"] for item in sada.crawl.items] == \
        [SADA_KEY[item["url"]]["date_published"] for item in sada.crawl.items]
    assert all(item["site_section"] == "international" for item in sada.crawl.items)


def test_the_sada_capture_is_crawled_without_a_request_off_the_section(sada: Served) -> None:
    article_paths = {unquote(urlsplit(url).path) for url in SADA_KEY}
    listing_paths = {unquote(urlsplit(entry["url"]).path) for entry in SADA_LISTINGS}
    # The 301 of an article's old URL is followed; the sponsored cards' advertisers never are.
    assert set(sada.hits) == article_paths | listing_paths | {"/robots.txt", "/2025/08/20/فرنسا-خطة-مدارس-موجات-الحر/",
                                                               "/sitemap.xml"}
    assert not any("partner-network" in url or "finance-offers" in url for url in sada.crawl.requested())
    # The page links the site's own feed (every section's posts, all of one URL shape): not read.
    assert '<link rel="alternate" type="application/rss+xml"' in (SADA / "index.html").read_text(encoding="utf-8")
    assert "/feed/" not in sada.hits


# -- a site in semantic HTML5: numbered pager, two URL shapes, a 404 card, a partner card --------


@pytest.fixture(scope="module")
def nabd(tmp_path_factory: pytest.TempPathFactory) -> Served:
    return discover(tmp_path_factory.mktemp("nabd"), NABD, "/sections/world")


NABD_SOURCES = {"/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/2025-09.xml", "/sections/world/feed"}
# Only the section's feed lists it (published after the listing page was cached); only the site's
# news sitemap lists the other, labelled with the section's name.
FEED_ONLY, SITEMAP_ONLY = "/world/2025/09/14/indonesia-volcano-evacuation", "/node/48230"


def nabd_articles() -> set[str]:
    return {path for path in pages_of(NABD) if path.startswith(("/world/", "/node/"))}


def test_nabd_every_article_once_of_both_url_shapes(nabd: Served) -> None:
    assert_each_once(nabd)
    assert nabd.paths() == nabd_articles()
    assert len(nabd_articles()) == 15 and sum(path.startswith("/node/") for path in nabd_articles()) == 6
    log = nabd.crawl.log
    assert "Learnt the article URL shape /world/{yyyy}/{mm}/{dd}/{slug}" in log
    assert "Learnt the article URL shape /node/{id} on " in log
    by_path = {unquote(urlsplit(item["url"]).path): item for item in nabd.crawl.items}
    assert by_path["/node/48213"]["article_id"] == "48213" and by_path["/node/48213"]["section"] == "العالم"
    # SQLite holds what the feed holds.
    store = ArticleStore(nabd.crawl.db)
    rows = {row["url"]: row for row in store.articles()}
    store.close()
    assert rows == {item["url"]: {k: v for k, v in item.items() if k in rows[item["url"]]} for item in nabd.crawl.items}


def test_nabd_numbered_pager_rails_and_partner_cards(nabd: Served) -> None:
    listing = {"/sections/world", "/sections/world?page=2", "/sections/world?page=3"}
    deleted = "/world/2025/09/12/bridge-collapse-rescue"
    assert set(nabd.hits) == nabd_articles() | listing | NABD_SOURCES | {"/robots.txt", deleted}
    # The site's feed, the older monthly sitemaps, and other sections' stories of the section's own
    # /node/ shape in the site's sitemaps stay unread.
    assert not {"/feed", "/sitemaps/2025-08.xml", "/node/48221", "/node/48226"} & set(nabd.hits)
    assert not any(re.search(r"/(?:sport|economy|culture|local)/|partner-deals", url) for url in nabd.crawl.requested())
    # Every date in the clock the listing's <time datetime> printed, as the article page prints it.
    pages = pages_of(NABD)
    for item in nabd.crawl.items:
        page = (NABD / pages[unquote(urlsplit(item["url"]).path)]["file"]).read_text(encoding="utf-8")
        assert f'<time datetime="{item["date_published"]}">' in page, item["url"]


def test_a_listed_link_that_answers_404_fails_that_article_not_the_run(nabd: Served) -> None:
    crawl = nabd.crawl
    assert crawl.returncode == 0 and "Summary (finished, healthy)" in crawl.log
    assert crawl.stat("hunaworld/fetch_error/404") == 1
    assert crawl.stat("hunaworld/retry/pending") == 1


def test_nabd_incremental_run_fetches_no_stored_article_and_retries_the_404(tmp_path: Path, nabd: Served) -> None:
    again = discover(tmp_path, NABD, "/sections/world", db=nabd.crawl.db)
    # The gone article fails again, and is kept for later runs: the run is healthy all the same.
    assert again.crawl.returncode == 0, again.crawl.log[-3000:]
    assert again.crawl.stat("hunaworld/retry/pending") == 1
    assert again.crawl.items == []
    # Page 1 still lists the gone article, which is not stored: paging stops after page 2. The
    # sources are read again; what they add is stored, and skipped without a request.
    assert set(again.hits) == {"/robots.txt", "/sections/world", "/sections/world?page=2",
                               "/world/2025/09/12/bridge-collapse-rescue"} | NABD_SOURCES
    assert "every article is already stored" in again.crawl.log


def test_a_stored_article_its_feed_says_is_unchanged_is_not_fetched_again(tmp_path: Path, nabd: Served) -> None:
    db = tmp_path / "again.sqlite3"
    shutil.copy(nabd.crawl.db, db)
    # Every stored article is young enough to revisit. The listed ones are fetched again, and the
    # sitemap's, which says nothing of edits; the feed's own article is not: the feed dates its
    # last change at its publication, before it was read.
    again = discover(tmp_path, NABD, "/sections/world", db=db, HUNAWORLD_REVISIT_HOURS=10 ** 6)
    assert again.crawl.returncode == 0, again.crawl.log[-3000:]
    assert "/world/2025/09/14/geneva-climate-finance-talks" in again.hits and SITEMAP_ONLY in again.hits
    assert FEED_ONLY not in again.hits
    # Once the feed says it was edited after it was read, it is read again.
    feed = (NABD / "sections_world_feed.xml").read_text(encoding="utf-8")
    edit = (datetime.now(UTC) + timedelta(hours=1)).isoformat(timespec="seconds")
    edited = feed.replace("<updated>2025-09-14T10:20:00+02:00</updated>\n    <category",
                          f"<updated>{edit}</updated>\n    <category", 1)
    assert edited != feed
    (tmp_path / "edited").mkdir()
    later = discover(tmp_path / "edited", copy_capture(tmp_path / "capture", {"/sections/world/feed": edited},
                                                      capture=NABD), "/sections/world", db=db,
                     HUNAWORLD_REVISIT_HOURS=10 ** 6)
    assert FEED_ONLY in later.hits


# The feed's newer article comes with both; the sitemap's older one with neither.
@pytest.mark.parametrize(("args", "pages", "count"), [
    (("-a", "max_pages=1"), 1, 5 + 1),
    (("-a", "since=2025-09-13"), 2, 4 + 1),
])
def test_max_pages_and_since_stop_discovery_as_they_stop_a_profile(tmp_path: Path, args: tuple[str, ...], pages: int,
                                                                   count: int) -> None:
    served = discover(tmp_path, NABD, "/sections/world", *args)
    assert served.crawl.returncode == 0, served.crawl.log[-3000:]
    assert served.crawl.stat("hunaworld/listing_pages") == pages
    assert len(served.crawl.items) == count
    paths = served.paths()
    assert FEED_ONLY in paths and SITEMAP_ONLY not in paths


# -- a site in tables and divs: query-string URLs, load-more offset, sponsored card, sitemap --------


@pytest.fixture(scope="module")
def marsad(tmp_path_factory: pytest.TempPathFactory) -> Served:
    return discover(tmp_path_factory.mktemp("marsad"), MARSAD, "/index.php?section=world")


def marsad_listed() -> set[str]:
    """The articles the section's listing and its load-more pages show."""
    listed = set()
    for path, entry in pages_of(MARSAD).items():
        if path.startswith("/index.php"):
            html = (MARSAD / entry["file"]).read_text(encoding="utf-8")
            news = html[html.index('<div class="nwsItem">'):html.index("</div>\n  <div class=\"box3\">")] \
                if "newsList" in html else html
            listed |= {f"/article.php?id={n}" for n in re.findall(r'class="nwsTtl"><a href="article\.php\?id=(\d+)"',
                                                                   news)}
    return listed - {"/article.php?id=88001"}  # the sponsored card


def test_marsad_every_article_of_the_listing_and_its_load_more_pages_once(marsad: Served) -> None:
    assert_each_once(marsad)
    listed = marsad_listed()
    assert len(listed) == 14
    in_sitemap = set(re.findall(r"<loc>http://www\.marsad\.example(/article\.php\?id=\d+)</loc>",
                                (MARSAD / "sitemap-news.xml").read_text(encoding="utf-8")))
    # The sitemap robots.txt names also holds two articles the listing no longer shows: they are
    # the section's, since every article it lists beside the listed ones is.
    assert len(in_sitemap - listed) == 2
    assert marsad.paths() == listed | in_sitemap
    assert all(item["site_section"] == "world" and item["section"] == "العالم" for item in marsad.crawl.items)


def test_marsad_nothing_off_the_section(marsad: Served) -> None:
    loads = {"/index.php?section=world", "/index.php?section=world&offset=6", "/index.php?section=world&offset=12"}
    articles = {path for path in marsad.hits if path.startswith("/article.php")}
    assert set(marsad.hits) - articles == loads | {"/robots.txt", "/sitemap-news.xml"}
    assert articles == marsad.paths()
    assert "/article.php?id=88001" not in marsad.hits  # sponsored, on the site's own host and URL shape


def test_marsad_dates_wait_for_the_clock_some_pages_print(marsad: Served) -> None:
    for item in marsad.crawl.items:
        page = (MARSAD / f"article_id-{item['article_id']}.html").read_text(encoding="utf-8")
        day, month, year, time = re.search(r'class="artDate">\S+ (\d\d)-(\d\d)-(\d{4}) (\d\d:\d\d)<', page).groups()
        assert item["date_published"] == f"{year}-{month}-{day}T{time}:00+03:00", item["url"]
    with_offset = sum("article:published_time" in (MARSAD / entry["file"]).read_text(encoding="utf-8")
                      for entry in load_manifest(MARSAD) if entry["file"].startswith("article_id-"))
    assert 0 < with_offset < 16
    assert marsad.crawl.log.count("The site's clock: UTC+03:00") == 1
    assert all(item["views"] for item in marsad.crawl.items)


def without_offsets(tmp_path: Path) -> Path:
    """The capture with no offset printed anywhere: none in the articles, the sitemap's times in UTC."""
    bodies = {}
    for path, entry in pages_of(MARSAD).items():
        if path.startswith("/article.php"):
            html = (MARSAD / entry["file"]).read_text(encoding="utf-8")
            bodies[path] = re.sub(r'<meta property="article:published_time"[^>]*>\n', "", html)
    sitemap = (MARSAD / "sitemap-news.xml").read_text(encoding="utf-8")
    bodies["/sitemap-news.xml"] = re.sub(r"(T\d\d:\d\d:\d\d)\+03:00", r"\1Z", sitemap)
    return copy_capture(tmp_path / "capture", bodies, capture=MARSAD)


def test_without_an_offset_or_a_timezone_the_run_says_so_once_and_guesses_no_instant(tmp_path: Path) -> None:
    served = discover(tmp_path, without_offsets(tmp_path), "/index.php?section=world")
    crawl = served.crawl
    assert crawl.returncode == 3
    assert len(crawl.items) == 16
    assert all(item["date_published"] is None and item["date_published_raw"] for item in crawl.items)
    assert len([line for line in crawl.log.splitlines() if "no page printed a UTC offset" in line]) == 1
    failed = [line for line in crawl.log.splitlines() if "Health check failed: clock:" in line]
    assert len(failed) == 1 and "16 article(s)" in failed[0] and "-a timezone=ZONE" in failed[0]
    assert "Unparseable publication date" not in crawl.log


def test_a_timezone_given_reads_the_same_pages(tmp_path: Path) -> None:
    served = discover(tmp_path, without_offsets(tmp_path), "/index.php?section=world", "-a", "timezone=Asia/Riyadh")
    assert served.crawl.returncode == 0, served.crawl.log[-3000:]
    assert all(datetime.fromisoformat(item["date_published"]).utcoffset().total_seconds() == 3 * 3600
               for item in served.crawl.items)
    assert "The site's clock" not in served.crawl.log


def test_a_recorded_discovery_crawl_replays_to_the_same_articles(tmp_path: Path) -> None:
    recorded = tmp_path / "recorded"
    with CaptureServer(MARSAD) as server:
        start = f"{server.base_url}/index.php?section=world"
        live = run_crawl(tmp_path, start_url=start, site=None, profile=None, out="live.jsonl",
                         HUNAWORLD_RECORD=recorded)
    assert live.returncode == 0 and len(live.items) == 16
    # Every page the crawl read, not only the listing page it started from: robots.txt, the listing
    # pages, the sitemap, the articles.
    assert len(load_manifest(recorded)) == 1 + 3 + 1 + 16
    replayed = run_crawl(tmp_path, "-a", f"start_url={start}", site=recorded, out="replayed.jsonl",
                         db=tmp_path / "replayed.sqlite3")
    assert replayed.returncode == 0, replayed.log[-3000:]

    def strip(items: list[dict]) -> list[dict]:
        return sorted(({k: v for k, v in i.items() if k != "scraped_at"} for i in items), key=lambda i: i["url"])

    assert strip(replayed.items) == strip(live.items)
    assert all(fold(item["headline"]) for item in replayed.items)
