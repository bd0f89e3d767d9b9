"""A sitemap, a sitemap index or a feed read into what the crawl needs: the URLs it lists, each with
its dates and labels, and the sitemaps an index names.

Sitemaps are read with Scrapy's :class:`scrapy.utils.sitemap.Sitemap` (it recovers from broken XML
and resolves no entities), taught the Google News extension, whose publication date and keywords
sit one level down in ``<news:news>``, where Scrapy's reader keeps only direct children. RSS and
Atom are read with feedparser. A gzipped sitemap (``.xml.gz``) is unpacked with Scrapy's
``gunzip``, within the download size limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from hunaworld.urls import join_url

_GZIP = b"\x1f\x8b\x08"
SITEMAP, INDEX, FEED = "sitemap", "sitemap index", "feed"


@dataclass(frozen=True)
class Entry:
    """One URL a source lists: when it says the page was published (its text, as printed) and last
    modified, and the labels it gives it (Google News keywords, a feed entry's categories)."""

    url: str
    published: str | None = None
    modified: datetime | None = None
    labels: tuple[str, ...] = ()


@dataclass
class SourcePage:
    """What one sitemap or feed lists."""

    kind: str
    entries: list[Entry] = field(default_factory=list)
    # A sitemap index's sitemaps, each with its last modification when the index gives one.
    children: list[tuple[str, datetime | None]] = field(default_factory=list)
    # The site's page the source says it is of (a feed's own link), whose host its entries share.
    home: str | None = None
    # The UTC offsets (seconds) its dates were printed with, UTC itself left out: feeds and sitemaps
    # are written by software that prints UTC whatever the site's clock is.
    offsets: list[int] = field(default_factory=list)


def when(text: str | None) -> datetime | None:
    """A sitemap's W3C date-time or a feed's RFC 822 or RFC 3339 date, if it carries its offset."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        try:
            found = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return found if found.tzinfo is not None else None


class NewsSitemap(Sitemap):
    """Scrapy's sitemap reader, with a ``<news:news>`` block's children kept as ``news_*`` keys."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: etree._Element) -> dict[str, Any] | None:
        news = {}
        for block in elem:
            if self._get_tag_name(block) == "news":
                for child in block.iter():
                    name = self._get_tag_name(child)
                    if name in ("publication_date", "keywords", "title") and child.text:
                        news[f"news_{name}"] = child.text.strip()
        found = super()._process_sitemap_element(elem)
        return {**found, **news} if found is not None else None


def read_source(body: bytes, url: str, max_size: int = 0) -> SourcePage | None:
    """The sitemap, index or feed in ``body`` (served at ``url``), or None when it is none of them."""
    if body[:3] == _GZIP:
        try:
            body = gunzip(body, max_size=max_size)
        except (OSError, EOFError, ValueError):
            return None
    head = body[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _read_sitemap(body, url)
    if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
        return _read_feed(body, url)
    return None


def _read_sitemap(body: bytes, url: str) -> SourcePage | None:
    try:
        sitemap = NewsSitemap(body)
    except (etree.XMLSyntaxError, StopIteration):
        return None
    if sitemap.type == "sitemapindex":
        page = SourcePage(INDEX)
        for child in sitemap:
            found = join_url(url, child["loc"])
            if found:
                page.children.append((found, when(child.get("lastmod"))))
        return page
    if sitemap.type != "urlset":
        return None
    page = SourcePage(SITEMAP)
    for entry in sitemap:
        found = join_url(url, entry["loc"])
        if not found:
            continue
        published = entry.get("news_publication_date") or None
        keywords = tuple(word.strip() for word in entry.get("news_keywords", "").split(",") if word.strip())
        modified = when(entry.get("lastmod"))
        page.entries.append(Entry(found, published, modified, keywords))
        page.offsets += _offsets(when(published), modified)
    return page


def _read_feed(body: bytes, url: str) -> SourcePage | None:
    parsed = feedparser.parse(body)
    if not parsed.version:
        return None
    page = SourcePage(FEED, home=join_url(url, parsed.feed.get("link")))
    for entry in parsed.entries:
        found = join_url(url, entry.get("link"))
        if not found:
            continue
        # feedparser answers "updated" with the publication date when an entry has no date of
        # modification: the entry's own keys tell them apart.
        published, updated = dict.get(entry, "published"), dict.get(entry, "updated")
        labels = tuple(tag.get("term", "").strip() for tag in entry.get("tags", ()) if tag.get("term", "").strip())
        page.entries.append(Entry(found, published or updated, when(updated), labels))
        page.offsets += _offsets(when(published), when(updated))
    return page


def _offsets(*dates: datetime | None) -> list[int]:
    found = []
    for date in dates:
        offset = date.utcoffset() if date is not None else None
        if offset:
            found.append(int(offset.total_seconds()))
    return found
