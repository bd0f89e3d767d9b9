"""Re-export of stored articles, whichever run stored them: JSON Lines as the crawl's feed, CSV for
Excel, or Parquet (``hunaworld.analysis.parquet``) for pandas, Polars and DuckDB.

Each carries the feed's fields in the feed's order (``hunaworld.items``). CSV is UTF-8 with a byte
order mark, which is how Excel on Windows recognises UTF-8 (without it, Arabic shows as mojibake);
list fields (``authors``, ``tags``, ``countries``) are joined with ``LIST_SEPARATOR``; empty values
are empty cells.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hunaworld.analysis.filters import ArticleFilter
from hunaworld.items import ARTICLE_FIELDS

__all__ = ["FORMATS", "LIST_FIELDS", "LIST_SEPARATOR", "export", "stored_articles", "stored_rows"]

FORMATS = ("jsonl", "csv", "parquet")
LIST_SEPARATOR = " | "
LIST_FIELDS = ("authors", "tags", "countries")
# Rows read at a time (SQLite's default limit on a statement's parameters is 32,766).
_CHUNK = 1000


def stored_rows(db: sqlite3.Connection, where: ArticleFilter | None = None) -> Iterator[tuple[Any, ...]]:
    """Every stored article passing ``where`` as a row of ARTICLE_FIELDS as stored (lists as JSON text),
    ordered by site, then publication time."""
    condition, params = (where or ArticleFilter()).where("a")
    # The order is found on the keys alone, then the rows read by rowid a chunk at a time: sorting
    # whole rows would copy every body into SQLite's sorter (a third of an export's time).
    keys = [key for (key,) in db.execute(f"SELECT a.rowid FROM articles a WHERE {condition}"
                                         " ORDER BY a.site, a.date_published, a.url", params)]
    select = f"SELECT a.rowid, {', '.join(f'a.{name}' for name in ARTICLE_FIELDS)} FROM articles a WHERE a.rowid IN"
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        rows = {row[0]: row[1:] for row in db.execute(f"{select} ({', '.join('?' * len(chunk))})", chunk)}
        yield from map(rows.__getitem__, chunk)


def stored_articles(db: sqlite3.Connection, where: ArticleFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every stored article passing ``where`` as a feed item, ordered by site, then publication time."""
    for row in stored_rows(db, where):
        item = dict(zip(ARTICLE_FIELDS, row, strict=True))
        for name in LIST_FIELDS:
            item[name] = json.loads(item[name] or "[]")
        yield item


def _write_jsonl(items: Iterator[dict[str, Any]], out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8", newline="\n") as stream:
        for item in items:
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    return count


def _cell(value: Any) -> str:
    # Every cell quoted (RFC 4180), quotes doubled: one C-level replace per cell, where the csv
    # module's writer inspects long Arabic texts character by character (five times slower).
    return "" if value is None else '"' + str(value).replace('"', '""') + '"'


def _write_csv(items: Iterator[dict[str, Any]], out: Path) -> int:
    count = 0
    # utf-8-sig writes the byte order mark; newline="" keeps the \r\n that ends a CSV record, and
    # the line breaks of a body, inside its quotes, as they are.
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        stream.write(",".join(ARTICLE_FIELDS) + "\r\n")
        for item in items:
            for name in LIST_FIELDS:
                item[name] = LIST_SEPARATOR.join(item[name])
            stream.write(",".join(map(_cell, item.values())) + "\r\n")
            count += 1
    return count


def export(db: sqlite3.Connection, fmt: str, out: Path, where: ArticleFilter | None = None) -> int:
    """Write the articles passing ``where`` to ``out`` in ``fmt`` (one of FORMATS); returns how many."""
    if fmt == "parquet":
        # pyarrow is an extra (hunaworld[parquet]): imported only for this format.
        from hunaworld.analysis.parquet import write_parquet

        return write_parquet(stored_rows(db, where), out)
    writers = {"jsonl": _write_jsonl, "csv": _write_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt](stored_articles(db, where), out)
