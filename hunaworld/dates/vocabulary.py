"""The words of dates as Arabic news pages write them, and the regex fragments made of them.

The date parser (:mod:`hunaworld.dates.parser`) holds the grammar: how these words and numbers make
a date. The words are written as pages spell them; the lookups and regex fragments below fold them
(``arabic.fold``), so hamza, teh marbuta and alef maksura variants of these spellings match too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hunaworld.text.arabic import fold

GREGORIAN_MONTHS: dict[int, tuple[str, ...]] = {
    # Egyptian/Gulf, Levantine (Syriac), Maghrebi (French-derived), Moroccan, English.
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january"),
    2: ("فبراير", "شباط", "فيفري", "february"),
    3: ("مارس", "آذار", "march"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل", "april"),
    5: ("مايو", "أيار", "ماي", "may"),
    6: ("يونيو", "يونية", "حزيران", "جوان", "june"),
    7: ("يوليو", "يولية", "تموز", "جويلية", "يوليوز", "july"),
    8: ("أغسطس", "آب", "أوت", "غشت", "august"),
    9: ("سبتمبر", "أيلول", "شتنبر", "شتمبر", "september"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول", "october"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november"),
    12: ("ديسمبر", "كانون الأول", "كانون أول", "دجنبر", "دجمبر", "december"),
}

HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى ثانية"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}

WEEKDAYS: tuple[str, ...] = ("الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")

# Clock markers after a time. Which hours they shift is decided by the parser (`_to_24h`).
AM_MARKERS = ("ص", "صباحاً", "صباح", "فجراً", "am", "a.m.")
PM_MARKERS = ("م", "مساءً", "مساءا", "عصراً", "pm", "p.m.")
NOON_MARKERS = ("ظهراً", "ظهر")
NIGHT_MARKERS = ("ليلاً",)

GREGORIAN_SUFFIXES = ("م", "ميلادي", "ميلادية")
HIJRI_SUFFIXES = ("هـ", "ه", "هجري", "هجرية", "للهجرة")

# Labels meaning "this time is UTC" (an offset may follow: "GMT+0400").
UTC_LABELS = ("gmt", "utc", "بتوقيت غرينتش", "توقيت غرينتش", "غرينتش", "بتوقيت جرينتش", "جرينتش")

# After a year-less date: which occurrence is meant.
NEXT_WORDS = ("المقبل", "القادم")
LAST_WORDS = ("الماضي", "المنصرم", "الفائت")

# Relative units: folded spelling -> (relativedelta keyword, count implied by the form). The count is
# 1 for a singular, 2 for a dual and None for a plural, which needs a number ("منذ ساعات" is vague).
RELATIVE_UNITS: dict[str, tuple[str, int | None]] = {}
for _kw, _singular, _dual, _plural in (
    ("seconds", ("ثانية",), ("ثانيتين", "ثانيتان"), ("ثواني", "ثوان")),
    ("minutes", ("دقيقة",), ("دقيقتين", "دقيقتان"), ("دقائق",)),
    ("hours", ("ساعة",), ("ساعتين", "ساعتان"), ("ساعات",)),
    ("days", ("يوم", "يوماً"), ("يومين", "يومان"), ("أيام",)),
    ("weeks", ("أسبوع", "أسبوعاً"), ("أسبوعين", "أسبوعان"), ("أسابيع",)),
    ("months", ("شهر", "شهراً"), ("شهرين", "شهران"), ("أشهر", "شهور")),
    ("years", ("سنة", "عام", "عاماً"), ("سنتين", "سنتان", "عامين", "عامان"), ("سنوات", "سنين", "أعوام")),
):
    for _count, _forms in ((1, _singular), (2, _dual), (None, _plural)):
        for _form in _forms:
            RELATIVE_UNITS[fold(_form)] = (_kw, _count)

NUMBER_WORDS: dict[str, int] = {}
for _n, _words in enumerate(
    (
        ("واحد", "واحدة"),
        ("اثنين", "اثنان", "اثنتين", "اثنتان"),
        ("ثلاث", "ثلاثة"),
        ("أربع", "أربعة"),
        ("خمس", "خمسة"),
        ("ست", "ستة"),
        ("سبع", "سبعة"),
        ("ثماني", "ثمان", "ثمانية"),
        ("تسع", "تسعة"),
        ("عشر", "عشرة"),
    ),
    start=1,
):
    for _word in _words:
        NUMBER_WORDS[fold(_word)] = _n

# Whole relative expressions counted in days back from today.
DAY_WORDS: dict[str, int] = {
    fold(k): v
    for k, v in {
        "اليوم": 0,
        "الآن": 0,
        "أمس": 1,
        "يوم أمس": 1,
        "البارحة": 1,
        "الأمس": 1,
        "اليوم السابق": 1,
        "أول أمس": 2,
        "أول من أمس": 2,
        "قبل أمس": 2,
    }.items()
}

# Words dropped before a relative expression is matched as a whole ("نشر منذ 3 ساعات").
RELATIVE_NOISE: frozenset[str] = frozenset(
    fold(w)
    for w in (
        *WEEKDAYS,
        "نشر",
        "نشرت",
        "نشره",
        "تم",
        "في",
        "آخر",
        "تحديث",
        "التحديث",
        "محدث",
        "محدثة",
        "تاريخ",
        "النشر",
        "بتاريخ",
        "الساعة",
        "صباح",
        "مساء",
        "حوالي",
        "تقريبا",
        "مضت",
        "مضى",
        "خلت",
    )
)

# ---------------------------------------------------------------------------------------------------
# Folded lookups: the parser matches folded text, and maps what it matched back through these.


def _lookup(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {fold(name): number for number, names in table.items() for name in names}


GREGORIAN_LOOKUP = _lookup(GREGORIAN_MONTHS)
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
UTC_LABEL = alternation(UTC_LABELS)
CLOCK_MARKERS = alternation(MARKER_HOURS)
QUALIFIERS = alternation((*NEXT_WORDS, *LAST_WORDS))
NUMBER_WORD = alternation(NUMBER_WORDS)
RELATIVE_UNIT = alternation(RELATIVE_UNITS)
# "ساعة واحدة": "one" after a singular unit, which already says it.
ONE = alternation(["واحد", "واحدة"])
# The word before an hour written without minutes: "الساعة 5 مساء".
HOUR_WORD = re.escape(fold("الساعة"))
