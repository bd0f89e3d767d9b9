"""Article extraction in worker processes, so parsing never holds up the crawl's event loop.

Scrapy runs every callback on its one event-loop thread: while an article page is parsed, nothing
is downloaded or stored. Parsing and loading an article costs more than half the CPU that Scrapy
spends fetching it; in a worker it runs on another core while the crawl goes on.

A worker is a Python process running ``main``: jobs come in on its stdin and results go out on its
stdout, as length-prefixed pickles. The crawl process gets no extra thread (the threads of a
``ProcessPoolExecutor`` fought the event loop for the GIL and cost more than the parsing they
saved), and a worker ends by itself when its stdin closes, so even a crawl killed with SIGKILL
leaves no process behind. Pickle is safe here: both ends are this package, over private pipes.

A job that fails in the worker raises ``ExtractionError`` in the crawl, logged with the page's URL
like any callback error; so does a page the worker spends more than the timeout on, and that
worker is stopped. A worker that dies hands its other pending pages back to the crawl process and
is replaced by a new one (``RESTARTS`` times at most; after that the crawl parses pages itself):
the crawl slows down but loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import resource
import signal
import struct
import subprocess
import sys
import traceback
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from parsel import Selector
from w3lib.encoding import html_to_unicode

from hunaworld.extraction.loader import load_article
from hunaworld.html.parsing import page_selector
from hunaworld.sites import get_profile
from hunaworld.storage.search_index import IndexedItem, with_entry

if TYPE_CHECKING:
    from scrapy.http import TextResponse

logger = logging.getLogger(__name__)

# itemadapter imports Scrapy, when it is installed, to recognise scrapy.Item; a worker only handles
# dicts, and Scrapy would double its memory (36 -> 62 MB) and start-up time.
WORKER_COMMAND = (sys.executable, "-c",
                  "import sys; sys.modules['scrapy'] = None; from hunaworld.crawling.workers import main; main()")
HEADER = struct.Struct("!I")
# Job ids of the frames a worker writes on its own: the first, once it is ready for work, and the
# last, with its CPU seconds and peak memory.
READY, USAGE = -1, 0
# A worker that dies is replaced, but not forever: after this many, pages are parsed in the crawl.
RESTARTS = 3


class ExtractionError(Exception):
    """An article page the worker could not load; the message carries the worker's traceback."""


def _frame(message: Any) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload)) + payload


class LoadedArticle(NamedTuple):
    """An article item with its search-index entry, the template it was found in, the layer that
    gave each field, and the fields a layer failed on."""

    item: IndexedItem
    layout: str | None
    layers: dict[str, str]
    failed: dict[str, str]


def load(sel: Selector, url: str, site: str, *, tz: tzinfo, now: datetime) -> LoadedArticle:
    """The page's article, extracted with the profile of ``site`` (a key: profiles do not cross pipes)."""
    item, found = load_article(sel, url, get_profile(site), tz=tz, now=now)
    return LoadedArticle(with_entry(item), found.layout, found.layers, found.failed)


# The result of a job crosses the pipe as plain containers: an item class and a named tuple cost a
# third more to unpickle, on the crawl's one event-loop thread.
Wire = tuple[dict[str, Any], tuple[str, str, str, str], str | None, dict[str, str], dict[str, str]]


def _to_wire(article: LoadedArticle) -> Wire:
    item = article.item
    return dict(item), item.entry, article.layout, article.layers, article.failed


def _from_wire(value: Wire) -> LoadedArticle:
    item, entry, layout, layers, failed = value
    return LoadedArticle(with_entry(item, entry), layout, layers, failed)


class _Clock(NamedTuple):
    """The zone and the time a page's relative dates are read against, pickled once for every job
    that shares them: the time is the page's ``Date`` header, which changes once a second at most,
    and pickling a zone-aware time cost more than the rest of the job."""

    tz: tzinfo
    now: datetime
    pickled: bytes


