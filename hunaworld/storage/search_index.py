"""The full-text index of articles: an FTS5 table of their search form, one row per article.

``article_search`` holds the processed copy (``hunaworld.text.searchform``) of each article's
headline, summary, body and tags, under the article's rowid. It stores that copy itself (an
ordinary FTS5 table, not an external-content one): removing an entry then needs no recomputation
of what was indexed, so a change of the processing can never leave stray terms behind, and
snippets are cut from the stored article, not from the index.

The store replaces an article's entry in the transaction that writes the article; earlier
versions in ``revisions`` are not indexed. :func:`rebuild` refills the whole index in one
transaction (the schema migration of a file from before the index); ``hunaworld reindex`` builds a
new one beside it in steps instead (``hunaworld.storage.reindex``), into ``NEXT``, which the store
then keeps in step too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from hunaworld.text.searchform import search_form

TABLE = "article_search"
# The index being rebuilt by ``hunaworld reindex``, while it is, and the last rowid it has reached.
NEXT = f"{TABLE}_next"
NEXT_REACHED = "search_rebuild"
COLUMNS = ("headline", "summary", "body", "tags")
# bm25 weights in COLUMNS order: a word in the headline counts five times one in the body.
WEIGHTS = (5.0, 2.0, 1.0, 3.0)


def create(name: str = TABLE) -> tuple[str, str]:
    """The statements that make an empty index named ``name``."""
    return (
        # The search form is words already folded and split, one space apart: FTS5's ascii tokenizer,
        # which splits at ASCII spaces and punctuation, finds the same words as unicode61 at half the
        # cost of an insert (measured on the crawl's articles), and the cost falls on every crawl.
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({', '.join(COLUMNS)}, tokenize = 'ascii')",
        # Stored in the file, so ORDER BY rank means the same weights to every reader (Datasette too).
        f"INSERT INTO {name} ({name}, rank) VALUES ('rank', 'bm25({', '.join(map(str, WEIGHTS))})')",
    )


CREATE = create()
# The index's own vocabulary, one row per occurrence of a word (term, doc, col, offset): how often
# the archive uses a word, counted as far as a query needs (``hunaworld.analysis.words``).
WORDS_TABLE = f"{TABLE}_words"
WORDS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS_TABLE} USING fts5vocab({TABLE}, instance)"


def insert(name: str = TABLE) -> str:
    """The statement that writes an entry (rowid and COLUMNS) into the index ``name``, replacing one."""
    return f"INSERT OR REPLACE INTO {name} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)"


def exists(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def rebuilt_up_to(db: sqlite3.Connection) -> int | None:
    """The last rowid the index being rebuilt has reached; None when none is."""
    if not exists(db, NEXT_REACHED):
        return None
    return int(db.execute(f"SELECT last_rowid FROM {NEXT_REACHED}").fetchone()[0])


def _tags_text(tags: Any) -> str:
    # Stored as a JSON array in articles, given as a list in an item.
    if isinstance(tags, str):
        tags = json.loads(tags or "[]")
    return " ، ".join(tags or ())


def entry(article: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """The indexed columns of an article (an item, or a row of ``articles``), in COLUMNS order."""
    return (search_form(article.get("headline")), search_form(article.get("summary")),
            search_form(article.get("body")), search_form(_tags_text(article.get("tags"))))


class IndexedItem(dict):
    """An article item that brings its index entry along, computed where the article was extracted,
    and the pointer to the WARC record of its page (``warc``, None when none was written).

    Extraction runs in a worker process with a core of its own, while the crawl process stores
    every article on its one event-loop thread: the entry, a pass over every word of the article,
    costs the crawl nothing when the worker makes it. It is the entry of the fields as extracted
    (nothing after extraction changes headline, summary, body or tags). It is no key of the item,
    so the feeds never see it, and a copy of the item (``dict()``, JSON) drops it: the store then
    computes the entry itself.
    """

    __slots__ = ("entry", "warc")


def with_entry(article: Mapping[str, Any], computed: tuple[str, str, str, str] | None = None,
               warc: tuple[str, int] | None = None) -> IndexedItem:
    """The article as an item that carries its index entry (``computed`` already, else computed now)
    and its WARC record's pointer."""
    indexed = IndexedItem(article)
    indexed.entry = entry(article) if computed is None else computed
    indexed.warc = warc
    return indexed


def replace_all(db: sqlite3.Connection, articles: Iterable[tuple[int, Mapping[str, Any]]]) -> None:
    """Index each article stored under its rowid, replacing its previous entry; the caller's
    transaction. An index being rebuilt gets the entries it has passed too."""
    entries = [(rowid, *(article.entry if isinstance(article, IndexedItem) else entry(article)))
               for rowid, article in articles]
    db.executemany(insert(), entries)
    reached = rebuilt_up_to(db)
    if reached is not None:
        db.executemany(insert(NEXT), (row for row in entries if row[0] <= reached))


def entries(rows: Iterable[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    """Index entries, rowid first, of rows of ``articles`` (rowid and COLUMNS)."""
    for rowid, headline, summary, body, tags in rows:
        yield (rowid, *entry({"headline": headline, "summary": summary, "body": body, "tags": tags}))


def rebuild(db: sqlite3.Connection) -> int:
    """Make the index anew from every article, in the caller's transaction; returns the count."""
    # Dropping is much faster than deleting: FTS5 removes a row's terms one by one.
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")
    for statement in CREATE:
        db.execute(statement)
    # A second cursor: the rows are read while the index is written.
    rows = db.cursor().execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM articles")
    db.executemany(insert(), entries(rows))
    # One b-tree per term instead of one per batch of inserts: faster queries on a large archive.
    db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
    return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
