"""A search as typed, turned into FTS5 queries over the index's search form.

The FTS5 query language stays as it is (``"phrases in quotes"``, ``OR``, ``NOT``, ``AND``,
``NEAR(a b, 5)``, ``prefix*``, ``^initial``, ``headline: word``, ``{headline body}: word``,
parentheses); only its words change: each bareword and each quoted string is put in its search form
(``hunaworld.text.searchform``) and written as a quoted string, which FTS5 reads as a phrase. Any
other character is left in place, so what FTS5 cannot parse still fails there, with its message.

Given the archive's word forms (``forms``), a word also matches its forms with a leading ب, ك, ل or
ف where the archive's counts say that letter is a clitic (``searchform.clitic_forms``): a bareword
becomes ``("تمويل" OR "لتمويل")``, a phrase the same alternatives of its first word (a clitic
attaches to the phrase, not inside it). Not in ``NEAR``, after ``^`` or next to ``+``, which take
phrases only.

Besides the query (``fts``), the ranking query (``rank_fts``): the same words with no condition on
their positions (a phrase's words, a ``NEAR`` group's words, ``^`` dropped), so every article the
query matches matches it too. FTS5's bm25 counts, before it ranks anything, every article of the
archive that matches each phrase of the query it ranks; for a phrase that means checking the
positions in every article that has its words, a cost that grows with the archive. Ranking with the
words alone costs a pass over their lists of articles instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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
_STAR_AFTER = re.compile(r"\s*\*")
_PLUS_AFTER = re.compile(r"\s*\+")
# Tokens that begin an operand: after a parenthesised group FTS5 wants an explicit AND before them.
_OPERAND_START = frozenset({"(", "^", "{", "-"})


@dataclass(frozen=True)
class SearchQuery:
    """The query as typed, the MATCH expressions it became, and the words to mark in snippets."""

    text: str
    fts: str
    words: frozenset[str] = field(default_factory=frozenset)
    prefixes: frozenset[str] = field(default_factory=frozenset)
    # The ranking query (see the module); the query itself when they are the same.
    rank_fts: str = ""

    def marks(self, form: str) -> bool:
        """Whether a word whose search form is ``form`` is one the query looks for."""
        if " " in form:
            return any(map(self.marks, form.split()))
        return form in self.words or (bool(self.prefixes) and form.startswith(tuple(self.prefixes)))


class _Output:
    """One MATCH expression being written. FTS5 wants an explicit AND before and after a
    parenthesised group where operands would otherwise stand side by side: groups this code makes
    get one (those typed are left as typed, for FTS5 to judge)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.after_group = self.after_operand = False

    def _join(self, group: bool) -> None:
        if self.after_group or (group and self.after_operand):
            self.parts.append("AND ")

    def start(self, text: str, *, group: bool = False) -> None:
        """The start of an operand: a column filter, ``(``, ``^``, ``NEAR``; ``group``: a parenthesis of ours."""
        self._join(group)
        self.parts.append(text)
        self.after_group = self.after_operand = False

    def operand(self, text: str, *, group: bool = False) -> None:
        """A whole operand: a phrase, or alternatives in a group of ours."""
        self._join(group)
        self.parts.append(text)
        self.after_group, self.after_operand = group, True

    def end(self, text: str, *, group: bool = False) -> None:
        """What ends an operand already written: ``)`` (of a group of ours), ``*``."""
        self.parts.append(text)
        self.after_group, self.after_operand = group or (self.after_group and text == "*"), True

    def other(self, text: str) -> None:
        self.parts.append(text)
        if not text.isspace():
            self.after_group = self.after_operand = False

    def text(self) -> str:
        return "".join(self.parts)


def _phrase(words: Sequence[str]) -> str:
    return '"' + " ".join(words) + '"'


def _alternatives(phrases: Sequence[str]) -> tuple[str, bool]:
    """The phrases as one operand, and whether it is a group in parentheses."""
    return (phrases[0], False) if len(phrases) == 1 else ("(" + " OR ".join(phrases) + ")", True)


