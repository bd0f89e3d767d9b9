"""The report's chart: five panels drawn with matplotlib from the figures, right for an archive of
one day as for one of years: counts as bars with their values on them, integer count axes, time
axes cut and labelled by ``hunaworld.analysis.periods``.

Arabic labels (tags) are given to matplotlib as stored, in logical order: matplotlib 3.11 shapes
and orders text itself (it bundles libraqm), so joining letters with arabic-reshaper and
reordering with python-bidi, as older versions needed, would now reverse the text. The project
requires matplotlib >= 3.11. Fonts: Noto Sans Arabic where installed (Debian's fonts-noto-core),
else DejaVu Sans, which matplotlib ships and which covers Arabic.
"""

from __future__ import annotations

from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from hunaworld.analysis.figures import Figures
from hunaworld.analysis.periods import MONTH, WEEK, Periods, periods_of
from hunaworld.text.countries import country_name

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


# Values are written on bars and cells while there is room for them.
_MAX_LABELLED_BARS = 40
_MAX_LABELLED_WEEKS = 26
_LEVEL_TICKS = 12
_SITE_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")


def _empty(ax: Axes, title: str) -> None:
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def _period_axis(ax: Axes, periods: Periods) -> None:
    ticks = periods.ticks()
    # Many dates side by side (a label each day or week) are turned upright so that none overlaps the next.
    upright = len(ticks) > _LEVEL_TICKS and len(ticks) == len(periods.starts) and periods.unit != MONTH
    ax.set_xticks([n for n, _ in ticks], [label.replace("\n", " ") if upright else label for _, label in ticks],
                  fontsize=8, rotation=90 if upright else 0)
    ax.set_xlim(-0.6, len(periods.starts) - 0.4)


def _counts(ax: Axes, periods: Periods, series: dict[str, list[int]], colours: tuple[str, ...]) -> None:
    """Bars of counts per period, stacked by series, with each period's total on its bar."""
    positions = range(len(periods.starts))
    bottom = [0] * len(periods.starts)
    bars = None
    for (label, counts), colour in zip(series.items(), colours, strict=False):
        bars = ax.bar(positions, counts, bottom=bottom, width=0.8, label=label, color=colour)
        bottom = [b + n for b, n in zip(bottom, counts, strict=True)]
    if bars is not None and len(positions) <= _MAX_LABELLED_BARS:
        ax.bar_label(bars, labels=[str(n) if n else "" for n in bottom], fontsize=8, padding=2)
    ax.set_ylim(0, max(bottom) * 1.15 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _period_axis(ax, periods)


def _per_period(ax: Axes, figures: Figures) -> None:
    if not figures.per_day:
        return _empty(ax, "Articles by publication day")
    periods = periods_of(figures.per_day[0][0], figures.per_day[-1][0])
    series = {site: periods.count([(day, n) for day, s, n in figures.per_day if s == site]) for site in figures.sites}
    _counts(ax, periods, series, _SITE_COLOURS)
    undated = f"; {figures.undated} without a date" if figures.undated else ""
    ax.set_title(f"Articles per {periods.unit} (publication day, site's clock{undated})")
    ax.set_ylabel("articles")
    ax.legend(loc="upper left", fontsize=8)


def _edits(ax: Axes, figures: Figures) -> None:
    if not figures.edits:
        return _empty(ax, "Edits (none found)")
    periods = periods_of(figures.edits[0][0], figures.edits[-1][0])
    _counts(ax, periods, {"edits": periods.count(figures.edits)}, ("tab:orange",))
    ax.set_title(f"Edits per {periods.unit} (UTC day the earlier text was last seen)")
    ax.set_ylabel("edits")


def _countries(ax: Axes, figures: Figures) -> None:
    title = f"Articles per country per week (the {len(figures.top_countries)} most named countries)"
    if not figures.country_weeks:
        return _empty(ax, "Articles per country per week (no country named)")
    weeks = periods_of(figures.country_weeks[0][0], figures.country_weeks[-1][0], WEEK)
    codes = [code for code, _ in figures.top_countries]
    grid = [[0] * len(weeks.starts) for _ in codes]
    for week, code, n in figures.country_weeks:
        grid[codes.index(code)][weeks.index(week)] = n
    image = ax.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest", vmin=0)
    peak = max(map(max, grid))
    if len(weeks.starts) <= _MAX_LABELLED_WEEKS:
        for row, counts in enumerate(grid):
            for column, n in enumerate(counts):
                if n:
                    ax.text(column, row, str(n), ha="center", va="center", fontsize=8,
                            color="white" if n > peak / 2 else "black")
    ax.set_yticks(range(len(codes)), [f"{country_name(code)}  {code}" for code in codes], fontsize=TAG_FONT_SIZE)
    _period_axis(ax, weeks)
    ax.set_title(title)
    ax.set_xlabel("week (Monday to Sunday) of the article's day")
    ax.figure.colorbar(image, ax=ax, label="articles", ticks=MaxNLocator(integer=True), pad=0.01)


def _top_tags(ax: Axes, figures: Figures) -> None:
    if not figures.top_tags:
        return _empty(ax, "Top tags")
    # Most used at the top.
    tags = list(reversed(figures.top_tags))
    bars = ax.barh(range(len(tags)), [n for _, n in tags], color="tab:green")
    ax.bar_label(bars, fontsize=8, padding=2)
    ax.set_yticks(range(len(tags)), [tag for tag, _ in tags], fontsize=TAG_FONT_SIZE)
    ax.set_xlim(0, tags[-1][1] * 1.12 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Top {len(tags)} tags")
    ax.set_xlabel("articles")


def _coverage(ax: Axes, figures: Figures) -> None:
    shares = figures.coverage_overall
    if not shares:
        return _empty(ax, "Field coverage")
    names = list(reversed(shares))
    bars = ax.barh(range(len(names)), [shares[name] for name in names], color="tab:purple")
    ax.bar_label(bars, labels=[f"{shares[name]:.0%}" for name in names], fontsize=8, padding=2)
    ax.set_yticks(range(len(names)), names, fontsize=9)
    ax.set_xlim(0, 1.12)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(f"Field coverage (share of the {figures.total} articles that have the field)")


def draw_report(figures: Figures) -> Figure:
    """The five panels as one figure, on an Agg canvas (``savefig`` or ``canvas.draw()`` renders it)."""
    with matplotlib.rc_context({"font.family": list(chart_fonts())}):
        fig = Figure(figsize=(16, 16), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(3, 2, height_ratios=(1, 1.2, 1.2))
        _per_period(fig.add_subplot(grid[0, 0]), figures)
        _edits(fig.add_subplot(grid[0, 1]), figures)
        _countries(fig.add_subplot(grid[1, :]), figures)
        _top_tags(fig.add_subplot(grid[2, 0]), figures)
        _coverage(fig.add_subplot(grid[2, 1]), figures)
        fig.suptitle(f"hunaworld archive: {figures.total} articles")
    return fig
