"""The report's chart: four panels drawn with matplotlib from the figures.

Arabic labels (tags) are given to matplotlib as stored, in logical order: matplotlib 3.11 shapes
and orders text itself (it bundles libraqm), so joining letters with arabic-reshaper and
reordering with python-bidi, as older versions needed, would now reverse the text. The project
requires matplotlib >= 3.11. Fonts: Noto Sans Arabic where installed (Debian's fonts-noto-core),
else DejaVu Sans, which matplotlib ships and which covers Arabic.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from hunaworld.analysis.figures import COVERAGE_FIELDS, Figures

__all__ = ["DPI", "TAG_FONT_SIZE", "chart_fonts", "draw_report"]

DPI = 100
TAG_FONT_SIZE = 11
_PREFERRED_FONTS = ("Noto Sans Arabic",)
_DEFAULT_FONT = "DejaVu Sans"


@cache
def chart_fonts() -> tuple[str, ...]:
    """The font families charts use, best first; matplotlib takes a missing glyph from the next."""
    installed = []
    for family in _PREFERRED_FONTS:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        installed.append(family)
    return (*installed, _DEFAULT_FONT)


def _days(values: list[str]) -> list[date]:
    return [date.fromisoformat(day) for day in values]


def _date_axis(ax: Axes, days: list[date]) -> None:
    # A day's margin each side, so that a single day is a day wide and not a span of years.
    ax.set_xlim(min(days) - timedelta(days=1), max(days) + timedelta(days=1))
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _markers(points: int) -> dict[str, object]:
    # A marker on each point shows single days on a short span; on a long one it only costs time.
    return {"marker": "o", "markersize": 3} if points <= 62 else {}


def _empty(ax: Axes, title: str) -> None:
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def _per_day(ax: Axes, figures: Figures) -> None:
    title = "Articles per day (publication day, site's clock)"
    if not figures.per_day:
        return _empty(ax, title)
    counts = {(day, site): n for day, site, n in figures.per_day}
    first, last = _days([figures.per_day[0][0], figures.per_day[-1][0]])
    # Every day of the span, so a day without articles shows as 0 instead of a line drawn across it.
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for site in figures.sites:
        ax.plot(days, [counts.get((day.isoformat(), site), 0) for day in days], label=site,
                **_markers(len(days)))
    ax.set_title(title)
    ax.set_ylabel("articles")
    ax.legend(loc="upper left")
    _date_axis(ax, days)


def _top_tags(ax: Axes, figures: Figures) -> None:
    title = f"Top {len(figures.top_tags)} tags"
    if not figures.top_tags:
        return _empty(ax, "Top tags")
    # Most used at the top.
    tags = list(reversed(figures.top_tags))
    ax.barh(range(len(tags)), [n for _, n in tags], color="tab:green")
    ax.set_yticks(range(len(tags)), [tag for tag, _ in tags], fontsize=TAG_FONT_SIZE)
    ax.set_title(title)
    ax.set_xlabel("articles")


def _coverage(ax: Axes, figures: Figures) -> None:
    title = "Field coverage (share of articles stored that UTC day)"
    if not figures.coverage:
        return _empty(ax, title)
    days = _days([day for day, _, _ in figures.coverage])
    for name in COVERAGE_FIELDS:
        ax.plot(days, [shares[name] for _, _, shares in figures.coverage], label=name, **_markers(len(days)))
    ax.set_ylim(-0.05, 1.05)
    ax.set_title(title)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    _date_axis(ax, days)


def _edits(ax: Axes, figures: Figures) -> None:
    title = "Edits per day (UTC day the earlier text was last seen)"
    if not figures.edits:
        return _empty(ax, title)
    days = _days([day for day, _ in figures.edits])
    ax.bar(days, [n for _, n in figures.edits], width=0.8, color="tab:orange")
    ax.set_title(title)
    ax.set_ylabel("edits")
    _date_axis(ax, days)


def draw_report(figures: Figures) -> Figure:
    """The four panels as one figure, on an Agg canvas (``savefig`` or ``canvas.draw()`` renders it)."""
    with matplotlib.rc_context({"font.family": list(chart_fonts())}):
        fig = Figure(figsize=(16, 10), dpi=DPI, layout="tight")
        FigureCanvasAgg(fig)
        (per_day, tags), (coverage, edits) = fig.subplots(2, 2)
        _per_day(per_day, figures)
        _top_tags(tags, figures)
        _coverage(coverage, figures)
        _edits(edits, figures)
        fig.suptitle(f"hunaworld archive: {figures.total} articles")
    return fig
