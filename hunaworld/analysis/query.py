"""A search as typed, turned into an FTS5 query over the index's search form.

The FTS5 query language stays as it is (``"phrases in quotes"``, ``OR``, ``NOT``, ``AND``,
``NEAR(a b, 5)``, ``prefix*``, ``^initial``, ``headline: word``, ``{headline body}: word``,
parentheses); only its words change: each bareword and each quoted string is put in its search form
(``hunaworld.text.searchform``) and written as a quoted string, which FTS5 reads as a phrase. Any
other character is left in place, so what FTS5 cannot parse still fails there, with its message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hunaworld.text.searchform import search_form

__all__ = ["SearchQuery", "parse_query"]

KEYWORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
# FTS5's lexical units: a string ("" inside is a quote), a bareword (letters, digits, _, anything
# beyond ASCII, and U+001A), one of its punctuation characters, a space, or anything else.
# An unterminated string is kept as typed, for FTS5 to refuse.
_TOKEN_RE = re.compile(r'(?P<string>"(?:[^"]|"")*")|(?P<bare>[\w\x1a\u0080-\U0010ffff]+)|(?P<space>\s+)'
                       r'|(?P<unterminated>".*)|(?P<other>.)', re.DOTALL)
_COLUMN_AFTER = re.compile(r"\s*:")
_NEAR_DISTANCE = re.compile(r"\d+")


@dataclass(frozen=True)
class SearchQuery:
    """The query as typed, the MATCH expression it became, and the words to mark in snippets."""

    text: str
    fts: str
    words: frozenset[str] = field(default_factory=frozenset)
    prefixes: frozenset[str] = field(default_factory=frozenset)

    def marks(self, form: str) -> bool:
        """Whether a word whose search form is ``form`` is one the query looks for."""
        if " " in form:
            return any(map(self.marks, form.split()))
        return form in self.words or (bool(self.prefixes) and form.startswith(tuple(self.prefixes)))


def _phrase(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def parse_query(text: str) -> SearchQuery:
    """The FTS5 expression for ``text``, with the search forms of its words (see the module)."""
    out: list[str] = []
    words: set[str] = set()
    prefixes: set[str] = set()
    # The search form of the last phrase written, so a following * makes its last word a prefix.
    last_phrase: list[str] = []
    in_columns = near_open = False
    previous = ""
    for match in _TOKEN_RE.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "space":
            out.append(token)
            continue
        rest = text[match.end():]
        if kind == "bare" and (token in KEYWORDS or in_columns or _COLUMN_AFTER.match(rest)
                               or (near_open and previous == "," and _NEAR_DISTANCE.fullmatch(token))):
            # An operator, a column name, or NEAR's distance: FTS5's own words, kept as typed.
            out.append(token)
            near_open = near_open or token == "NEAR"
        elif kind in ("bare", "string"):
            content = token[1:-1].replace('""', '"') if kind == "string" else token
            last_phrase = search_form(content).split()
            words.update(last_phrase)
            out.append(_phrase(last_phrase))
        else:
            if token == "*" and last_phrase:
                words.discard(last_phrase[-1])
                prefixes.add(last_phrase[-1])
            in_columns = (in_columns or token == "{") and token != "}"
            if token == ")":
                near_open = False
            out.append(token)
        previous = token
    return SearchQuery(text, "".join(out), frozenset(words), frozenset(prefixes))
