"""Arabic text normalisation.

Two levels, both idempotent and total (they accept any ``str`` and never raise):

* :func:`clean_text` is what the item loaders store: the text as a reader sees it, minus the
  invisible characters, tatweel and odd whitespace that pages carry. Diacritics are kept.
* :func:`fold` is for machine use only (search keys, dedup hashes, comparisons): spelling variants
  that Arabic writers use interchangeably collapse to one form.

The translate tables are built once at import: both functions run on every field of every article.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable

__all__ = ["clean_body", "clean_text", "fold", "to_ascii_digits"]

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

_DELETE_TABLE: dict[int, None] = dict.fromkeys(map(ord, INVISIBLE_MARKS | {TATWEEL}))

_DIGIT_TABLE: dict[int, int] = {
    **{0x0660 + i: ord("0") + i for i in range(10)},  # Eastern Arabic ٠-٩
    **{0x06F0 + i: ord("0") + i for i in range(10)},  # Persian ۰-۹
}

# Harakat, superscript alef and Quranic annotation marks.
_DIACRITICS: list[int] = [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]

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

_FOLD_TABLE: dict[int, int | None] = {
    **dict.fromkeys(_DIACRITICS),
    **{ord(k): ord(v) for k, v in _LETTER_FOLDS.items()},
    **_DIGIT_TABLE,
}


def to_ascii_digits(text: str) -> str:
    """Eastern Arabic and Persian digits to ASCII ``0-9``; everything else unchanged."""
    return text.translate(_DIGIT_TABLE)


def _clean_pass(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    # Delete before NFKC so a tatweel or joiner between a letter and a combining mark does not
    # block canonical composition, and again after because NFKC can produce a tatweel (U+FE71).
    text = unicodedata.normalize("NFKC", text.translate(_DELETE_TABLE)).translate(_DELETE_TABLE)
    # str.split() splits on every Unicode space (NBSP, U+2000 range, U+2028/9, tabs, newlines).
    return " ".join(text.split())


# A guard only: real text is stable after one or two passes, but a pathological nesting must not hang.
_MAX_PASSES = 32


def _is_fixed_point(text: str) -> bool:
    # One pass leaves no invisibles and collapsed spaces; another pass can only change something
    # through a fresh entity (``&amp;lt;``) or a composition exposed by a deletion.
    return "&" not in text and unicodedata.is_normalized("NFKC", text)


def clean_text(text: str | None) -> str:
    """Text as stored: entities decoded, NFKC, no tatweel or invisible marks, spaces collapsed.

    Diacritics are kept. ``None`` gives ``""``.
    """
    if not text:
        return ""
    result = _clean_pass(text)
    # Entities can nest (``&amp;quot;``) and NFKC can create ``&`` (fullwidth ＆), so repeat until
    # stable: that is what makes the function idempotent. Each extra pass consumes an entity or a
    # composition, so the loop ends; ordinary text needs a single pass.
    for _ in range(_MAX_PASSES):
        if _is_fixed_point(result):
            break
        again = _clean_pass(result)
        if again == result:
            break
        result = again
    return result


def clean_body(paragraphs: Iterable[str | None] | str | None) -> str:
    """Paragraphs cleaned one by one, empty ones dropped, joined by a blank line.

    A single string is split on blank lines first, so cleaning a stored body is a no-op.
    """
    if paragraphs is None:
        return ""
    if isinstance(paragraphs, str):
        paragraphs = paragraphs.split("\n\n")
    return "\n\n".join(filter(None, map(clean_text, paragraphs)))


def _fold_pass(text: str) -> str:
    return clean_text(text).translate(_FOLD_TABLE).casefold()


def fold(text: str | None) -> str:
    """Comparison key: :func:`clean_text`, then diacritics removed, letter variants unified,
    digits made ASCII and Latin case-folded."""
    result = _fold_pass(text or "")
    # Removing a mark can expose a composition (e + U+0654 + U+0301) and casefold can undo one;
    # repeat until stable so that fold(fold(x)) == fold(x).
    for _ in range(_MAX_PASSES):
        if _is_fixed_point(result):
            break
        again = _fold_pass(result)
        if again == result:
            break
        result = again
    return result
