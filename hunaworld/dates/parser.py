"""Dates as Arabic news pages write them, parsed into timezone-aware datetimes.

``parse_date`` returns a datetime or ``None``; it never guesses a missing day, month or year (one
documented exception: a day and month without a year, see :func:`_resolve_year`) and never raises
on any string.

How it works: the text is folded (``arabic.fold``: no tatweel, invisible marks or diacritics, hamza
and teh marbuta variants unified, ASCII digits, Latin casefolded) and then taken apart piece by
piece: time zones (:mod:`~hunaworld.dates.zones`), clock time (:mod:`~hunaworld.dates.clock`), Hijri
dates (:mod:`~hunaworld.dates.hijri`), Gregorian dates with a month name, numeric dates. Each piece
found is blanked out of the string; a digit left over afterwards means something was not
understood, and the answer is ``None``. Strings without an absolute date are tried as relative
dates (:mod:`~hunaworld.dates.relative`). A Latin-script string the grammar leaves unread goes to a
guarded dateparser fallback (:mod:`~hunaworld.dates.fallback`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from hunaworld.dates import hijri
from hunaworld.dates.clock import take_times
from hunaworld.dates.common import Invalid, blank, localize, reference_now, resolve_tz, squash
from hunaworld.dates.fallback import latin_date
from hunaworld.dates.relative import relative
from hunaworld.dates.vocabulary import (
    DAY,
    DAY_ORDINAL,
    DAY_ORDINALS,
    GREGORIAN_LOOKUP,
    HIJRI_MONTH,
    LAST_SET,
    LATIN_NOISE,
    MONTH,
    NEXT_SET,
    NOT_AFTER_LETTER,
    NOT_BEFORE_LETTER,
    QUALIFIERS,
    YEAR_SUFFIX,
    YEAR_WORD,
)
from hunaworld.dates.zones import settle, take_zones
from hunaworld.text.arabic import fold

__all__ = ["parse_date"]

# ---------------------------------------------------------------------------------------------------
# Patterns: the grammar of Gregorian dates over the words of :mod:`hunaworld.dates.vocabulary`.

# A second month name of another system: "مارس/ آذار", "نيسان / أبريل", "تشرين ثاني/نوفمبر".
_DUAL = rf"(?:\s*[/-]\s*|\s+)({MONTH})"
_YEAR = r"(?<!\d)(\d{4})(?!\d)"

# The "T" between an ISO date and time (already casefolded).
_ISO_T_RE = re.compile(r"(?<=\d)t(?=\d{2}:)")
# "الرابع من سبتمبر": an ordinal day before a month name, not the second word of one ("تشرين الأول
# أكتوبر", "ربيع الثاني").
_ORDINAL_RE = re.compile(
    rf"(?<!تشرين\s)(?<!كانون\s)(?<!ربيع\s)(?<!جمادي\s)(?<!جماد\s){NOT_AFTER_LETTER}({DAY_ORDINAL}){NOT_BEFORE_LETTER}"
    rf"(?=\s*(?:من\s+)?(?:شهر\s+)?(?:{MONTH}|{HIJRI_MONTH}))"
)
_ORDINAL_STEMS = tuple({word.split()[0].removeprefix("ال") for word in DAY_ORDINALS})
_QUALIFIER = rf"(?:\s+({QUALIFIERS}){NOT_BEFORE_LETTER})?"
_NAMED_DMY_RE = re.compile(
    rf"{DAY}\s*(?:من\s+)?(?:شهر\s+)?({MONTH})(?:{_DUAL})?"
    rf"(?:\s*{YEAR_WORD}{_YEAR}{YEAR_SUFFIX}|{_QUALIFIER})"
)
_NAMED_MDY_RE = re.compile(rf"({MONTH})(?:{_DUAL})?\s+{DAY}\s*{YEAR_WORD}{_YEAR}{YEAR_SUFFIX}")
_NUMERIC_RE = re.compile(
    r"(?<![\d/.-])(\d{1,4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d/]|[.-]\d)" + YEAR_SUFFIX
)
# Punctuation that only separates: turned into spaces. "/ - . :" stay, dates and times need them.
_PUNCTUATION_TABLE = str.maketrans(dict.fromkeys("،,؛;|()[]{}«»\"'!?؟*…–—_", " "))
_DIGIT_RE = re.compile(r"\d")
_LATIN_WORD_RE = re.compile(r"[a-zà-ÿ]+")


class _Unread(Exception):
    """The grammar found no contradiction, but left part of the string unread."""


# ---------------------------------------------------------------------------------------------------
# Gregorian pieces of the general path. Each takes the working string and returns what it found and
# the string with the found spans blanked out.

# A date found in the text: (year or None, month, day, qualifier of a year-less date).
_Found = tuple[int | None, int, int, str | None]


def _same_month(first: str, second: str | None) -> int:
    month = GREGORIAN_LOOKUP[squash(first)]
    if second is not None and GREGORIAN_LOOKUP[squash(second)] != month:
        raise Invalid  # "مارس/ نيسان": the two names disagree
    return month


def _ordinal_days(text: str) -> str:
    """"الرابع من سبتمبر" -> "4 من سبتمبر": ordinal day words before a month name as numbers."""
    if not any(stem in text for stem in _ORDINAL_STEMS):  # substring tests cost less than the regex
        return text
    return _ORDINAL_RE.sub(lambda m: str(DAY_ORDINALS[squash(m.group(1))]), text)


def _take_named(text: str) -> tuple[list[_Found], str]:
    found: list[_Found] = []
    for match in reversed(list(_NAMED_DMY_RE.finditer(text))):
        day, name, dual, year, suffix, qualifier = match.groups()
        if hijri.has_hijri_suffix(suffix):  # a Gregorian month name with a Hijri year
            raise Invalid
        found.append((int(year) if year else None, _same_month(name, dual), int(day), qualifier))
        text = blank(text, match)
    for match in reversed(list(_NAMED_MDY_RE.finditer(text))):
        name, dual, day, year, suffix = match.groups()
        if hijri.has_hijri_suffix(suffix):
            raise Invalid
        found.append((int(year), _same_month(name, dual), int(day), None))
        text = blank(text, match)
    return found, text


def _take_numeric(text: str) -> tuple[list[_Found], list[hijri.HijriFound], str]:
    gregorian: list[_Found] = []
    hijri_found: list[hijri.HijriFound] = []
    for match in reversed(list(_NUMERIC_RE.finditer(text))):
        first, _sep, middle, last, suffix = match.groups()
        if len(first) == 4 and len(last) <= 2:
            year, month, day = int(first), int(middle), int(last)
        elif len(last) >= 3 and len(first) <= 2:  # the site writes day/month/year, never m/d/y
            year, month, day = int(last), int(middle), int(first)
        else:
            continue  # two-digit years are not guessed: the digits stay and void the string
        if hijri.is_hijri_year(year, suffix):
            hijri_found.append((year, month, day))
        else:
            gregorian.append((year, month, day, None))
        text = blank(text, match)
    return gregorian, hijri_found, text


def _resolve_year(month: int, day: int, qualifier: str | None, today: date) -> date:
    """The year of a day and month written without one.

    Decision: a dated line without a year means the occurrence nearest to ``now``, within six months
    either side (this year, or the next or previous one around New Year). That is how readers take
    "19 أكتوبر" on a news page, and it is the only context ever used to complete a date. "المقبل"
    (next) and "الماضي" (last) pick the occurrence on or after / on or before today instead.
    """
    candidates: list[date] = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February away from a leap year, or no such day at all
            continue
    if qualifier in NEXT_SET:
        candidates = [c for c in candidates if c >= today]
    elif qualifier in LAST_SET:
        candidates = [c for c in candidates if c <= today]
    if not candidates:
        raise Invalid
    best = min(candidates, key=lambda c: abs((c - today).days))
    # Without a qualifier only the nearest half year is trusted; with one, the nearest year.
    if abs((best - today).days) > (366 if qualifier else 183):
        raise Invalid
    return best


def _the_day(gregorian: list[_Found], hijri_found: list[hijri.HijriFound], now: datetime | None,
             tz: tzinfo) -> date | None:
    """The one day the dates found name; None when they name none or several."""
    days: set[date | None] = set()
    for year, month, day, qualifier in gregorian:
        if year is None:
            days.add(_resolve_year(month, day, qualifier, reference_now(now, tz).date()))
        else:
            try:
                days.add(date(year, month, day))
            except ValueError:
                raise Invalid from None
    if not days:  # the Gregorian part wins when both calendars are given
        days = {hijri.to_gregorian(*found) for found in hijri_found}
    return days.pop() if len(days) == 1 else None


def _general(text: str, now: datetime | None, tz: tzinfo) -> datetime | None:
    work = " ".join(fold(text).translate(_PUNCTUATION_TABLE).split())
    if not work:
        return None
    work = _ISO_T_RE.sub(" ", work)
    zones, work = take_zones(work)
    clock, glued_zone, work = take_times(work)
    if glued_zone is not None:
        zones.append(glued_zone)
    work = _ordinal_days(work)
    hijri_found, work = hijri.take_named(work)
    gregorian, work = _take_named(work)
    numeric, numeric_hijri, work = _take_numeric(work)
    hijri_found += numeric_hijri
    gregorian += numeric

    if not gregorian and not hijri_found:
        if zones and clock is None:
            return None  # a zone on "منذ 3 ساعات" has nothing to apply to
        result = relative(work, clock, reference_now(now, zones[0] if zones else tz), zones[0] if zones else tz)
        if result is None and _DIGIT_RE.search(work):
            raise _Unread
        return result
    if _DIGIT_RE.search(work) or any(w not in LATIN_NOISE for w in _LATIN_WORD_RE.findall(work)):
        raise _Unread  # a number (or a Latin word such as a zone) that is not part of the date
    day = _the_day(gregorian, hijri_found, now, tz)
    if day is None:
        return None
    hour, minute, second, micro = clock or (0, 0, 0, 0)
    naive = datetime(day.year, day.month, day.day, hour, minute, second, micro)
    return settle(naive, zones) if zones else localize(naive, tz)


# ---------------------------------------------------------------------------------------------------


def parse_date(
    text: str | None, *, now: datetime | None = None, tz: str | tzinfo | None = None
) -> datetime | None:
    """Parse a date as written on an Arabic page into an aware datetime, or ``None``.

    ``tz`` (a zone name or tzinfo; the site profile gives it, and without one UTC) is the zone of
    wall-clock times in the text and of the result; a zone written in the text wins and is kept: an
    offset (``+03:00``, ``Z``, ``GMT+0400``, ``GMT``) or a named clock ("بتوقيت القاهرة", read with
    that city's daylight-saving rules for the date). ``now`` is the reference for relative dates and
    for a day and month without a year (default: the current time; a naive ``now`` is taken to be in
    ``tz``). A date without a time is midnight. Never raises on any string; an unknown ``tz`` name
    raises like ``ZoneInfo``.
    """
    if not text or not isinstance(text, str):
        return None
    zone = resolve_tz(tz)
    try:
        return _general(text, now, zone)
    except Invalid:
        return None
    except _Unread:
        return latin_date(text, zone)
