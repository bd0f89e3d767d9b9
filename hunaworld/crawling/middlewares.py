"""Downloader middlewares of our own (replay, record and encoding live in their own modules)."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from hunaworld.html.decoding import ARABIC_LEGACY, better_encoding, declared_charset
from hunaworld.monitoring import stats as keys
from hunaworld.urls import url_key

logger = logging.getLogger(__name__)


class OffsiteRedirectMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter, plus a warning when what it drops is a redirect of a listed page.

    Scrapy drops a redirect to another host silently (a DEBUG line, no errback), so an article that
    moved off the site would vanish from the crawl without a word.
    """

    def process_request(self, request: Request) -> None:
        try:
            super().process_request(request)
        except IgnoreRequest:
            origin = (request.meta.get("redirect_urls") or [None])[0]
            if origin:
                logger.warning("Not following the redirect of %s %s to another host: %s",
                               request.meta.get("page_type", "page"), origin, request.url)
                self.crawler.stats.inc_value(keys.REDIRECT_OFFSITE)
            raise


class ArabicEncodingMiddleware:
    """Reads a response in the charset :func:`better_encoding` names, when it names one.

    A page that declared a charset and was read in another is logged and counted: its site is
    sending wrong headers, which an operator may want to tell it.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArabicEncodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        encoding = better_encoding(response)
        if encoding is None:
            return response
        if encoding != ARABIC_LEGACY:
            logger.warning("%s declares %s but is %s: read as %s", response.url, declared_charset(response),
                           encoding, encoding)
            self.stats.inc_value(keys.CHARSET_CORRECTED)
        return response.replace(encoding=encoding)


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL of its own chain: the page can never be fetched."""


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirect middleware, failing a redirect loop with an error the request's errback sees.

    Scrapy hands each redirect back to the scheduler, whose duplicate filter drops the one that
    returns to an earlier URL of the chain at DEBUG level: the page was lost with no error and no
    count. The loop is caught here instead.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            chain = [*result.meta.get("redirect_urls", ()), request.url]
            if url_key(result.url) in {url_key(url) for url in chain}:
                raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, result.url])}")
        return result
