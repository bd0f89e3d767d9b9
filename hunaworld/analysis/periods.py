"""The report's time axes: which periods a span of days is counted in, and how each axis is labelled.

A span of up to a month is counted by day, up to half a year by week (Monday to Sunday), beyond
that by month; every period of the span is on the axis, an empty one as 0. An axis of up to 31
periods labels each; a longer one labels the first period of every month (and of every year, past
three years), so no month goes unlabelled however long the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DAY", "MONTH", "WEEK", "Periods", "periods_of"]

DAY, WEEK, MONTH = "day", "week", "month"
_MAX_DAYS = 31
_MAX_WEEKS = 26
_EVERY_LABEL = 31
_MONTH_LABELS_UP_TO = 36
# Periods between two labels of a long axis, at least.
_MIN_TICK_GAP = 3


def _start(day: date, unit: str) -> date:
    if unit == WEEK:
        return day - timedelta(days=day.weekday())
    if unit == MONTH:
        return day.replace(day=1)
    return day


def _next(start: date, unit: str) -> date:
    if unit == MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if unit == WEEK else 1)


@dataclass(frozen=True)
class Periods:
    unit: str
    # The first day of every period of the span, in order.
    starts: tuple[date, ...]

    def index(self, day: str | date) -> int:
        """The position on the axis of the period holding ``day``."""
        day = date.fromisoformat(day) if isinstance(day, str) else day
        return self.starts.index(_start(day, self.unit))

    def count(self, values: list[tuple[str, int]]) -> list[int]:
        """(day, n) pairs added up by period, one total per period of the axis."""
        totals = [0] * len(self.starts)
        for day, n in values:
            totals[self.index(day)] += n
        return totals

    def ticks(self) -> list[tuple[int, str]]:
        """(position, label) of the labelled periods."""
        if len(self.starts) <= _EVERY_LABEL:
            fmt = "%b" if self.unit == MONTH else "%d %b"
            return [(n, self._with_year(n, start.strftime(fmt))) for n, start in enumerate(self.starts)]
        months = len({(start.year, start.month) for start in self.starts}) <= _MONTH_LABELS_UP_TO
        changes = [n for n in range(1, len(self.starts))
                   if (self.starts[n - 1].month != self.starts[n].month if months
                       else self.starts[n - 1].year != self.starts[n].year)]
        # The axis's first period is labelled too, unless the first change follows too closely.
        first = [0] if not changes or changes[0] >= _MIN_TICK_GAP else []
        return [(n, (f"{self.starts[n]:%b}\n{self.starts[n].year}" if n == (first + changes)[0]
                     or self.starts[n].month == 1 else f"{self.starts[n]:%b}") if months else str(self.starts[n].year))
                for n in first + changes]

    def _with_year(self, n: int, label: str) -> str:
        # The year under the first label and wherever it changes.
        start = self.starts[n]
        return f"{label}\n{start.year}" if n == 0 or self.starts[n - 1].year != start.year else label


def periods_of(first: str | date, last: str | date, unit: str | None = None) -> Periods:
    """The periods from the one holding ``first`` to the one holding ``last``; ``unit`` chosen by the
    span unless given."""
    first = date.fromisoformat(first) if isinstance(first, str) else first
    last = date.fromisoformat(last) if isinstance(last, str) else last
    if unit is None:
        span = (last - first).days + 1
        unit = DAY if span <= _MAX_DAYS else WEEK if span <= _MAX_WEEKS * 7 else MONTH
    starts = [_start(first, unit)]
    while _next(starts[-1], unit) <= last:
        starts.append(_next(starts[-1], unit))
    return Periods(unit, tuple(starts))
