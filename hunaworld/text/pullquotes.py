"""Pull quotes: a sentence of an article set again in large type beside its text (a ``<blockquote>``,
a highlighted box), which a reader sees twice but the article says once.

Known by its words: a paragraph whose words all stand, in the same order, inside another paragraph
is a repeat, whatever its quotation marks. A short line ("وأضاف:") may well recur; only a sentence
is a pull quote.
"""

from __future__ import annotations

import re

from hunaworld.text.arabic import fold

_WORDS = re.compile(r"[^\W_]+")
_MIN_WORDS = 6  # a sentence, not a phrase that an article may repeat


def _words(line: str) -> str:
    return " ".join(_WORDS.findall(fold(line)))


_MARKS = " «»\"“”„'‘’.،,:؛!؟?()-–—…"
_CORE = 24  # characters of a paragraph, its quotation marks aside, that a repeat holds as they stand


def without_pull_quotes(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without those that repeat a sentence of another one (of two alike, the later)."""
    # Only a paragraph whose opening words stand again in the text, as they are written, is compared
    # word for word: folding every paragraph would cost more than the rest of the text's reading.
    text = "\n".join(paragraphs)
    repeated = [i for i, p in enumerate(paragraphs)
                if p.count(" ") + 1 >= _MIN_WORDS and text.count(p.strip(_MARKS)[:_CORE]) > 1]
    if not repeated:
        return paragraphs
    keys = [_words(p) for p in paragraphs]
    # One text of all the paragraphs, each set off by spaces: a key found more often than it is a
    # paragraph also stands inside another one.
    joined = f" {' | '.join(keys)} "
    dropped = set()
    for i in repeated:
        key = keys[i]
        alike = keys.count(key)
        if joined.count(f" {key} ") > alike or (alike > 1 and keys.index(key) < i):
            dropped.add(i)
    return [p for i, p in enumerate(paragraphs) if i not in dropped]
