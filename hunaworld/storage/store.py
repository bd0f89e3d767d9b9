"""SQLite storage of articles: one row per article of a site, its earlier versions, and the seen-state.

One file, WAL mode, so analysts can read while a crawl writes and a crash loses at most the
uncommitted batch. Several crawls (of one site or of several) may write one file: writes wait on a
busy timeout instead of failing with "database is locked", and every write is an idempotent upsert
keyed by site and URL. The schema and its migrations are in ``hunaworld.storage.schema``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from hunaworld.items import ARTICLE_FIELDS
from hunaworld.monitoring.runlist import recent_runs
from hunaworld.storage import countries, revisions, search_index
from hunaworld.storage.reindex import reindex
from hunaworld.storage.revisions import LIST_FIELDS
from hunaworld.storage.schema import migrate
from hunaworld.text.countries import named_countries

if TYPE_CHECKING:
    from hunaworld.monitoring.outcome import RunOutcome

ARTICLE_COLUMNS = tuple(name for name in ARTICLE_FIELDS if name != "revision")

UPSERT = (
    f"INSERT INTO articles (url_key, {', '.join(ARTICLE_COLUMNS)}, revision, first_seen, last_seen, exported,"
    f" warc_file, warc_offset) VALUES (?, {', '.join('?' * len(ARTICLE_COLUMNS))}, ?, ?, ?, ?, ?, ?)"
    f" ON CONFLICT (site, url_key) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in ARTICLE_COLUMNS)},"
    " revision = excluded.revision, last_seen = excluded.last_seen, exported = excluded.exported,"
    " warc_file = excluded.warc_file, warc_offset = excluded.warc_offset"
    # The rowid keys the article's entry in the search index; it stays when the row is updated.
    " RETURNING rowid"
)


# The stored row an upsert compares with and keeps as a revision when the text changed.
_PREVIOUS_NAMES = tuple(dict.fromkeys((*revisions.STORED, *revisions.OTHER_FIELDS)))
_PREVIOUS = ", ".join(_PREVIOUS_NAMES)


class Seen(NamedTuple):
    """What the store knows of a listed article: whether it is stored (under this URL or as an
    alias), when it was published (else first seen), and when its page was last read (None: unknown)."""

    known: bool
    published: str | None = None
    fetched: str | None = None


class SeenState(Protocol):
    """What deduplication needs to know about earlier crawls of a site; SQLite is one backend of it.

    An alias (another URL of a stored article's text) answers as its article does."""

    def stored_hash(self, site: str, url_key: str) -> str | None:
        """The content hash stored for this article, or None for one never stored."""

    def published(self, site: str, url_key: str) -> Seen:
        """Whether the article is stored, when it was published and when it was last read."""

    def touch(self, site: str, url_key: str) -> None:
        """Record that the article was seen again, unchanged."""


# The columns a new reading of a stored page may change: not the site and section it was listed in,
# nor when it was fetched.
REVISED = tuple(name for name in ARTICLE_COLUMNS if name not in ("site", "site_section", "scraped_at"))

# ``upsert``'s answer for a copy of a stored article's text at another URL: recorded as its alias.
ALIAS = 0

# An article of a batch: its key, its item (an IndexedItem brings its search-index entry, else the
# store makes it), and whether its feed line is written (else the feed ledger marks it later).
BatchRow = tuple[str, Mapping[str, Any], bool]


def timestamp() -> str:
    """The store's clock: UTC, ISO 8601 to the second, so that its times compare as strings (the
    seen-state and failure log of a distributed crawl keep the same form)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArticleStore:
    """The SQLite file: articles, revisions, runs, and the seen-state for deduplication."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        if self.path.parent != Path():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are opened explicitly, so a batch is one transaction.
        self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        migrate(self.db, str(self.path))
        self.in_transaction = False
        # Index entries of the open transaction, by rowid, written just before it commits: see ``index``.
        self.unindexed: dict[int, Mapping[str, Any]] = {}

    def begin(self) -> None:
        if not self.in_transaction:
            # IMMEDIATE takes the write lock now, so two crawls queue here instead of deadlocking later.
            self.db.execute("BEGIN IMMEDIATE")
            self.in_transaction = True

    @contextmanager
    def _joined(self) -> Iterator[None]:
        """The statements inside are part of the open transaction, committed with its batch, else of
        one of their own."""
        opened = not self.in_transaction
        self.begin()
        yield
        if opened:
            self.commit()

    def commit(self) -> None:
        if self.in_transaction:
            if self.unindexed:
                search_index.replace_all(self.db, self.unindexed.items())
                self.unindexed.clear()
            self.db.execute("COMMIT")
            self.in_transaction = False

    def rollback(self) -> None:
        self.unindexed.clear()
        if self.in_transaction:
            self.db.execute("ROLLBACK")
            self.in_transaction = False

    def close(self) -> None:
        self.commit()
        self.db.close()

    # -- seen-state ------------------------------------------------------------------------------

    def _article(self, columns: str, site: str, url_key: str) -> tuple[Any, ...] | None:
        """``columns`` of the article stored under ``url_key``, or of the one it is an alias of."""
        row = self.db.execute(f"SELECT {columns} FROM articles WHERE site = ? AND url_key = ?",
                              (site, url_key)).fetchone()
        return row or self.db.execute(
            f"SELECT {columns} FROM aliases JOIN articles ON articles.site = aliases.site"
            " AND articles.url_key = aliases.article_key WHERE aliases.site = ? AND aliases.url_key = ?",
            (site, url_key)).fetchone()

    def stored_hash(self, site: str, url_key: str) -> str | None:
        row = self._article("articles.content_hash", site, url_key)
        return row[0] if row else None

    def published(self, site: str, url_key: str) -> Seen:
        row = self._article("COALESCE(articles.date_published, articles.first_seen), articles.scraped_at",
                            site, url_key)
        return Seen(True, *row) if row else Seen(False)

    def revision(self, site: str, url_key: str) -> int | None:
        row = self.db.execute("SELECT revision FROM articles WHERE site = ? AND url_key = ?",
                              (site, url_key)).fetchone()
        return row[0] if row else None

    def seen_rows(self) -> Iterator[tuple[str, str, str, str]]:
        """Every stored article as (site, url_key, content_hash, published or first seen): the seen-state to share."""
        yield from self.db.execute(
            "SELECT site, url_key, content_hash, COALESCE(date_published, first_seen) FROM articles")

    def touch(self, site: str, url_key: str) -> None:
        # Outside a batch this is a transaction of its own: it must not open one that lasts.
        self.db.execute("UPDATE articles SET last_seen = ? WHERE site = ? AND url_key ="
                        " COALESCE((SELECT article_key FROM aliases WHERE site = ? AND url_key = ?), ?)",
                        (timestamp(), site, site, url_key, url_key))

    # -- runs ----------------------------------------------------------------------------------

    def last_run_finished(self, site: str, section: str) -> bool:
        """Whether the latest crawl of this site and section ended normally (True when there was none)."""
        row = self.db.execute("SELECT finish_reason FROM runs WHERE site = ? AND site_section = ?"
                              " ORDER BY id DESC LIMIT 1", (site, section)).fetchone()
        return row is None or row[0] == "finished"

    def start_run(self, site: str, section: str, *, worker: str | None = None, started_at: str | None = None) -> int:
        """Record a run's start and return its id; a worker of a distributed crawl has one run, however often told."""
        if worker is not None and (known := self.run_of_worker(worker)) is not None:
            return known
        cursor = self.db.execute("INSERT INTO runs (started_at, site, site_section, worker) VALUES (?, ?, ?, ?)",
                                 (started_at or timestamp(), site, section, worker))
        return int(cursor.lastrowid)

    def run_of_worker(self, worker: str) -> int | None:
        row = self.db.execute("SELECT id FROM runs WHERE worker = ?", (worker,)).fetchone()
        return int(row[0]) if row else None

    def finish_run(self, run_id: int, outcome: RunOutcome, *, finished_at: str | None = None) -> None:
        """Record how the run ended; commits unless called inside a transaction the caller opened."""
        with self._joined():
            self.db.execute("UPDATE runs SET finished_at = ?, finish_reason = ?, health = ?, articles_new = ?,"
                            " articles_updated = ?, articles_failed = ? WHERE id = ?",
                            (finished_at or timestamp(), outcome.reason, outcome.health, outcome.new,
                             outcome.updated, outcome.failed, run_id))

    def recent_runs(self, limit: int) -> list[dict[str, Any]]:
        """The latest runs, newest first, as dicts of the ``runs`` columns."""
        return recent_runs(self.db, limit)

    # -- articles --------------------------------------------------------------------------------

    def upsert(self, url_key: str, item: Mapping[str, Any], *, exported: bool = True) -> int | None:
        """Store the article (of ``item["site"]``) and return its revision; None when the stored text is
        the same; ``ALIAS`` when the site's article with this text is stored under another URL (a
        copy the site republished): the URL is kept as its alias, and the article the earlier date.

        The comparisons run inside the write transaction, so two crawls storing the same article
        at once store it once. A changed text keeps the previous one in ``revisions``, and replaces
        the article's entry in the search index, in the same transaction. A stored article is no
        longer a failure. ``exported=False``: its feed line is still to be written. The row points
        at the WARC record the item was read from (an IndexedItem's ``warc``), if any.
        """
        self.begin()
        now = timestamp()
        site = item["site"]
        self.db.execute("DELETE FROM failures WHERE site = ? AND url_key = ?", (site, url_key))
        previous = self.db.execute(f"SELECT {_PREVIOUS} FROM articles WHERE site = ? AND url_key = ?",
                                   (site, url_key)).fetchone()
        if item.get("countries") is None:
            item = _with_countries(item)
        values = [column_value(item, name) for name in ARTICLE_COLUMNS]
        revision = 1
        if previous is None:
            original = self.db.execute("SELECT url_key, date_published FROM articles"
                                       " WHERE site = ? AND content_hash = ? LIMIT 1",
                                       (site, item["content_hash"])).fetchone()
            if original is not None:
                self._alias(url_key, item, *original)
                return ALIAS
        else:
            stored = dict(zip(_PREVIOUS_NAMES, previous, strict=True))
            if stored["content_hash"] == item["content_hash"]:
                self.db.execute("UPDATE articles SET last_seen = ? WHERE site = ? AND url_key = ?",
                                (now, site, url_key))
                return None
            earlier = revisions.earlier_values(stored, dict(zip(ARTICLE_COLUMNS, values, strict=True)))
            revisions.keep(self.db, site, url_key, stored, revisions.EDIT, earlier)
            revision = stored["revision"] + 1
        warc = getattr(item, "warc", None) or (None, None)
        (rowid,) = self.db.execute(UPSERT, (url_key, *values, revision, now, now, int(exported), *warc)).fetchone()
        countries.replace(self.db, site, url_key, item["countries"])
        self.index(rowid, item)
        return revision

    def _alias(self, url_key: str, item: Mapping[str, Any], article_key: str, published: str | None) -> None:
        """Record ``item``'s URL as another of the stored article's, which keeps the earlier of the two dates."""
        site, copy_published = item["site"], item.get("date_published")
        self.db.execute("INSERT INTO aliases (site, url_key, url, article_key, date_published, first_seen)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, url_key) DO NOTHING",
                        (site, url_key, item["url"], article_key, copy_published, timestamp()))
        if copy_published and (published is None or _instant(copy_published) < _instant(published)):
            self.db.execute("UPDATE articles SET date_published = ?, date_published_raw = ?"
                            " WHERE site = ? AND url_key = ?",
                            (copy_published, item.get("date_published_raw"), site, article_key))

    def revise(self, site: str, url_key: str, item: Mapping[str, Any], pointer: tuple[str, int], reason: str
               ) -> list[str]:
        """Store ``item``, a new reading of the page at ``pointer`` that the article was read from, as its
        next revision (the earlier values kept with ``reason``), in the open transaction; the names of
        the fields it changed. [] when none did, or when the article has been read from another page
        since: a newer text a crawl stored is never overwritten by a reading of an older page."""
        self.begin()
        row = self.db.execute(f"SELECT rowid, {_PREVIOUS} FROM articles WHERE site = ? AND url_key = ?",
                              (site, url_key)).fetchone()
        if row is None:
            return []
        rowid, stored = row[0], dict(zip(_PREVIOUS_NAMES, row[1:], strict=True))
        if (stored["warc_file"], stored["warc_offset"]) != tuple(pointer):
            return []
        if item.get("countries") is None:
            item = _with_countries(item)
        values = {name: column_value(item, name) for name in REVISED}
        changed = {name: value for name, value in values.items() if stored[name] != value}
        if not changed:
            return []
        revisions.keep(self.db, site, url_key, stored, reason, revisions.earlier_values(stored, changed))
        self.db.execute(f"UPDATE articles SET {', '.join(f'{name} = ?' for name in changed)}, revision = revision + 1"
                        " WHERE rowid = ?", (*changed.values(), rowid))
        if "countries" in changed:
            countries.replace(self.db, site, url_key, item["countries"])
        if not changed.keys().isdisjoint(search_index.COLUMNS):
            self.index(rowid, item)
        return list(changed)

    def store_batch(self, rows: Iterable[BatchRow]) -> list[int | None]:
        """Store a batch of articles in one transaction: each one's revision, None for a text already
        stored (see ``upsert``). On an error nothing of the batch is stored, and the error is raised."""
        try:
            self.begin()
            revisions = [self.upsert(key, item, exported=exported) for key, item, exported in rows]
            self.commit()
        except sqlite3.Error:
            self.rollback()
            raise
        return revisions

    def unexported(self, site: str, section: str) -> list[dict[str, Any]]:
        """The site and section's stored articles whose feed line was not written, as items."""
        cursor = self.db.execute(f"SELECT url_key, {', '.join(ARTICLE_COLUMNS)}, revision FROM articles"
                                 " WHERE site = ? AND site_section = ? AND exported = 0 ORDER BY first_seen",
                                 (site, section))
        return [{"url_key": row[0], **_record(row[1:])} for row in cursor]

    def mark_exported(self, articles: Iterable[tuple[str, str]]) -> None:
        """The feed lines of these articles (site, url_key) are written: marked in the open transaction,
        committed with its batch, else in one transaction of their own (a transaction per row costs
        three times the update)."""
        with self._joined():
            self.db.executemany("UPDATE articles SET exported = 1 WHERE site = ? AND url_key = ?", articles)

    def index(self, rowid: int, item: Mapping[str, Any]) -> None:
        """Put the article stored under ``rowid`` in the search index, replacing its entry, when the
        transaction commits.

        FTS5 writes the terms it holds in memory to the file whenever a later statement of the
        transaction opens a savepoint, as every upsert of an article does: indexed one by one, a
        batch of articles became one small index segment per article, to be merged again, and the
        index cost the crawl three times what it costs written all at once before the commit.
        """
        self.unindexed[rowid] = item

    def reindex(self, progress: Callable[[int, int, bool], None] | None = None) -> int:
        """Build the search index anew from every stored article, and find their countries again, in
        steps a kill does not undo (``hunaworld.storage.reindex``); returns the count."""
        self.commit()
        return reindex(self.db, progress)

    def articles(self) -> Iterator[dict[str, Any]]:
        """Every stored article as an item dict, list fields decoded."""
        cursor = self.db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)}, revision FROM articles ORDER BY site, url")
        for row in cursor:
            yield _record(row)


def _with_countries(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """An item made without countries (by an older worker of a distributed crawl), with them."""
    found = {**item, "countries": named_countries(item.get("headline"), item.get("summary"), item.get("body"))}
    if isinstance(item, search_index.IndexedItem):
        return search_index.with_entry(found, item.entry, item.warc)
    return found


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip((*ARTICLE_COLUMNS, "revision"), row, strict=True))
    for name in LIST_FIELDS:
        record[name] = json.loads(record[name])
    return record


def _instant(iso: str) -> datetime:
    """An ISO 8601 time as an instant: times in different offsets compare as instants, not strings."""
    return datetime.fromisoformat(iso)


def column_value(item: Mapping[str, Any], name: str) -> Any:
    """The item's field as its column holds it (lists as JSON)."""
    value = item.get(name)
    if name in LIST_FIELDS:
        return json.dumps(value or [], ensure_ascii=False)
    return value
