"""Serve a capture folder over HTTP on 127.0.0.1, as the site would: ``python -m hunaworld.capture.server DIR``.

Pages are matched by path and query, whatever host the capture recorded, so a crawl pointed at
``http://127.0.0.1:PORT`` and the path of the capture's first page (which the server prints) walks
the captured section like the live one.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from hunaworld.capture.manifest import load_manifest, route_key


class CaptureHandler(BaseHTTPRequestHandler):
    server: CaptureServer
    # Keep-alive, as a real site serves a crawler: a new connection per page would dominate a benchmark.
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.hits[route_key(self.path)] = self.server.hits.get(route_key(self.path), 0) + 1
        status, headers, body = self.server.answer(route_key(self.path), self)
        if status is None:
            return
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("date", "content-length", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a crawl of thousands of pages must not flood the terminal."""


class CaptureServer(ThreadingHTTPServer):
    """An HTTP server answering from a capture's manifest; ``answer`` is the one place to vary it."""

    daemon_threads = True
    # Scrapy opens its connections in a burst; the default backlog of 5 drops some for a second.
    request_queue_size = 128

    def __init__(self, folder: str | Path, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), CaptureHandler)
        self.folder = Path(folder)
        entries = load_manifest(self.folder)
        self.routes = {route_key(e["url"]): e for e in entries}
        # The first page recorded other than robots.txt: where a recorded crawl started.
        self.first_page = next((route_key(e["url"]) for e in entries if route_key(e["url"]) != "/robots.txt"), "/")
        self.hits: dict[str, int] = {}
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, key: str, handler: BaseHTTPRequestHandler) -> tuple[int | None, dict[str, str], bytes]:
        entry = self.routes.get(key)
        if entry is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        body = (self.folder / entry["file"]).read_bytes() if entry.get("file") else b""
        return entry.get("status", 200), dict(entry.get("headers", {})), body

    def __enter__(self) -> CaptureServer:
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", help="a capture folder with manifest.json")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    try:
        server = CaptureServer(args.folder, args.port)
    except (OSError, ValueError) as exc:
        parser.exit(1, f"hunaworld: cannot serve {args.folder} on port {args.port}: {exc}\n")
    with server:
        print(f"Serving {args.folder} at {server.base_url}{server.first_page} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
