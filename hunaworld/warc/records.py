"""Reading pages back from WARC files with warcio: the response record at a pointer, or every
response record of a file (ours, or another tool's such as ``wget --warc-file``)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

# Headers that describe the body as it was sent, not as it is read back (decoded, de-chunked).
_TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
WARC_SUFFIXES = (".warc.gz", ".warc")


class RecordError(ValueError):
    """A record that cannot be read (a missing file, a pointer at no record); the message names it."""


class StoredPage(NamedTuple):
    """A response as a WARC record keeps it, its body decoded (chunks joined, gzip undone)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    # WARC-Date: when the page was read, ISO 8601 in UTC.
    date: str


def target_uri(record: ArcWarcRecord) -> str:
    # WARC 1.0 (and wget's files) may write the URI in angle brackets.
    return (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")


def _page(record: ArcWarcRecord) -> StoredPage:
    http = record.http_headers
    headers = [(name, value) for name, value in http.headers if name.lower() not in _TRANSFER_HEADERS]
    return StoredPage(target_uri(record), int(http.get_statuscode() or 0), headers,
                      record.content_stream().read(), record.rec_headers.get_header("WARC-Date") or "")


def read_page(path: Path, offset: int) -> StoredPage:
    """The response record at ``offset`` of the WARC file ``path``."""
    try:
        with open(path, "rb") as file:
            file.seek(offset)
            record = next(iter(ArchiveIterator(file)), None)
            if record is None or record.rec_type != "response" or record.http_headers is None:
                raise RecordError(f"{path}: no response record at offset {offset}")
            return _page(record)
    except OSError as exc:
        raise RecordError(f"{path}: {exc.strerror or exc}") from None
    except (ArchiveLoadFailed, zlib.error, EOFError) as exc:
        raise RecordError(f"{path}: unreadable record at offset {offset} ({exc})") from None


def responses(path: Path) -> Iterator[tuple[int, str, int]]:
    """Each HTTP response record of the file: its offset, URL and status; to the last whole record of
    a file a killed writer left torn."""
    with open(path, "rb") as file:
        records = ArchiveIterator(file)
        try:
            for record in records:
                if record.rec_type == "response" and record.http_headers is not None:
                    yield records.get_record_offset(), target_uri(record), int(record.http_headers.get_statuscode())
        except (ArchiveLoadFailed, zlib.error, EOFError):
            return


def warc_files(path: Path) -> list[Path]:
    """The WARC file ``path``, or the WARC files in the folder ``path``, in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(WARC_SUFFIXES))
    return [path]
