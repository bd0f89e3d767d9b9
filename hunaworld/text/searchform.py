"""The search form of Arabic text: what the full-text index holds, and what a query word becomes.

SQLite's ``unicode61`` tokenizer splits Arabic words at every haraka and equates none of the
spelling variants Arabic writers use interchangeably, so the index is given a processed copy: the
text through :func:`~hunaworld.text.arabic.fold` (diacritics, tatweel and invisible marks gone,
hamza forms, teh marbuta, alef maqsura and Eastern digits unified), then each word without its
leading clitics. A query word gets the same processing, so ``الصين`` finds ``والصين``,
``بالصين`` and ``للصين``, and ``امريكي`` finds ``أمريكي``.

Only leading clitics are removed, and only where the word stays a word (a light stemmer, decided by
``benchmarks/stemmer_choice.py``): the Snowball Arabic stemmer also cuts suffixes and takes initial
letters of names for clitics (فلسطين becomes لسط, وزير زير, فرنسا رنس) while leaving والصين
as والص, and it costs about 170 µs a word. Suffixes stay: ``صين*`` finds الصينية when wanted.

Rules, on the folded word, first match wins:

* a conjunction (و or ف), then a preposition (ب, ك or ل), then the article ال, in any of their
  combinations that contain the article (ال, وال, بال, فبال, لل, ولل...), when at least two
  letters remain;
* a conjunction و alone, when at least three letters remain (وقال, وترامب; وزير becomes زير both
  in the index and in a query, so it still finds itself).

ب, ك, ل and ف are not removed without the article in the index: بكين, لبنان, لجنة, فكرة begin with
them. A query decides with the archive's word counts instead (:func:`clitic_forms`): ب, ك, ل or ف
is a clitic before a word when that word, without it, is one the archive uses often, and at least
``CLITIC_RATIO`` times as often as with it. So تمويل finds لتمويل and غزة بغزة, while فكرة (idea),
used about as often as كرة (ball), stays a word of its own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from hunaworld.text.arabic import fold

__all__ = ["WORD_RE", "clitic_forms", "search_form", "search_word", "strip_clitics"]

# A word as written: letters and digits, with what may sit inside it without splitting it for a
# reader: combining marks (stored text keeps its diacritics), tatweel and invisible joiners and
# direction marks. So الصّين is one word, as a reader sees it.
_INSIDE_WORD = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u00ad\u061c\u200b-\u200f\u2060\ufeff"
# (An underscore inside is kept in the word here and splits it in its search form.)
WORD_RE = re.compile(f"[^\\W_][\\w{_INSIDE_WORD}]*")
# Words of folded text, which has no marks left.
_FOLDED_WORD_RE = re.compile(r"[^\W_]+")
# Latin letters with a diacritic (Latin-1 Supplement to Latin Extended Additional), and the
# combining marks NFKD takes them apart into.
_ACCENTED_LATIN_RE = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
_LATIN_MARKS_RE = re.compile("[\u0300-\u036f]")

# Longest first, so وبال is taken whole before و alone is considered.
_ARTICLE_PREFIXES = tuple(sorted(
    {conj + prep + art
     for conj in ("", "و", "ف")
     # لل is the preposition ل before the article, whose alef is then not written.
     for prep, art in (("", "ال"), ("ب", "ال"), ("ك", "ال"), ("ل", "ل"))},
    key=len, reverse=True))
_MIN_STEM_AFTER_ARTICLE = 2
_MIN_STEM_AFTER_WAW = 3

# Letters that are a clitic before some words and the first letter of others (see the module).
CLITIC_LETTERS = "بكلف"
# The word left must be this long, and used this many times in the archive...
_MIN_STEM_AFTER_LETTER = 3
MIN_WORD_USES = 5
# ...and this many times as often as the form with the letter: benchmarks/stemmer_choice.py finds
# the first wrong match (بعيد, far, for عيد, feast) at 1.5 with a large Arabic word list's counts.
CLITIC_RATIO = 3
# Occurrences of the form with the letter counted at most: beyond, the two forms are compared over
# the part of the archive these occurrences span, so a decision reads a few thousand rows at most.
CLITIC_SAMPLE = 1000

# How often the archive uses a search form, counted up to a limit: (occurrences counted, and where
# the counting stopped when it reached the limit, None when it counted them all). "Where" is a
# position in the archive in the order its occurrences are counted (an article's rowid).
Occurrences = Callable[[str, int], tuple[int, "int | float | None"]]


def strip_clitics(word: str) -> str:
    """A folded word without its leading clitics (see the module's rules); other words unchanged."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM_AFTER_ARTICLE:
            return word[len(prefix):]
    if word.startswith("و") and len(word) - 1 >= _MIN_STEM_AFTER_WAW:
        return word[1:]
    return word


def _letter_is_clitic(form: str, rest: str, occurrences: Occurrences) -> bool:
    whole, reached = occurrences(form, CLITIC_SAMPLE)
    needed = max(MIN_WORD_USES, CLITIC_RATIO * whole)
    counted, rest_reached = occurrences(rest, needed)
    if counted < needed:
        return False
    # A common form: the rest must be as common within the span of the form's counted occurrences.
    return reached is None or (rest_reached is not None and rest_reached <= reached)


def clitic_forms(word: str, occurrences: Occurrences) -> tuple[str, ...]:
    """The forms of a search-form word with and without a leading ب, ك, ل or ف that are one word
    by the archive's counts (see the module), the form without first; ``(word,)`` when none."""
    root = word
    if word[:1] in CLITIC_LETTERS:
        rest = strip_clitics(word[1:])
        if len(rest) >= _MIN_STEM_AFTER_LETTER and _letter_is_clitic(word, rest, occurrences):
            root = rest
    # After the letter, a و of the word stays in the index (بوزير), while the word alone lost it (زير).
    found = [form for letter in CLITIC_LETTERS for form in (letter + root, letter + "و" + root)
             if form != root and occurrences(form, 1)[0] and _letter_is_clitic(form, root, occurrences)]
    return (root, *found)


def search_form(text: str | None) -> str:
    """The processed copy of a text for the index: the search forms of its words, space-separated."""
    if not text:
        return ""
    if "&" in text:
        # Entities are text to a reader (the crawl has decoded them already; a query may not).
        text = html.unescape(text)
    # Space-separated pieces, each with its punctuation: splitting on spaces is done in C, and the
    # cache below knows "بكين،" as well as "بكين".
    return " ".join(filter(None, map(search_word, text.split())))


# Piece by piece, cached: news repeats the same tens of thousands of word forms, so a crawl folds
# each once instead of every article's whole text (without the cache the crawl's work nearly
# doubles: docs/performance.md).
@lru_cache(maxsize=50_000)
def search_word(word: str) -> str:
    """The search form of one word as written (with its diacritics, hamza, tatweel...), or of a
    piece of text without spaces: its words' forms, space-separated ("" for none, as for ","). A
    ligature such as ﷺ gives several words too."""
    folded = fold(word)
    if _ACCENTED_LATIN_RE.search(folded):
        # Latin accents too (café is cafe), as SQLite's unicode61 tokenizer would have it.
        folded = _LATIN_MARKS_RE.sub("", unicodedata.normalize("NFKD", folded))
    return " ".join(map(strip_clitics, _FOLDED_WORD_RE.findall(folded)))
