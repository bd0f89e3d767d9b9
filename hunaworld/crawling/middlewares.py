"""Downloader middlewares of our own (replay, record and encoding live in their own modules)."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from hunaworld.html.decoding import with_arabic_fallback
from hunaworld.monitoring import stats as keys

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
    """Downloader middleware applying :func:`with_arabic_fallback` to every response."""

    def process_response(self, request: object, response: Response) -> Response:
        return with_arabic_fallback(response)
