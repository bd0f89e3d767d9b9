"""Revisions: what an article was before each change, why it changed, and from which page.

A revision row keeps the earlier headline, body and content hash, the time that text was last seen,
the WARC record it was read from, why it changed (``EDIT``: the site changed the page;
``REEXTRACT``: a newer extraction read the stored page differently), and, as a JSON object, the
earlier values of the other fields the change touched.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from hunaworld.items import ARTICLE_FIELDS

EDIT, REEXTRACT = "edit", "reextract"
LIST_FIELDS = ("authors", "tags", "countries")
# Columns of the article that a revision row has columns of its own for, or that every fetch changes.
_OWN_COLUMNS = frozenset({"site", "headline", "body", "content_hash", "scraped_at", "revision"})
OTHER_FIELDS = tuple(name for name in ARTICLE_FIELDS if name not in _OWN_COLUMNS)
# What a revision needs of the stored row, besides OTHER_FIELDS.
STORED = ("revision", "headline", "body", "content_hash", "last_seen", "warc_file", "warc_offset")


def _decoded(name: str, value: Any) -> Any:
    return json.loads(value) if name in LIST_FIELDS and isinstance(value, str) else value


def earlier_values(stored: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values of the other fields that differ in ``new`` (both as stored: lists as JSON)."""
    return {name: _decoded(name, stored[name]) for name in OTHER_FIELDS
            if name in new and stored[name] != new[name]}


def keep(db: sqlite3.Connection, site: str, url_key: str, stored: Mapping[str, Any], reason: str,
         earlier: Mapping[str, Any]) -> None:
    """Keep the stored article (``STORED`` columns) as a revision, in the caller's transaction."""
    db.execute(
        "INSERT OR IGNORE INTO revisions (site, url_key, revision, headline, body, content_hash, seen_at, reason,"
        " fields, warc_file, warc_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (site, url_key, stored["revision"], stored["headline"], stored["body"], stored["content_hash"],
         stored["last_seen"], reason, json.dumps(earlier, ensure_ascii=False) if earlier else None,
         stored["warc_file"], stored["warc_offset"]))
