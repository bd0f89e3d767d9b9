"""What the pieces of the date parser share: the working-string protocol and the clock helpers.

The general path takes a date string apart piece by piece (zones, clock time, Hijri dates,
Gregorian dates, relative phrases). Each piece finds its matches in the folded working string and
blanks them out, so that what is left over can be judged: a digit left over means something was not
understood. A piece that finds something impossible or contradictory raises :class:`Invalid`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo


class Invalid(Exception):
    """The string has a recognisable piece that is impossible or contradicts another piece."""


# hour, minute, second, microsecond
Clock = tuple[int, int, int, int]


def blank(text: str, match: re.Match[str]) -> str:
    """``text`` with the span of ``match`` replaced by as many spaces (other spans keep their place)."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def squash(name: str) -> str:
    """A multi-word name matched with ``\\s+`` as a lookup key, with single spaces."""
    return " ".join(name.split())


def resolve_tz(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        return UTC
    if isinstance(tz, str):
        return ZoneInfo(tz)
    return tz


def localize(naive: datetime, tz: tzinfo) -> datetime:
    """``naive`` as a wall-clock time in ``tz``."""
    # pytz zones need localize(); zoneinfo and fixed offsets take the wall clock as it is (fold=0:
    # a repeated hour at a DST change is read as its first occurrence).
    localize_ = getattr(tz, "localize", None)
    return localize_(naive) if localize_ is not None else naive.replace(tzinfo=tz)


def reference_now(now: datetime | None, tz: tzinfo) -> datetime:
    """The reference time of relative and year-less dates, in ``tz`` (a naive ``now`` is read in it)."""
    if now is None:
        return datetime.now(tz)
    if now.tzinfo is None or now.utcoffset() is None:
        return localize(now, tz)
    return now.astimezone(tz)