def _load(url: str, body: bytes, encoding: str, site: str, clock: bytes) -> Wire:
    # Decoded as Scrapy's TextResponse.text does, without importing Scrapy: the worker stays at half
    # the memory and start-up time of a crawl process.
    text = html_to_unicode(f"charset={encoding}", body)[1]
    tz, now = _unpickled_clock(clock)
    return _to_wire(load(page_selector(text, url), url, site, tz=tz, now=now))


@lru_cache(maxsize=4)
def _unpickled_clock(clock: bytes) -> tuple[tzinfo, datetime]:
    return pickle.loads(clock)


def serve(jobs: BinaryIO, results: BinaryIO) -> None:
    """The worker's loop: a ready frame, one result frame for each job frame, and its own usage."""

    def send(message: tuple[Any, ...]) -> None:
        results.write(_frame(message))
        results.flush()

    send((READY, True, None))
    while len(header := jobs.read(HEADER.size)) == HEADER.size:
        size = HEADER.unpack(header)[0]
        if len(payload := jobs.read(size)) < size:
            break  # the crawl died while writing
        job_id, args = pickle.loads(payload)
        try:
            send((job_id, True, _load(*args)))
        except Exception:  # any failure of one page goes back to the crawl, which logs it
            send((job_id, False, traceback.format_exc()))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    send((USAGE, True, (usage.ru_utime + usage.ru_stime, _peak_rss(usage))))


