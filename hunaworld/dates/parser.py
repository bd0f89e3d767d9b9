"""Dates as Arabic news pages write them, parsed into timezone-aware datetimes.

``parse_date`` returns a datetime or ``None``; it never guesses a missing day, month or year (one
documented exception: a day and month without a year, see :func:`_resolve_year`) and never raises
on any string.

How it works: the site's own format and ISO 8601 are matched on the raw text by precompiled regexes
(the fast paths: they cover nearly every call). Anything else is folded (``arabic.fold``: no tatweel,
invisible marks or diacritics, hamza and teh marbuta variants unified, ASCII digits, Latin casefolded)
and then taken apart piece by piece: explicit offset, clock time, Hijri dates, Gregorian dates with a
month name, numeric dates. Each piece found is blanked out of the string; a digit left over afterwards
means something was not understood, and the answer is ``None``. Strings without an absolute date are
tried as relative dates ("منذ 3 ساعات", "أمس"). dateparser is not used: these patterns are faster,
and they never fill a missing part from today's date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from hijridate import Hijri

from hunaworld.dates.vocabulary import (
    CLOCK_MARKERS,
    DAY_WORDS,
    GREGORIAN_LOOKUP,
    HIJRI_LOOKUP,
    HIJRI_MONTH,
    HIJRI_SUFFIX_SET,
    HOUR_WORD,
    LAST_SET,
    MARKER_HOURS,
    MONTH,
    NEXT_SET,
    NOT_AFTER_LETTER,
    NOT_BEFORE_LETTER,
    NUMBER_WORD,
    NUMBER_WORDS,
    ONE,
    QUALIFIERS,
    RELATIVE_NOISE,
    RELATIVE_UNIT,
    RELATIVE_UNITS,
    UTC_LABEL,
    WEEKDAYS,
    YEAR_SUFFIXES,
)
from hunaworld.text.arabic import fold

__all__ = ["parse_date"]

# ---------------------------------------------------------------------------------------------------
# Patterns: the grammar of dates over the words of :mod:`hunaworld.dates.vocabulary`.

# A second month name of another system: "مارس/ آذار", "نيسان / أبريل", "تشرين ثاني/نوفمبر".
_DUAL = rf"(?:\s*[/-]\s*|\s+)({MONTH})"
_YEAR_SUFFIX = rf"(?:\s*({YEAR_SUFFIXES}){NOT_BEFORE_LETTER})?"
_DAY = r"(?<!\d)(\d{1,2})(?!\d)"
_YEAR = r"(?<!\d)(\d{4})(?!\d)"

_SITE_FORMAT_RE = re.compile(
    # "الخميس 15:11 04/09/2025": weekday, 24-hour time, day/month/year, any run of spaces between.
    rf"\s*(?:(?:{'|'.join(WEEKDAYS)}|الاحد|الاثنين|الاربعاء)\s+)?"
    r"(\d{1,2}):(\d{2})\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*",
    re.ASCII,
)
_ISO_RE = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?\s*",
    re.ASCII,
)

_UTC_LABEL_RE = re.compile(
    rf"{NOT_AFTER_LETTER}(?:{UTC_LABEL}){NOT_BEFORE_LETTER}"
    r"(?:\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d))?"
)
# The "T" between an ISO date and time (already casefolded).
_ISO_T_RE = re.compile(r"(?<=\d)t(?=\d{2}:)")
_TIME_RE = re.compile(
    r"(?<![\d:.])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?![\d:])"
    # an ISO-style offset glued to the clock: "15:11:00+03:00", "17:27z"
    rf"(z{NOT_BEFORE_LETTER}|[+-]\d{{2}}(?::?\d{{2}})?(?![\d/.]))?"
    rf"(?:\s*({CLOCK_MARKERS}){NOT_BEFORE_LETTER})?"
)
# "الساعة 5 مساء": an hour without minutes, accepted only with both the word and a marker.
_HOUR_ONLY_RE = re.compile(
    rf"{NOT_AFTER_LETTER}{HOUR_WORD}\s+(\d{{1,2}})(?![\d:])"
    rf"\s*({CLOCK_MARKERS}){NOT_BEFORE_LETTER}"
)
_HIJRI_NAMED_RE = re.compile(
    rf"{_DAY}\s*(?:من\s+)?(?:شهر\s+)?({HIJRI_MONTH})\s*(?<!\d)(\d{{3,4}})(?!\d){_YEAR_SUFFIX}"
)
_QUALIFIER = rf"(?:\s+({QUALIFIERS}){NOT_BEFORE_LETTER})?"
_NAMED_DMY_RE = re.compile(
    rf"{_DAY}\s*(?:من\s+)?(?:شهر\s+)?({MONTH})(?:{_DUAL})?(?:\s*{_YEAR}{_YEAR_SUFFIX}|{_QUALIFIER})"
)
_NAMED_MDY_RE = re.compile(rf"({MONTH})(?:{_DUAL})?\s+{_DAY}\s*{_YEAR}{_YEAR_SUFFIX}")
_NUMERIC_RE = re.compile(
    r"(?<![\d/.-])(\d{1,4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d/]|[.-]\d)" + _YEAR_SUFFIX
)
# Punctuation that only separates: turned into spaces. "/ - . :" stay, dates and times need them.
_PUNCTUATION_TABLE = str.maketrans(dict.fromkeys("،,؛;|()[]{}«»\"'!?؟*…–—_", " "))
_DIGIT_RE = re.compile(r"\d")
# Left over around a relative expression ("القاهرة: منذ 3 ساعات."), once no date or time was found.
_RELATIVE_PUNCTUATION = str.maketrans(dict.fromkeys(":./-", " "))

_RELATIVE_ITEM = (
    rf"(?:(\d{{1,6}}|{NUMBER_WORD})\s*)?"
    rf"{NOT_AFTER_LETTER}({RELATIVE_UNIT}){NOT_BEFORE_LETTER}"
    rf"(?:\s+{ONE}{NOT_BEFORE_LETTER})?"
)
_RELATIVE_ITEM_RE = re.compile(_RELATIVE_ITEM)
_RELATIVE_RE = re.compile(rf"(?:(?:منذ|قبل)\s+)?{_RELATIVE_ITEM}(?:\s+(?:و\s*)?{_RELATIVE_ITEM})*")


# ---------------------------------------------------------------------------------------------------
# Time zones


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def _resolve_tz(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        return UTC
    if isinstance(tz, str):
        return _zone(tz)
    return tz


def _localize(naive: datetime, tz: tzinfo) -> datetime:
    # pytz zones need localize(); zoneinfo and fixed offsets take the wall clock as it is (fold=0:
    # a repeated hour at a DST change is read as its first occurrence).
    localize = getattr(tz, "localize", None)
    return localize(naive) if localize is not None else naive.replace(tzinfo=tz)


def _reference_now(now: datetime | None, tz: tzinfo) -> datetime:
    if now is None:
        return datetime.now(tz)
    if now.tzinfo is None or now.utcoffset() is None:
        return _localize(now, tz)
    return now.astimezone(tz)


def _offset(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=24) or (minutes and int(minutes) > 59):
        return None
    return timezone(-delta if sign == "-" else delta)


def _glued_offset(text: str) -> tzinfo | None:
    if text == "z":
        return UTC
    return _offset(text[0], text[1:3], text[3:].lstrip(":") or None)


# ---------------------------------------------------------------------------------------------------
# Fast paths

# A sentinel for "this fast path does not apply" (None means "applies, and the date is invalid").
_MISSING: datetime = datetime.min


def _fast_site_format(text: str, tz: tzinfo) -> datetime | None:
    match = _SITE_FORMAT_RE.fullmatch(text)
    if match is None:
        return _MISSING
    hour, minute, day, month, year = map(int, match.groups())
    try:
        return _localize(datetime(year, month, day, hour, minute), tz)
    except ValueError:
        return None


def _fast_iso(text: str, tz: tzinfo) -> datetime | None:
    match = _ISO_RE.fullmatch(text)
    if match is None:
        return _MISSING
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        naive = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )
    except ValueError:
        return None
    if offset is None:
        return _localize(naive, tz)
    zone = _glued_offset(offset.lower())
    return None if zone is None else naive.replace(tzinfo=zone)


# ---------------------------------------------------------------------------------------------------
# Pieces of the general path. Each takes the working string, returns what it found and the string with
# the found spans blanked out.


class _Invalid(Exception):
    """The string has a recognisable piece that is impossible or contradicts another piece."""


def _blank(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def _take_offsets(text: str) -> tuple[tzinfo | None, str]:
    found: set[tzinfo] = set()
    for match in reversed(list(_UTC_LABEL_RE.finditer(text))):
        sign, hours, minutes = match.groups()
        zone = UTC if sign is None else _offset(sign, hours, minutes)
        if zone is None:
            raise _Invalid
        found.add(zone)
        text = _blank(text, match)
    if len(found) > 1:
        raise _Invalid
    return (found.pop() if found else None), text


def _to_24h(hour: int, marker: str | None) -> int:
    kind = MARKER_HOURS.get(marker) if marker else None
    if kind is None or hour > 12:
        # A 24-hour clock; a marker after 13:00 or later is redundant unless it says morning.
        if kind in ("am", "night") and hour > 12:
            raise _Invalid
        return hour
    if kind == "am":  # 12:30 ص is half past midnight
        return 0 if hour == 12 else hour
    if kind == "pm":  # 12:30 م is half past noon; "00:30 م" contradicts itself
        if hour == 0:
            raise _Invalid
        return hour if hour == 12 else hour + 12
    if kind == "noon":  # ظهراً spans late morning to early afternoon: 11:30 stays, 1:15 is 13:15
        return hour + 12 if 1 <= hour <= 5 else hour
    # ليلاً: evening hours move to the afternoon clock, small hours stay, 12 is midnight
    return 0 if hour == 12 else (hour + 12 if hour >= 6 else hour)


_Clock = tuple[int, int, int, int]  # hour, minute, second, microsecond


def _clock(hour: int, minute: int, second: int, micro: int) -> _Clock:
    if hour > 23 or minute > 59 or second > 59:
        raise _Invalid
    return hour, minute, second, micro


def _take_times(text: str) -> tuple[_Clock | None, tzinfo | None, str]:
    clocks: set[_Clock] = set()
    offsets: set[tzinfo] = set()
    for match in reversed(list(_TIME_RE.finditer(text))):
        hour, minute, second, fraction, offset, marker = match.groups()
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        clocks.add(_clock(_to_24h(int(hour), marker), int(minute), int(second or 0), micro))
        if offset is not None:
            zone = _glued_offset(offset)
            if zone is None:
                raise _Invalid
            offsets.add(zone)
        text = _blank(text, match)
    if not clocks:
        match = _HOUR_ONLY_RE.search(text)
        if match is not None:
            clocks.add(_clock(_to_24h(int(match.group(1)), match.group(2)), 0, 0, 0))
            text = _blank(text, match)
    if len(clocks) > 1 or len(offsets) > 1:  # two different times: which one is the date's?
        raise _Invalid
    return (clocks.pop() if clocks else None), (offsets.pop() if offsets else None), text


def _is_hijri(suffix: str | None) -> bool:
    return suffix is not None and suffix in HIJRI_SUFFIX_SET


def _hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    try:
        return Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError):  # outside the Umm al-Qura table, or no such day
        return None


def _same_month(first: str, second: str | None) -> int:
    month = GREGORIAN_LOOKUP[_squash(first)]
    if second is not None and GREGORIAN_LOOKUP[_squash(second)] != month:
        raise _Invalid  # "مارس/ نيسان": the two names disagree
    return month


def _squash(name: str) -> str:
    # Multi-word month names were matched with \s+; the lookup keys have single spaces.
    return " ".join(name.split())


# A date found in the text: (year or None, month, day, qualifier of a year-less date). Hijri dates
# are kept as (year, month, day) and converted only if no Gregorian date is given beside them.
_Found = tuple[int | None, int, int, str | None]
_HijriFound = tuple[int, int, int]


def _take_hijri(text: str) -> tuple[list[_HijriFound], str]:
    found: list[_HijriFound] = []
    for match in reversed(list(_HIJRI_NAMED_RE.finditer(text))):
        day, name, year, _suffix = match.groups()
        found.append((int(year), HIJRI_LOOKUP[_squash(name)], int(day)))
        text = _blank(text, match)
    return found, text


def _take_named(text: str) -> tuple[list[_Found], str]:
    found: list[_Found] = []
    for match in reversed(list(_NAMED_DMY_RE.finditer(text))):
        day, name, dual, year, suffix, qualifier = match.groups()
        if _is_hijri(suffix):  # a Gregorian month name with a Hijri year
            raise _Invalid
        found.append((int(year) if year else None, _same_month(name, dual), int(day), qualifier))
        text = _blank(text, match)
    for match in reversed(list(_NAMED_MDY_RE.finditer(text))):
        name, dual, day, year, suffix = match.groups()
        if _is_hijri(suffix):
            raise _Invalid
        found.append((int(year), _same_month(name, dual), int(day), None))
        text = _blank(text, match)
    return found, text


def _take_numeric(text: str) -> tuple[list[_Found], list[_HijriFound], str]:
    gregorian: list[_Found] = []
    hijri: list[_HijriFound] = []
    for match in reversed(list(_NUMERIC_RE.finditer(text))):
        first, _sep, middle, last, suffix = match.groups()
        if len(first) == 4 and len(last) <= 2:
            year, month, day = int(first), int(middle), int(last)
        elif len(last) >= 3 and len(first) <= 2:  # the site writes day/month/year, never m/d/y
            year, month, day = int(last), int(middle), int(first)
        else:
            continue  # two-digit years are not guessed: the digits stay and void the string
        if _is_hijri(suffix):
            hijri.append((year, month, day))
        else:
            gregorian.append((year, month, day, None))
        text = _blank(text, match)
    return gregorian, hijri, text


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
        raise _Invalid
    best = min(candidates, key=lambda c: abs((c - today).days))
    # Without a qualifier only the nearest half year is trusted; with one, the nearest year.
    if abs((best - today).days) > (366 if qualifier else 183):
        raise _Invalid
    return best


def _relative(text: str, clock: _Clock | None, now: datetime, tz: tzinfo) -> datetime | None:
    # Labels ending in a colon ("القاهرة:", "نشر في:") say where or what, not when.
    text = " ".join(w for w in text.split() if not w.endswith(":"))
    words = [w for w in text.translate(_RELATIVE_PUNCTUATION).split() if w not in RELATIVE_NOISE]
    phrase = " ".join(words)
    if not phrase:
        return None
    if phrase in DAY_WORDS:
        calendar = relativedelta(days=DAY_WORDS[phrase])
        exact = timedelta()
    else:
        if _RELATIVE_RE.fullmatch(phrase) is None:
            return None
        parts: dict[str, int] = {}
        for match in _RELATIVE_ITEM_RE.finditer(phrase):
            number, unit = match.groups()
            keyword, implied = RELATIVE_UNITS[unit]
            count = implied
            if number is not None:
                given = int(number) if number.isdigit() else NUMBER_WORDS[number]
                if implied == 2 and given != 2:  # "3 ساعتين"
                    return None
                count = given
            if count is None:  # a plural without a number: "منذ ساعات"
                return None
            parts[keyword] = parts.get(keyword, 0) + count
        exact = timedelta(
            hours=parts.pop("hours", 0), minutes=parts.pop("minutes", 0), seconds=parts.pop("seconds", 0)
        )
        calendar = relativedelta(**parts)
    if clock is not None and exact:
        return None  # "منذ 3 ساعات 10:30" contradicts itself
    # Days, weeks, months and years move the calendar and keep the wall clock (yesterday at this
    # time); hours and minutes are elapsed time, counted on the absolute time line.
    try:
        wall = now.replace(tzinfo=None) - calendar
        if clock is not None:
            wall = wall.replace(hour=clock[0], minute=clock[1], second=clock[2], microsecond=clock[3])
        local = _localize(wall, tz) if (calendar or clock is not None) else now
        return (local.astimezone(UTC) - exact).astimezone(tz)
    except (ValueError, OverflowError):  # before year 1: "منذ 5000 عام" with a huge count
        return None


def _general(text: str, now: datetime | None, tz: tzinfo) -> datetime | None:
    work = fold(text).translate(_PUNCTUATION_TABLE)
    if not work.strip():
        return None
    work = _ISO_T_RE.sub(" ", work)
    label_zone, work = _take_offsets(work)
    clock, glued_zone, work = _take_times(work)
    if label_zone is not None and glued_zone is not None and label_zone != glued_zone:
        raise _Invalid
    zone = label_zone or glued_zone
    hijri, work = _take_hijri(work)
    named, work = _take_named(work)
    numeric, numeric_hijri, work = _take_numeric(work)
    hijri += numeric_hijri
    gregorian = named + numeric

    reference: datetime | None = None
    if not gregorian and not hijri:
        reference = _reference_now(now, tz)
        result = _relative(work, clock, reference, tz)
        if result is not None and zone is not None:
            return None  # an offset on a relative date has nothing to apply to
        return result
    if _DIGIT_RE.search(work):
        return None  # a number that is not part of the date: better no date than a wrong one

    days: set[date] = set()
    for year, month, day, qualifier in gregorian:
        if year is None:
            if reference is None:
                reference = _reference_now(now, tz)
            days.add(_resolve_year(month, day, qualifier, reference.date()))
        else:
            try:
                days.add(date(year, month, day))
            except ValueError:
                raise _Invalid from None
    if not days:  # the Gregorian part wins when both calendars are given
        days = {_hijri_to_gregorian(*found) for found in hijri}
        if None in days:
            return None
    if len(days) != 1:
        return None
    day = days.pop()
    hour, minute, second, micro = clock or (0, 0, 0, 0)
    naive = datetime(day.year, day.month, day.day, hour, minute, second, micro)
    return naive.replace(tzinfo=zone) if zone is not None else _localize(naive, tz)


# ---------------------------------------------------------------------------------------------------


def parse_date(
    text: str | None, *, now: datetime | None = None, tz: str | tzinfo | None = None
) -> datetime | None:
    """Parse a date as written on an Arabic page into an aware datetime, or ``None``.

    ``tz`` (a zone name or tzinfo; the site profile gives it, and without one UTC) is the zone of wall-clock times in
    the text and of the result; an explicit offset in the text (``+03:00``, ``Z``, ``GMT+0400``,
    ``GMT``) wins and is kept. ``now`` is the reference for relative dates and for a day and month
    without a year (default: the current time; a naive ``now`` is taken to be in ``tz``). A date without
    a time is midnight. Never raises on any string; an unknown ``tz`` name raises like ``ZoneInfo``.
    """
    if not text or not isinstance(text, str):
        return None
    zone = _resolve_tz(tz)
    for fast in (_fast_site_format, _fast_iso):
        result = fast(text, zone)
        if result is not _MISSING:
            return result
    try:
        return _general(text, now, zone)
    except _Invalid:
        return None
