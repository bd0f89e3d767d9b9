"""Where a section's sitemaps and feeds are, when its profile names none.

Sitemaps are the site's: the ``Sitemap:`` lines of robots.txt (read with Scrapy's
``sitemap_urls_from_robots``), else ``/sitemap.xml``. Of a sitemap index, the sitemaps read are the
recently modified ones and, where the index gives no date, those named for news or for the
section: an index of a large site names hundreds of yearly or monthly sitemaps, and the listing
pages hold what the older ones do.

Feeds are the section's: those its listing page links with ``<link rel="alternate">`` that are
named for it (a URL under the section's path, ``/category/world/feed/``; the section's key in the
URL, ``rss.php?section=world``; or the section's title in the link's title). A page also links the
site's own feed and its comments feed, which are not the section's and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree
from scrapy.utils.sitemap import sitemap_urls_from_robots

from hunaworld.html.dom import clean_ws
from hunaworld.text.arabic import fold
from hunaworld.urls import join_url

FALLBACK_SITEMAP = "/sitemap.xml"
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_ALTERNATE = etree.XPath("//link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]")
_WORDS = re.compile(r"[^\W_]+")
# Sitemaps a large site splits by date or kind, the one for news among them.
_NEWS = re.compile(r"news|اخبار|akhbar", re.I)


def robots_sitemaps(body: bytes, robots_url: str) -> list[str]:
    """The sitemaps a robots.txt names, in its order, once each."""
    return list(dict.fromkeys(url for url in sitemap_urls_from_robots(body, base_url=robots_url) if url))


def section_feeds(root: etree._Element, page_url: str, section_key: str, titles: Iterable[str | None]) -> list[str]:
    """The feeds the section's page links that are the section's own (see the module's docstring)."""
    found = []
    names = {fold(title).strip() for title in titles if title and title.strip()}
    for link in _ALTERNATE(root):
        kind = (link.get("type") or "").strip().lower()
        url = join_url(page_url, link.get("href"))
        if kind not in _FEED_TYPES or not url:
            continue
        title = fold(clean_ws(link.get("title")))
        if _under_section(url, page_url) or section_key.lower() in _url_words(url) or any(
                name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title) for name in names):
            found.append(url)
    return list(dict.fromkeys(found))


def _under_section(url: str, page_url: str) -> bool:
    """Whether ``url``'s path lies under the section page's (``/category/world/feed/`` under ``/category/world/``)."""
    section = unquote(urlsplit(page_url).path).rstrip("/")
    path = unquote(urlsplit(url).path)
    return bool(section) and path.startswith(section + "/")


def _url_words(url: str) -> set[str]:
    parts = urlsplit(url)
    text = unquote(parts.path) + " " + " ".join(value for _, value in parse_qsl(parts.query))
    return {word.lower() for word in _WORDS.findall(text)}


def sitemaps_to_read(children: list[tuple[str, datetime | None]], window: timedelta | None,
                     since: datetime | None, section_key: str) -> list[str]:
    """The sitemaps of an index the run reads: with ``window`` None (a full crawl) all of them; else
    those modified within ``window`` of the index's latest (the current month's, the news sitemap:
    where an article that dropped off the listing since the last run is), or since ``since``; and of
    those the index does not date, the ones named for news or for the section."""
    dates = [modified for _, modified in children if modified is not None]
    horizon = max(dates) - window if dates and window is not None else None
    if horizon is not None and since is not None:
        horizon = min(horizon, since)
    chosen = []
    for url, modified in children:
        if window is None or (modified is not None and horizon is not None and modified >= horizon) or (
                modified is None and (_NEWS.search(unquote(url)) or section_key.lower() in _url_words(url))):
            chosen.append(url)
    return chosen
