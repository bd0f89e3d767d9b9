"""Full-text search of the archive: bm25-ranked articles with a marked snippet each.

FTS5 computes bm25 for every row a query matches before it can sort them: about 8 µs a row, so a
word found in 30,000 of 100,000 articles takes a quarter of a second. A query matching more than
``RANK_WINDOW`` articles (after the filters) is therefore ranked among its ``RANK_WINDOW`` most
recently stored matches, which keeps every search within tens of milliseconds on such an archive;
``rank_all=True`` (``--rank-all``) ranks every match instead.

Filters cost no reading of article rows: site and days select rowids through the indexes of
``articles``; a tag is looked for in the index's ``tags`` column, then compared exactly on the
articles shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from hunaworld.analysis.filters import ArticleFilter
from hunaworld.analysis.query import SearchQuery
from hunaworld.analysis.snippets import snippet
from hunaworld.storage.search_index import TABLE
from hunaworld.text.arabic import fold
from hunaworld.text.searchform import search_form

__all__ = ["RANK_WINDOW", "Hit", "QueryError", "search"]

RANK_WINDOW = 2000


class QueryError(ValueError):
    """A query FTS5 cannot parse; the message is FTS5's."""


@dataclass(frozen=True)
class Hit:
    url: str
    headline: str
    date_published: str | None
    site: str
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(db: sqlite3.Connection, fts: str) -> None:
    # On the index alone, so any error here is the query's and not, say, a locked file's.
    try:
        db.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? LIMIT 1", (fts,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(str(exc)) from exc


def _ranked(db: sqlite3.Connection, fts: str, where: ArticleFilter, rank_all: bool) -> Iterator[int]:
    """Rowids of the matches passing the site and day filters, best first."""
    condition, params = replace(where, tag=None).where("a")
    params = {**params, "query": fts}
    rows, bounds = "", ""
    if condition != "1":
        # +rowid: FTS5 would take "rowid IN" for a list of rowids to look up one by one, each a
        # search of its own; as an expression it is a test on the rows the MATCH yields, against
        # the set built once.
        rows = f" AND +rowid IN (SELECT a.rowid FROM articles a WHERE {condition})"
        # Articles are stored as they are published, so a span of days is about a span of rowids:
        # its last one bounds the walk below.
        (ceiling,) = db.execute(f"SELECT max(a.rowid) FROM articles a WHERE {condition}", params).fetchone()
        if ceiling is None:
            return
        bounds = f" AND rowid <= {int(ceiling)}"
    if not rank_all:
        # FTS5 walks its matches in rowid order cheaply; only ranking them costs.
        floor = db.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :query{rows}{bounds}"
                           " ORDER BY rowid DESC LIMIT 1 OFFSET :offset", {**params, "offset": RANK_WINDOW - 1}
                           ).fetchone()
        if floor is not None:
            bounds += f" AND rowid >= {int(floor[0])}"
    for (rowid,) in db.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :query{rows}{bounds} ORDER BY rank",
                               params):
        yield rowid


def search(db: sqlite3.Connection, query: SearchQuery, where: ArticleFilter | None = None, limit: int = 20, *,
           rank_all: bool = False) -> list[Hit]:
    """The best ``limit`` articles for ``query`` (bm25, headline weighted above body) passing ``where``."""
    where = where or ArticleFilter()
    fts = query.fts
    if where.tag:
        # Articles whose tags hold the tag's words, in order; the exact tag is checked below.
        fts = f'({fts}) AND tags: "{search_form(where.tag)}"'
    _check(db, query.fts)
    hits: list[Hit] = []
    wanted = fold(where.tag) if where.tag else None
    for rowid in _ranked(db, fts, where, rank_all):
        url, headline, published, site, summary, body, tags = db.execute(
            "SELECT url, headline, date_published, site, summary, body, tags FROM articles WHERE rowid = ?",
            (rowid,)).fetchone()
        if wanted is not None and wanted not in map(fold, json.loads(tags)):
            continue
        hits.append(Hit(url, headline, published, site, snippet((body, summary, headline), query)))
        if len(hits) == limit:
            break
    return hits
