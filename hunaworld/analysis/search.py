"""Full-text search of the archive: bm25-ranked articles with a marked snippet each."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from hunaworld.analysis.filters import ArticleFilter
from hunaworld.analysis.query import SearchQuery
from hunaworld.analysis.snippets import snippet
from hunaworld.storage.search_index import TABLE

__all__ = ["Hit", "QueryError", "search"]


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


def _check(db: sqlite3.Connection, query: SearchQuery) -> None:
    # On the index alone, so any error here is the query's and not, say, a locked file's.
    try:
        db.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? LIMIT 1", (query.fts,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(str(exc)) from exc


def search(db: sqlite3.Connection, query: SearchQuery, where: ArticleFilter | None = None,
           limit: int = 20) -> list[Hit]:
    """The best ``limit`` articles for ``query`` (bm25, headline weighted above body) passing ``where``."""
    _check(db, query)
    condition, params = (where or ArticleFilter()).where("a")
    if condition == "1":
        # Rank the index alone, then read only the articles shown.
        sql = (f"WITH best AS (SELECT rowid, rank FROM {TABLE} WHERE {TABLE} MATCH :query ORDER BY rank LIMIT :limit)"
               " SELECT a.url, a.headline, a.date_published, a.site, a.summary, a.body"
               " FROM best JOIN articles a ON a.rowid = best.rowid ORDER BY best.rank")
    else:
        sql = ("SELECT a.url, a.headline, a.date_published, a.site, a.summary, a.body"
               f" FROM {TABLE} JOIN articles a ON a.rowid = {TABLE}.rowid"
               f" WHERE {TABLE} MATCH :query AND {condition} ORDER BY {TABLE}.rank LIMIT :limit")
    rows = db.execute(sql, {**params, "query": query.fts, "limit": limit}).fetchall()
    return [Hit(url, headline, published, site, snippet((body, summary, headline), query))
            for url, headline, published, site, summary, body in rows]
