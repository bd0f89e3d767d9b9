"""The SQLite schema, and the migrations that bring an older file up to it, keeping every row.

Version 4 (nothing lost): ``url_key`` is the article's identity (``hunaworld.urls.article_key``:
the site's id, else the host-agnostic folded path), so a mirror or a re-spelt slug finds the stored
article; ``failures`` keeps the articles that failed, to be retried by later runs; ``exported``
marks the rows whose feed line is written, so a crash between the commit and the feed write is
made good by the next run.

Version 3 (sites): every article, revision and run names its site (the profile key) and section;
an article is unique per site (``UNIQUE (site, url_key)``), and deduplication by content looks
within a site, so the same wire text on two sites is two articles, groupable by ``content_hash``.
Version 2 files were all written by the first site's crawl, so their rows are given site ``huna``,
section ``world``.

Version 5 (stories): ``articles.story_type`` says which rows are video or gallery stories, kept with
an empty body; every earlier row is an article (NULL).

Version 6 (search): the full-text index ``article_search`` (``hunaworld.storage.search_index``),
filled from the stored articles when a file is upgraded.

Version 7 (run outcomes): a run records its health verdict and its new, updated and failed
articles, and the worker that ran it in a distributed crawl; earlier runs keep NULL there.

Version 8 (aliases): ``aliases`` keeps every other URL at which a stored article's text was seen
(a story the site republished at a new URL), with the date that copy carried; the article keeps
the earliest of the dates.

Version 9 (an archive of millions): per-day counts kept by triggers (``hunaworld.storage.daily``),
counted from the stored articles when a file is upgraded; the index's vocabulary
``article_search_words``; an index in the export's order.

Version 10 (countries): ``articles.countries`` (a JSON array of ISO 3166-1 alpha-2 codes), the
table ``article_countries`` (``hunaworld.storage.countries``) and the per-day counts of each
country; an upgraded file's articles get their countries from their stored headline, summary and
body.

Version 11 (the pages kept, ``WARC_POINTERS``): an article and each revision point at the WARC
record of the page their text was read from (``warc_file``, ``warc_offset``; NULL for rows stored
before, or with WARC off); a revision says why it was made (``reason``: ``edit``, the site changed
the text; ``reextract``, a newer extraction read the stored page differently; NULL before) and keeps
the earlier values of the other fields it changed (``fields``, a JSON object).
"""

from __future__ import annotations

import sqlite3

from hunaworld.storage import countries, daily, search_index
from hunaworld.urls import article_key

VERSION = 11

# Written as the statements of the current version; the migrations below rename old tables aside,
# create these, and copy the rows across.
# The articles table; each version adds its columns after ``last_seen``.
_ARTICLES = """CREATE TABLE IF NOT EXISTS articles (
    site TEXT NOT NULL,
    site_section TEXT,
    url_key TEXT NOT NULL,
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
    last_seen TEXT NOT NULL,{columns}
    PRIMARY KEY (site, url_key)
)"""
_REVISIONS = """CREATE TABLE IF NOT EXISTS revisions (
    site TEXT NOT NULL,
    url_key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    headline TEXT NOT NULL,
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL,{columns}
    PRIMARY KEY (site, url_key, revision)
)"""
# Another URL of a stored article's text: ``url_key`` is the copy's identity, ``article_key`` the
# stored article's (in ``articles`` of the same site).
_ALIASES = """CREATE TABLE IF NOT EXISTS aliases (
    site TEXT NOT NULL,
    url_key TEXT NOT NULL,
    url TEXT NOT NULL,
    article_key TEXT NOT NULL,
    date_published TEXT,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (site, url_key)
)"""
_POINTER = "\n    warc_file TEXT,\n    warc_offset INTEGER,"
TABLES = (
    _ARTICLES.format(columns="\n    exported INTEGER NOT NULL DEFAULT 1,\n    story_type TEXT,"
                             "\n    countries TEXT NOT NULL DEFAULT '[]'," + _POINTER),
    _REVISIONS.format(columns="\n    reason TEXT,\n    fields TEXT," + _POINTER),
    # One row per crawl: a run with no finish_reason was killed, and the next run of that site and
    # section must not trust the "first page of stored articles" stopping rule. ``health`` is
    # "healthy" or "failed: <problems>"; ``worker`` names the process of a distributed crawl.
    """CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    site TEXT,
    site_section TEXT,
    health TEXT,
    articles_new INTEGER,
    articles_updated INTEGER,
    articles_failed INTEGER,
    worker TEXT
)""",
    # Articles whose page failed (fetch, extraction or storage): retried by later runs, after a
    # back-off that doubles, until they are stored or given up.
    """CREATE TABLE IF NOT EXISTS failures (
    site TEXT NOT NULL,
    url_key TEXT NOT NULL,
    url TEXT NOT NULL,
    site_section TEXT,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    first_failed TEXT NOT NULL,
    last_failed TEXT NOT NULL,
    next_attempt TEXT NOT NULL,
    given_up INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, url_key)
)""",
    _ALIASES,
)
INDEXES = (
    "CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (site, content_hash)",
    "CREATE INDEX IF NOT EXISTS articles_date_published ON articles (date_published)",
    "CREATE INDEX IF NOT EXISTS articles_unexported ON articles (site) WHERE exported = 0",
    # The export's order: a file of millions of articles is written as the index walks, never sorted.
    "CREATE INDEX IF NOT EXISTS articles_export ON articles (site, date_published, url)",
    "CREATE INDEX IF NOT EXISTS aliases_article ON aliases (site, article_key)",
    "CREATE INDEX IF NOT EXISTS aliases_url ON aliases (url)",
)

