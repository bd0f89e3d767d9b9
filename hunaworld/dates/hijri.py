"""Hijri dates: "14 ربيع الأول 1447 هـ", "1447/03/12 هـ", "12/3/1447هـ", and their conversion.

Conversion uses the Umm al-Qura calendar (``hijridate``), a table of observed months covering
1343-1500 AH (1924-2077). A numeric date with a year in that range and no calendar suffix is read as
Hijri: no page dates its news in the Gregorian years 1343-1500.
"""

from __future__ import annotations

import re
from datetime import date

from hijridate import Hijri

from hunaworld.dates.common import blank, squash
from hunaworld.dates.vocabulary import DAY, HIJRI_LOOKUP, HIJRI_MONTH, HIJRI_SUFFIX_SET, YEAR_SUFFIX, YEAR_WORD

# (year, month, day)
HijriFound = tuple[int, int, int]

FIRST_YEAR, LAST_YEAR = 1343, 1500

_NAMED_RE = re.compile(
    rf"{DAY}\s*(?:من\s+)?(?:شهر\s+)?({HIJRI_MONTH})\s*{YEAR_WORD}(?<!\d)(\d{{3,4}})(?!\d){YEAR_SUFFIX}"
)


def has_hijri_suffix(suffix: str | None) -> bool:
    return suffix is not None and suffix in HIJRI_SUFFIX_SET


def is_hijri_year(year: int, suffix: str | None) -> bool:
    """Whether a numeric date's year is Hijri: said by its suffix, or, without one, by its range."""
    if suffix is not None:
        return has_hijri_suffix(suffix)
    return FIRST_YEAR <= year <= LAST_YEAR


def take_named(text: str) -> tuple[list[HijriFound], str]:
    """Hijri dates with a month name in the (folded) text, and the text without them."""
    found: list[HijriFound] = []
    for match in reversed(list(_NAMED_RE.finditer(text))):
        day, name, year, _suffix = match.groups()
        found.append((int(year), HIJRI_LOOKUP[squash(name)], int(day)))
        text = blank(text, match)
    return found, text


def to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Hijri date, or None outside the table or for a day the month lacks."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError):
        return None
