"""Feed exporters."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.exporters import JsonLinesItemExporter

from hunaworld.monitoring import stats as keys

logger = logging.getLogger(__name__)


class FlushingJsonLinesExporter(JsonLinesItemExporter):
    """JSON Lines written through to the file at every item.

    An item reaches the feed only after its row is committed; flushing at once keeps the file as
    complete as the database if the process is killed, at the cost of one write call per article.
    A write that fails (a full disk, a file system gone read-only) stops the run: the rows from
    there on stay unexported (:mod:`hunaworld.storage.export`), and the next run writes them.
    """

    def __init__(self, file: IO[bytes], crawler: Crawler | None = None, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.crawler = crawler
        self.failed = False
        self.closing: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> FlushingJsonLinesExporter:
        return cls(file, crawler, **kwargs)

    def start_exporting(self) -> None:
        _end_on_a_whole_line(self.file)

    def export_item(self, item: Any) -> None:
        if self.failed:
            return
        try:
            super().export_item(item)
            self.file.flush()
        except OSError as exc:
            self.fail(exc)

    def fail(self, exc: OSError) -> None:
        """Say it in one line, note it for the feed ledger and the health check, and stop the run."""
        self.failed = True
        name = getattr(self.file, "name", "the feed")
        logger.error("Could not write the feed %s (%s): stopping the run; the articles stored from here on"
                     " are written to the feed by the next run", name, exc.strerror or exc)
        # Closed now, while the bytes it could not write are dropped: Scrapy's own close of the
        # file at the end would try them again and fail with a traceback.
        with contextlib.suppress(OSError):
            self.file.close()
        # Scrapy counts the items it offered this feed and would log them as stored at the end.
        logging.getLogger("scrapy.extensions.feedexport").addFilter(_NotStored(str(name)))
        if self.crawler is not None:
            self.crawler.stats.set_value(keys.FEED_FAILED, f"{name}: {exc.strerror or exc}")
            if self.crawler.engine is not None:
                self.closing = asyncio.ensure_future(
                    self.crawler.engine.close_spider_async(reason=keys.FEED_FAILED_REASON))


class _NotStored(logging.Filter):
    """Leaves out Scrapy's "Stored ... feed" line for a feed whose writes failed."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.feed = name

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == "Stored %s" and isinstance(record.args, tuple)
                    and str(record.args[0]).endswith(f" in: {self.feed}"))


def _end_on_a_whole_line(file: IO[bytes]) -> None:
    """Cut a line a failed or killed write left unfinished at the end of an appended feed.

    Its article was never marked exported, so this run writes it again, whole; appended after the
    cut line, it would be joined to it and both lost to a reader.
    """
    name = getattr(file, "name", None)
    if not isinstance(name, str) or not os.path.isfile(name):
        return  # standard output, a post-processing wrapper, a device
    with open(name, "rb") as feed:  # the feed itself is open for writing only
        end = cut = feed.seek(0, os.SEEK_END)
        while cut > 0:
            step = min(cut, 1 << 16)
            feed.seek(cut - step)
            newline = feed.read(step).rfind(b"\n")
            if newline >= 0:
                cut = cut - step + newline + 1
                break
            cut -= step
    if cut < end:
        os.ftruncate(file.fileno(), cut)
        logger.warning("The feed %s ended in a cut line (%d bytes): removed, its article is written again",
                       name, end - cut)
