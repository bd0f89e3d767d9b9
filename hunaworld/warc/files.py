"""WARC files written by warcio: each page read (a response with its request) as gzipped records,
appended to size-rotated files in one folder, and the pointer (file, offset) by which an article
row finds its page again.

Crash safety: a pair of records is made whole in memory and reaches the file in one write, flushed
before its pointer is handed out, so a killed crawl leaves files that end on a whole record (at
worst a torn last one, which no row points at: a row is committed after its page was written).
Each crawl process writes files of its own, named by time, serial, process and host, never
appending to another's.
"""

from __future__ import annotations

import io
import os
import socket
import time
from collections.abc import Sequence
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from isal import isal_zlib
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# HUNAWORLD_WARC's value that writes no WARC.
OFF = "off"
SUFFIX = ".warc.gz"
PROJECT = "hunaworld"


class Pointer(NamedTuple):
    """Where a page's response record is: its file (relative to the database's folder when in it,
    else absolute) and the record's offset in it."""

    file: str
    offset: int


class Exchange(NamedTuple):
    """A page as read: the response (status, headers, body as received) and the request that asked."""

    url: str
    status: int
    headers: Sequence[tuple[str, str]]
    body: bytes
    method: str = "GET"
    request_headers: Sequence[tuple[str, str]] = ()
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"


def folder_for(setting: str | None, database: str | Path) -> Path | None:
    """The folder HUNAWORLD_WARC names: unset, ``<database name>-warc`` beside the database; None for ``off``."""
    if setting is not None and str(setting).strip().lower() == OFF:
        return None
    if setting:
        return Path(setting)
    database = Path(database)
    return database.with_name(f"{database.stem}-warc")


def relative_name(path: Path, base: Path) -> str:
    """``path`` as a pointer names it: relative to ``base`` (the database's folder) when inside it, so
    the database and its WARC folder can move together; else absolute."""
    path = path.absolute()
    try:
        return str(path.relative_to(base.absolute()))
    except ValueError:
        return str(path)


def located(pointer: Pointer, base: Path) -> Path:
    """The file a pointer names, for a database in the folder ``base``."""
    return base / pointer.file


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


# warcio gzips with zlib at level 9. ISA-L's level 1 (python-isal) writes files as small as zlib's level 1
# in a third of its time: a fresh deflate state for each record is most of zlib's cost in a crawl,
# whose memory allocator hands it pages to fault in again (benchmarks/warc_cost.py --records).
GZIP_LEVEL = 1
_GZIP_WBITS = 16 + 15  # the gzip format (16 +), with deflate's largest window


class _GzipMembers:
    """What warcio writes a record to (it flushes at the end of each): every record one gzip member,
    as the WARC standard's annex asks, so a reader can start at any record's offset."""

    def __init__(self) -> None:
        self.record: list[bytes] = []
        self.members: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.record.append(data)

    def flush(self) -> None:
        if self.record:
            self.members.append(isal_zlib.compress(b"".join(self.record), GZIP_LEVEL, _GZIP_WBITS))
            self.record.clear()

    def take(self) -> bytes:
        data = b"".join(self.members)
        self.members.clear()
        return data


class WarcFile:
    """One WARC file, opened for appending: a warcinfo record first, then a response and request per page."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.file = open(path, "ab")  # noqa: SIM115 (kept open for the crawl, closed by close())
        self.size = self.file.tell()
        self.members = _GzipMembers()
        self.writer = WARCWriter(self.members, gzip=False)
        if self.size == 0:
            info = self.writer.create_warcinfo_record(path.name, {
                "software": f"{PROJECT} (warcio)", "format": "WARC File Format 1.0",
                "hostname": socket.gethostname()})
            self.writer.write_record(info)
            self._flush()

    def write(self, page: Exchange) -> Pointer:
        """Write the page's response and request records; the response record's pointer."""
        writer = self.writer
        response = writer.create_warc_record(
            page.url, "response", payload=io.BytesIO(page.body), length=len(page.body),
            http_headers=StatusAndHeaders(f"{page.status} {_reason(page.status)}", list(page.headers),
                                          protocol=page.protocol))
        parts = urlsplit(page.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = list(page.request_headers)
        if not any(name.lower() == "host" for name, _ in request_headers):
            request_headers.insert(0, ("Host", parts.netloc))
        request = writer.create_warc_record(
            page.url, "request", payload=io.BytesIO(page.request_body), length=len(page.request_body),
            http_headers=StatusAndHeaders(f"{page.method} {target} {page.protocol}", request_headers,
                                          is_http_request=True))
        # The response first: the pointer is the offset where this pair starts.
        writer.write_request_response_pair(request, response)
        offset = self.size
        self._flush()
        return Pointer(self.name, offset)

    def _flush(self) -> None:
        data = self.members.take()
        self.file.write(data)
        self.file.flush()
        self.size += len(data)

    def close(self) -> None:
        self.file.close()


class WarcFolder:
    """The crawl's WARC files in ``folder``: a new file once the current one reaches ``max_size`` bytes.

    ``base`` is the database's folder, which pointers are relative to.
    """

    def __init__(self, folder: Path, base: Path, *, max_size: int = 10**9, prefix: str = PROJECT) -> None:
        self.folder = folder
        self.base = base
        self.max_size = max_size
        self.prefix = prefix
        self.serial = 0
        self.current: WarcFile | None = None
        self.files: list[Path] = []

    def write(self, page: Exchange) -> Pointer:
        if self.current is None or self.current.size >= self.max_size:
            self._rotate()
        assert self.current is not None
        return self.current.write(page)

    def _rotate(self) -> None:
        if self.current is not None:
            self.current.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        # The IIPC's naming: prefix, time, serial, then what tells two writers apart.
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        path = self.folder / f"{self.prefix}-{stamp}-{self.serial:05d}-{os.getpid()}-{socket.gethostname()}{SUFFIX}"
        self.serial += 1
        self.current = WarcFile(path, relative_name(path, self.base))
        self.files.append(path)

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None
