"""Checks made before a crawl starts, so a bad setting or input file costs one line and exit status 1.

Each check names the setting or file and what to do. They run in the ``crawl`` command before the
crawler exists: no output file is opened, no run is recorded, and no traceback is printed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.settings import Settings

from hunaworld.capture.manifest import MANIFEST
from hunaworld.items import ARTICLE_FIELDS
from hunaworld.storage.schema import SchemaError
from hunaworld.storage.store import ArticleStore


class PreflightError(ValueError):
    """A setting or input the crawl cannot use; the message names it and says what to do."""


# Numeric settings and the least value each may take.
MINIMUMS: dict[str, float] = {
    "HUNAWORLD_SQLITE_BATCH": 1,
    "HUNAWORLD_SQLITE_COMMIT_INTERVAL": 0.001,
    "HUNAWORLD_WORKERS": 0,
    "HUNAWORLD_PARSE_TIMEOUT": 0,
    "HUNAWORLD_REVISIT_HOURS": 0,
    "HUNAWORLD_PROGRESS_INTERVAL": 0,
    "HUNAWORLD_GC_THRESHOLD": 0,
    "HUNAWORLD_HEALTH_MIN_ITEMS": 0,
    "HUNAWORLD_HEALTH_MAX_ERROR_RATE": 0,
    "HUNAWORLD_RETRY_AFTER": 0,
    "HUNAWORLD_RETRY_ATTEMPTS": 1,
}


def check(settings: Settings) -> None:
    """Raise PreflightError for the first setting or input the crawl could not use."""
    _numbers(settings)
    _coverage(settings)
    _timezone(settings.get("HUNAWORLD_TIMEZONE"))
    if settings.get("HUNAWORLD_REPLAY"):
        _capture(Path(settings.get("HUNAWORLD_REPLAY")))
    if _distributed(settings):
        # A worker stores nothing in SQLite (the writer does): it needs Redis instead.
        _redis(settings["HUNAWORLD_REDIS_URL"])
    else:
        _database(Path(settings.get("HUNAWORLD_SQLITE")))


def _numbers(settings: Settings) -> None:
    for name, least in MINIMUMS.items():
        value = settings.get(name)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise PreflightError(f"{name}={value!r} is not a number") from None
        if number < least:
            raise PreflightError(f"{name}={value!r} must be at least {least:g}")
    if settings.getfloat("HUNAWORLD_HEALTH_MAX_ERROR_RATE") > 1:
        raise PreflightError("HUNAWORLD_HEALTH_MAX_ERROR_RATE is a share of pages: give a number from 0 to 1")


def _coverage(settings: Settings) -> None:
    name = "HUNAWORLD_HEALTH_COVERAGE"
    try:
        coverage: Any = settings.getdict(name)
    except ValueError as exc:
        raise PreflightError(f"{name} is not a JSON object of field: share ({exc})") from None
    for field, share in coverage.items():
        if field not in ARTICLE_FIELDS:
            raise PreflightError(f"{name}: {field!r} is not an article field (fields: {', '.join(ARTICLE_FIELDS)})")
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise PreflightError(f"{name}: {field}={share!r} is not a share from 0 to 1")


def _timezone(name: str | None) -> None:
    if not name:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PreflightError(f"HUNAWORLD_TIMEZONE={name!r} is not an IANA time zone (e.g. Asia/Amman)") from None


def _capture(folder: Path) -> None:
    where = f"HUNAWORLD_REPLAY={folder}"
    if not folder.is_dir():
        raise PreflightError(f"{where}: no such folder")
    manifest = folder / MANIFEST
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PreflightError(f"{where}: no {MANIFEST} in it (record one with -s HUNAWORLD_RECORD=DIR)") from None
    except (OSError, ValueError) as exc:
        raise PreflightError(f"{where}: {MANIFEST} is not readable JSON ({exc})") from None
    if not isinstance(entries, list):
        raise PreflightError(f"{where}: {MANIFEST} must be a list of {{url, file, status, headers}}")
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise PreflightError(f"{where}: {MANIFEST} entry {n} has no url")
        name = entry.get("file")
        if name and not (folder / name).is_file():
            raise PreflightError(f"{where}: {MANIFEST} entry {n} names {name}, which is not in the folder")


def _database(path: Path) -> None:
    where = f"HUNAWORLD_SQLITE={path}"
    if path.exists():
        # Checked before SQLite opens it: a read-only file opened in WAL mode would leave -wal/-shm behind.
        if not os.access(path, os.R_OK | os.W_OK):
            raise PreflightError(f"{where}: the file is not writable by this user")
        folder = path.parent
    else:
        folder = next((p for p in path.absolute().parents if p.exists()), Path("/"))
    if not os.access(folder, os.W_OK):
        raise PreflightError(f"{where}: its folder {folder} is not writable (SQLite needs to write beside the file)")
    try:
        ArticleStore(path, timeout=5).close()
    except SchemaError as exc:
        raise PreflightError(f"{where}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise PreflightError(f"{where}: the database stayed locked by another process for 5 s; try again when"
                                 " it has finished") from None
        raise PreflightError(f"{where}: not a usable SQLite database ({exc}); point it at another file") from None


def _distributed(settings: Settings) -> bool:
    """Whether the crawl runs as a worker of a distributed crawl (see ``hunaworld.distributed.addon``)."""
    if not settings.get("HUNAWORLD_REDIS_URL"):
        return False
    from hunaworld.distributed.addon import stores

    return stores(settings)


def _redis(url: str) -> None:
    # Imported here: a one-machine crawl needs no Redis installed.
    from hunaworld.distributed.connection import unreachable

    problem = unreachable(url)
    if problem:
        raise PreflightError(f"cannot use Redis (HUNAWORLD_REDIS_URL): {problem}")
