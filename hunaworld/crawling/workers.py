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

With ``HUNAWORLD_STORE_IN_WORKER`` the first worker also writes the crawl's batches of articles
to SQLite (``store``): the store's work for an article (upsert, search index, commit) costs the
crawl's event loop about as much as the rest of what the crawl process does for it beyond
fetching, and the worker has a core of its own, idle half the time. One worker writes, so the
batches keep their order; with none, or when it dies with a batch unanswered, the crawl process
writes the batch itself.
"""

from __future__ import annotations

import logging
import pickle
import sys
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from parsel import Selector

from hunaworld.crawling.pipeprocess import JobError, PipeProcess, helper_main
from hunaworld.discovery.clock import DateFacts, date_facts
from hunaworld.extraction.loader import load_article
from hunaworld.extraction.pagekind import ARTICLE
from hunaworld.html.parsing import parse_page
from hunaworld.sites import get_profile
from hunaworld.storage.search_index import IndexedItem, with_entry
from hunaworld.storage.store import ArticleStore, BatchRow

if TYPE_CHECKING:
    import asyncio

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


# The result of a job crosses the pipe as plain containers: an item class and a named tuple cost a
# third more to unpickle, on the crawl's one event-loop thread.
Wire = tuple[dict[str, Any], tuple[str, str, str, str], str | None, dict[str, str], dict[str, str], str,
             DateFacts | None]


def _to_wire(article: LoadedArticle) -> Wire:
    item = article.item
    return dict(item), item.entry, article.layout, article.layers, article.failed, article.kind, article.dates


def _from_wire(value: Wire) -> LoadedArticle:
    item, entry, layout, layers, failed, kind, dates = value
    return LoadedArticle(with_entry(item, entry), layout, layers, failed, kind, dates)


class _Clock(NamedTuple):
    """The zone and the time a page's relative dates are read against, pickled once for every job
    that shares them: the time is the page's ``Date`` header, which changes once a second at most,
    and pickling a zone-aware time cost more than the rest of the job."""

    tz: tzinfo
    now: datetime
    pickled: bytes


def load_job(url: str, body: bytes, encoding: str, site: str | None, clock: bytes, report: bool = False) -> Wire:
    """One job: the page's article, as it crosses the pipe."""
    # Read as Scrapy's TextResponse.text reads it, without importing Scrapy: the worker stays at half
    # the memory and start-up time of a crawl process.
    tz, now = _unpickled_clock(clock)
    return _to_wire(load(parse_page(body, encoding, url), url, site, tz=tz, now=now, report=report))


@lru_cache(maxsize=4)
def _unpickled_clock(clock: bytes) -> tuple[tzinfo, datetime]:
    return pickle.loads(clock)


# A batch's article as it crosses the pipe: its key, its fields, its search-index entry (None: the
# worker makes it), whether its feed line is written, its WARC record's pointer. Plain containers,
# like a page's result.
WireRow = tuple[str, dict[str, Any], tuple[str, str, str, str] | None, bool, tuple[str, int] | None]


def store_job(path: str, rows: list[WireRow]) -> list[int | None]:
    """One job: a batch of articles stored in the SQLite file at ``path``; their revisions."""
    return _store(path).store_batch([(key, with_entry(item, entry, warc), exported)
                                     for key, item, entry, exported, warc in rows])


@lru_cache(maxsize=1)
def _store(path: str) -> ArticleStore:
    # Opened by the first batch and kept: a crawl writes one file.
    return ArticleStore(path)


JOBS = {"page": load_job, "store": store_job}


def do_job(kind: str, *args: Any) -> Any:
    """A job of the worker, by its kind (``JOBS``)."""
    return JOBS[kind](*args)


class ExtractionWorkers:
    """Articles loaded for the crawl: in worker processes when there are any, else in-process.

    ``timeout`` (seconds, 0 for none) bounds the time a worker may spend on one page: a page that
    would hang the parser fails with an error naming it, instead of hanging the crawl.
    """

    def __init__(self, workers: int, timeout: float = 0) -> None:
        self.size = workers
        self.timeout = timeout
        self.workers: list[PipeProcess] = []
        # Jobs given to workers, by kind, for the stats (pages extracted, batches stored); their
        # total numbers the jobs.
        self.done = {"page": 0, "store": 0}
        self.restarts = 0
        self.clock: _Clock | None = None

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
            answer = await self._submit(min(live, key=lambda w: len(w.pending)), "page", response.url, response.body,
                                        response.encoding, site, self._pickled_clock(tz, now), report)
        if answer is None:  # no worker, or it died with this page among others
            return load(parse_page(response.body, response.encoding, response.url), response.url, site, tz=tz, now=now,
                        report=report)
        ok, value = answer
        if not ok:
            raise ExtractionError(f"{response.url}: {value}")
        return _from_wire(value)

    async def store(self, store: ArticleStore, rows: list[BatchRow]) -> list[int | None]:
        """Store a batch of articles (``ArticleStore.store_batch``) in ``store``'s file: by the first
        live worker, else in this process. Raises ``JobError`` (the worker's) or
        ``sqlite3.Error`` (this process's) when the batch could not be stored; then none of it is."""
        if live := [worker for worker in self.workers if worker.alive]:
            wire = [(key, dict(item), item.entry if isinstance(item, IndexedItem) else None, exported,
                     getattr(item, "warc", None)) for key, item, exported in rows]
            answer = await self._submit(live[0], "store", str(store.path), wire)
            if answer is not None:
                ok, value = answer
                if not ok:
                    raise JobError(value)
                return value
            # The worker died with the batch unanswered: whether it committed, the batch's upserts
            # tell (an article it stored comes back unchanged, and is fed by the next run's ledger).
        return store.store_batch(rows)

    def _submit(self, worker: PipeProcess, kind: str, *args: Any) -> asyncio.Future[Any]:
        self.done[kind] += 1
        return worker.submit(sum(self.done.values()), (kind, *args))

    def _pickled_clock(self, tz: tzinfo, now: datetime) -> bytes:
        clock = self.clock
        # The same zone object and the same time in it (an equal time in another zone pickles otherwise).
        if clock is None or clock.tz is not tz or clock.now.tzinfo is not now.tzinfo or clock.now != now:
            clock = self.clock = _Clock(tz, now, pickle.dumps((tz, now), protocol=pickle.HIGHEST_PROTOCOL))
        return clock.pickled

    async def close(self) -> dict[str, float]:
        """Stop the workers; what they did: pages extracted (``jobs``), batches stored, restarts, and the
        CPU seconds and peak memory (bytes) of the workers running at the end."""
        for worker in self.workers:
            await worker.close()
        # Workers run side by side, so their peaks add up.
        return {"jobs": self.done["page"], "store_batches": self.done["store"], "restarts": self.restarts,
                "cpu_seconds": round(sum(w.usage[0] for w in self.workers), 2),
                "max_rss": sum(w.usage[1] for w in self.workers)}


def main() -> None:
    """A worker process: serve jobs from stdin until it closes."""
    helper_main(do_job)
