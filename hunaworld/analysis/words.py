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
        # form -> (occurrences counted, whether that is all of them)
        self.counted: dict[str, tuple[int, bool]] = {}

    def uses(self, form: str, enough: int) -> int:
        """How many times the archive uses the search form ``form``, or ``enough`` when at least that."""
        count, complete = self.counted.get(form, (0, False))
        if not complete and count < enough:
            (count,) = self.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {WORDS_TABLE} WHERE term = ? LIMIT ?)",
                                       (form, enough)).fetchone()
            self.counted[form] = (count, count < enough)
        return min(count, enough)

    def forms(self, word: str) -> tuple[str, ...]:
        """The word's forms with and without a leading clitic letter, as this archive's counts decide."""
        return clitic_forms(word, self.uses)
