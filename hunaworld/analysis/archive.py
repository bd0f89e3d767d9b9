"""Opening the crawl's database for reading: read-only, at the schema this code knows, with our SQL functions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hunaworld.storage.schema import VERSION
from hunaworld.text.arabic import fold

__all__ = ["DEFAULT_DATABASE", "ArchiveError", "open_archive", "register_functions"]

# The crawl's default file (HUNAWORLD_SQLITE), in the current directory.
DEFAULT_DATABASE = Path("hunaworld.sqlite3")
MMAP_BYTES = 2**30


class ArchiveError(RuntimeError):
    """A database these commands cannot read; the message says what to do."""


def register_functions(db: sqlite3.Connection) -> None:
    """SQL functions the analysis queries use: ``hunaworld_fold(text)``, the project's comparison key."""
    db.create_function("hunaworld_fold", 1, fold, deterministic=True)


def open_archive(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the database at ``path``, which must be at schema ``VERSION``.

    Read-only by the URI (``mode=ro``), so no command of this package can change the file, and a
    crawl may write it meanwhile (WAL).
    """
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"{path}: no such database (give it with --db)")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(f"{path}: not a hunaworld database ({exc})") from exc
    if version < VERSION:
        db.close()
        raise ArchiveError(f"{path} has schema version {version}, older than this hunaworld's {VERSION}:"
                           f" run `hunaworld reindex --db {path}` once to upgrade it")
    if version > VERSION:
        db.close()
        raise ArchiveError(f"{path} has schema version {version}; this hunaworld knows {VERSION}: upgrade it")
    # Reports and exports read the whole table: mapped pages are read without a copy.
    db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    register_functions(db)
    return db
