"""Article extraction in worker processes, so parsing never holds up the crawl's event loop.

Scrapy runs every callback on its one event-loop thread: while an article page is parsed, nothing
is downloaded or stored. Parsing and loading an article costs more than half the CPU that Scrapy
spends fetching it; in a worker (a helper process, :mod:`hunaworld.crawling.pipeprocess`) it runs on another
core while the crawl goes on. A worker imports no Scrapy.

A job that fails in the worker raises ``ExtractionError`` in the crawl, logged with the page's URL
like any callback error; so does a page the worker spends more than the timeout on, and that
worker is stopped. A worker that dies hands its other pending pages back to the crawl process and
is replaced by a new one (``RESTARTS`` times at most; after that the crawl parses pages itself):
the crawl slows down but loses nothing.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from parsel import Selector

from hunaworld.crawling.pipeprocess import JobError, PipeProcess, helper_main
from hunaworld.discovery.clock import DateFacts, date_facts
from hunaworld.extraction.loader import load_article
from hunaworld.extraction.pagekind import ARTICLE
from hunaworld.html.parsing import parse_page
from hunaworld.sites import get_profile
from hunaworld.storage.search_index import IndexedItem, with_entry

if TYPE_CHECKING:

    from scrapy.http import TextResponse

logger = logging.getLogger(__name__)

# itemadapter imports Scrapy, when it is installed, to recognise scrapy.Item; a worker only handles
# dicts, and Scrapy would double its memory (36 -> 62 MB) and start-up time.
WORKER_COMMAND = (sys.executable, "-c",
                  "import sys; sys.modules['scrapy'] = None; from hunaworld.crawling.workers import main; main()")
# A worker that dies is replaced, but not forever: after this many, pages are parsed in the crawl.
RESTARTS = 3


class ExtractionError(JobError):
    """An article page the worker could not load; the message carries the worker's traceback."""


class LoadedArticle(NamedTuple):
    """An article item with its search-index entry, the template it was found in, the layer that
    gave each field, the fields a layer failed on, what the page is (``"article"``, else the item is
    no article: :mod:`hunaworld.extraction.pagekind`) and, when asked, what its dates say of the
    site's clock (:func:`hunaworld.discovery.clock.date_facts`)."""

    item: IndexedItem
    layout: str | None
    layers: dict[str, str]
    failed: dict[str, str]
    kind: str = ARTICLE
    dates: DateFacts | None = None


def load(sel: Selector, url: str, site: str | None, *, tz: tzinfo, now: datetime, report: bool = False
         ) -> LoadedArticle:
    """The page's article, extracted with the profile of ``site`` (a key: profiles do not cross
    pipes; None: the generic layers alone); with ``report``, with its date facts."""
    item, found = load_article(sel, url, get_profile(site) if site else None, tz=tz, now=now)
    facts = date_facts(found, tz, now) if report else None
    return LoadedArticle(with_entry(item), found.layout, found.layers, found.failed, found.kind, facts)


def load_job(url: str, body: bytes, encoding: str, site: str | None, tz: tzinfo, now: datetime,
             report: bool = False) -> LoadedArticle:
    """One job: the page's article, read as Scrapy's TextResponse.text reads it, without importing
    Scrapy (the worker stays at half the memory and start-up time of a crawl process)."""
    return load(parse_page(body, encoding, url), url, site, tz=tz, now=now, report=report)


class ExtractionWorkers:
    """Articles loaded for the crawl: in worker processes when there are any, else in-process.

    ``timeout`` (seconds, 0 for none) bounds the time a worker may spend on one page: a page that
    would hang the parser fails with an error naming it, instead of hanging the crawl.
    """

    def __init__(self, workers: int, timeout: float = 0) -> None:
        self.size = workers
        self.timeout = timeout
        self.workers: list[PipeProcess] = []
        # Pages given to workers, for the stats; the count numbers the jobs.
        self.jobs = 0
        self.restarts = 0

    async def start(self) -> None:
        for _ in range(self.size):
            await self._spawn()

    async def _spawn(self) -> None:
        try:
            worker = PipeProcess(WORKER_COMMAND, "extraction worker", self.timeout, job="page")
        except OSError as exc:
            logger.warning("Could not start an extraction worker (%s); pages are loaded in the crawl process", exc)
            return
        await worker.connect()
        self.workers.append(worker)

    async def _replace_dead(self) -> None:
        dead = [worker for worker in self.workers if not worker.alive]
        for worker in dead:
            self.workers.remove(worker)
            if self.restarts == RESTARTS:
                logger.warning("Extraction workers stopped %d times; the rest of the pages are loaded in the crawl"
                               " process", RESTARTS + 1)
                continue
            self.restarts += 1
            await self._spawn()

    async def load(self, response: TextResponse, site: str | None, *, tz: tzinfo, now: datetime,
                   report: bool = False) -> LoadedArticle:
        if len(self.workers) > sum(worker.alive for worker in self.workers):
            await self._replace_dead()
        answer = None
        if live := [worker for worker in self.workers if worker.alive]:
            self.jobs += 1
            answer = await min(live, key=lambda w: len(w.pending)).submit(
                self.jobs, (response.url, response.body, response.encoding, site, tz, now, report))
        if answer is None:  # no worker, or it died with this page among others
            return load(parse_page(response.body, response.encoding, response.url), response.url, site, tz=tz, now=now,
                        report=report)
        ok, value = answer
        if not ok:
            raise ExtractionError(f"{response.url}: {value}")
        return value

    async def close(self) -> dict[str, float]:
        """Stop the workers; what they did: pages extracted (``jobs``), restarts, and the CPU seconds
        and peak memory (bytes) of the workers running at the end."""
        for worker in self.workers:
            await worker.close()
        # Workers run side by side, so their peaks add up.
        return {"jobs": self.jobs, "restarts": self.restarts,
                "cpu_seconds": round(sum(w.usage[0] for w in self.workers), 2),
                "max_rss": sum(w.usage[1] for w in self.workers)}


def main() -> None:
    """A worker process: serve jobs from stdin until it closes."""
    helper_main(load_job)
