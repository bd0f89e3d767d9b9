"""Network failures logged as one line: an unreachable host is a condition of the run, not a bug.

Scrapy logs some download failures with the exception's traceback (robots.txt that could not be
fetched, a request with no errback). For a refused connection, a DNS failure or a timeout the message
already names the error and the traceback shows only Twisted's internals, so it is dropped here; any
other exception keeps its traceback.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from twisted.internet.error import ConnectError, ConnectionLost, DNSLookupError, TimeoutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

NETWORK_ERRORS = (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                  DownloadFailedError, DownloadTimeoutError, ResponseDataLossError, ConnectError, ConnectionLost,
                  DNSLookupError, TimeoutError, ResponseFailed, ResponseNeverReceived)


class NetworkTracebackFilter(logging.Filter):
    """Drops the traceback of a record whose exception is a network failure."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


class OneLineNetworkErrors:
    """The extension that puts the filter on the root logger's handlers when the engine starts:
    Scrapy replaces its log handler after the extensions are built, so it is not there before."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineNetworkErrors:
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, NetworkTracebackFilter) for f in handler.filters):
                handler.addFilter(NetworkTracebackFilter())
