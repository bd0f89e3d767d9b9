"""The crawled section's sitemaps and feeds, read beside its listing pages.

They are the ones its profile names (``Section.sitemaps``, ``Section.feeds``), else, for a
section whose navigation is learnt (no listing rules), the ones found (:mod:`hunaworld.sources.finding`).
The process that reads the section's first listing page fetches them through the downloader
(politeness, robots.txt, retries, replay and recording apply) but not the scheduler: what it learnt
of the section stays with it, in distributed mode too, while the articles they add are shared like
the listing's. Their entries are judged (:mod:`hunaworld.sources.membership`) once the listing is
read, or once the process has nothing else to do, so that what the listing showed is known; the
section's articles the listing did not show then go through the incremental policy as listed ones
do, their dates standing for the card's.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK

from hunaworld.distributed.engine import wake
from hunaworld.monitoring import stats as keys
from hunaworld.sources.finding import FALLBACK_SITEMAP, robots_sitemaps, section_feeds, sitemaps_to_read
from hunaworld.sources.membership import host_of, section_entries
from hunaworld.sources.reading import FEED, INDEX, SourcePage, read_source, when
from hunaworld.urls import article_key, on_host

if TYPE_CHECKING:
    from hunaworld.crawling.spider import SectionSpider

logger = logging.getLogger(__name__)

# A sitemap index may name indexes; deeper than this is a loop or a trap.
MAX_DEPTH = 2


@dataclass(frozen=True)
class Source:
    """A sitemap or feed to read: its URL as named, whether it is the section's own (a feed named for
    the section) rather than the site's, and whether the profile named it (else it was found, and
    its absence is no fault)."""

    url: str
    kind: str
    own: bool
    named: bool


@dataclass
class ReadSource:
    source: Source
    # The URL fetched, on the crawled host.
    url: str
    page: SourcePage
    # When it was served: the base of the incremental policy's revisit window.
    now: datetime
    # The hosts its entries may name: the site's, the one it was named at, the one it says it is of.
    hosts: set[str]


class SectionSources:
    """The sources of one crawl: found, read, and their entries handed to the spider."""

    def __init__(self, spider: SectionSpider) -> None:
        self.spider = spider
        section = spider.arguments.section
        self.named = [Source(url, "sitemap", False, True) for url in section.sitemaps] + \
            [Source(url, FEED, True, True) for url in section.feeds]
        # A section whose navigation is learnt, and whose profile names no source, finds its own.
        self.finding = not self.named and spider.profile.listing is None
        # The Sitemap lines of the crawled host's robots.txt, once the robots.txt middleware read it.
        self.robots: list[str] | None = None
        self.read: list[ReadSource] = []
        # Keys of the articles the listing pages showed.
        self.listed: set[str] = set()
        # The hosts the site is known by: the crawled one, and the one its section page names itself at
        # (a mirror's or a local server's pages name the public host).
        self.hosts = {host_of(spider.start_url)}
        self.task: asyncio.Task[None] | None = None
        self.reading = False
        self.listing_over = False
        self.judged = False

    @property
    def used(self) -> list[Source]:
        """The sources read, each once."""
        return list(dict.fromkeys(read.source for read in self.read))

    def robots_seen(self, response: Response) -> None:
        """Keep the Sitemap lines of the crawled host's robots.txt (a ``response_received`` handler)."""
        if self.robots is None and urlsplit(response.url).path == "/robots.txt" and \
                urlsplit(response.url).netloc == urlsplit(self.spider.start_url).netloc:
            self.robots = robots_sitemaps(response.body, response.url) if response.status == 200 else []

    def start(self, response: scrapy.http.TextResponse) -> None:
        """Begin reading the sources, from the section's first listing page."""
        if self.task is not None or not (self.named or self.finding):
            return
        sources = list(self.named)
        for named in response.xpath("/html/head/link[@rel='canonical']/@href | /html/head/meta[@property='og:url']"
                                    "/@content").getall():
            if host_of(response.urljoin(named)):
                self.hosts.add(host_of(response.urljoin(named)))
        if self.finding:
            section = self.spider.arguments.section
            titles = (section.title if section.title != section.key else None, self.spider.navigation.title)
            sources += [Source(url, FEED, True, False)
                        for url in section_feeds(response.selector.root, response.url, section.key, titles)]
        self.reading = True
        self.task = asyncio.ensure_future(self._read_all(sources))

    def page_listed(self, urls: list[str]) -> None:
        self.listed.update(article_key(url, self.spider.profile.id_of(url)) for url in urls)

    def busy(self) -> bool:
        """Whether sources are being read, or are read and wait to be judged."""
        return self.reading or (self.task is not None and not self.judged)

    def listing_done(self) -> list[scrapy.Request]:
        """The listing is read: the sources' articles, if they are read too."""
        self.listing_over = True
        return self.settle()

    def settle(self) -> list[scrapy.Request]:
        """The requests of the sources' articles the listing did not show, once (when they are read)."""
        if self.judged or self.task is None or self.reading:
            return []
        self.judged = True
        spider = self.spider
        section = spider.arguments.section
        names = (section.title, section.key, spider.navigation.title)
        requests = []
        for read in self.read:
            verdict = section_entries(
                read.page.entries, own=read.source.own, hosts=read.hosts,
                is_article=spider.navigation.is_section_article,
                listed=lambda url: article_key(url, spider.profile.id_of(url)) in self.listed, names=names,
                newer_only=bool(spider.arguments.max_pages))
            spider.crawler.stats.inc_value(keys.SOURCE_ENTRIES, len(verdict.taken))
            added = 0
            for entry in verdict.taken:
                published = when(entry.published)
                _, request = spider.follow(on_host(entry.url, spider.start_url),
                                           published.isoformat() if published else entry.published or "",
                                           read.now, modified=entry.modified)
                if request is not None:
                    requests.append(request)
                    added += 1
            spider.crawler.stats.inc_value(keys.SOURCE_ARTICLES, added)
            logger.info("%s %s (%s): %d of its %d entries are the section's articles (%d listed); %d requested",
                        read.page.kind.capitalize(), read.url, verdict.reason, len(verdict.taken),
                        len(read.page.entries), verdict.listed, added)
        return requests

    async def _read_all(self, sources: list[Source]) -> None:
        try:
            if self.finding:
                sources += [Source(url, "sitemap", False, False) for url in await self._site_sitemaps()]
            for source in sources:
                try:
                    await self._read(source, source.url, 0)
                except Exception as exc:  # a fault in one source costs that source, never the crawl
                    logger.error("Could not read the %s %s: %s", source.kind, source.url, exc)
                    self.spider.crawler.stats.inc_value(keys.SOURCE_FAILED)
        finally:
            self.reading = False
        # A crawl whose listing is read waits for nothing else: what the sources add goes now.
        if self.listing_over:
            for request in self.settle():
                self.spider.crawler.engine.crawl(request)
        wake(self.spider.crawler)

    async def _site_sitemaps(self) -> list[str]:
        """The site's sitemaps: robots.txt's, else the conventional one."""
        if self.robots is None:
            # The robots.txt middleware is off (ROBOTSTXT_OBEY=False): read it here.
            response = await self._fetch(on_host("/robots.txt", self.spider.start_url))
            self.robots = robots_sitemaps(response.body, response.url) \
                if response is not None and response.status == 200 else []
        return self.robots or [on_host(FALLBACK_SITEMAP, self.spider.start_url)]

    async def _read(self, source: Source, url: str, depth: int) -> None:
        fetched = on_host(url, self.spider.start_url)
        response = await self._fetch(fetched)
        stats = self.spider.crawler.stats
        if response is None or response.status != 200:
            reason = "no answer" if response is None else f"HTTP {response.status}"
            level = logging.WARNING if source.named else logging.INFO
            logger.log(level, "Could not read the %s %s (%s)%s", source.kind, fetched, reason,
                       "" if source.named else ": the section is crawled from its listing pages alone")
            stats.inc_value(keys.SOURCE_FAILED)
            return
        page = read_source(response.body, response.url, self.spider.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        stats.inc_value(keys.SOURCE_PAGES)
        if page is None:
            logger.warning("%s is no sitemap or feed (%s); not read", fetched, response.headers.get("Content-Type"))
            return
        if self.spider.clock.given is None:
            self.spider.observe(page.offsets)
        if page.kind != INDEX:
            hosts = self.hosts | {host_of(url)} | ({host_of(page.home)} if page.home else set())
            self.read.append(ReadSource(source, fetched, page, self.spider.response_time(response), hosts))
            return
        if depth >= MAX_DEPTH:
            logger.warning("Sitemap index %s nests too deep; its sitemaps are not read", fetched)
            return
        arguments = self.spider.arguments
        window = None if arguments.full else timedelta(
            hours=self.spider.crawler.settings.getfloat("HUNAWORLD_REVISIT_HOURS"))
        since = datetime.combine(arguments.since, datetime.min.time(), UTC) if arguments.since else None
        # An index may name another site's sitemaps (a partner's, a CDN's): only the site's are read.
        hosts = self.hosts | {host_of(url)}
        chosen = sitemaps_to_read([child for child in page.children if host_of(child[0]) in hosts], window, since,
                                  arguments.section.key)
        logger.info("Sitemap index %s names %d sitemaps; reading %d of them", fetched, len(page.children),
                    len(chosen))
        for child in chosen:
            await self._read(source, child, depth + 1)

    async def _fetch(self, url: str) -> Response | None:
        request = scrapy.Request(url, callback=NO_CALLBACK, dont_filter=True, meta={"page_type": "source"})
        try:
            return await self.spider.crawler.engine.download_async(request)
        except Exception as exc:  # a network error after retries, or robots.txt forbids it: said by _read
            logger.debug("Could not fetch %s: %r", url, exc)
            return None
