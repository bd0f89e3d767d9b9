"""Full-text search of the archive: bm25-ranked articles with a marked snippet each.

A search costs in proportion to what it ranks, not to the size of the archive. It takes the query's
``RANK_WINDOW`` most recently stored matches that pass the filters (FTS5 walks its matches in rowid
order cheaply), then ranks those by bm25 over the query's words (``SearchQuery.rank_fts``: before it
ranks anything, FTS5's bm25 counts the articles matching each phrase of its query in the whole
archive, which for a phrase means checking positions everywhere), computing bm25 for those matches
only. ``rank_all=True`` (``--rank-all``) ranks every match by the query itself instead, in time that
grows with the number of matches (about 8 µs each).

Filters read no article text: a span of days bounds the walk by the rowids of its articles (found
through the index on ``date_published``), and each match the walk meets is tested against the
filters on its row of ``articles``; a tag is looked for in the index's ``tags`` column, then
compared exactly on the articles shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from operator import itemgetter
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


def _ranked(db: sqlite3.Connection, query: SearchQuery, where: ArticleFilter, rank_all: bool) -> Iterator[int]:
    """Rowids of the matches passing the filters (the tag's words only), best first."""
    fts, loose = query.fts, query.rank_fts or query.fts
    if where.tag:
        # Articles whose tags hold the tag's words (in order); the exact tag is checked by the caller.
        # The ranking leaves it out: every match has it, and counting its articles costs.
        fts = f'({fts}) AND tags: "{search_form(where.tag)}"'
    condition, params = replace(where, tag=None).where("a")
    params = {**params, "query": fts}
    bounds = ""
    if where.since or where.until:
        # Articles are stored about as they are published: a span of days is about a span of rowids.
        days, day_params = replace(where, site=None, tag=None).where("a")
        low, high = db.execute(f"SELECT min(a.rowid), max(a.rowid) FROM articles a WHERE {days}", day_params).fetchone()
        if high is None:
            return
        bounds = f" AND f.rowid BETWEEN {int(low)} AND {int(high)}"
    source = f"{TABLE} f" if condition == "1" else f"{TABLE} f JOIN articles a ON a.rowid = f.rowid"
    matches = f"SELECT f.rowid FROM {source} WHERE f.{TABLE} MATCH :query{bounds}" + (
        "" if condition == "1" else f" AND {condition}")
    if rank_all:
        yield from (rowid for (rowid,) in db.execute(f"{matches} ORDER BY f.rank", params))
        return
    if condition == "1" and loose == fts:
        # Every match from the window's oldest on is one to rank: FTS5 ranks them as it sorts.
        floor = db.execute(f"{matches} ORDER BY f.rowid DESC LIMIT 1 OFFSET {RANK_WINDOW - 1}", params).fetchone()
        ranking = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid >= ? ORDER BY rank"
        yield from (rowid for (rowid,) in db.execute(ranking, (fts, floor[0] if floor else 0)))
        return
    (newest, low, high, count) = db.execute(
        f"SELECT json_group_array(rowid), min(rowid), max(rowid), COUNT(*) FROM ({matches}"
        f" ORDER BY f.rowid DESC LIMIT {RANK_WINDOW})", params).fetchone()
    if not count:
        return
    # No ORDER BY: FTS5 would then compute bm25 for every match of the ranking query in the span,
    # those the filters or the query itself leave out too; here only for the window's matches.
    scoring = (f"SELECT rowid, rank FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid BETWEEN ? AND ?"
               " AND +rowid IN (SELECT value FROM json_each(?))")
    try:
        scored = db.execute(scoring, (loose, low, high, newest)).fetchall()
    except sqlite3.OperationalError:
        # A ranking query FTS5 would not parse, if ever: the query ranks its own matches.
        scored = db.execute(scoring, (fts, low, high, newest)).fetchall()
    scored.sort(key=itemgetter(1))
    yield from map(itemgetter(0), scored)
    if len(scored) < count:
        # Matches the ranking query did not find, if ever, come last, newest first: none is lost.
        ranked = {rowid for rowid, _ in scored}
        yield from (rowid for rowid in json.loads(newest) if rowid not in ranked)


def search(db: sqlite3.Connection, query: SearchQuery, where: ArticleFilter | None = None, limit: int = 20, *,
           rank_all: bool = False) -> list[Hit]:
    """The best ``limit`` articles for ``query`` (bm25, headline weighted above body) passing ``where``."""
    where = where or ArticleFilter()
    _check(db, query.fts)
    hits: list[Hit] = []
    wanted = fold(where.tag) if where.tag else None
    for rowid in _ranked(db, query, where, rank_all):
        url, headline, published, site, summary, body, tags = db.execute(
            "SELECT url, headline, date_published, site, summary, body, tags FROM articles WHERE rowid = ?",
            (rowid,)).fetchone()
        if wanted is not None and wanted not in map(fold, json.loads(tags)):
            continue
        hits.append(Hit(url, headline, published, site, snippet((body, summary, headline), query)))
        if len(hits) == limit:
            break
    return hits
