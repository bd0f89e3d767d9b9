"""Re-export of stored articles, whichever run stored them: JSON Lines as the crawl's feed, or CSV for Excel.

Both carry the feed's fields in the feed's order (``hunaworld.items``), written as the rows are read
in the order of an index (never sorted, so memory stays flat whatever the archive's size). CSV is
UTF-8 with a byte order mark, which is how Excel on Windows recognises UTF-8 (without it, Arabic shows as mojibake);
list fields (``authors``, ``tags``) are joined with ``LIST_SEPARATOR``; empty values are empty cells.
"""

from __future__ import annotations

import codecs
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hunaworld.analysis.filters import ArticleFilter
from hunaworld.items import ARTICLE_FIELDS

__all__ = ["FORMATS", "LIST_SEPARATOR", "export", "stored_articles"]

FORMATS = ("jsonl", "csv")
LIST_SEPARATOR = " | "
_LIST_FIELDS = ("authors", "tags")


def stored_articles(db: sqlite3.Connection, where: ArticleFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every stored article passing ``where`` as a feed item, ordered by site, then publication time."""
    condition, params = (where or ArticleFilter()).where("a")
    cursor = db.execute(f"SELECT {', '.join(f'a.{name}' for name in ARTICLE_FIELDS)} FROM articles a"
                        f" WHERE {condition} ORDER BY a.site, a.date_published, a.url", params)
    for row in cursor:
        item = dict(zip(ARTICLE_FIELDS, row, strict=True))
        for name in _LIST_FIELDS:
            item[name] = json.loads(item[name] or "[]")
        yield item


def _write_jsonl(items: Iterator[dict[str, Any]], out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8", newline="\n") as stream:
        for item in items:
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv_cell(column: str) -> str:
    # Every cell quoted (RFC 4180), quotes doubled, an empty value an empty cell: written by SQLite,
    # in C, as UTF-8 bytes the file takes as they are (in Python, quoting and encoding the cells of
    # a million articles took most of the export's time).
    return f"""CASE WHEN a.{column} IS NULL THEN '' ELSE '"' || replace(a.{column}, '"', '""') || '"' END"""


def _csv_list(value: bytes) -> bytes:
    if value == b"[]":
        return b'""'
    joined = LIST_SEPARATOR.join(json.loads(value)).replace('"', '""')
    return b'"' + joined.encode("utf-8") + b'"'


def _csv_rows(db: sqlite3.Connection, where: ArticleFilter | None) -> Iterator[bytes]:
    """Each article's CSV record: its cells made by SQLite, but for the list fields', made here."""
    condition, params = (where or ArticleFilter()).where("a")
    columns = ", ".join(f"CAST(a.{name} AS BLOB)" if name in _LIST_FIELDS else f"CAST({_csv_cell(name)} AS BLOB)"
                        for name in ARTICLE_FIELDS)
    lists = [n for n, name in enumerate(ARTICLE_FIELDS) if name in _LIST_FIELDS]
    for row in db.execute(f"SELECT {columns} FROM articles a WHERE {condition}"
                          " ORDER BY a.site, a.date_published, a.url", params):
        cells = list(row)
        for n in lists:
            cells[n] = _csv_list(cells[n])
        yield b",".join(cells) + b"\r\n"


def _write_csv(db: sqlite3.Connection, where: ArticleFilter | None, out: Path) -> int:
    count = 0
    with out.open("wb") as stream:
        # The byte order mark: how Excel on Windows recognises UTF-8.
        stream.write(codecs.BOM_UTF8 + ",".join(ARTICLE_FIELDS).encode("ascii") + b"\r\n")
        for record in _csv_rows(db, where):
            stream.write(record)
            count += 1
    return count


def export(db: sqlite3.Connection, fmt: str, out: Path, where: ArticleFilter | None = None) -> int:
    """Write the articles passing ``where`` to ``out`` in ``fmt`` (one of FORMATS); returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    # Read once through, in the order of an index: memory-mapped, every page of a large file would
    # count as the process's memory; read, it stays that of SQLite's page cache.
    db.execute("PRAGMA mmap_size=0")
    if fmt == "csv":
        return _write_csv(db, where, out)
    return _write_jsonl(stored_articles(db, where), out)
