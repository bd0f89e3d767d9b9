"""The crawl's WARC archive, as a downloader middleware: every article and listing response, with
its request, written to the crawl's WARC files (``HUNAWORLD_WARC``) as it arrives, and the record's
pointer put in the request's meta (``WARC_META``) for the article's row.

It sits next to the downloader, so it keeps the body as the site sent it (still compressed when the
site compressed it: warcio undoes that when the record is read). The record is written before the
page reaches the spider, so a row can only ever point at a record that was written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.headers import Headers

from hunaworld.warc.files import Exchange, WarcFolder, folder_for

logger = logging.getLogger(__name__)

# The request meta key that carries the response record's pointer (hunaworld.warc.files.Pointer).
WARC_META = "warc"
ARCHIVED = frozenset({"article", "listing"})


def header_pairs(headers: Headers, leave_out: frozenset[bytes] = frozenset()) -> list[tuple[str, str]]:
    """Scrapy's headers as (name, value) pairs, one per value, as HTTP carries them."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items()
            if name.lower() not in leave_out for value in values]


# Scrapy has joined the chunks by now: a record saying "chunked" would be read as chunks.
_SENT_CHUNKED = frozenset({b"transfer-encoding"})


def exchange(request: Request, response: Response) -> Exchange:
    """The page as a WARC record pair keeps it."""
    protocol = response.protocol if response.protocol and response.protocol.startswith("HTTP/") else "HTTP/1.1"
    return Exchange(response.url, response.status, header_pairs(response.headers, _SENT_CHUNKED), response.body,
                    request.method, header_pairs(request.headers), request.body or b"", protocol)


class ArchiveMiddleware:
    """Writes article and listing responses to the crawl's WARC files (``HUNAWORLD_WARC``: a folder,
    ``off``, or unset for ``<database name>-warc`` beside ``HUNAWORLD_SQLITE``)."""

    def __init__(self, files: WarcFolder) -> None:
        self.files = files

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        settings = crawler.settings
        database = Path(settings.get("HUNAWORLD_SQLITE"))
        folder = folder_for(settings.get("HUNAWORLD_WARC"), database)
        if folder is None:
            raise NotConfigured
        middleware = cls(WarcFolder(folder, database.parent, max_size=settings.getint("HUNAWORLD_WARC_MAX_SIZE")))
        crawler.signals.connect(middleware.close, signal=signals.engine_stopped)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        # A page rendered in the browser is the browser's document, not a response of the site: the
        # listing's own response, fetched before it, is the one archived.
        if request.meta.get("page_type") in ARCHIVED and "playwright" not in response.flags:
            request.meta[WARC_META] = self.files.write(exchange(request, response))
        return response

    def close(self) -> None:
        self.files.close()
        if self.files.files:
            logger.debug("Pages archived in %s (%d WARC file(s))", self.files.folder, len(self.files.files))
