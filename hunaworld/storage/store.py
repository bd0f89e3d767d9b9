"""SQLite storage of articles: one row per article, its earlier versions, and the seen-state.

One file, WAL mode, so analysts can read while a crawl writes and a crash loses at most the
uncommitted batch. Several crawls may write one file: writes wait on a busy timeout instead of
failing with "database is locked", and every write is an idempotent upsert keyed by URL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from hunaworld.items import ARTICLE_FIELDS

SCHEMA_VERSION = 2
LIST_FIELDS = ("authors", "tags")
ARTICLE_COLUMNS = tuple(name for name in ARTICLE_FIELDS if name != "revision")

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url_key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    article_id TEXT,
    headline TEXT NOT NULL,
    summary TEXT,
    body TEXT NOT NULL,
    date_published TEXT,
    date_published_raw TEXT,
    date_modified TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    section TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    image_url TEXT,
    image_caption TEXT,
    views INTEGER,
    language TEXT,
    source TEXT,
    scraped_at TEXT,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash);
CREATE INDEX IF NOT EXISTS articles_date_published ON articles (date_published);
CREATE TABLE IF NOT EXISTS revisions (
    url_key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    headline TEXT NOT NULL,
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (url_key, revision)
);
-- One row per crawl: a run with no finish_reason was killed, and the next run must not trust the
-- "first page of stored articles" stopping rule, since later pages may never have been read.
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT
);
"""

UPSERT = (
    f"INSERT INTO articles (url_key, {', '.join(ARTICLE_COLUMNS)}, revision, first_seen, last_seen)"
    f" VALUES (?, {', '.join('?' * len(ARTICLE_COLUMNS))}, ?, ?, ?)"
    f" ON CONFLICT (url_key) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in ARTICLE_COLUMNS)},"
    " revision = excluded.revision, last_seen = excluded.last_seen"
)


class SeenState(Protocol):
    """What deduplication needs to know about earlier crawls; SQLite is one backend of it."""

    def stored_hash(self, url_key: str) -> str | None:
        """The content hash stored for this URL, or None for a URL never stored."""

    def has_content(self, content_hash: str) -> bool:
        """Whether an article with this text is stored under any URL."""

    def touch(self, url_key: str) -> None:
        """Record that the URL was seen again, unchanged."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArticleStore:
    """The SQLite file: articles, revisions, and the seen-state for deduplication."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        if self.path.parent != Path():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are opened explicitly, so a batch is one transaction.
        self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self._migrate()
        self.in_transaction = False

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} has schema version {version}; this hunaworld knows {SCHEMA_VERSION}")
        if version < SCHEMA_VERSION:
            # Idempotent script in one transaction: two crawls opening a new file at once both succeed.
            self.db.executescript(f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")

    def begin(self) -> None:
        if not self.in_transaction:
            # IMMEDIATE takes the write lock now, so two crawls queue here instead of deadlocking later.
            self.db.execute("BEGIN IMMEDIATE")
            self.in_transaction = True

    def commit(self) -> None:
        if self.in_transaction:
            self.db.execute("COMMIT")
            self.in_transaction = False

    def close(self) -> None:
        self.commit()
        self.db.close()

    # -- seen-state ------------------------------------------------------------------------------

    def stored_hash(self, url_key: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM articles WHERE url_key = ?", (url_key,)).fetchone()
        return row[0] if row else None

    def has_content(self, content_hash: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row is not None

    def published(self, url_key: str) -> tuple[bool, str | None]:
        """Whether the URL is stored, and when it was published (else first seen), ISO 8601."""
        row = self.db.execute(
            "SELECT COALESCE(date_published, first_seen) FROM articles WHERE url_key = ?", (url_key,)
        ).fetchone()
        return (row is not None, row[0] if row else None)

    def touch(self, url_key: str) -> None:
        self.begin()
        self.db.execute("UPDATE articles SET last_seen = ? WHERE url_key = ?", (_now(), url_key))

    # -- runs ----------------------------------------------------------------------------------

    def last_run_finished(self) -> bool:
        """Whether the latest crawl into this file ended normally (True for a new file)."""
        row = self.db.execute("SELECT finish_reason FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return row is None or row[0] == "finished"

    def start_run(self) -> int:
        cursor = self.db.execute("INSERT INTO runs (started_at) VALUES (?)", (_now(),))
        return int(cursor.lastrowid)

    def finish_run(self, run_id: int, reason: str) -> None:
        self.begin()
        self.db.execute("UPDATE runs SET finished_at = ?, finish_reason = ? WHERE id = ?", (_now(), reason, run_id))
        self.commit()

    # -- articles --------------------------------------------------------------------------------

    def upsert(self, url_key: str, item: Mapping[str, Any]) -> int | None:
        """Store the article and return its revision; None when the stored text is the same.

        The comparison runs inside the write transaction, so two crawls storing the same article
        at once store it once. A changed text keeps the previous one in ``revisions``.
        """
        self.begin()
        now = _now()
        previous = self.db.execute(
            "SELECT revision, headline, body, content_hash, last_seen FROM articles WHERE url_key = ?",
            (url_key,),
        ).fetchone()
        revision = 1
        if previous is not None:
            revision, headline, body, old_hash, last_seen = previous
            if old_hash == item["content_hash"]:
                self.db.execute("UPDATE articles SET last_seen = ? WHERE url_key = ?", (now, url_key))
                return None
            self.db.execute(
                "INSERT OR IGNORE INTO revisions (url_key, revision, headline, body, content_hash, seen_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url_key, revision, headline, body, old_hash, last_seen),
            )
            revision += 1
        values = [_column_value(item, name) for name in ARTICLE_COLUMNS]
        self.db.execute(UPSERT, (url_key, *values, revision, now, now))
        return revision

    def articles(self) -> Iterator[dict[str, Any]]:
        """Every stored article as an item dict, list fields decoded."""
        cursor = self.db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)}, revision FROM articles ORDER BY url")
        names = [*ARTICLE_COLUMNS, "revision"]
        for row in cursor:
            record = dict(zip(names, row, strict=True))
            for name in LIST_FIELDS:
                record[name] = json.loads(record[name])
            yield record


def _column_value(item: Mapping[str, Any], name: str) -> Any:
    value = item.get(name)
    if name in LIST_FIELDS:
        return json.dumps(value or [], ensure_ascii=False)
    return value
