"""The countries of stored articles: the ``countries`` column's codes again, one row per article and
country in ``article_countries``, for selecting and counting by country through an index.

``articles.countries`` holds the item's list (a JSON array), as the feed has it; the table holds
the same codes keyed by the article's identity ``(site, url_key)``, which no copy of the table
renumbers. The store replaces an article's rows when it writes the article. :func:`rebuild`
computes every stored article's countries again from its headline, summary and body: a schema
upgrade runs it (the articles of an older file get their countries); ``hunaworld reindex`` runs
:func:`refresh` on each of its batches (after a change of the word lists).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from hunaworld.text.countries import named_countries

TABLE = "article_countries"

CREATE = (
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    country TEXT NOT NULL,
    site TEXT NOT NULL,
    url_key TEXT NOT NULL,
    PRIMARY KEY (country, site, url_key)
) WITHOUT ROWID""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_article ON {TABLE} (site, url_key)",
)


def replace(db: sqlite3.Connection, site: str, url_key: str, codes: Iterable[str]) -> None:
    """The article's rows become ``codes``; the caller's transaction."""
    db.execute(f"DELETE FROM {TABLE} WHERE site = ? AND url_key = ?", (site, url_key))
    db.executemany(f"INSERT OR IGNORE INTO {TABLE} (country, site, url_key) VALUES (?, ?, ?)",
                   ((code, site, url_key) for code in codes))


def rebuild(db: sqlite3.Connection) -> int:
    """Compute every article's countries from its text, in the column and the table; the caller's
    transaction. Returns how many articles name at least one country."""
    return refresh(db, "1")


def refresh(db: sqlite3.Connection, condition: str, params: Sequence[object] = ()) -> int:
    """Compute again the countries of the articles passing ``condition`` (SQL on ``articles``), in the
    column and the table; the caller's transaction. Returns how many name at least one country."""
    # The texts are read one by one and only their codes kept: the rows are written once all are read.
    rows = db.cursor().execute(f"SELECT site, url_key, headline, summary, body FROM articles WHERE {condition}",
                               params)
    found = [(site, key, json.dumps(named_countries(headline, summary, body)))
             for site, key, headline, summary, body in rows]
    # An article whose countries have not changed is not written: its per-day counts stay as they are.
    db.executemany("UPDATE articles SET countries = ?3 WHERE site = ?1 AND url_key = ?2 AND countries <> ?3", found)
    db.execute(f"DELETE FROM {TABLE} WHERE (site, url_key) IN (SELECT site, url_key FROM articles WHERE {condition})",
               params)
    db.executemany(f"INSERT INTO {TABLE} (country, site, url_key) SELECT value, ?, ? FROM json_each(?)",
                   ((site, key, codes) for site, key, codes in found))
    return sum(1 for *_, codes in found if codes != "[]")
