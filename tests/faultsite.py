"""A local copy of the site that misbehaves on purpose, for end-to-end fault tests.

``FaultServer`` is ``hunaworld.capture.server.CaptureServer`` (the capture served on 127.0.0.1) plus a
script per path: a list of behaviours, one per hit, after which the path answers normally::

    with FaultServer(SITE) as site:
        site.script("/news/52890/...", Status(503))   # first hit 503, then the page
        site.slow("/news/", 0.3)                        # every article answer delayed
        ...
        site.hits["/news/52890/..."]                   # requests the server received

Paths are ``localsite.route_key`` paths: decoded (Arabic, not percent-encoded), query included.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from w3lib.url import safe_url_string

from hunaworld.capture.server import CaptureServer

Answer = tuple[int | None, dict[str, str], bytes]


@dataclass(frozen=True)
class Serve:
    """The normal answer, after ``delay`` seconds."""

    delay: float = 0.0


@dataclass(frozen=True)
class Status:
    """Answer ``code`` with ``body`` instead of the page."""

    code: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/plain; charset=utf-8"})


@dataclass(frozen=True)
class Redirect:
    """Answer ``code`` with a ``Location`` header."""

    location: str
    code: int = 301


@dataclass(frozen=True)
class Stall:
    """Answer nothing for ``seconds``, then close the connection (a read timeout for the client)."""

    seconds: float


@dataclass(frozen=True)
class Cut:
    """Send the headers with the full ``Content-Length``, a ``fraction`` of the body, then close."""

    fraction: float = 0.5


Behaviour = Serve | Status | Redirect | Stall | Cut


class FaultServer(CaptureServer):
    """The capture on 127.0.0.1 with per-path, per-hit faults; every request is counted in ``hits``."""

    # socketserver listens with a backlog of 5: a burst of Scrapy connections overflows it and the
    # kernel drops the handshake, so a request stalls a whole SYN retransmit (1 s) before the server
    # sees it -- a spurious timeout in tests with a 1 s DOWNLOAD_TIMEOUT.
    request_queue_size = 128

    def __init__(self, folder: str | Path, port: int = 0) -> None:
        super().__init__(folder, port)
        self.scripts: dict[str, list[Behaviour]] = {}
        self.delays: list[tuple[str, float]] = []
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.in_flight: dict[int, tuple[str, float]] = {}
        self.answered: dict[str, int] = {}
        self.errors: list[BaseException] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    # -- configuration ---------------------------------------------------------------------------

    def script(self, path: str, *behaviours: Behaviour) -> None:
        """The next hits of ``path`` behave as listed, one each; later hits answer normally."""
        self.scripts[path] = list(behaviours)

    def slow(self, prefix: str, seconds: float) -> None:
        """Delay every normal answer for a path starting with ``prefix``."""
        self.delays.append((prefix, seconds))

    def serve(self, path: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Add or replace the page at ``path``."""
        self.pages[path] = (status, headers or {"Content-Type": "text/html; charset=utf-8"}, body)

    def url(self, path: str) -> str:
        return self.base_url + path

    def hits_under(self, prefix: str) -> int:
        """Requests received for paths starting with ``prefix``."""
        return sum(n for path, n in self.hits.items() if path.startswith(prefix))

    def answered_under(self, prefix: str) -> int:
        """Answers finished (written or abandoned) for paths starting with ``prefix``."""
        with self.lock:
            return sum(n for path, n in self.answered.items() if path.startswith(prefix))

    def stalled_for(self) -> float:
        """How long the oldest request still being answered has waited (0 when none)."""
        with self.lock:
            starts = [start for _, start in self.in_flight.values()]
        return time.monotonic() - min(starts) if starts else 0.0

    # -- answering -------------------------------------------------------------------------------

    def page(self, key: str, handler: BaseHTTPRequestHandler) -> Answer:
        if key in self.pages:
            return self.pages[key]
        return super().answer(key, handler)

    def answer(self, key: str, handler: BaseHTTPRequestHandler) -> Answer:
        with self.lock:
            queue = self.scripts.get(key)
            behaviour = queue.pop(0) if queue else Serve(self.delay_for(key))
            self.in_flight[id(handler)] = (key, time.monotonic())
        try:
            status, headers, body = self.behave(behaviour, key, handler)
            # The handler speaks HTTP/1.0 and closes every connection; without this header Twisted
            # pools the connection as keep-alive and may send the next request into a closing socket.
            return status, {**headers, "Connection": "close"}, body
        finally:
            with self.lock:
                self.in_flight.pop(id(handler), None)
                self.answered[key] = self.answered.get(key, 0) + 1

    def delay_for(self, key: str) -> float:
        return next((seconds for prefix, seconds in self.delays if key.startswith(prefix)), 0.0)

    def behave(self, behaviour: Behaviour, key: str, handler: BaseHTTPRequestHandler) -> Answer:
        if isinstance(behaviour, Serve):
            if behaviour.delay:
                self.stopping.wait(behaviour.delay)
            return self.page(key, handler)
        if isinstance(behaviour, Status):
            return behaviour.code, dict(behaviour.headers), behaviour.body
        if isinstance(behaviour, Redirect):
            # Header values go out as latin-1: an Arabic path is sent percent-encoded, as servers do.
            location = safe_url_string(behaviour.location)
            return behaviour.code, {"Location": location, "Content-Type": "text/html"}, b""
        if isinstance(behaviour, Stall):
            self.stopping.wait(behaviour.seconds)
            handler.close_connection = True
            return None, {}, b""
        if isinstance(behaviour, Cut):
            status, headers, body = self.page(key, handler)
            handler.send_response(status or 200)
            for name, value in headers.items():
                if name.lower() not in ("date", "content-length", "server"):
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(body[: int(len(body) * behaviour.fraction)])
            handler.wfile.flush()
            handler.close_connection = True
            return None, {}, b""
        raise TypeError(f"unknown behaviour {behaviour!r}")

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that gave up on a stalled answer is expected; kept for inspection."""
        self.errors.append(sys.exc_info()[1])

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        super().__exit__(*exc)
