"""Checks made before a crawl starts, so a bad setting or input file costs one line and exit status 1.

Each check names the setting or file and what to do. They run in the ``crawl`` command before the
crawler exists: no output file is opened, no run is recorded, and no traceback is printed.
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.settings import Settings

from hunaworld import settings as project_settings
from hunaworld.capture.manifest import MANIFEST
from hunaworld.crawling.rendering import chromium_path
from hunaworld.items import ARTICLE_FIELDS
from hunaworld.storage.schema import SchemaError
from hunaworld.storage.store import ArticleStore
from hunaworld.warc.capture import is_warc
from hunaworld.warc.files import folder_for
from hunaworld.warc.records import WARC_SUFFIXES, responses, warc_files


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
    "HUNAWORLD_REDIS_OUTAGE_TIMEOUT": 0,
    "HUNAWORLD_REDIS_JOIN_WINDOW": 0,
    "HUNAWORLD_WARC_MAX_SIZE": 1,
}


def check(settings: Settings) -> None:
    """Raise PreflightError for the first setting or input the crawl could not use."""
    check_names(settings)
    _numbers(settings)
    _coverage(settings)
    _timezone(settings.get("HUNAWORLD_TIMEZONE"))
    _chromium(settings)
    if settings.get("HUNAWORLD_REPLAY"):
        _replay(Path(settings.get("HUNAWORLD_REPLAY")))
    if _distributed(settings):
        # A worker stores nothing in SQLite (the writer does): it needs Redis instead.
        _redis(settings["HUNAWORLD_REDIS_URL"])
    else:
        _database(Path(settings.get("HUNAWORLD_SQLITE")))
    _warc(settings)
    for uri in settings.getdict("FEEDS"):
        _feed(str(uri))


PREFIX = "HUNAWORLD_"
KNOWN = frozenset(name for name in vars(project_settings) if name.startswith(PREFIX))


def check_names(settings: Settings) -> None:
    """A misspelt ``HUNAWORLD_*`` setting would be ignored in silence (and its default used): refuse it."""
    for name in settings.attributes:
        if name.startswith(PREFIX) and name not in KNOWN:
            nearest = difflib.get_close_matches(name, KNOWN, n=1)
            hint = f"did you mean {nearest[0]}?" if nearest else "see hunaworld/settings.py for the settings"
            raise PreflightError(f"unknown setting {name}: {hint}")


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


def _chromium(settings: Settings) -> None:
    given = settings.get("HUNAWORLD_CHROMIUM")
    if given and chromium_path(settings) is None:
        raise PreflightError(f"HUNAWORLD_CHROMIUM={given} is no executable (the Chromium to render listings with;"
                             " apt-get install chromium)")


def _replay(path: Path) -> None:
    """A capture folder, a WARC file, or a folder of WARC files, each holding responses to replay."""
    where = f"HUNAWORLD_REPLAY={path}"
    if path.is_file() or path.name.endswith(WARC_SUFFIXES):
        if not path.name.endswith(WARC_SUFFIXES):
            raise PreflightError(f"{where}: neither a capture folder nor a WARC file (.warc.gz)")
        if not path.is_file():
            raise PreflightError(f"{where}: no such file")
    if is_warc(path):
        for file in warc_files(path):
            # In a folder, the file is named; given alone, it is the setting's value.
            which = f"{where}: {file.name}" if file != path else where
            try:
                first = next(responses(file), None)
            except (OSError, ValueError) as exc:
                raise PreflightError(f"{which}: not a readable WARC file ({exc})") from None
            if first is None:
                raise PreflightError(f"{which}: holds no HTTP response (not a WARC file?)")
        return
    _capture(path, where)


def _capture(folder: Path, where: str) -> None:
    if not folder.is_dir():
        raise PreflightError(f"{where}: no such folder")
    manifest = folder / MANIFEST
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PreflightError(f"{where}: no {MANIFEST} in it, nor WARC files (record one with"
                             " -s HUNAWORLD_RECORD=DIR or =FILE.warc.gz)") from None
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
    open_store(path, where).close()


def open_store(path: Path, where: str | None = None) -> ArticleStore:
    """The store at ``path``, or PreflightError in one line (prefixed ``where``) when it cannot be used."""
    where = where or str(path)
    try:
        return ArticleStore(path, timeout=5)
    except SchemaError as exc:
        raise PreflightError(f"{where}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise PreflightError(f"{where}: the database stayed locked by another process for 5 s; try again when"
                                 " it has finished") from None
        raise PreflightError(f"{where}: not a usable SQLite database ({exc}); point it at another file") from None
    except OSError as exc:  # its folder cannot be made
        raise PreflightError(f"{where}: not a usable SQLite database ({exc.strerror}: {exc.filename})") from None


def _feed(uri: str) -> None:
    """A local feed file must be writable: a feed that fails at its first line loses every line after it.

    Tried for real (a file opened for appending and closed, removed again if it was not there), since
    permissions do not tell a read-only or special file system.
    """
    parts = urlsplit(uri)
    if parts.scheme not in ("", "file") and len(parts.scheme) > 1:  # a remote storage, or a Windows drive
        return
    path = Path(unquote(parts.path) if parts.scheme == "file" else uri)
    where = f"the feed {uri}"
    if path.is_dir():
        raise PreflightError(f"{where} is a folder: give a file in it (e.g. {path / 'articles.jsonl'})")
    try:
        # Scrapy makes the feed's folders; a name made at open time (%(time)s...) is tried as its folder.
        folder = path.parent
        while "%(" in str(folder):
            folder = folder.parent
        folder.mkdir(parents=True, exist_ok=True)
        if "%(" in path.name or "%(" in str(path.parent):
            tempfile.TemporaryFile(dir=folder).close()
            return
        existed = path.exists()
        with open(path, "ab"):
            pass
        if not existed:
            path.unlink()
    except (FileExistsError, NotADirectoryError) as exc:
        raise PreflightError(f"{where} cannot be written: {exc.filename} is a file, not a folder") from None
    except OSError as exc:
        raise PreflightError(f"{where} cannot be written: {exc.strerror or exc}") from None


def _warc(settings: Settings) -> None:
    """The WARC folder must be a folder this user can write files in (made if missing)."""
    given = settings.get("HUNAWORLD_WARC")
    folder = folder_for(given, settings.get("HUNAWORLD_SQLITE"))
    if folder is None:
        return
    where = f"HUNAWORLD_WARC={given}" if given else f"the WARC folder {folder} (HUNAWORLD_WARC)"
    if folder.exists() and not folder.is_dir():
        raise PreflightError(f"{where}: a file, not a folder (give a folder for the WARC files, or off)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:
        raise PreflightError(f"{where}: cannot write there ({exc.strerror or exc}); give another folder, or off"
                             ) from None


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
