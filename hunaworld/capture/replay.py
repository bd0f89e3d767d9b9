"""Offline replay and recording of a crawl, as downloader middlewares.

A capture is a folder holding ``manifest.json`` (a list of ``{url, file, status, headers}``) and the
files it names. Replay answers every request from the capture through the normal engine, so
retries, redirects, robots.txt and the spider behave exactly as on the network. Record writes live
responses in the same format, so fixtures are refreshed from the real site in one command.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url, safe_url_string

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
RECORDED_HEADERS = ("Content-Type", "Date", "Location", "Last-Modified")


def _key(url: str) -> str:
    return canonicalize_url(safe_url_string(url))


def load_manifest(folder: str | Path) -> list[dict[str, Any]]:
    return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))


class ReplayMiddleware:
    """Answers requests from a capture folder (setting ``HUNAWORLD_REPLAY``); unrecorded URLs get a 404."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.entries = {_key(entry["url"]): entry for entry in load_manifest(self.folder)}
        logger.info("Replaying %d recorded responses from %s", len(self.entries), self.folder)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        folder = crawler.settings.get("HUNAWORLD_REPLAY")
        if not folder:
            raise NotConfigured
        return cls(folder)

    def process_request(self, request: Request) -> Response:
        entry = self.entries.get(_key(request.url))
        if entry is None:
            level = logging.INFO if urlsplit(request.url).path == "/robots.txt" else logging.WARNING
            logger.log(level, "Not in the replayed capture, answering 404: %s", request.url)
            return Response(url=request.url, status=404, request=request, flags=["replay"])
        body = (self.folder / entry["file"]).read_bytes() if entry.get("file") else b""
        headers = entry.get("headers", {})
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=entry.get("status", 200), headers=headers, body=body,
                   request=request, flags=["replay"])


def _file_name(url: str, taken: set[str]) -> str:
    parts = urlsplit(url)
    stem = re.sub(r"[^\w\-]+", "_", unquote(parts.path + ("_" + parts.query if parts.query else "")))
    stem = stem.replace("=", "-").strip("_")[:120] or "index"
    name, n = f"{stem}.html", 1
    while name in taken:
        n += 1
        name = f"{stem}.{n}.html"
    return name


class RecordMiddleware:
    """Saves every downloaded response into a capture folder (setting ``HUNAWORLD_RECORD``)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        manifest = self.folder / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        if manifest.exists():
            self.entries = {_key(e["url"]): e for e in load_manifest(self.folder)}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordMiddleware:
        folder = crawler.settings.get("HUNAWORLD_RECORD")
        if not folder:
            raise NotConfigured
        middleware = cls(folder)
        crawler.signals.connect(middleware.save_manifest, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if "replay" in response.flags:
            return response
        key = _key(response.url)
        old = self.entries.get(key)
        taken = {e["file"] for e in self.entries.values()}
        name = old["file"] if old else _file_name(response.url, taken)
        (self.folder / name).write_bytes(response.body)
        headers = {h: response.headers.get(h).decode("latin-1") for h in RECORDED_HEADERS if response.headers.get(h)}
        self.entries[key] = {"url": unquote(response.url), "file": name, "status": response.status,
                             "headers": headers}
        return response

    def save_manifest(self) -> None:
        path = self.folder / MANIFEST
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(list(self.entries.values()), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
        logger.info("Recorded %d responses into %s", len(self.entries), self.folder)
