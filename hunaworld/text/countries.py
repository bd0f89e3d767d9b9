"""The countries an article names: the ISO 3166-1 alpha-2 codes found in its headline, summary and body.

A country is named by one of its names (CLDR's Arabic territory names, read through Babel, with
the other names of :mod:`hunaworld.text.country_names`), by a demonym or adjective in any of its
forms (ألماني، الألمانية، الألمان، الصينيين), or by a place that stands for it: its capital, or a
major city or region no other country shares (موسكو، كييف، جزر الكناري). A continent, a region
(أمريكا اللاتينية، الساحل), an organisation (الاتحاد الأوروبي) or a medium (واشنطن بوست) is no
country; neither is a demonym naming a language (الناطقين بالفرنسية) nor a city naming a treaty
(اتفاق باريس).

Words are compared folded (:func:`hunaworld.text.arabic.fold`), after the leading clitics a word
may carry, as the search form reads them: a conjunction (و، ف), then a preposition (ب، ك، ل),
then the article ال (بالسودان، وألمانيا، للصين، لليبيا). Unlike the search form, ب، ك، ل are
taken off without the article too (بمصر، لكندا): only names of the lists are looked up, so
فكرة can never become كرة here. A name takes no article (المالي is "the financial"); a demonym
may (الأمريكي). Where entries overlap, the longest wins: جنوب السودان is South Sudan, بابوا غينيا
الجديدة is not Guinea, روسيا البيضاء is Belarus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import chain, compress
from typing import NamedTuple

from babel import Locale

from hunaworld.text import country_names as lists
from hunaworld.text.arabic import fold
from hunaworld.text.searchform import WORD_RE

__all__ = ["country_codes", "country_name", "named_countries"]

NAME, DEMONYM, PLACE = "name", "demonym", "place"
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
# Longest first; the empty prefix (the word as written) last.
_PREFIXES = tuple(sorted({c + p for c in _CONJUNCTIONS for p in _PREPOSITIONS}, key=len, reverse=True))
_ARTICLE = "ال"
_MIN_STEM = 3
# What a demonym ending in ي becomes: feminine, plurals, duals.
_DEMONYM_SUFFIXES = ("", "ه", "ون", "ين", "ات", "ان", "تان", "تين")


class _Entry(NamedTuple):
    rest: tuple[str, ...]  # the words after the first, each without its article
    code: str | None  # None: a phrase that names no country
    kind: str


class _Entries(NamedTuple):
    """The entries that begin with one word: those of several words by their second word (longest
    first), then those of that word alone."""

    longer: dict[str, tuple[_Entry, ...]]
    alone: tuple[_Entry, ...]


class _Hit(NamedTuple):
    entries: _Entries
    without_article: bool  # the word matched only once its article was taken off


def _words(text: str) -> list[str]:
    """The folded words of a text, piece by piece: news repeats its word forms, each folded once."""
    return list(chain.from_iterable(map(_piece_words, text.split())))


_FOLDED_WORD_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=50_000)
def _piece_words(piece: str) -> tuple[str, ...]:
    # Words as the search form finds them (marks inside a word keep it whole), then folded.
    return tuple(word for written in WORD_RE.findall(piece) for word in _FOLDED_WORD_RE.findall(fold(written)))


def _bare(word: str) -> str:
    """A word without its article, when enough remains (for the second and later words of an entry)."""
    return word[2:] if word.startswith(_ARTICLE) and len(word) - 2 >= 2 else word


def _split(names: str) -> list[str]:
    return [name.strip() for name in names.split("،") if name.strip()]


def _cldr_names(code: str, name: str) -> list[str]:
    # "ميانمار (بورما)": both names; "هونغ كونغ الصينية (منطقة إدارية خاصة)": the first only.
    main, _, aside = name.partition("(")
    aside = aside.rstrip(")").strip()
    return [main, aside] if aside and " " not in aside else [main]


@cache
def _territories() -> dict[str, str]:
    """Arabic name of each country code, as CLDR gives it."""
    return {code: name for code, name in Locale("ar").territories.items()
            if len(code) == 2 and code.isalpha() and code not in lists.EXCLUDED_CODES}


def _demonym_forms(stem: str) -> list[list[str]]:
    words = _words(stem)
    if not words[-1].endswith("ي"):
        return [words]
    return [[w + suffix if w.endswith("ي") else w for w in words] for suffix in _DEMONYM_SUFFIXES]


def _entries() -> Iterable[tuple[list[str], _Entry]]:
    """Every (words, entry) of the lists."""
    for code, name in _territories().items():
        for written in _cldr_names(code, name):
            yield _words(written), _Entry((), code, NAME)
    for code, (names, demonyms, places) in lists.TERRITORIES.items():
        for written in _split(names):
            yield _words(written), _Entry((), code, NAME)
        for stem in _split(demonyms):
            for words in _demonym_forms(stem):
                yield words, _Entry((), code, DEMONYM)
        for written in _split(places):
            yield _words(written), _Entry((), code, PLACE)
    for written in _split(lists.NOT_MENTIONS):
        yield _words(written), _Entry((), None, NAME)


@cache
def _index() -> dict[str, _Entries]:
    """Entries by their first word."""
    ambiguous = {fold(word) for word in lists.AMBIGUOUS_WORDS}
    index: dict[str, set[_Entry]] = {}
    for words, entry in _entries():
        if not words or (len(words) == 1 and words[0] in ambiguous):
            continue
        index.setdefault(words[0], set()).add(entry._replace(rest=tuple(map(_bare, words[1:]))))
    grouped = {}
    for first, entries in index.items():
        # Longest first; in a stable order otherwise (a phrase naming no country has no code).
        ordered = sorted(entries, key=lambda e: (-len(e.rest), e.rest, e.code or "", e.kind))
        longer: dict[str, list[_Entry]] = {}
        for entry in ordered:
            if entry.rest:
                longer.setdefault(entry.rest[0], []).append(entry)
        grouped[first] = _Entries({second: tuple(group) for second, group in longer.items()},
                                  tuple(entry for entry in ordered if not entry.rest))
    return grouped


def _stems(word: str) -> list[tuple[str, bool]]:
    """The forms a folded word may stand for without its clitics, and whether its article went too."""
    forms: list[tuple[str, bool]] = []
    for prefix in _PREFIXES:
        rest = word[len(prefix):]
        if not word.startswith(prefix) or (prefix and len(rest) < _MIN_STEM):
            continue
        forms.append((rest, False))
        if prefix.endswith("ل") and rest.startswith("ل"):
            # لل: the preposition ل before the article, whose alef is not written (للصين).
            forms.append(("ا" + rest, False))
    forms += [(form[2:], True) for form, _ in forms if form.startswith(_ARTICLE) and len(form) - 2 >= _MIN_STEM]
    return forms


@lru_cache(maxsize=50_000)
def _hits(word: str) -> tuple[_Hit, ...]:
    index = _index()
    return tuple(_Hit(index[form], bare) for form, bare in _stems(word) if form in index)


@lru_cache(maxsize=20_000)
def _stem_set(word: str) -> frozenset[str]:
    return frozenset(form for form, _ in _stems(word)) | {word}


@cache
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(word) for word in words)


def _after(words: list[str], at: int, cues: frozenset[str]) -> bool:
    """Whether the word before position ``at`` is one of ``cues``, clitics aside."""
    return at > 0 and not _stem_set(words[at - 1]).isdisjoint(_folded(cues))


class _Match(NamedTuple):
    start: int
    end: int
    entry: _Entry


def _match(words: list[str], at: int, hits: tuple[_Hit, ...]) -> _Match | None:
    """The longest entry starting at ``words[at]``, whose hits are ``hits``."""
    best: _Match | None = None
    second = _bare(words[at + 1]) if at + 1 < len(words) else None
    for hit in hits:
        for entry in (*hit.entries.longer.get(second, ()), *hit.entries.alone):
            end = at + 1 + len(entry.rest)
            if hit.without_article and entry.kind != DEMONYM:
                continue  # المالي is no Mali
            if best is not None and end <= best.end:
                break
            if end <= len(words) and all(_bare(w) == r for w, r in zip(words[at + 1:end], entry.rest, strict=True)):
                best = _Match(at, end, entry)
                break
    return best


def _codes(words: list[str]) -> set[str]:
    codes: set[str] = set()
    matches: list[_Match] = []
    hits = list(map(_hits, words))
    free = 0  # the first word no match holds
    # Only the words that begin some entry are looked at: a few in a hundred.
    for at in compress(range(len(words)), hits):
        if at >= free and (found := _match(words, at, hits[at])) is not None:
            matches.append(found)
            free = found.end
    language_ends = -1  # where the last demonym naming a language ended
    for n, (start, end, entry) in enumerate(matches):
        if entry.code is None:
            continue
        if entry.kind == DEMONYM and (_after(words, start, lists.LANGUAGE_CUES)
                                      or (start == language_ends and words[start].startswith("و"))):
            # A language, and the languages joined to it (الناطقين بالإنجليزية والفرنسية).
            language_ends = end
            continue
        if entry.kind == PLACE and _after(words, start, lists.TREATY_WORDS):
            continue
        if end - start == 1 and entry.kind == NAME and _stem_set(words[start]) & _folded(lists.CUED_NAMES):
            # A name that is also a common word: a place only after a word that makes it one, at
            # the start of the text, or beside another country (مالي والنيجر).
            beside = ((n > 0 and matches[n - 1].end == start and matches[n - 1].entry.code)
                      or (n + 1 < len(matches) and matches[n + 1].start == end and matches[n + 1].entry.code))
            if not (start == 0 or beside or _after(words, start, lists.PLACE_CUES)):
                continue
        codes.add(entry.code)
    return codes


def named_countries(*texts: str | None) -> list[str]:
    """The codes of the countries the texts (an article's headline, summary, body) name, sorted."""
    codes: set[str] = set()
    for text in texts:
        if text:
            codes |= _codes(_words(text))
    return sorted(codes)


def country_codes() -> frozenset[str]:
    """Every code ``named_countries`` can give."""
    return frozenset(_territories()) | frozenset(lists.TERRITORIES)


def country_name(code: str) -> str:
    """The Arabic name CLDR gives the country (the code itself for one it does not know)."""
    return _territories().get(code, code)
