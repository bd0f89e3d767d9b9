"""Sitemaps and feeds, piece by piece: reading them, finding the section's, keeping their entries to
the section's articles, and what their dates spare an incremental run. (End to end, through the
engine: ``tests/test_discovery.py`` on nabd and marsad, ``tests/test_profile_draft.py``.)"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from lxml import html

from hunaworld.crawling.incremental import Decision, IncrementalPolicy
from hunaworld.sources.finding import robots_sitemaps, section_feeds, sitemaps_to_read
from hunaworld.sources.membership import section_entries
from hunaworld.sources.reading import FEED, INDEX, SITEMAP, Entry, read_source, when
from hunaworld.storage.store import Seen

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://www.x.example/2025/09/14/a/</loc><lastmod>2025-09-14T10:00:00+01:00</lastmod>
    <news:news><news:publication><news:name>X</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2025-09-14T09:00:00+01:00</news:publication_date>
      <news:title>t</news:title><news:keywords>دولي, فرنسا</news:keywords></news:news></url>
  <url><loc>https://www.x.example/2025/09/13/b/</loc></url>
</urlset>""".encode()
RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>X</title>
<link>https://www.x.example/</link>
<item><title>a</title><link>https://www.x.example/2025/09/14/a/</link><pubDate>Sun, 14 Sep 2025 08:00:00 +0000</pubDate>
<category><![CDATA[دولي]]></category></item>
</channel></rss>""".encode()
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>X</title>
<link rel="alternate" href="https://www.x.example/world"/><id>x</id><updated>2025-09-14T10:00:00+02:00</updated>
<entry><title>a</title><link href="https://www.x.example/world/a"/><id>a</id>
<published>2025-09-14T09:00:00+02:00</published><updated>2025-09-14T11:00:00+02:00</updated></entry></feed>"""


def test_a_google_news_sitemap_gives_each_url_its_dates_and_keywords() -> None:
    page = read_source(NEWS_SITEMAP, "https://www.x.example/sitemap-news.xml")
    assert page is not None and page.kind == SITEMAP
    first, second = page.entries
    assert first == Entry("https://www.x.example/2025/09/14/a/", "2025-09-14T09:00:00+01:00",
                          datetime(2025, 9, 14, 9, tzinfo=UTC), ("دولي", "فرنسا"))
    assert second == Entry("https://www.x.example/2025/09/13/b/")
    # The offsets its dates were printed with: the site's clock.
    assert page.offsets == [3600, 3600]


