"""The countries of stored articles: the ``countries`` column's codes again, one row per article and
country in ``article_countries``, for selecting and counting by country through an index.

``articles.countries`` holds the item's list (a JSON array), as the feed has it; the table holds
the same codes keyed by the article's identity ``(site, url_key)``, which no copy of the table
renumbers. The store replaces an article's rows when it writes the article. :func:`rebuild`
computes every stored article's countries again from its headline, summary and body: a schema
upgrade runs it (the articles of an older file get their countries), and so does
``hunaworld reindex`` (after a change of the word lists).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

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
    db.execute(f"DELETE FROM {TABLE}")
    # The texts are read one by one and only their codes kept: the table is written once all are read.
    rows = db.cursor().execute("SELECT site, url_key, headline, summary, body FROM articles")
    found = [(site, key, named_countries(headline, summary, body)) for site, key, headline, summary, body in rows]
    db.executemany("UPDATE articles SET countries = ? WHERE site = ? AND url_key = ?",
                   ((json.dumps(codes), site, key) for site, key, codes in found))
    db.executemany(f"INSERT INTO {TABLE} (country, site, url_key) VALUES (?, ?, ?)",
                   ((code, site, key) for site, key, codes in found for code in codes))
    return sum(1 for *_, codes in found if codes)
