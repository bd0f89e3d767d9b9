"""Relative dates: "منذ 3 ساعات", "قبل ربع ساعة", "منذ ساعة ونصف", "منذ خمس دقائق", "أمس 18:45".

A relative date is counted back from ``now``. Hours, minutes and seconds are elapsed time, on the
absolute time line; days, weeks, months and years move the calendar and keep the wall clock
(yesterday at this time). Vague phrases ("منذ ساعات", "منذ فترة", "الأسبوع الماضي") give no date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from hunaworld.dates.common import Clock, localize, squash
from hunaworld.dates.vocabulary import NOT_AFTER_LETTER, NOT_BEFORE_LETTER, WEEKDAYS, alternation
from hunaworld.text.arabic import fold

# Units: folded spelling -> (relativedelta keyword, count implied by the form). The count is 1 for a
# singular, 2 for a dual and None for a plural, which needs a number ("منذ ساعات" is vague).
UNITS: dict[str, tuple[str, int | None]] = {}
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
            UNITS[fold(_form)] = (_kw, _count)

# Number words, as counts are written: units, "عشر(ة)", teens ("خمس عشرة"), tens ("عشرين") and
# compounds ("خمس وعشرين").
_UNIT_WORDS: dict[str, int] = {}
for _n, _words in enumerate(
    (
        ("واحد", "واحدة", "أحد", "إحدى"),
        ("اثنين", "اثنان", "اثنتين", "اثنتان", "اثني", "اثنا", "اثنتي", "اثنتا"),
        ("ثلاث", "ثلاثة"),
        ("أربع", "أربعة"),
        ("خمس", "خمسة"),
        ("ست", "ستة"),
        ("سبع", "سبعة"),
        ("ثماني", "ثمان", "ثمانية"),
        ("تسع", "تسعة"),
    ),
    start=1,
):
    _UNIT_WORDS |= {fold(word): _n for word in _words}
_TEN_WORDS = {fold(word): 10 for word in ("عشر", "عشرة")}
_TENS_WORDS: dict[str, int] = {}
for _n, _words in enumerate(
    (("عشرين", "عشرون"), ("ثلاثين", "ثلاثون"), ("أربعين", "أربعون"), ("خمسين", "خمسون"), ("ستين", "ستون"),
     ("سبعين", "سبعون"), ("ثمانين", "ثمانون"), ("تسعين", "تسعون")),
    start=2,
):
    _TENS_WORDS |= {fold(word): 10 * _n for word in _words}
NUMBER_WORDS = _UNIT_WORDS | _TEN_WORDS | _TENS_WORDS

_UNIT_WORD, _TEN_WORD, _TENS_WORD = alternation(_UNIT_WORDS), alternation(_TEN_WORDS), alternation(_TENS_WORDS)
_NUMBER_WORD = (
    rf"(?:{_UNIT_WORD}\s+و\s*{_TENS_WORD}|{_UNIT_WORD}\s+{_TEN_WORD}|{_TENS_WORD}|{_TEN_WORD}|{_UNIT_WORD})"
    rf"{NOT_BEFORE_LETTER}"
)

# Parts of one unit: "ربع ساعة", "نصف ساعة", "ساعة ونصف", "ساعة إلا ربع".
FRACTIONS: dict[str, Fraction] = {
    fold(word): value
    for word, value in (("ربع", Fraction(1, 4)), ("نصف", Fraction(1, 2)), ("نص", Fraction(1, 2)),
                        ("ثلث", Fraction(1, 3)), ("ثلاثة أرباع", Fraction(3, 4)), ("ثلاث أرباع", Fraction(3, 4)))
}
_FRACTION = alternation(FRACTIONS)

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
        "أمس الأول": 2,
        "قبل أمس": 2,
    }.items()
}

# Words dropped before a relative expression is matched as a whole ("نشر منذ 3 ساعات").
NOISE: frozenset[str] = frozenset(
    fold(w)
    for w in (
        *WEEKDAYS, "نشر", "نشرت", "نشره", "تم", "في", "آخر", "تحديث", "التحديث", "محدث", "محدثة", "تاريخ",
        "النشر", "بتاريخ", "الساعة", "صباح", "مساء", "حوالي", "تقريبا", "مضت", "مضى", "خلت",
    )
)

# "ساعة واحدة": "one" after a singular unit, which already says it.
_ONE = alternation(["واحد", "واحدة"])
_ITEM = (
    rf"{NOT_AFTER_LETTER}"
    rf"(?:({_FRACTION})\s+|(\d{{1,6}}|{_NUMBER_WORD})\s*)?"
    rf"({alternation(UNITS)}){NOT_BEFORE_LETTER}"
    rf"(?:\s+{_ONE}{NOT_BEFORE_LETTER})?"
    rf"(?:\s*(و|الا)\s*({_FRACTION}){NOT_BEFORE_LETTER})?"
)
_ITEM_RE = re.compile(_ITEM)
# "نصف الساعة": the article after a part is dropped before "الساعة" is taken for a label.
_PART_OF_THE_RE = re.compile(rf"{NOT_AFTER_LETTER}({_FRACTION})\s+ال(?={alternation(UNITS)}{NOT_BEFORE_LETTER})")
_PHRASE_RE = re.compile(rf"(?:(?:منذ|قبل)\s+)?{_ITEM}(?:\s+(?:و\s*)?{_ITEM})*")
# Left over around a relative expression ("القاهرة: منذ 3 ساعات."), once no date or time was found.
_PUNCTUATION = str.maketrans(dict.fromkeys(":./-", " "))
_EXACT = {"hours": 3600, "minutes": 60, "seconds": 1}


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        word = word if word in NUMBER_WORDS or not word.startswith("و") else word[1:]
        total += NUMBER_WORDS.get(word, 0)
    return total


def _amounts(phrase: str) -> dict[str, Fraction] | None:
    """How much of each unit the phrase counts back, or None when it is vague."""
    parts: dict[str, Fraction] = {}
    for match in _ITEM_RE.finditer(phrase):
        part, number, unit, sign, extra = match.groups()
        keyword, implied = UNITS[unit]
        count = Fraction(implied) if implied is not None else None
        if part is not None:  # "ربع ساعة": a part of one unit
            if implied != 1:
                return None
            count = FRACTIONS[squash(part)]
        elif number is not None:
            given = _number(squash(number))
            if implied == 2 and given != 2:  # "3 ساعتين"
                return None
            count = Fraction(given)
        if count is None:  # a plural without a number: "منذ ساعات"
            return None
        if extra is not None:
            count += FRACTIONS[squash(extra)] * (1 if sign == "و" else -1)
            if count <= 0:  # "ربع ساعة إلا ربع"
                return None
        parts[keyword] = parts.get(keyword, Fraction(0)) + count
    return parts


def _split(parts: dict[str, Fraction]) -> tuple[relativedelta, timedelta] | None:
    """The calendar move and the elapsed time of the counted amounts; None for half a month."""
    months = parts.pop("months", Fraction(0)) + 12 * parts.pop("years", Fraction(0))
    days = parts.pop("days", Fraction(0)) + 7 * parts.pop("weeks", Fraction(0))
    if months.denominator != 1:
        return None
    seconds = sum(parts.get(k, Fraction(0)) * factor for k, factor in _EXACT.items()) + (days % 1) * 86400
    return relativedelta(months=int(months), days=int(days)), timedelta(seconds=float(seconds))


def relative(text: str, clock: Clock | None, now: datetime, tz: tzinfo) -> datetime | None:
    """The date the (folded) ``text`` counts back to from ``now``, in ``tz``; None when it is none."""
    # Labels ending in a colon ("القاهرة:", "نشر في:") say where or what, not when.
    text = " ".join(w for w in _PART_OF_THE_RE.sub(r"\1 ", text).split() if not w.endswith(":"))
    phrase = " ".join(w for w in text.translate(_PUNCTUATION).split() if w not in NOISE)
    if not phrase:
        return None
    if phrase in DAY_WORDS:
        calendar, exact = relativedelta(days=DAY_WORDS[phrase]), timedelta()
    else:
        if _PHRASE_RE.fullmatch(phrase) is None:
            return None
        amounts = _amounts(phrase)
        split = _split(amounts) if amounts is not None else None
        if split is None:
            return None
        calendar, exact = split
    if clock is not None and exact:
        return None  # "منذ 3 ساعات 10:30" contradicts itself
    try:
        wall = now.replace(tzinfo=None) - calendar
        if clock is not None:
            wall = wall.replace(hour=clock[0], minute=clock[1], second=clock[2], microsecond=clock[3])
        local = localize(wall, tz) if (calendar or clock is not None) else now
        return (local.astimezone(UTC) - exact).astimezone(tz)
    except (ValueError, OverflowError):  # before year 1: "منذ 5000 عام" with a huge count
        return None
