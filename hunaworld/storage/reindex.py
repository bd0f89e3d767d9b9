"""``hunaworld reindex``: a new search index built beside the one in use, in steps that survive a kill.

The new index (``search_index.NEXT``) is filled in batches of articles by rowid, each batch its own
transaction, then merged into one segment and put in place of the old one in a last transaction.
Searches use the old index until then. A kill loses at most the batch under way: the next run finds
the new index as far as it got (``search_index.NEXT_REACHED``, written with each batch) and goes on
from there. Meanwhile a crawl keeps both indexes in step (``search_index.replace_all``): an article
it writes behind the rebuild is replaced in the new index too, one ahead of it is indexed when the
rebuild reaches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hunaworld.storage import search_index
from hunaworld.storage.search_index import COLUMNS, NEXT, NEXT_REACHED, TABLE

__all__ = ["BATCH", "reindex"]

# Articles a transaction: about a second's work, so a kill loses little and commits stay few.
BATCH = 5000


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def reindex(db: sqlite3.Connection, progress: Callable[[int, int, bool], None] | None = None, *,
            batch: int = BATCH) -> int:
    """Build the search index anew from every article (``db`` outside a transaction); returns the count.

    ``progress(done, total, resumed)`` is told at the start and after every batch (``resumed``: this
    run goes on from an earlier one).
    """
    last = search_index.rebuilt_up_to(db)
    resumed = last is not None
    if last is None:
        with _transaction(db):
            db.execute(f"DROP TABLE IF EXISTS {NEXT}")
            for statement in search_index.create(NEXT):
                db.execute(statement)
            db.execute(f"CREATE TABLE {NEXT_REACHED} (last_rowid INTEGER NOT NULL)")
            db.execute(f"INSERT INTO {NEXT_REACHED} VALUES (0)")
        last = 0
    (total,) = db.execute("SELECT COUNT(*) FROM articles").fetchone()
    (done,) = db.execute("SELECT COUNT(*) FROM articles WHERE rowid <= ?", (last,)).fetchone()
    if progress:
        progress(done, total, resumed)
    while True:
        with _transaction(db):
            rows = db.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM articles WHERE rowid > ? ORDER BY rowid"
                              " LIMIT ?", (last, batch)).fetchall()
            db.executemany(search_index.insert(NEXT), search_index.entries(rows))
            if rows:
                db.execute(f"UPDATE {NEXT_REACHED} SET last_rowid = ?", (rows[-1][0],))
        if not rows:
            break
        last, done = rows[-1][0], done + len(rows)
        if progress:
            progress(done, total, resumed)
    with _transaction(db):
        # One b-tree per term instead of one per batch: faster queries on a large archive.
        db.execute(f"INSERT INTO {NEXT} ({NEXT}) VALUES ('optimize')")
    with _transaction(db):
        db.execute(f"DROP TABLE {TABLE}")
        db.execute(f"ALTER TABLE {NEXT} RENAME TO {TABLE}")
        db.execute(f"DROP TABLE {NEXT_REACHED}")
    return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
