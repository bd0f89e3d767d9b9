"""Time zones written in a date string: UTC offsets and named clocks.

A page may say which clock its time is in: "GMT", "GMT+2", "UTC+3", "بتوقيت غرينتش", or a city's
or country's clock, "بتوقيت القاهرة", "بتوقيت مكة المكرمة". Such a zone wins over the site's clock.
A named clock is its IANA zone, so the offset is the one in force on that date (Cairo is UTC+2 in
January and UTC+3 in summer). A clock name this table does not know makes the string unreadable
rather than silently read in the site's clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hunaworld.dates.common import Invalid, blank, squash
from hunaworld.dates.vocabulary import NOT_AFTER_LETTER, NOT_BEFORE_LETTER, alternation
from hunaworld.text.arabic import fold

# Names of universal time. "ت غ" is the usual abbreviation of توقيت غرينتش.
UTC_NAMES = ("gmt", "utc", "غرينتش", "جرينتش", "غرينيتش", "جرينيتش", "قرينتش", "ت.غ", "ت غ")

# The clocks pages name after "بتوقيت", with their IANA zones. Capitals and their countries; عمّان
# is Amman (shadda folds away), Oman is سلطنة عمان or مسقط. Tripoli is left out: Libya's and
# Lebanon's share the name but not the clock.
NAMED_ZONES: dict[str, tuple[str, ...]] = {
    "Africa/Cairo": ("القاهرة", "مصر"),
    "Asia/Riyadh": ("مكة المكرمة", "مكة", "الرياض", "السعودية"),
    "Asia/Dubai": ("الإمارات", "أبوظبي", "أبو ظبي", "دبي"),
    "Asia/Beirut": ("بيروت", "لبنان"),
    "Asia/Jerusalem": ("القدس",),
    "Asia/Hebron": ("فلسطين", "رام الله", "غزة"),
    "Asia/Qatar": ("الدوحة", "قطر"),
    "Asia/Kuwait": ("الكويت",),
    "Asia/Bahrain": ("المنامة", "البحرين"),
    "Asia/Muscat": ("مسقط", "سلطنة عمان"),
    "Asia/Baghdad": ("بغداد", "العراق"),
    "Asia/Damascus": ("دمشق", "سوريا", "سورية"),
    "Asia/Amman": ("عمان", "الأردن"),
    "Asia/Aden": ("صنعاء", "عدن", "اليمن"),
    "Africa/Khartoum": ("الخرطوم", "السودان"),
    "Africa/Tripoli": ("ليبيا",),
    "Africa/Tunis": ("تونس",),
    "Africa/Algiers": ("الجزائر",),
    "Africa/Casablanca": ("الرباط", "المغرب", "الدار البيضاء"),
    "Africa/Nouakchott": ("نواكشوط", "موريتانيا"),
    "Europe/Istanbul": ("أنقرة", "إسطنبول", "تركيا"),
    "Asia/Tehran": ("طهران", "إيران"),
    "Europe/London": ("لندن",),
    "Europe/Paris": ("باريس",),
    "Europe/Moscow": ("موسكو",),
    "America/New_York": ("واشنطن", "نيويورك"),
}
_ZONE_OF: dict[str, str] = {fold(name): key for key, names in NAMED_ZONES.items() for name in names}
# Words after "توقيت" that name no other clock than the page's own: local, summer, winter time.
_OWN_CLOCK = frozenset(fold(w) for w in ("المحلي", "محلي", "الصيفي", "الشتوي"))

# "توقيت", "بتوقيت", "بالتوقيت", "التوقيت", "حسب توقيت" (the last word is left over, and harmless).
_CLOCK_WORD = r"(?:ب|بال|ال)?توقيت"
# "بتوقيت X" is "in X's time"; a bare "توقيت X" may also be a label ("توقيت النشر": time of publication).
_UTC_RE = re.compile(
    rf"{NOT_AFTER_LETTER}(?:{_CLOCK_WORD}\s+)?{alternation(UTC_NAMES)}{NOT_BEFORE_LETTER}"
    # an offset after the name, not a date after a dash: "GMT+3", "GMT -05:00", not "GMT - 02/09/2025"
    r"(?:\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?![\d/.-]))?"
)
_NAMED_RE = re.compile(
    rf"{NOT_AFTER_LETTER}(ب|بال)?(?:ال)?توقيت\s+(?:مدينه\s+)?({alternation(_ZONE_OF)}|[^\W\d_]+){NOT_BEFORE_LETTER}"
)


def offset(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    """A fixed offset, or None for one no clock has (24 hours or more, minutes past 59)."""
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=24) or (minutes and int(minutes) > 59):
        return None
    return timezone(-delta if sign == "-" else delta)


def glued_offset(text: str) -> tzinfo | None:
    """An ISO offset glued to a time: "z", "+03:00", "-0500", "+03"."""
    if text == "z":
        return UTC
    return offset(text[0], text[1:3], text[3:].lstrip(":") or None)


def take_zones(text: str) -> tuple[list[tzinfo], str]:
    """The zones the (folded) text names, in no particular order, and the text without them."""
    found: list[tzinfo] = []
    for match in reversed(list(_UTC_RE.finditer(text))):
        sign, hours, minutes = match.groups()
        found_zone = UTC if sign is None else offset(sign, hours, minutes)
        if found_zone is None:
            raise Invalid
        found.append(found_zone)
        text = blank(text, match)
    if "توقيت" in text:
        for match in reversed(list(_NAMED_RE.finditer(text))):
            preposition, name = match.group(1), squash(match.group(2))
            if name not in _ZONE_OF:
                if preposition and name not in _OWN_CLOCK:
                    raise Invalid  # a clock we cannot place: better no date than one in the wrong clock
                continue
            found.append(ZoneInfo(_ZONE_OF[name]))
            text = blank(text, match)
    return found, text


def settle(naive: datetime, zones: list[tzinfo]) -> datetime:
    """``naive`` in the zone the text named; :class:`Invalid` when its zones disagree on that date.

    A named clock is kept as the result's zone (its offset is the one in force at that wall time);
    a fixed offset that agrees with it ("بتوقيت مكة GMT+3") only confirms it.
    """
    offsets = {z.utcoffset(naive) for z in zones}
    if len(offsets) != 1:
        raise Invalid
    named = [z for z in zones if not isinstance(z, timezone)]
    return naive.replace(tzinfo=(named or zones)[0])
