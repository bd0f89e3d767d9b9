"""Arabic text normalisation.

Two levels, both idempotent and total (they accept any ``str`` and never raise):

* :func:`clean_text` is what the item loaders store: the text as a reader sees it, minus the
  invisible characters, tatweel and odd whitespace that pages carry. Diacritics are kept.
* :func:`fold` is for machine use only (search keys, dedup hashes, comparisons): spelling variants
  that Arabic writers use interchangeably collapse to one form.

Both run on every field of every article, and most text reaches them already in the form a step
would give it. So each step first asks, with a scan in C, whether the text holds anything the step
changes, and is skipped when it does not (ASCII text has no marks, letter variants or Arabic
digits; text in NFKC needs no NFKC; text without ``&`` no entity decoding; a pass's result that no
step can change needs no pass to confirm it): one rule, which saves 4.0% of the crawl's work on
top of the fixed-point test ``fold`` had already (docs/performance.md). The steps so guarded say
"skipped when" below.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["PARAGRAPH_BREAK", "clean_body", "clean_text", "fold", "join_paragraphs", "to_ascii_digits"]

TATWEEL = "\u0640"

# Invisible formatting characters. Pages put them inside words (ZWNJ between letters, RLM around
# numbers), so they are deleted, never turned into a space: a space would split the word.
INVISIBLE_MARKS: frozenset[str] = frozenset(
    [
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u200f",  # RIGHT-TO-LEFT MARK
        "\u061c",  # ARABIC LETTER MARK
        "\u200b",  # ZERO WIDTH SPACE
        "\u200c",  # ZERO WIDTH NON-JOINER
        "\u200d",  # ZERO WIDTH JOINER
        "\ufeff",  # BYTE ORDER MARK / ZERO WIDTH NO-BREAK SPACE
        "\u2060",  # WORD JOINER
        "\u00ad",  # SOFT HYPHEN
        *(chr(c) for c in range(0x202A, 0x202F)),  # bidi embeddings and overrides, PDF
        *(chr(c) for c in range(0x2066, 0x206A)),  # bidi isolates, PDI
    ]
)

# CPython's str.translate looks every character of non-ASCII text up in the table (about 80 ns a
# character), so these passes use compiled regexes and str.replace, which scan in C: an article
# body is cleaned in tens of microseconds instead of hundreds.
_DELETE_RE = re.compile("[" + "".join(sorted(INVISIBLE_MARKS | {TATWEEL})) + "]")

# Isolated forms of harakat (U+FE70...) and shadda ligatures (U+FC5E...): NFKC turns them into a
# space and the mark, so a word written with one would be split, and folding (which drops marks)
# would leave a stray space. They become the bare mark instead.
_SPACED_MARKS: dict[str, str] = {
    chr(cp): unicodedata.normalize("NFKC", chr(cp)).lstrip(" ")
    for cp in (*range(0xFC5E, 0xFC64), *range(0xFE70, 0xFE80))
    if unicodedata.normalize("NFKC", chr(cp)).startswith(" ")
}
_SPACED_MARK_RE = re.compile("[" + "".join(_SPACED_MARKS) + "]")

_DIGITS: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Eastern Arabic ٠-٩
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian ۰-۹
}
_DIGIT_RE = re.compile("[" + "".join(_DIGITS) + "]")

# Harakat, superscript alef and Quranic annotation marks.
_DIACRITICS_RE = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")

_LETTER_FOLDS: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ی": "ي",  # Persian yeh
    "ک": "ك",  # Persian keheh
}


def to_ascii_digits(text: str) -> str:
    """Eastern Arabic and Persian digits to ASCII ``0-9``; everything else unchanged."""
    # Skipped when no such digit is in the text: on a long text twenty substring searches in C
    # (a few microseconds whatever the length) tell it faster than the regex's scan.
    if not (any(map(text.__contains__, _DIGITS)) if len(text) > 256 else _DIGIT_RE.search(text)):
        return text
    return _DIGIT_RE.sub(lambda m: _DIGITS[m.group()], text)


def _clean_pass(text: str) -> str:
    if "&" in text:  # entity decoding skipped when there is no entity
        text = html.unescape(text)
    # Delete before NFKC so a tatweel or joiner between a letter and a combining mark does not
    # block canonical composition, and again after because NFKC can produce a tatweel (U+FE71).
    text = _DELETE_RE.sub("", text)
    # Skipped when the text is in NFKC: it then holds no spaced mark either (NFKC rewrites them all).
    if not unicodedata.is_normalized("NFKC", text):
        text = _SPACED_MARK_RE.sub(lambda m: _SPACED_MARKS[m.group()], text)
        text = _DELETE_RE.sub("", unicodedata.normalize("NFKC", text))
    # str.split() splits on every Unicode space (NBSP, U+2000 range, U+2028/9, tabs, newlines).
    return " ".join(text.split())


# How a body separates its paragraphs, in items, the database and the feeds.
PARAGRAPH_BREAK = "\n\n"

# A guard only: real text is stable after one or two passes, but a pathological nesting must not hang.
_MAX_PASSES = 32


def _is_fixed_point(text: str) -> bool:
    """Whether no further pass can change ``text``, a pass's result: one could only through a fresh
    entity (``&amp;lt;``) or a composition exposed by a deletion."""
    return "&" not in text and unicodedata.is_normalized("NFKC", text)

# What a pass would change in text that is in NFKC: an entity, a deleted character, or whitespace
# other than single spaces.
_DIRTY_RE = re.compile("[&" + "".join(sorted(INVISIBLE_MARKS | {TATWEEL}))
                       + "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != " ") + "]")


def _is_clean(text: str) -> bool:
    """Whether ``clean_text(text) == text``, decided without a pass; ``text`` is not empty."""
    # Every character of _DIRTY_RE but "&" and tatweel is a control, format or separator character,
    # which str.isprintable finds at twice the regex's speed; the regex decides only when it finds one.
    dirty = "&" in text or TATWEEL in text if text.isprintable() else _DIRTY_RE.search(text)
    return (not dirty and "  " not in text and text[0] != " " and text[-1] != " "
            and unicodedata.is_normalized("NFKC", text))


def clean_text(text: str | None) -> str:
    """Text as stored: entities decoded, NFKC, no tatweel or invisible marks, spaces collapsed.

    Diacritics are kept. ``None`` gives ``""``.
    """
    if not text:
        return ""
    if text.isascii():
        # ASCII is in NFKC and holds no invisible mark: only entities and spaces can change.
        if "&" not in text:
            return " ".join(text.split())
    # Most values (layout text, attribute values, cleaned paragraphs) are clean already, and telling
    # so costs a tenth of a pass: answering them without one saves 8% of the crawl's work.
    elif _is_clean(text):
        return text
    elif PARAGRAPH_BREAK in text and _is_clean(joined := text.replace(PARAGRAPH_BREAK, " ")):
        # A body of clean paragraphs (its content hash folds it): a line break, like a space, is a
        # character that NFKC neither changes nor composes, so the pass would only collapse the breaks.
        return joined
    result = _clean_pass(text)
    # Entities can nest (``&amp;quot;``) and NFKC can create ``&`` (fullwidth ＆), so repeat until
    # stable: that is what makes the function idempotent. Each extra pass consumes an entity or a
    # composition, so the loop ends; the confirming pass is skipped when no step can change the result.
    for _ in range(_MAX_PASSES):
        if _is_fixed_point(result):
            break
        again = _clean_pass(result)
        if again == result:
            break
        result = again
    return result


def join_paragraphs(paragraphs: Iterable[str | None]) -> str:
    """Clean paragraphs as one body: empty ones dropped, the rest joined by a blank line."""
    return PARAGRAPH_BREAK.join(filter(None, paragraphs))


def clean_body(paragraphs: Iterable[str | None] | str | None) -> str:
    """Paragraphs cleaned one by one, empty ones dropped, joined by a blank line.

    A single string is split on blank lines first, so cleaning a stored body is a no-op.
    """
    if paragraphs is None:
        return ""
    if isinstance(paragraphs, str):
        paragraphs = paragraphs.split(PARAGRAPH_BREAK)
    return join_paragraphs(map(clean_text, paragraphs))


def _fold_pass(text: str) -> str:
    cleaned = clean_text(text)
    if cleaned.isascii():
        return cleaned.casefold()  # the rest skipped: no mark, letter variant or Arabic digit to fold
    text = _DIACRITICS_RE.sub("", cleaned)
    # A mark that stood alone between spaces, or at an end, leaves a space too many; clean text has
    # single spaces only, so the collapse is skipped unless a removed mark left one.
    if len(text) != len(cleaned) and ("  " in text or text[:1] == " " or text[-1:] == " "):
        text = " ".join(text.split())
    for variant, letter in _LETTER_FOLDS.items():
        text = text.replace(variant, letter)
    return to_ascii_digits(text).casefold()


def fold(text: str | None) -> str:
    """Comparison key: :func:`clean_text`, then diacritics removed, letter variants unified,
    digits made ASCII and Latin case-folded."""
    result = _fold_pass(text or "")
    # Removing a mark can expose a composition (e + U+0654 + U+0301) and casefold can undo one;
    # repeat until stable so that fold(fold(x)) == fold(x). Testing for a fixed point instead of
    # making a confirming pass saves 6.5% of the crawl's work (docs/performance.md).
    for _ in range(_MAX_PASSES):
        if _is_fixed_point(result):
            break
        again = _fold_pass(result)
        if again == result:
            break
        result = again
    return result