# The article and revision tables as version 3 defined them: a version-2 file becomes a version-3
# one before version 4's steps run.
_V3_TABLES = (_ARTICLES.format(columns=""), _REVISIONS.format(columns=""))
_V2_ARTICLE_COLUMNS = (
    "url_key, url, article_id, headline, summary, body, date_published, date_published_raw, date_modified,"
    " authors, section, tags, image_url, image_caption, views, language, source, scraped_at, content_hash,"
    " revision, first_seen, last_seen"
)
_V2_TO_V3 = (
    "ALTER TABLE articles RENAME TO articles_v2",
    "ALTER TABLE revisions RENAME TO revisions_v2",
    *_V3_TABLES,
    f"INSERT INTO articles (site, site_section, {_V2_ARTICLE_COLUMNS})"
    f" SELECT 'huna', 'world', {_V2_ARTICLE_COLUMNS} FROM articles_v2",
    "INSERT INTO revisions (site, url_key, revision, headline, body, content_hash, seen_at)"
    " SELECT 'huna', url_key, revision, headline, body, content_hash, seen_at FROM revisions_v2",
    "DROP TABLE articles_v2",
    "DROP TABLE revisions_v2",
    "ALTER TABLE runs ADD COLUMN site TEXT",
    "ALTER TABLE runs ADD COLUMN site_section TEXT",
    "UPDATE runs SET site = 'huna', site_section = 'world'",
)
# Revisions follow their article to its new key; a row whose new key another row already has keeps
# its old one (never lost; found by URL as before).
_V3_TO_V4 = (
    "UPDATE OR IGNORE revisions SET url_key = (SELECT article_key(a.url, a.article_id) FROM articles a"
    " WHERE a.site = revisions.site AND a.url_key = revisions.url_key)"
    " WHERE EXISTS (SELECT 1 FROM articles a WHERE a.site = revisions.site AND a.url_key = revisions.url_key)",
    "UPDATE OR IGNORE articles SET url_key = article_key(url, article_id)",
    "ALTER TABLE articles ADD COLUMN exported INTEGER NOT NULL DEFAULT 1",
    TABLES[3],
)
# Version 2 added the run record.
_V1_TO_V2 = (
    "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,"
    " finish_reason TEXT)",
)
_V4_TO_V5 = ("ALTER TABLE articles ADD COLUMN story_type TEXT",)
_V6_TO_V7 = tuple(f"ALTER TABLE runs ADD COLUMN {column}" for column in (
    "health TEXT", "articles_new INTEGER", "articles_updated INTEGER", "articles_failed INTEGER", "worker TEXT"))
_V9_TO_V10 = ("ALTER TABLE articles ADD COLUMN countries TEXT NOT NULL DEFAULT '[]'", *countries.CREATE,
              *daily.COUNTRIES_CREATE)
# The WARC pointers, and why a revision was made: a step of its own, whatever version it lands as.
WARC_POINTERS = tuple(f"ALTER TABLE {table} ADD COLUMN {column}" for table, column in (
    ("articles", "warc_file TEXT"), ("articles", "warc_offset INTEGER"), ("revisions", "reason TEXT"),
    ("revisions", "fields TEXT"), ("revisions", "warc_file TEXT"), ("revisions", "warc_offset INTEGER")))
# The statements that take a file of version N (the key) to N + 1.
MIGRATIONS = {1: _V1_TO_V2, 2: _V2_TO_V3, 3: _V3_TO_V4, 4: _V4_TO_V5, 5: search_index.CREATE, 6: _V6_TO_V7,
              7: (_ALIASES,), 8: (search_index.WORDS, *daily.CREATE), 9: _V9_TO_V10, 10: WARC_POINTERS}
# The version that made the search index: an older file's index is built (or, after a migration
# copying articles to a new table, rebuilt) from its articles; a newer one keeps its index.
_INDEXED_SINCE = 6
# The version that made the countries and their per-day counts: an older file's are counted from its articles.
_COUNTED_SINCE = 10


class SchemaError(RuntimeError):
    """A file this version of hunaworld cannot use; the message names it."""


def migrate(db: sqlite3.Connection, name: str) -> None:
    """Bring the database to ``VERSION`` in one write transaction; a no-op when it is there already.

    The version is read again under the write lock, so two crawls opening an old file at once
    migrate it once. The search index of a file from before it is built last (it is keyed by the
    articles' rowids, which a migration copying the table renumbers), the articles' countries are
    found in their text, and the per-day counts are counted.
    """
    if db.execute("PRAGMA user_version").fetchone()[0] == VERSION:
        return
    # Migrations compute article keys in SQL.
    db.create_function("article_key", 2, article_key, deterministic=True)
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise SchemaError(f"{name} has schema version {version}; this hunaworld knows {VERSION}: upgrade it")
        statements: list[str] = []
        if version == 0:
            statements += (*TABLES, *search_index.CREATE, search_index.WORDS, *countries.CREATE, *daily.CREATE,
                           *daily.COUNTRIES_CREATE)
        else:
            for step in range(version, VERSION):
                statements += MIGRATIONS[step]
        for statement in (*statements, *INDEXES, f"PRAGMA user_version={VERSION}"):
            db.execute(statement)
        if 0 < version < _INDEXED_SINCE:
            search_index.rebuild(db)
        if 0 < version < _COUNTED_SINCE:
            countries.rebuild(db)
            daily.fill(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
