"""The words of dates as Arabic news pages write them, and the regex fragments made of them.

The date parser (:mod:`hunaworld.dates.parser` and its pieces) holds the grammar: how these words and
numbers make a date. The words are written as pages spell them; the lookups and regex fragments below
fold them (``arabic.fold``), so hamza, teh marbuta and alef maksura variants of these spellings match
too. The words of relative dates are in :mod:`hunaworld.dates.relative`, those of time zones in
:mod:`hunaworld.dates.zones`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hunaworld.text.arabic import fold

GREGORIAN_MONTHS: dict[int, tuple[str, ...]] = {
    # Egyptian/Gulf, Levantine (Syriac), Maghrebi (French-derived), Moroccan, then the Latin-script
    # names Arabic pages also print: English and French, full and abbreviated.
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january", "jan", "janvier", "janv"),
    2: ("فبراير", "شباط", "فيفري", "february", "feb", "février", "fevrier", "févr", "fevr"),
    3: ("مارس", "آذار", "march", "mar", "mars"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل", "april", "apr", "avril", "avr"),
    5: ("مايو", "أيار", "ماي", "may", "mai"),
    6: ("يونيو", "يونية", "حزيران", "جوان", "june", "jun", "juin"),
    7: ("يوليو", "يولية", "تموز", "جويلية", "يوليوز", "july", "jul", "juillet", "juil"),
    8: ("أغسطس", "آب", "أوت", "غشت", "august", "aug", "août", "aout"),
    9: ("سبتمبر", "أيلول", "شتنبر", "شتمبر", "september", "sep", "sept", "septembre"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول", "october", "oct", "octobre"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november", "nov", "novembre"),
    12: ("ديسمبر", "كانون الأول", "كانون أول", "دجنبر", "دجمبر", "december", "dec", "décembre", "decembre",
         "déc"),
}
# Abbreviations written with a full stop ("Sept. 4, 2025", "4 janv. 2025").
_ABBREVIATED = ("jan", "janv", "feb", "févr", "fevr", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep",
                "sept", "oct", "nov", "dec", "déc")

# Every spelling of the Hijri months, and the epithets some pages add to the name ("صفر الخير",
# "رمضان المبارك"). Alef maksura and yeh, teh marbuta and heh fold together ("جمادي", "القعده").
HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم", "محرم الحرام"),
    2: ("صفر", "صفر الخير", "صفر المظفر"),
    3: ("ربيع الأول", "ربيع أول", "ربيع الأنور"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني", "ربيع الأخير"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى", "جمادى الأولي", "جماد الأول"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى ثانية", "جمادى الأخرى", "جمادى الثاني",
        "جماد الآخر", "جماد الثاني"),
    7: ("رجب", "رجب المرجب", "رجب الفرد"),
    8: ("شعبان", "شعبان المعظم"),
    9: ("رمضان", "رمضان المبارك", "رمضان المعظم", "رمضان الكريم"),
    10: ("شوال", "شوال المكرم"),
    11: ("ذو القعدة", "ذي القعدة", "ذا القعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذا الحجة"),
}

WEEKDAYS: tuple[str, ...] = ("الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")

# The days of the month written as ordinal words: "الرابع من سبتمبر", "الحادي والعشرين من مايو".
_UNIT_ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
_TENS_ORDINALS = ((20, ("العشرين", "العشرون")), (30, ("الثلاثين", "الثلاثون")))


def _day_ordinals() -> dict[str, int]:
    words = {"أول": 1, "العاشر": 10}
    for tens, names in _TENS_ORDINALS:
        words |= dict.fromkeys(names, tens)
    for n, unit in enumerate(_UNIT_ORDINALS, start=1):
        words[unit] = n
        words[f"{'الحادي' if n == 1 else unit} عشر"] = 10 + n
        for word in ("الحادي", "الواحد") if n == 1 else (unit,):
            for tens, names in _TENS_ORDINALS:
                if tens + n <= 31:
                    words |= {f"{word} و{name}": tens + n for name in names}
                    words |= {f"{word} و {name}": tens + n for name in names}
    return {fold(word): n for word, n in words.items()}


DAY_ORDINALS = _day_ordinals()

# Clock markers after a time. Which hours they shift is decided by the clock piece (`clock.to_24h`).
AM_MARKERS = ("ص", "صباحاً", "صباح", "فجراً", "الفجر", "قبل الظهر", "am", "a.m.")
PM_MARKERS = ("م", "مساءً", "مساءا", "عصراً", "العصر", "بعد الظهر", "بعد الظهيرة", "pm", "p.m.")
NOON_MARKERS = ("ظهراً", "ظهر", "الظهر", "ظهيرة", "الظهيرة")
NIGHT_MARKERS = ("ليلاً", "الليل")

GREGORIAN_SUFFIXES = ("م", "ميلادي", "ميلادية")
HIJRI_SUFFIXES = ("هـ", "ه", "هجري", "هجرية", "للهجرة")

# After a year-less date: which occurrence is meant.
NEXT_WORDS = ("المقبل", "القادم")
LAST_WORDS = ("الماضي", "المنصرم", "الفائت")

# Latin words a date line may carry besides the date (weekdays, prepositions, labels): any other
# Latin word left over makes the grammar hand the string to the fallback (a zone abbreviation such
# as "EDT" must not be ignored).
LATIN_NOISE: frozenset[str] = frozenset((
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
    "friday", "sat", "saturday", "sun", "sunday", "lun", "lundi", "mardi", "mer", "mercredi", "jeu", "jeudi", "ven",
    "vendredi", "sam", "samedi", "dim", "dimanche", "at", "on", "of", "the", "le", "la", "les", "du", "de", "à",
    "a", "et", "published", "updated", "posted", "last", "modified", "publié", "mis", "jour",
))

# ---------------------------------------------------------------------------------------------------
# Folded lookups: the parser matches folded text, and maps what it matched back through these.


def _lookup(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {fold(name): number for number, names in table.items() for name in names}


GREGORIAN_LOOKUP = _lookup(GREGORIAN_MONTHS)
GREGORIAN_LOOKUP |= {f"{name}.": GREGORIAN_LOOKUP[name] for name in map(fold, _ABBREVIATED)}
HIJRI_LOOKUP = _lookup(HIJRI_MONTHS)

MARKER_HOURS: dict[str, str] = {
    **{fold(m): "am" for m in AM_MARKERS},
    **{fold(m): "pm" for m in PM_MARKERS},
    **{fold(m): "noon" for m in NOON_MARKERS},
    **{fold(m): "night" for m in NIGHT_MARKERS},
}
HIJRI_SUFFIX_SET = frozenset(fold(s) for s in HIJRI_SUFFIXES)
NEXT_SET = frozenset(fold(w) for w in NEXT_WORDS)
LAST_SET = frozenset(fold(w) for w in LAST_WORDS)

# ---------------------------------------------------------------------------------------------------
# The words as regex fragments. "Letter" below means a Unicode letter: [^\W\d_]. Python's \b is
# useless between an Arabic word and a digit ("ديسمبر2018"), so boundaries are spelled as lookarounds.

NOT_AFTER_LETTER = r"(?<![^\W\d_])"
NOT_BEFORE_LETTER = r"(?![^\W\d_])"


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group matching any of ``words`` folded, a space in a word matching any run."""
    # Longest first, so "مايو" is tried before "ماي" and "كانون الثاني" before anything shorter.
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded) + ")"


