"""Speed of ``parse_date`` on the site's own date format, against bare ``dateparser.parse``.

Run: ``python benchmarks/dates_speed.py``. Exits non-zero if the two disagree on any string, or if
``parse_date`` is less than 20x faster.

The strings are generated: every weekday, hour and minute, dates from 2018 to 2026, some with runs of
spaces between the parts as the site prints them. Wall times that a DST change in Asia/Amman skips or
repeats (before Jordan moved to UTC+3 all year in 2022) are left out: for a repeated hour
``parse_date`` takes the first occurrence (PEP 495, fold=0) and dateparser's pytz takes standard
time, so neither "identical" nor "right" is defined there.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dateparser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hunaworld.dates import parse_date

WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # Monday first
# The clock both parsers read wall-clock times in (the first site profile's).
TIMEZONE = "Asia/Amman"
SETTINGS = {"DATE_ORDER": "DMY", "TIMEZONE": TIMEZONE, "RETURN_AS_TIMEZONE_AWARE": True}
COUNT = 2000
ROUNDS = 5
TARGET = 20.0


def _is_regular(wall: datetime, zone: ZoneInfo) -> bool:
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    return first.utcoffset() == second.utcoffset()


def build_strings(count: int = COUNT, seed: int = 20250904) -> list[str]:
    rng = random.Random(seed)
    zone = ZoneInfo(TIMEZONE)
    start, span = datetime(2018, 1, 1), (datetime(2026, 12, 31) - datetime(2018, 1, 1)).days
    strings: list[str] = []
    while len(strings) < count:
        wall = start + timedelta(days=rng.randrange(span), minutes=rng.randrange(24 * 60))
        if not _is_regular(wall, zone):
            continue
        gap = " " * rng.choice((1, 1, 1, 2, 3))
        strings.append(f"{WEEKDAYS[wall.weekday()]}{gap}{wall:%H:%M}{gap}{wall:%d/%m/%Y}")
    return strings


def best_per_call(function, strings: list[str], rounds: int = ROUNDS) -> float:
    """Best of ``rounds`` passes over all strings, in microseconds per call."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in strings:
            function(text)
        best = min(best, time.perf_counter() - started)
    return best / len(strings) * 1e6


def main() -> int:
    strings = build_strings()

    def ours(text: str) -> datetime | None:
        return parse_date(text, tz=TIMEZONE)

    def theirs(text: str) -> datetime | None:
        return dateparser.parse(text, languages=["ar"], settings=SETTINGS)

    mismatches = []
    for text in strings:
        a, b = ours(text), theirs(text)
        if a is None or b is None or a != b or a.utcoffset() != b.utcoffset():
            mismatches.append((text, a, b))
    if mismatches:
        for text, a, b in mismatches[:20]:
            print(f"MISMATCH {text!r}: parse_date={a} dateparser={b}")
        print(f"{len(mismatches)} of {len(strings)} strings differ")
        return 1
    print(f"{len(strings)} site-format strings: parse_date and dateparser.parse agree on every one")

    ours_us = best_per_call(ours, strings)
    theirs_us = best_per_call(theirs, strings, rounds=3)
    ratio = theirs_us / ours_us
    print(f"parse_date:             {ours_us:8.2f} us per call")
    print(f"dateparser.parse:       {theirs_us:8.2f} us per call")
    print(f"parse_date is {ratio:.1f}x faster than dateparser.parse (target >= {TARGET:.0f}x)")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
