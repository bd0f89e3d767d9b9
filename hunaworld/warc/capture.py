"""WARC files as a capture: the responses they hold, by URL, answered to a replayed crawl as a capture
folder's pages are (``HUNAWORLD_REPLAY=FILE.warc.gz`` or a folder of WARC files), whoever wrote them
(a crawl's archive, ``HUNAWORLD_RECORD=FILE.warc.gz``, ``wget --warc-file``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hunaworld.capture.manifest import MANIFEST
from hunaworld.urls import url_key
from hunaworld.warc.records import WARC_SUFFIXES, read_page, responses, warc_files


def is_warc(path: str | Path) -> bool:
    """Whether ``path`` names WARC files rather than a capture folder: a WARC file, or a folder of
    them without a capture's manifest.json."""
    path = Path(path)
    if path.is_dir():
        return not (path / MANIFEST).exists() and bool(warc_files(path))
    return path.name.endswith(WARC_SUFFIXES)


class WarcCapture:
    """The responses of WARC files by URL key (a URL answered more than once: its last response)."""

    def __init__(self, path: str | Path) -> None:
        self.folder = Path(path)
        self.entries: dict[str, tuple[Path, int]] = {}
        for file in warc_files(self.folder):
            for offset, url, _ in responses(file):
                self.entries[url_key(url)] = (file, offset)

    def get(self, url: str) -> dict[str, Any] | None:
        """The response to ``url`` as a capture entry (``status``, ``headers`` and the ``body``), or None."""
        where = self.entries.get(url_key(url))
        if where is None:
            return None
        page = read_page(*where)
        return {"url": page.url, "status": page.status, "headers": dict(page.headers), "body": page.body}

    @staticmethod
    def body(entry: dict[str, Any]) -> bytes:
        return entry["body"]
