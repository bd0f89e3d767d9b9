"""Offline replay and recording of a crawl, as downloader middlewares.

Replay answers every request from a capture (``hunaworld.capture.manifest``), or from WARC files
(``hunaworld.warc.capture``), through the normal engine, so retries, redirects, robots.txt and the
spider behave exactly as on the network. Record writes live responses in the capture format, or
into a WARC file, so fixtures are refreshed from the real site in one command.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from hunaworld.capture.manifest import RECORDED_HEADERS, Capture
from hunaworld.warc.archiving import exchange
from hunaworld.warc.capture import WarcCapture, is_warc
from hunaworld.warc.files import SUFFIX, WarcFile

logger = logging.getLogger(__name__)


class ReplayMiddleware:
    """Answers requests from a capture folder or WARC files (setting ``HUNAWORLD_REPLAY``); unrecorded
    URLs get a 404."""

    def __init__(self, folder: str | Path) -> None:
        self.capture = WarcCapture(folder) if is_warc(folder) else Capture(folder)
        logger.info("Replaying %d recorded responses from %s", len(self.capture.entries), self.capture.folder)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        folder = crawler.settings.get("HUNAWORLD_REPLAY")
        if not folder:
            raise NotConfigured
        return cls(folder)

    def process_request(self, request: Request) -> Response:
        entry = self.capture.get(request.url)
        if entry is None:
            level = logging.INFO if urlsplit(request.url).path == "/robots.txt" else logging.WARNING
            logger.log(level, "Not in the replayed capture, answering 404: %s", request.url)
            return Response(url=request.url, status=404, request=request, flags=["replay"])
        body = self.capture.body(entry)
        headers = entry.get("headers", {})
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=entry.get("status", 200), headers=headers, body=body,
                   request=request, flags=["replay"])


class RecordMiddleware:
    """Saves every downloaded response into a capture folder, or with its request into a WARC file
    when the setting ``HUNAWORLD_RECORD`` names one (``FILE.warc.gz``)."""

    def __init__(self, target: str | Path) -> None:
        target = Path(target)
        self.warc = None
        if target.name.endswith(SUFFIX):
            target.parent.mkdir(parents=True, exist_ok=True)
            self.warc = WarcFile(target, target.name)
        self.capture = None if self.warc else Capture(target, create=True)
        self.recorded = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordMiddleware:
        target = crawler.settings.get("HUNAWORLD_RECORD")
        if not target:
            raise NotConfigured
        middleware = cls(target)
        crawler.signals.connect(middleware.save_manifest, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        # A rendered page is the browser's document, not what the site sent: the listing's own
        # response, fetched before it, is the one recorded.
        if "replay" not in response.flags and "playwright" not in response.flags:
            if self.warc is not None:
                self.warc.write(exchange(request, response))
            else:
                self.capture.put(response.url, response.status, recorded_headers(response), response.body)
            self.recorded += 1
        return response

    def save_manifest(self) -> None:
        if self.warc is not None:
            self.warc.close()
        else:
            self.capture.save()
        logger.info("Recorded %d responses into %s", self.recorded,
                    self.warc.path if self.warc is not None else self.capture.folder)


def recorded_headers(response: Response) -> dict[str, str]:
    """The response headers a capture keeps."""
    return {h: response.headers.get(h).decode("latin-1") for h in RECORDED_HEADERS if response.headers.get(h)}