MONTH = rf"{NOT_AFTER_LETTER}(?:{alternation(GREGORIAN_LOOKUP)}){NOT_BEFORE_LETTER}"
HIJRI_MONTH = rf"{NOT_AFTER_LETTER}(?:{alternation(HIJRI_LOOKUP)}){NOT_BEFORE_LETTER}"
YEAR_SUFFIXES = alternation((*GREGORIAN_SUFFIXES, *HIJRI_SUFFIXES))
CLOCK_MARKERS = alternation(MARKER_HOURS)
QUALIFIERS = alternation((*NEXT_WORDS, *LAST_WORDS))
DAY_ORDINAL = alternation(DAY_ORDINALS)
# The word before an hour written without minutes: "الساعة 5 مساء".
HOUR_WORD = re.escape(fold("الساعة"))
# A day of the month, with the ordinal endings of Latin-script dates ("4th", "1er").
DAY = r"(?<!\d)(\d{1,2})(?!\d)(?:(?:st|nd|rd|th|er)(?![a-z]))?"
YEAR_SUFFIX = rf"(?:\s*({YEAR_SUFFIXES}){NOT_BEFORE_LETTER})?"
# "سنة 1447", "عام 2025", "لعام 2025" before a year.
YEAR_WORD = r"(?:ل?(?:سنه|عام)\s+)?"
