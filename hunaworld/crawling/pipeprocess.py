"""Helper processes that answer a crawl's jobs over pipes: the extraction workers.

Scrapy runs every callback on its one event-loop thread, so work that would hold it up (parsing a
page) goes to a Python process of its own: jobs go in on its stdin and results come
out on its stdout, as length-prefixed pickles, and the crawl process gets no extra thread (threads
fought the event loop for the GIL and cost more than the work they took over). A helper ends by
itself when its stdin closes, so even a crawl killed with SIGKILL leaves no process behind. Pickle
is safe here: both ends are this package, over private pipes.

``serve`` is a helper's loop; ``PipeProcess`` is the crawl's side of one helper: the jobs it has
not answered yet, a watchdog on the oldest of them, and what the helper reports at exit (its CPU
seconds and peak memory).
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
from typing import Any, BinaryIO

logger = logging.getLogger(__name__)

HEADER = struct.Struct("!I")
# Job ids of the frames a helper writes on its own: the first, once it is ready for work, and the
# last, with its CPU seconds and peak memory.
READY, USAGE = -1, 0


class JobError(Exception):
    """A job the helper failed; the message carries the helper's traceback."""

    def reason(self) -> str:
        """The last line of the traceback: the exception, for a one-line log message."""
        lines = str(self).strip().splitlines()
        return lines[-1] if lines else ""


def frame(message: Any) -> bytes:
    """``message`` as one length-prefixed pickle."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload)) + payload


def serve(jobs: BinaryIO, results: BinaryIO, handle: Callable[..., Any]) -> None:
    """A helper's loop: a ready frame, then for each job frame ``(id, args)`` the frame
    ``(id, True, handle(*args))`` (or ``(id, False, traceback)``), then its own usage."""

    def send(message: tuple[Any, ...]) -> None:
        results.write(frame(message))
        results.flush()

    send((READY, True, None))
    while len(header := jobs.read(HEADER.size)) == HEADER.size:
        size = HEADER.unpack(header)[0]
        if len(payload := jobs.read(size)) < size:
            break  # the crawl died while writing
        job_id, args = pickle.loads(payload)
        try:
            send((job_id, True, handle(*args)))
        except Exception:  # any failure of one job goes back to the crawl, which logs it
            send((job_id, False, traceback.format_exc()))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    send((USAGE, True, (usage.ru_utime + usage.ru_stime, peak_rss(usage))))


def peak_rss(usage: resource.struct_rusage) -> int:
    """Peak resident memory of this process, in bytes.

    On Linux ``ru_maxrss`` survives fork and exec, so a helper would report its parent's peak;
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


class PipeProcess:
    """One helper process running ``command``, the jobs it has not answered yet, and a watchdog on the
    oldest of them.

    A job's future gets ``(ok, value)``; ``None`` when the helper died with the job unanswered (the
    caller does that job another way). ``label`` names the helper in the log, and ``job`` what one
    job is to a reader ("page").
    """

    def __init__(self, command: tuple[str, ...], label: str, timeout: float = 0, *, job: str = "job") -> None:
        # The helper sees the crawl's import path (scrapyd runs a project from an egg on sys.path),
        # and its stderr is the crawl's, so a helper's crash is in the crawl's log output.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.label = label
        self.job = job
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
        self.jobs.write(frame((job_id, args)))
        if len(self.pending) == 1:
            self._arm()
        return future

    def _arm(self) -> None:
        """Give the job the helper is on (the oldest unanswered one) ``timeout`` seconds from now."""
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
        """The helper has spent ``timeout`` seconds on one job: that job fails, the helper is stopped."""
        job_id, future = next(iter(self.pending.items()))
        del self.pending[job_id]
        future.set_result((False, f"no answer after {self.timeout:g} s; the {self.label} was stopped"))
        logger.warning("%s %d spent %g s on one %s; stopped", self.label.capitalize(), self.process.pid,
                       self.timeout, self.job)
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
            logger.warning("%s %d stopped (exit status %s)", self.label.capitalize(), self.process.pid, status)
        self.alive = False
        self.exited.set()
        # Its other jobs were not what stopped it: the caller does them another way.
        for future in self.pending.values():
            if not future.done():
                future.set_result(None)
        self.pending.clear()

    async def close(self) -> None:
        self.alive = False
        # The helper answers every job written before its stdin closes, then exits.
        self.jobs.close()
        try:
            await asyncio.wait_for(self.exited.wait(), timeout=10)
        except TimeoutError:
            self.process.kill()
        self.process.wait()


def helper_main(handle: Callable[..., Any]) -> None:
    """A helper process: serve jobs from stdin with ``handle`` until it closes."""
    # Ctrl-C in a terminal reaches the whole process group; the crawl shuts down gracefully and
    # still needs this helper for the jobs in flight. The helper ends when the crawl closes its stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    results = sys.stdout.buffer
    # Anything a library prints would corrupt the result frames: it goes to the crawl's stderr.
    sys.stdout = sys.stderr
    try:
        serve(sys.stdin.buffer, results, handle)
    except BrokenPipeError:
        # The crawl is gone (killed): nobody reads the results, and there is nothing to report.
        os._exit(0)