def parse_query(text: str, forms: Callable[[str], Sequence[str]] | None = None) -> SearchQuery:
    """The FTS5 expressions for ``text`` (see the module); ``forms`` gives a search-form word's
    forms in the archive, the word first (none: the word alone)."""
    exact, ranking = _Output(), _Output()
    words: set[str] = set()
    prefixes: set[str] = set()
    in_columns = False
    # The paren depth at which a NEAR group opened, while in it.
    near_depth: int | None = None
    # Inside the operand of a NOT, the ranking query keeps the query's own phrases: a looser NOT
    # would exclude more. (paren depth of the NOT, whether its operand opened a parenthesis)
    negated: tuple[int, bool] | None = None
    depth = 0
    previous = ""
    # The ranking query has put a phrase's prefix star inside its group already.
    swallow_star = False
    for match in _TOKEN_RE.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "space":
            exact.other(token)
            ranking.other(token)
            continue
        rest = text[match.end():]
        strict = negated is not None
        if kind == "bare" and (token in KEYWORDS or in_columns or _COLUMN_AFTER.match(rest)
                               or (near_depth is not None and previous == "," and _NEAR_DISTANCE.fullmatch(token))):
            # An operator, a column name, or NEAR's distance: FTS5's own words, kept as typed.
            if in_columns:
                exact.other(token)
                ranking.other(token)
            elif token == "NEAR":
                exact.start(token)
                near_depth = depth
                if strict:
                    ranking.start(token)
            elif token in KEYWORDS:
                exact.other(token)
                ranking.other(token)
                if token == "NOT" and negated is None:
                    negated = (depth, False)
            elif near_depth is not None and previous == ",":
                exact.other(token)
                if strict:
                    ranking.other(token)
            else:
                exact.start(token)
                ranking.start(token)
        elif kind in ("bare", "string"):
            content = token[1:-1].replace('""', '"') if kind == "string" else token
            phrase = search_form(content).split()
            star = bool(_STAR_AFTER.match(rest))
            joined = previous == "+" or bool(_PLUS_AFTER.match(rest))
            variants = [phrase]
            if forms is not None and phrase and near_depth is None and previous != "^" and not joined and not star:
                variants = [[first, *phrase[1:]] for first in forms(phrase[0])]
            for variant in variants:
                words.update(variant[:-1] if star else variant)
            if star and phrase:
                prefixes.add(phrase[-1])
            written, group = _alternatives([_phrase(v) for v in variants])
            exact.operand(written, group=group)
            if strict or joined or (len(phrase) < 2 and previous != "^"):
                ranking.operand(written, group=group)
            else:
                # Each variant's words, anywhere in the article; a prefix stays on its last word.
                loose = ["(" + " AND ".join(f'"{w}"' for w in v) + ("*" if star else "") + ")" for v in variants]
                ranking.operand("(" + " OR ".join(loose) + ")" if len(loose) > 1 else loose[0], group=True)
                swallow_star = star
            if strict and depth == negated[0] and not negated[1]:
                negated = None
        else:
            if token == "*":
                exact.end(token)
                if not swallow_star:
                    ranking.end(token)
            elif token == "(" and near_depth is not None and depth == near_depth and not strict:
                exact.start(token)
                ranking.start(token, group=True)
            elif token == ")" and near_depth is not None and depth == near_depth + 1 and not strict:
                exact.end(token)
                ranking.end(token, group=True)
            elif token == "^":
                exact.start(token)
                if strict:
                    ranking.start(token)
            elif token == "," and near_depth is not None and not strict:
                exact.other(token)
            elif token in _OPERAND_START:
                exact.start(token)
                ranking.start(token)
            elif token == ")":
                exact.end(token)
                ranking.end(token)
            else:
                exact.other(token)
                ranking.other(token)
            swallow_star = False
            in_columns = (in_columns or token == "{") and token != "}"
            if token == "(":
                if negated is not None and depth == negated[0]:
                    negated = (negated[0], True)
                depth += 1
            elif token == ")":
                depth -= 1
                if near_depth is not None and depth == near_depth:
                    near_depth = None
                if negated is not None and depth == negated[0] and negated[1]:
                    negated = None
        previous = token
    fts, rank_fts = exact.text(), ranking.text()
    return SearchQuery(text, fts, frozenset(words), frozenset(prefixes), rank_fts if rank_fts != fts else "")
