"""``hunaworld export --format parquet``: the feed's fields as typed columns, which pandas, Polars and
DuckDB read as they are.

Strings stay strings; ``authors``, ``tags`` and ``countries`` are lists of strings; ``views`` and
``revision`` integers; ``date_published``, ``date_modified`` and ``scraped_at`` timestamps with
zone UTC (microseconds). A Parquet column has one zone, and the articles of two sites carry two
offsets: the instants are kept, in UTC, and the time as the site printed it is in the JSON Lines
and CSV exports. Needs pyarrow (``pip install 'hunaworld[parquet]'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from hunaworld.items import ARTICLE_FIELDS

__all__ = ["SCHEMA", "write_parquet"]

_TIME = pa.timestamp("us", tz="UTC")
_TYPES = {"date_published": _TIME, "date_modified": _TIME, "scraped_at": _TIME, "authors": pa.list_(pa.string()),
          "tags": pa.list_(pa.string()), "countries": pa.list_(pa.string()), "views": pa.int64(),
          "revision": pa.int64()}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in ARTICLE_FIELDS])
# Rows per row group: a few tens of MB of text, read back a group at a time.
BATCH = 10_000


def _batches(items: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    items = iter(items)
    while batch := list(islice(items, BATCH)):
        yield batch


def _column(name: str, values: list[Any]) -> pa.Array:
    kind = SCHEMA.field(name).type
    if kind == _TIME:
        # Every stored time is ISO 8601 with its offset; the instant is what the column keeps.
        values = [None if value is None else datetime.fromisoformat(value) for value in values]
    return pa.array(values, type=kind)


def write_parquet(items: Iterable[dict[str, Any]], out: Path) -> int:
    """Write the items (feed items, lists decoded) to ``out`` as Parquet; returns how many."""
    count = 0
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        for batch in _batches(items):
            columns = [_column(name, [item[name] for item in batch]) for name in ARTICLE_FIELDS]
            writer.write_table(pa.Table.from_arrays(columns, schema=SCHEMA))
            count += len(batch)
    return count