def _peak_rss(usage: resource.struct_rusage) -> int:
    """Peak resident memory of this process, in bytes.

    On Linux ``ru_maxrss`` survives fork and exec, so a worker would report its parent's peak;
    VmHWM in /proc is this program's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return usage.ru_maxrss * 1024


class _ResultReader(asyncio.Protocol):
    def __init__(self, on_result: Callable[[Any], None], on_lost: Callable[[], None]) -> None:
        self.buffer = bytearray()
        self.on_result = on_result
        self.on_lost = on_lost

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= HEADER.size:
            end = HEADER.size + HEADER.unpack_from(self.buffer)[0]
            if len(self.buffer) < end:
                return
            message = pickle.loads(self.buffer[HEADER.size:end])
            del self.buffer[:end]
            self.on_result(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.on_lost()


class _Worker:
    """One worker process, the jobs it has not answered yet, and a watchdog on the oldest of them."""

    def __init__(self, timeout: float) -> None:
        # The worker sees the crawl's import path (scrapyd runs a project from an egg on sys.path),
        # and its stderr is the crawl's, so a worker crash is in the crawl's log output.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.timeout = timeout
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.ready = False
        self.alive = True
        self.exited = asyncio.Event()
        self.usage: tuple[float, int] = (0.0, 0)
        self.jobs: asyncio.WriteTransport | None = None
        self.watchdog: asyncio.TimerHandle | None = None

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        self.jobs, _ = await loop.connect_write_pipe(asyncio.BaseProtocol, self.process.stdin)
        await loop.connect_read_pipe(lambda: _ResultReader(self._answer, self._lost), self.process.stdout)

    def submit(self, job_id: int, args: tuple[Any, ...]) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[job_id] = future
        self.jobs.write(_frame((job_id, args)))
        if len(self.pending) == 1:
            self._arm()
        return future

    def _arm(self) -> None:
        """Give the job the worker is on (the oldest unanswered one) ``timeout`` seconds from now."""
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        if self.ready and self.pending and self.timeout > 0:
            self.watchdog = asyncio.get_running_loop().call_later(self.timeout, self._stuck)

    def _answer(self, message: tuple[int, bool, Any]) -> None:
        job_id, ok, value = message
        if job_id == USAGE:
            self.usage = value
            return
        if job_id == READY:
            self.ready = True
        else:
            future = self.pending.pop(job_id)
            if not future.done():
                future.set_result((ok, value))
        self._arm()

    def _stuck(self) -> None:
        """The worker has spent ``timeout`` seconds on one page: that page fails, the worker is stopped."""
        job_id, future = next(iter(self.pending.items()))
        del self.pending[job_id]
        future.set_result((False, f"no answer after {self.timeout:g} s; the extraction worker was stopped"))
        logger.warning("Extraction worker %d spent %g s on one page; stopped", self.process.pid, self.timeout)
        self.alive = False
        self.process.kill()
        self.process.wait()

    def _lost(self) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        self.jobs.close()
        if self.alive:
            # Its pipe closes a moment before its exit status is ready.
            try:
                status: int | str = self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                status = "unknown"
            logger.warning("Extraction worker %d stopped (exit status %s)", self.process.pid, status)
        self.alive = False
        self.exited.set()
        # Its other pages were not what stopped it: they are loaded again.
        for future in self.pending.values():
            if not future.done():
                future.set_result(None)
        self.pending.clear()

    async def close(self) -> None:
        self.alive = False
        # The worker answers every job written before its stdin closes, then exits.
        self.jobs.close()
        try:
            await asyncio.wait_for(self.exited.wait(), timeout=10)
        except TimeoutError:
            self.process.kill()
        self.process.wait()


class ExtractionWorkers:
    """Articles loaded for the crawl: in worker processes when there are any, else in-process.

    ``timeout`` (seconds, 0 for none) bounds the time a worker may spend on one page: a page that
    would hang the parser fails with an error naming it, instead of hanging the crawl.
    """

    def __init__(self, workers: int, timeout: float = 0) -> None:
        self.size = workers
        self.timeout = timeout
        self.workers: list[_Worker] = []
        self.next_job = 0
        self.restarts = 0
        self.clock: _Clock | None = None

    async def start(self) -> None:
        for _ in range(self.size):
            await self._spawn()

    async def _spawn(self) -> None:
        try:
            worker = _Worker(self.timeout)
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

    async def load(self, response: TextResponse, site: str, *, tz: tzinfo, now: datetime) -> LoadedArticle:
        if len(self.workers) > sum(worker.alive for worker in self.workers):
            await self._replace_dead()
        answer = None
        if live := [worker for worker in self.workers if worker.alive]:
            worker = min(live, key=lambda w: len(w.pending))
            self.next_job += 1
            answer = await worker.submit(self.next_job, (response.url, response.body, response.encoding, site,
                                                         self._pickled_clock(tz, now)))
        if answer is None:  # no worker, or it died with this page among others
            return load(page_selector(response.text, response.url), response.url, site, tz=tz, now=now)
        ok, value = answer
        if not ok:
            raise ExtractionError(f"{response.url}: {value}")
        return _from_wire(value)

    def _pickled_clock(self, tz: tzinfo, now: datetime) -> bytes:
        clock = self.clock
        # The same zone object and the same time in it (an equal time in another zone pickles otherwise).
        if clock is None or clock.tz is not tz or clock.now.tzinfo is not now.tzinfo or clock.now != now:
            clock = self.clock = _Clock(tz, now, pickle.dumps((tz, now), protocol=pickle.HIGHEST_PROTOCOL))
        return clock.pickled

    async def close(self) -> dict[str, float]:
        """Stop the workers; what they did: jobs, restarts, and the CPU seconds and peak memory (bytes) of
        the workers running at the end."""
        for worker in self.workers:
            await worker.close()
        # Workers run side by side, so their peaks add up.
        return {"jobs": self.next_job, "restarts": self.restarts,
                "cpu_seconds": round(sum(w.usage[0] for w in self.workers), 2),
                "max_rss": sum(w.usage[1] for w in self.workers)}


def main() -> None:
    """A worker process: serve jobs from stdin until it closes."""
    # Ctrl-C in a terminal reaches the whole process group; the crawl shuts down gracefully and
    # still needs this worker for the pages in flight. The worker ends when the crawl closes its stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    results = sys.stdout.buffer
    # Anything a library prints would corrupt the result frames: it goes to the crawl's stderr.
    sys.stdout = sys.stderr
    try:
        serve(sys.stdin.buffer, results)
    except BrokenPipeError:
        # The crawl is gone (killed): nobody reads the results, and there is nothing to report.
        os._exit(0)