def test_a_gzipped_sitemap_and_a_sitemap_index() -> None:
    assert read_source(gzip.compress(NEWS_SITEMAP), "https://www.x.example/s.xml.gz").entries[0].labels == \
        ("دولي", "فرنسا")
    index = read_source(b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>/post-sitemap2.xml</loc><lastmod>2025-09-14T10:00:00+00:00</lastmod></sitemap>
        <sitemap><loc>/post-sitemap1.xml</loc></sitemap></sitemapindex>""", "https://www.x.example/sitemap.xml")
    assert index.kind == INDEX and index.entries == []
    assert index.children == [("https://www.x.example/post-sitemap2.xml", datetime(2025, 9, 14, 10, tzinfo=UTC)),
                              ("https://www.x.example/post-sitemap1.xml", None)]


def test_feeds_are_read_by_feedparser_with_their_categories_and_edits() -> None:
    rss = read_source(RSS, "https://www.x.example/feed/")
    assert rss.kind == FEED and rss.home == "https://www.x.example/"
    (entry,) = rss.entries
    # An RSS item's date is its publication; it says nothing of an edit. UTC is no evidence of a clock.
    assert (entry.url, entry.labels, entry.modified) == ("https://www.x.example/2025/09/14/a/", ("دولي",), None)
    assert when(entry.published) == datetime(2025, 9, 14, 8, tzinfo=UTC) and rss.offsets == []
    atom = read_source(ATOM, "https://www.x.example/world/feed")
    (entry,) = atom.entries
    assert entry.published == "2025-09-14T09:00:00+02:00" and entry.modified == datetime(2025, 9, 14, 9, tzinfo=UTC)
    assert atom.home == "https://www.x.example/world" and atom.offsets == [7200, 7200]


def test_what_is_no_sitemap_or_feed_is_none() -> None:
    for body in (b"<!DOCTYPE html><html><body>404</body></html>", b"", b"\x1f\x8b\x08garbage", b"User-agent: *"):
        assert read_source(body, "https://www.x.example/sitemap.xml") is None


def test_robots_txt_sitemap_lines() -> None:
    body = b"User-agent: *\nDisallow: /admin/\nSitemap: https://www.x.example/sitemap_index.xml\n" \
           b"sitemap: /news-sitemap.xml\nSitemap: https://www.x.example/sitemap_index.xml\n"
    assert robots_sitemaps(body, "https://www.x.example/robots.txt") == [
        "https://www.x.example/sitemap_index.xml", "https://www.x.example/news-sitemap.xml"]


def page(links: str) -> html.HtmlElement:
    return html.fromstring(f"<html><head>{links}</head><body></body></html>")


def test_only_the_feeds_named_for_the_section_are_its_own() -> None:
    site_feed = '<link rel="alternate" type="application/rss+xml" title="صدى المغرب » الخلاصة" href="/feed/">'
    comments = '<link rel="alternate" type="application/rss+xml" title="التعليقات" href="/comments/feed/">'
    url = "https://www.x.example/category/international/"
    # A WordPress page links the site's feed and its comments feed: neither is the section's.
    assert section_feeds(page(site_feed + comments), url, "international", ["دولي"]) == []
    own = '<link rel="alternate" type="application/rss+xml" title="x » دولي" href="/category/international/feed/">'
    assert section_feeds(page(site_feed + own), url, "international", ["دولي"]) == [
        "https://www.x.example/category/international/feed/"]
    # Named by the section's key in its query, or by the section's title in the link's title.
    by_query = '<link rel="alternate" type="application/rss+xml" href="/rss.php?section=world">'
    by_title = '<link rel="alternate" type="application/atom+xml" title="المرصد - العالم" href="/atom.xml">'
    other = '<link rel="alternate" type="text/html" hreflang="en" href="/en/world">'
    assert section_feeds(page(by_query + by_title + other), "https://www.x.example/index.php?section=world", "world",
                         ["العالم"]) == ["https://www.x.example/rss.php?section=world", "https://www.x.example/atom.xml"]


def test_of_an_index_the_recently_modified_sitemaps_are_read() -> None:
    day = datetime(2025, 9, 14, tzinfo=UTC)
    children = [("https://x/news.xml", None), ("https://x/2025-09.xml", day),
                ("https://x/2025-08.xml", day - timedelta(days=14)),
                ("https://x/2025-07.xml", day - timedelta(days=45)), ("https://x/pages.xml", None),
                ("https://x/world-sitemap.xml", None)]
    assert sitemaps_to_read(children, timedelta(hours=48), None, "world") == [
        "https://x/news.xml", "https://x/2025-09.xml", "https://x/world-sitemap.xml"]
    assert sitemaps_to_read(children, timedelta(hours=48), day - timedelta(days=20), "world") == [
        "https://x/news.xml", "https://x/2025-09.xml", "https://x/2025-08.xml", "https://x/world-sitemap.xml"]
    assert len(sitemaps_to_read(children, None, None, "world")) == len(children)


def entry(n: int, hour: int, *labels: str, host: str = "www.x.example") -> Entry:
    return Entry(f"https://{host}/2025/09/14/story-{n}/", f"2025-09-14T{hour:02d}:00:00+01:00", None, labels)


def judge(entries: list[Entry], listed: set[int], own: bool = False, newer_only: bool = False) -> list[int]:
    shown = {f"/2025/09/14/story-{n}/" for n in listed}
    verdict = section_entries(entries, own=own, hosts={"x.example"}, is_article=lambda url: "/2025/" in url,
                              listed=lambda url: url.split("x.example", 1)[1] in shown, names=("دولي", "international"),
                              newer_only=newer_only)
    return [int(e.url.rstrip("/").rsplit("-", 1)[1]) for e in verdict.taken]


def test_a_site_wide_sitemap_whose_entries_in_the_listing_s_span_are_all_listed_is_the_section_s() -> None:
    # Newest first: 1 is newer than the listing, 2-5 listed, 6 and 7 dropped off the listing.
    entries = [entry(n, 23 - n) for n in range(1, 8)]
    assert judge(entries, {2, 3, 4, 5}) == [1, 2, 3, 4, 5, 6, 7]
    # With a read limit (max_pages), not the older ones.
    assert judge(entries, {2, 3, 4, 5}, newer_only=True) == [1, 2, 3, 4, 5]


def test_another_section_s_article_in_the_span_leaves_only_the_labelled_entries() -> None:
    entries = [entry(1, 22, "دولي"), entry(2, 21), entry(3, 20, "رياضة"), entry(4, 19), entry(5, 18),
               entry(6, 17, "International")]
    # 3 is in the span and not listed: another section's. 1 and 6 say they are the section's.
    assert judge(entries, {2, 4, 5}) == [1, 6]
    # Too few listed entries to judge the sitemap by: the labels alone.
    assert judge(entries[:2], {2}) == [1]


def test_the_section_s_own_feed_gives_every_entry_on_the_site() -> None:
    entries = [entry(1, 22), entry(2, 21, host="partner.example"), entry(3, 20)]
    assert judge(entries, set(), own=True) == [1, 3]


class Store:
    def __init__(self, published: str | None, fetched: str | None = None) -> None:
        self.seen = Seen(published is not None, published, fetched)

    def published(self, site: str, key: str) -> Seen:
        return self.seen


def test_a_source_s_modification_date_spares_the_revisit_of_an_unedited_article() -> None:
    now = datetime(2025, 9, 14, 12, tzinfo=UTC)
    published = "2025-09-14T10:00:00+02:00"
    url = "https://www.x.example/2025/09/14/a/"

    def decide(modified: datetime | None, stored: str | None = published, fetched: str | None = None) -> Decision:
        policy = IncrementalPolicy(Store(stored, fetched), "x", UTC)
        return policy.decide(url, None, "", now, modified)

    assert decide(None) is Decision.REVISIT
    # Not modified since its publication, or since it was last read: nothing to read again.
    assert decide(datetime(2025, 9, 14, 8, tzinfo=UTC)) is Decision.SKIP_STORED
    assert decide(datetime(2025, 9, 14, 9, tzinfo=UTC), fetched="2025-09-14T09:30:00+00:00") is Decision.SKIP_STORED
    # Modified since: read again.
    assert decide(datetime(2025, 9, 14, 9, tzinfo=UTC)) is Decision.REVISIT
    assert decide(datetime(2025, 9, 14, 9, 45, tzinfo=UTC), fetched="2025-09-14T09:30:00+00:00") is Decision.REVISIT
    assert decide(datetime(2025, 9, 14, 8, tzinfo=UTC), stored=None) is Decision.FETCH
