"""How often the archive uses a word, read from the search index's own vocabulary as far as a query needs.

``article_search_words`` (FTS5's ``fts5vocab``, kept by FTS5 itself in step with the index) lists
every occurrence of every word; a count stops at the number the question needs, so asking whether
a common word is used 5 times reads 5 rows, not its millions.
"""

from __future__ import annotations

import sqlite3

from hunaworld.storage.search_index import WORDS_TABLE
from hunaworld.text.searchform import clitic_forms

__all__ = ["ArchiveWords"]


class ArchiveWords:
    """The word counts of one archive, for the query side of the search form (``clitic_forms``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.counted: dict[tuple[str, int], tuple[int, int | None]] = {}

    def occurrences(self, form: str, limit: int) -> tuple[int, int | None]:
        """How many times the archive uses the search form ``form``, counting up to ``limit``, and
        the rowid of the article where the count reached ``limit`` (None when it counted them all)."""
        if (form, limit) not in self.counted:
            # Occurrences come in rowid order: the last of the first ``limit`` is where they reach it.
            count, last = self.db.execute(
                f"SELECT COUNT(*), max(doc) FROM (SELECT doc FROM {WORDS_TABLE} WHERE term = ? LIMIT ?)",
                (form, limit)).fetchone()
            self.counted[form, limit] = (count, last if count == limit else None)
        return self.counted[form, limit]

    def forms(self, word: str) -> tuple[str, ...]:
        """The word's forms with and without a leading clitic letter, as this archive's counts decide."""
        return clitic_forms(word, self.occurrences)
