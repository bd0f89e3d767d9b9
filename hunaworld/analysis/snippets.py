"""Snippets: the stretch of an article that best shows why it matched, with the matched words marked.

Cut from the stored text, as the site wrote it, by putting each of its words in its search form and
comparing with the query's: FTS5's own ``snippet()`` could only show the index's processed copy.
Every word the query looks for is marked wherever it stands, also outside the phrase that matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from hunaworld.analysis.query import SearchQuery
from hunaworld.text.searchform import WORD_RE, search_word

__all__ = ["MARK_CLOSE", "MARK_OPEN", "snippet"]

# Brackets, not quotation marks: Arabic news text quotes with «» and "" all the time.
MARK_OPEN, MARK_CLOSE = "[", "]"
ELLIPSIS = "…"


def _best_window(hits: list[tuple[int, str]], width: int) -> tuple[int, int]:
    """(distinct words, first hit index) of the window of ``width`` words holding the most distinct hits."""
    best = (0, 0)
    for i, (start, _) in enumerate(hits):
        distinct = len({form for position, form in hits[i:] if position < start + width})
        if distinct > best[0]:
            best = (distinct, i)
    return best


def snippet(texts: Sequence[str | None], query: SearchQuery, *, width: int = 30) -> str:
    """About ``width`` words from the first of ``texts`` (e.g. body, summary, headline) with the most
    distinct matched words, those marked; the opening words of the first text when none matches."""
    best: tuple[int, str, list[str], int] | None = None
    for text in filter(None, texts):
        # The words' forms, and which of the distinct ones the query marks: a text repeats its words.
        forms = list(map(search_word, WORD_RE.findall(text)))
        marked = set(filter(query.marks, set(forms)))
        hits = [(n, form) for n, form in enumerate(forms) if form in marked] if marked else []
        distinct, first = _best_window(hits, width) if hits else (0, 0)
        if best is None or distinct > best[0]:
            # Start a few words before the first hit, so it is read in its sentence.
            start_word = max(0, hits[first][0] - width // 4) if hits else 0
            best = (distinct, text, forms, start_word)
    if best is None:
        return ""
    _, text, forms, start_word = best
    window = [m.span() for m in islice(WORD_RE.finditer(text), start_word, start_word + width)]
    if not window:
        return ""
    parts: list[str] = []
    cursor = window[0][0]
    for (start, end), form in zip(window, forms[start_word:], strict=False):
        word = text[start:end]
        parts.append(text[cursor:start])
        parts.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if query.marks(form) else word)
        cursor = end
    # Paragraph breaks and runs of spaces become one space: a snippet is one line.
    line = " ".join("".join(parts).split())
    opening = f"{ELLIPSIS} " if start_word else ""
    closing = f" {ELLIPSIS}" if start_word + width < len(forms) else ""
    return opening + line + closing
