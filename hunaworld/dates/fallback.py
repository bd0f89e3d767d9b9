"""The last resort for Latin-script dates the grammar cannot read: dateparser, on a short leash.

The grammar reads English and French month names itself ("Sep 4, 2025", "04 septembre 2025",
RFC 2822); dateparser covers the long tail it does not ("le 4 sept. 2025 à 15h11", "September 4th,
2025 at 3:11 PM EDT"). It is only asked about strings with Latin letters that the grammar found no
contradiction in, and its answer is only taken when it cannot be a guess:

- languages pinned to English and French (no language detection over Arabic words);
- the absolute-time parser only: never "yesterday" or "2 hours ago";
- strict parsing: day, month and year all written, none taken from today;
- every number in the string is part of the answer (a year written in full, no issue or phone
  number read as a day), and a time in the answer is one the string gives.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from typing import Any

from hunaworld.dates.common import localize
from hunaworld.text.arabic import to_ascii_digits

LANGUAGES = ("en", "fr")
_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
}
_LATIN = re.compile(r"[A-Za-z]")
_MAX_LENGTH = 120  # longer text is not a date line; dateparser's cost grows with it
# Offsets ("+0400", "-04:00") are checked by dateparser's result, not as numbers of the date.
_OFFSET = re.compile(r"[+-]\d{1,2}:?\d{2}(?!\d)")
_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=1)
def _parser() -> Any:
    # Imported on first use: dateparser costs a third of a second and tens of megabytes to load,
    # and most crawls never need it.
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(LANGUAGES), settings=_SETTINGS)


def _written(result: datetime, text: str) -> bool:
    """Whether every number of ``text`` is a part of ``result``, and its year and time are written."""
    numbers = _NUMBER.findall(_OFFSET.sub(" ", text))
    if str(result.year) not in numbers:
        return False
    hours = {result.hour, result.hour % 12, 12 if result.hour % 12 == 0 else result.hour}
    parts = {result.year, result.month, result.day, result.minute, result.second, *hours}
    if any(int(n) not in parts for n in numbers):
        return False
    values = {int(n) for n in numbers}
    return (result.hour, result.minute) == (0, 0) or (bool(hours & values) and result.minute in values | {0})


def latin_date(text: str, tz: tzinfo) -> datetime | None:
    """A Latin-script date dateparser reads with certainty, in ``tz`` unless it names a zone; else None."""
    if len(text) > _MAX_LENGTH or not _LATIN.search(text):
        return None
    text = to_ascii_digits(text)
    try:
        result = _parser().get_date_data(text).date_obj
    except Exception:  # dateparser raises assorted errors on odd input; none of them is a date
        return None
    if result is None or not _written(result, text):
        return None
    if result.tzinfo is None:
        return localize(result, tz)
    return result.replace(tzinfo=timezone(result.utcoffset()))
