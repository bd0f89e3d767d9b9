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

ب, ك, ل and ف are not removed without the article: بكين, لبنان, لجنة, فكرة begin with them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from hunaworld.text.arabic import fold

__all__ = ["WORD_RE", "search_form", "search_word", "strip_clitics"]

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


def strip_clitics(word: str) -> str:
    """A folded word without its leading clitics (see the module's rules); other words unchanged."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM_AFTER_ARTICLE:
            return word[len(prefix):]
    if word.startswith("و") and len(word) - 1 >= _MIN_STEM_AFTER_WAW:
        return word[1:]
    return word


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
# each once instead of every article's whole text (a tenth of the time; docs/performance.md).
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
