"""Navigation of a section whose listing cards a script writes: paged through the JSON API the
script reads, or rendered in a browser when no API can be had.

The section's first listing page is taken as written by script when it lists (almost) no article,
or has a load-more control and no next page (:func:`hunaworld.discovery.apifinder.written_by_script`).
Its ``<noscript>`` links are followed at once (all a crawl without a browser reaches). Then, cheapest
first: the endpoints its scripts and JSON state name are asked (a few requests, no browser); failing
that, the page is rendered once and the JSON it receives read (its load-more control pressed once
when that is what tells the next page); the API found is then paged by Scrapy like any listing. A
page that receives no listing JSON is read rendered, its load-more control pressed until no new
card comes or the stopping rules say stop. A profile may declare the API (the crawl starts on it)
or ``render=True`` (:class:`~hunaworld.profile.ListingRules`).

What runs in the rendered page (:mod:`hunaworld.crawling.browserpage`) is imported where it is
used: it needs playwright, of the optional extra ``browser``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response
from twisted.python.failure import Failure

from hunaworld.crawling.incremental import Decision
from hunaworld.crawling.rendering import rendering_missing
from hunaworld.discovery.apifinder import endpoints, learn_api, noscript_page, paging_between
from hunaworld.extraction.jsonlisting import read_api_page
from hunaworld.monitoring import stats as keys
from hunaworld.profile import ListingApi
from hunaworld.urls import join_url, on_host

if TYPE_CHECKING:
    from playwright.async_api import Page

    from hunaworld.crawling.spider import SectionSpider

# What a request to render carries for scrapy-playwright: the page kept open for the callback, the
# JSON it receives watched from the start, and its scripts' requests done before it is read.
RENDER_META = {
    "playwright": True,
    "playwright_include_page": True,
    "playwright_page_init_callback": "hunaworld.crawling.browserpage.watch_json",
    "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
}


class ScriptedListings:
    """The spider's navigation of listings written by script (see the module's docstring)."""

    def first_listing_requests(self: SectionSpider) -> Iterator[scrapy.Request]:
        """The section's first listing request: its page, its declared API's first page, or its page
        rendered."""
        rules = self.profile.listing
        if rules is not None and rules.api is not None:
            url = on_host(join_url(self.start_url, rules.api.url) or self.start_url, self.start_url)
            self.use_api(replace(rules.api, url=url), "declared by the profile")
            yield self.api_request(url, rules.api, counted=False)
        elif rules is not None and rules.render and not self.cannot_render(self.start_url):
            yield self.render_request(self.start_url, learn=False)
        else:
            yield self.listing_request(self.start_url, first=True)

    def scripted_listing(self: SectionSpider, response: Response, cards: int) -> Iterator[scrapy.Request]:
        """The section's first page, written by script: its ``<noscript>`` links, then its API."""
        self.logger.info("Listing %s lists %d article(s) and no next page: its cards are written by script",
                         response.url, cards)
        html = noscript_page(response.selector.root)
        if html is not None:
            listing = self.navigation.read(Selector(text=html), response.url)
            self.crawler.stats.inc_value(keys.LISTING_CARDS, len(listing.cards))
            yield from self.follow_cards(listing.cards, self.response_time(response))[0]
        urls, params = endpoints(response.selector.root, response.url)
        if urls:
            yield self.probe_request(urls, params, response.url)
        else:
            yield from self.render_listing(response.url)

    def probe_request(self: SectionSpider, urls: list[str], params: list[str], page: str) -> scrapy.Request:
        self.logger.info("Asking %s, an endpoint named in %s, for the section's list", urls[0], page)
        return scrapy.Request(urls[0], callback=self.parse_probe, errback=self.probe_failed,
                              meta={"page_type": "listing", "probe": urls[1:], "params": params, "page": page})

    def parse_probe(self: SectionSpider, response: Response) -> Iterator[scrapy.Request]:
        data = json_of(response)
        api = learn_api(data, response.url, response.meta["params"]) if data is not None else None
        if api is None:
            yield from self.next_probe(response.meta)
            return
        self.use_api(api, f"named in {response.meta['page']}")
        yield from self.api_page(data, response.url, api, self.response_time(response), counted=True)

    def probe_failed(self: SectionSpider, failure: Failure) -> Iterator[scrapy.Request]:
        """An endpoint that cannot be fetched is no listing; the next one is asked."""
        self.logger.debug("Endpoint %s: %s", failure.request.url, failure.getErrorMessage())
        yield from self.next_probe(failure.request.meta)

    def next_probe(self: SectionSpider, meta: dict[str, Any]) -> Iterator[scrapy.Request]:
        if meta["probe"]:
            yield self.probe_request(meta["probe"], meta["params"], meta["page"])
        else:
            yield from self.render_listing(meta["page"])

    def render_listing(self: SectionSpider, url: str) -> Iterator[scrapy.Request]:
        """The listing at ``url`` rendered, to see the API it reads, unless the crawl cannot render."""
        if not self.cannot_render(url):
            yield self.render_request(url, learn=True)

    def cannot_render(self: SectionSpider, url: str) -> bool:
        """Whether the crawl lacks a browser; if so it says what is missing, in one line, and its
        health check fails."""
        missing = rendering_missing(self.crawler.settings)
        if missing:
            self.browser_failed(f"listing {url} is written by script and needs a browser: {missing}")
        return missing is not None

    def browser_failed(self: SectionSpider, message: str) -> None:
        """Say once what the run lacks to render (the health check says it again)."""
        if self.crawler.stats.get_value(keys.RENDER_MISSING) is None:
            self.logger.error("No browser: %s", message)
            self.crawler.stats.set_value(keys.RENDER_MISSING, message)

    def render_request(self: SectionSpider, url: str, learn: bool) -> scrapy.Request:
        # The same URL as the listing page just read: not a duplicate.
        return scrapy.Request(url, callback=self.parse_rendered, errback=self.render_failed, dont_filter=True,
                              meta={"page_type": "listing", "learn_api": learn, **RENDER_META})

    def render_failed(self: SectionSpider, failure: Failure) -> None:
        reason = (failure.getErrorMessage() or failure.type.__name__).strip().splitlines()[0]
        self.browser_failed(f"listing {failure.request.url} needs a browser, which could not render it: {reason}")

    async def parse_rendered(self: SectionSpider, response: Response) -> AsyncIterator[scrapy.Request]:
        page: Page = response.meta["playwright_page"]
        self.crawler.stats.inc_value(keys.RENDERED_PAGES)
        now = self.response_time(response)
        try:
            found = await api_of_rendered(page, response.meta) if response.meta["learn_api"] else None
            if found is None:
                if hasattr(self.navigation, "scripted"):
                    self.navigation.scripted = {"render": True}
                async for request in self.press_through(page, response, now):
                    yield request
                return
            api, pages = found
            self.use_api(api, f"seen by rendering {response.url}")
            for n, (url, data) in enumerate(pages):
                for request in self.api_page(data, url, api, now, counted=n == 0, follow=n == len(pages) - 1):
                    yield request
        finally:
            await page.close()

    async def press_through(self: SectionSpider, page: Page, response: Response,
                            now: datetime) -> AsyncIterator[scrapy.Request]:
        """The rendered listing's cards, its load-more control pressed for more until no new card
        comes or the stopping rules say stop; each press is a listing page."""
        from hunaworld.crawling.browserpage import press_more

        html, counted = response.text, response.meta["learn_api"]
        while True:
            if not counted:
                self.pages_seen += 1
                self.crawler.stats.inc_value(keys.LISTING_PAGES)
            counted = False
            selector = Selector(text=html)
            listing = self.navigation.read(selector, response.url)
            requests, decisions = self.follow_cards(listing.cards, now)
            self.crawler.stats.inc_value(keys.LISTING_CARDS, sum(d is not Decision.LISTED_AGAIN for d in decisions))
            for request in requests:
                yield request
            if not self.goes_on(response.url, listing.cards, decisions):
                return
            if not await press_more(page):
                # No button to press: a pager's next page, rendered in turn.
                nxt = self.navigation.next_page(selector, response.url)
                if nxt:
                    yield self.render_request(nxt, learn=False)
                return
            html = await page.content()

    def api_request(self: SectionSpider, url: str, api: ListingApi, counted: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_api, errback=self.on_error,
                              meta={"page_type": "listing", "api": asdict(api), "counted": counted})

    def parse_api(self: SectionSpider, response: Response) -> Iterator[scrapy.Request]:
        data = json_of(response)
        if data is None:
            self.logger.error("The listing API's page %s is no JSON", response.url)
            self.crawler.stats.inc_value(f"{keys.FETCH_ERROR}not_json")
            return
        api = ListingApi(**response.meta["api"])
        yield from self.api_page(data, response.url, api, self.response_time(response), response.meta["counted"])

    def api_page(self: SectionSpider, data: Any, url: str, api: ListingApi, now: datetime, counted: bool,
                 follow: bool = True) -> Iterator[scrapy.Request]:
        """The requests of one page of the API: its articles, then (with ``follow``) its next page."""
        stats = self.crawler.stats
        page = read_api_page(data, url, api.items, api.link, api.title, api.date, api.next, api.param)
        if not counted:
            self.pages_seen += 1
            stats.inc_value(keys.LISTING_PAGES)
        stats.inc_value(keys.LISTING_CARDS, len(page.cards))
        if page.refused:
            stats.inc_value(keys.LISTING_REFUSED, len(page.refused))
            self.logger.debug("Not following %d item(s) of %s (sponsored or on another host): %s", len(page.refused),
                              url, ", ".join(page.refused))
        if not page.cards:
            self.logger.warning("Listing API page %s lists no articles", url)
        requests, decisions = self.follow_cards(page.cards, now)
        yield from requests
        if follow and page.next_url and self.goes_on(url, page.cards, decisions):
            yield self.api_request(page.next_url, api)

    def use_api(self: SectionSpider, api: ListingApi, how: str) -> None:
        self.logger.info("The section's list comes from the JSON API %s (%s): items at %r, next page %s", api.url,
                         how, api.items or "(the whole response)", _paging(api))
        self.crawler.stats.set_value(keys.LISTING_API, api.url)
        if hasattr(self.navigation, "scripted"):
            self.navigation.scripted = {"api": asdict(api)}


async def api_of_rendered(page: Page, meta: dict[str, Any]) -> tuple[ListingApi, list[tuple[str, Any]]] | None:
    """The API a rendered listing read, with the pages of it the browser received, or None when it
    received no listing JSON. Where its response does not say how to page it, the load-more
    control is pressed once and the two requests compared."""
    from hunaworld.crawling.browserpage import json_seen, press_more

    seen = await json_seen(meta)
    for url, data in seen:
        api = learn_api(data, url)
        if api is not None:
            break
    else:
        return None
    pages = [(url, data)]
    if not api.next and not api.param and await press_more(page):
        later = [(u, d) for u, d in (await json_seen(meta))[len(seen):] if urlsplit(u).path == urlsplit(url).path]
        paging = paging_between(url, data, later[0][0], api.items) if later else None
        if paging is not None:
            api = replace(api, next=paging[0], param=paging[1])
            pages.append(later[0])
    return api, pages


def json_of(response: Response) -> Any:
    """The response's JSON, or None when it is none."""
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        return None


def _paging(api: ListingApi) -> str:
    if api.next and api.param:
        return f"by {api.param}={api.next}"
    if api.next:
        return f"at {api.next}"
    if api.param:
        return f"by counting {api.param}"
    return "none (one page)"
