"""``hunaworld export --format parquet``: the feed's fields as typed columns, which pandas, Polars and
DuckDB read as they are.

Strings stay strings; ``authors``, ``tags`` and ``countries`` are lists of strings; ``views`` and
``revision`` integers; ``date_published``, ``date_modified`` and ``scraped_at`` timestamps with
zone UTC (microseconds). A Parquet column has one zone, and the articles of two sites carry two
offsets: the instants are kept, in UTC, and the time as the site printed it is in the JSON Lines
and CSV exports. Needs pyarrow (``pip install 'hunaworld[parquet]'``).

Rows are turned into columns a batch at a time, and every value is converted by Arrow rather than
one by one in Python: texts are read from SQLite as their UTF-8 bytes, which Arrow takes as they
are (decoded into Python strings and encoded again, they took half the export's time); times go
through Arrow's ISO 8601 parser, and the lists, gathered by SQLite into one JSON object a row,
through its JSON reader. A batch is compressed and written by a thread of its own (pyarrow lets go
of the GIL) while the next is read.
"""

from __future__ import annotations

import io
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from hunaworld.analysis.export import LIST_FIELDS, stored_rows
from hunaworld.analysis.filters import ArticleFilter
from hunaworld.items import ARTICLE_FIELDS

__all__ = ["SCHEMA", "write_parquet"]

_TIME = pa.timestamp("us", tz="UTC")
_STRINGS = pa.list_(pa.string())
_TYPES = {"date_published": _TIME, "date_modified": _TIME, "scraped_at": _TIME, "authors": _STRINGS,
          "tags": _STRINGS, "countries": _STRINGS, "views": pa.int64(), "revision": pa.int64()}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in ARTICLE_FIELDS])
_LISTS = pa.schema([(name, _STRINGS) for name in LIST_FIELDS])
# Columns of few distinct values, stored once each in a dictionary; the others (texts, URLs, hashes)
# gain nothing from one.
_DICTIONARY = ["site", "site_section", "story_type", "section", "language", "source"]
# Rows per row group: a few tens of MB of text, read back a group at a time.
BATCH = 10_000
# Each column as read: the integers as they are, the lists as one JSON object a row, the rest as bytes.
_COLUMNS = [f"a.{name}" if _TYPES.get(name) == pa.int64() else f"CAST(a.{name} AS BLOB)"
            for name in ARTICLE_FIELDS if name not in LIST_FIELDS]
_COLUMNS.append("CAST(json_object(" + ", ".join(f"'{name}', json(COALESCE(a.{name}, '[]'))" for name in LIST_FIELDS)
                + ") AS BLOB)")


def _table(rows: list[tuple[Any, ...]]) -> pa.Table:
    *scalars, lists = zip(*rows, strict=True)
    read = pa_json.read_json(io.BytesIO(b"\n".join(lists)),
                             parse_options=pa_json.ParseOptions(explicit_schema=_LISTS))
    columns = dict(zip((name for name in ARTICLE_FIELDS if name not in LIST_FIELDS), scalars, strict=True))
    arrays = []
    for name in ARTICLE_FIELDS:
        kind = SCHEMA.field(name).type
        if name in LIST_FIELDS:
            arrays.append(read.column(name).combine_chunks())
        elif kind == pa.int64():
            arrays.append(pa.array(columns[name], kind))
        else:
            # UTF-8 checked by the first cast; a stored time is ISO 8601 with its offset, whose cast keeps the instant.
            arrays.append(pa.array(columns[name], pa.binary()).cast(pa.string()).cast(kind))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def write_parquet(db: sqlite3.Connection, where: ArticleFilter | None, out: Path) -> int:
    """Write the stored articles passing ``where`` to ``out`` as Parquet, in the export's order; returns how many."""
    count = 0
    rows = stored_rows(db, where, _COLUMNS)
    written: Future[None] | None = None
    with (pq.ParquetWriter(out, SCHEMA, compression="zstd", use_dictionary=_DICTIONARY) as writer,
          ThreadPoolExecutor(max_workers=1) as thread):
        while batch := rows.fetchmany(BATCH):
            table = _table(batch)
            if written is not None:
                written.result()  # one batch in the writer at a time, and its error raised here
            written = thread.submit(writer.write_table, table)
            count += len(batch)
        if written is not None:
            written.result()
    return count
