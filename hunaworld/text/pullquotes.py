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


def without_pull_quotes(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without those that repeat a sentence of another one (of two alike, the later)."""
    keys = [_words(p) for p in paragraphs]
    # One text of all the paragraphs, each set off by spaces: a key found more often than it is a
    # paragraph also stands inside another one.
    text = f" {' | '.join(keys)} "
    kept = []
    for i, (paragraph, key) in enumerate(zip(paragraphs, keys, strict=True)):
        if key.count(" ") + 1 >= _MIN_WORDS:
            alike = keys.count(key)
            if text.count(f" {key} ") > alike or (alike > 1 and keys.index(key) < i):
                continue
        kept.append(paragraph)
    return kept
