"""The time of day in a date string: "15:11", "3:11 م", "7:15 صباحا", "1:10 ظهراً", "الساعة 5 مساء".

Markers after the time say which half of the day it is in; written with or without tanween, or
with the article ("العصر"), they fold to the same words.
"""

from __future__ import annotations

import re
from datetime import tzinfo

from hunaworld.dates.common import Clock, Invalid, blank, squash
from hunaworld.dates.vocabulary import CLOCK_MARKERS, HOUR_WORD, MARKER_HOURS, NOT_AFTER_LETTER, NOT_BEFORE_LETTER
from hunaworld.dates.zones import glued_offset

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


def to_24h(hour: int, marker: str | None) -> int:
    """``hour`` on the 24-hour clock, given the marker written after it (folded)."""
    kind = MARKER_HOURS.get(squash(marker)) if marker else None
    if kind is None or hour > 12:
        # A 24-hour clock; a marker after 13:00 or later is redundant unless it says morning.
        if kind in ("am", "night") and hour > 12:
            raise Invalid
        return hour
    if kind == "am":  # 12:30 ص is half past midnight
        return 0 if hour == 12 else hour
    if kind == "pm":  # 12:30 م is half past noon; "00:30 م" contradicts itself
        if hour == 0:
            raise Invalid
        return hour if hour == 12 else hour + 12
    if kind == "noon":  # ظهراً spans late morning to early afternoon: 11:30 stays, 1:15 is 13:15
        return hour + 12 if 1 <= hour <= 5 else hour
    # ليلاً: evening hours move to the afternoon clock, small hours stay, 12 is midnight
    return 0 if hour == 12 else (hour + 12 if hour >= 6 else hour)


def _clock(hour: int, minute: int, second: int, micro: int) -> Clock:
    if hour > 23 or minute > 59 or second > 59:
        raise Invalid
    return hour, minute, second, micro


def take_times(text: str) -> tuple[Clock | None, tzinfo | None, str]:
    """The one time of day in the (folded) text, the offset glued to it, and the text without them."""
    clocks: set[Clock] = set()
    offsets: set[tzinfo] = set()
    for match in reversed(list(_TIME_RE.finditer(text))):
        hour, minute, second, fraction, offset, marker = match.groups()
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        clocks.add(_clock(to_24h(int(hour), marker), int(minute), int(second or 0), micro))
        if offset is not None:
            zone = glued_offset(offset)
            if zone is None:
                raise Invalid
            offsets.add(zone)
        text = blank(text, match)
    if not clocks:
        match = _HOUR_ONLY_RE.search(text)
        if match is not None:
            clocks.add(_clock(to_24h(int(match.group(1)), match.group(2)), 0, 0, 0))
            text = blank(text, match)
    if len(clocks) > 1 or len(offsets) > 1:  # two different times: which one is the date's?
        raise Invalid
    return (clocks.pop() if clocks else None), (offsets.pop() if offsets else None), text
