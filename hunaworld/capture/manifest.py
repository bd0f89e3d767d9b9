"""The capture format: a folder holding ``manifest.json`` (a list of ``{url, file, status, headers}``)
and the files it names. Replay, record, the local server and the fixture helper all read and write
it through this module."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from hunaworld.urls import url_key

MANIFEST = "manifest.json"
RECORDED_HEADERS = ("Content-Type", "Date", "Location", "Last-Modified")


class Capture:
    """One capture folder: its entries by URL key, and the files they name."""

    def __init__(self, folder: str | Path, *, create: bool = False) -> None:
        self.folder = Path(folder)
        if create:
            self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / MANIFEST
        entries = load_manifest(self.folder) if path.exists() or not create else []
        self.entries: dict[str, dict[str, Any]] = {url_key(e["url"]): e for e in entries}

    def get(self, url: str) -> dict[str, Any] | None:
        return self.entries.get(url_key(url))

    def body(self, entry: dict[str, Any]) -> bytes:
        return (self.folder / entry["file"]).read_bytes() if entry.get("file") else b""

    def put(self, url: str, status: int, headers: dict[str, str], body: bytes) -> Path:
        """Store a response (replacing the one of the same URL) and return its file."""
        old = self.get(url)
        taken = {e.get("file") for e in self.entries.values()}
        name = old["file"] if old and old.get("file") else file_name(url, taken)
        (self.folder / name).write_bytes(body)
        self.entries[url_key(url)] = {"url": unquote(url), "file": name, "status": status, "headers": headers}
        return self.folder / name

    def save(self) -> None:
        """Write the manifest atomically: a crash never leaves half a file."""
        path = self.folder / MANIFEST
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(list(self.entries.values()), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)


def load_manifest(folder: str | Path) -> list[dict[str, Any]]:
    return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))


def route_key(url: str) -> str:
    """Path and query, whatever the host: how a local server finds a captured page for any request."""
    parts = urlsplit(url)
    return unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")


def file_name(url: str, taken: set[str | None]) -> str:
    """A readable file name for the page at ``url``, not among ``taken``."""
    parts = urlsplit(url)
    stem = re.sub(r"[^\w\-]+", "_", unquote(parts.path + ("_" + parts.query if parts.query else "")))
    stem = stem.replace("=", "-").strip("_")[:120] or "index"
    name, n = f"{stem}.html", 1
    while name in taken:
        n += 1
        name = f"{stem}.{n}.html"
    return name
