"""``hunaworld report``: the chart as ``report.png`` and one self-contained ``report.html``.

The page carries the chart inline (a data: URI) and the same figures as tables, so it can be
mailed or opened offline as a single file.
"""

from __future__ import annotations

import base64
import html
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from hunaworld.analysis.charts import DPI, draw_report
from hunaworld.analysis.figures import COVERAGE_FIELDS, Figures, compute_figures
from hunaworld.analysis.filters import ArticleFilter
from hunaworld.text.countries import country_name

__all__ = ["render_html", "write_report"]

_STYLE = """
body { font-family: "Noto Sans Arabic", "DejaVu Sans", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0 2em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th { background: #f0f0f0; }
td.text { text-align: start; }
img { max-width: 100%; }
"""


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="text" dir="auto">{html.escape(v)}</td>' if isinstance(v, str)
                         else f"<td>{v}</td>" for v in row) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _per_day_rows(figures: Figures) -> list[list[object]]:
    counts = {(day, site): n for day, site, n in figures.per_day}
    days = sorted({day for day, _, _ in figures.per_day})
    return [[day, *(counts.get((day, site), 0) for site in figures.sites),
             sum(counts.get((day, site), 0) for site in figures.sites)] for day in days]


def _country_rows(figures: Figures) -> list[list[object]]:
    codes = [code for code, _ in figures.top_countries]
    counts = {(week, code): n for week, code, n in figures.country_weeks}
    weeks = sorted({week for week, _, _ in figures.country_weeks})
    return [[week, *(counts.get((week, code), 0) for code in codes)] for week in weeks]


def render_html(figures: Figures, png: bytes, where: ArticleFilter) -> str:
    """The report page: the chart inline and the figures as tables."""
    chosen = ", ".join(f"{name} {value}" for name, value in
                       (("site", where.site), ("since", where.since), ("until", where.until),
                        ("country", where.country)) if value) or "all"
    made = datetime.now(UTC).isoformat(timespec="seconds")
    image = base64.b64encode(png).decode("ascii")
    sections = [
        f"<h1>hunaworld archive report</h1><p>Articles: {figures.total} (selection: {html.escape(chosen)});"
        f" without a publication date: {figures.undated}. Made {made} (UTC).</p>",
        f'<img alt="charts: articles and edits per period, articles per country per week, top tags, field coverage"'
        f' src="data:image/png;base64,{image}">',
        "<h2>Articles per day per site</h2><p>Publication day in the site's own clock.</p>",
        _table(["day", *figures.sites, "all"], _per_day_rows(figures)),
        "<h2>Articles per country per week</h2><p>The countries the most articles name; an article counts"
        " in the week (Monday to Sunday) of its publication day, else of the day it was first stored.</p>",
        _table(["week", *(f"{country_name(code)} {code}" for code, _ in figures.top_countries)],
               [["all weeks", *(n for _, n in figures.top_countries)], *_country_rows(figures)]),
        "<h2>Top tags</h2>",
        _table(["tag", "articles"], figures.top_tags),
        "<h2>Field coverage</h2><p>Share of the articles first stored on each UTC day that have the field.</p>",
        _table(["day", "articles", *COVERAGE_FIELDS],
               [["all days", figures.total, *(f"{share:.0%}" for share in figures.coverage_overall.values())],
                *([day, n, *(f"{shares[name]:.0%}" for name in COVERAGE_FIELDS)]
                  for day, n, shares in figures.coverage)]),
        "<h2>Edits per day</h2><p>Changed texts, on the UTC day the earlier text was last seen.</p>",
        _table(["day", "edits"], figures.edits),
    ]
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>hunaworld report</title>'
            f"<style>{_STYLE}</style></head><body>{''.join(sections)}</body></html>\n")


def write_report(db: sqlite3.Connection, out: Path, where: ArticleFilter | None = None) -> tuple[Path, Path]:
    """Write ``report.png`` and ``report.html`` into ``out``; returns their paths."""
    where = where or ArticleFilter()
    figures = compute_figures(db, where)
    out.mkdir(parents=True, exist_ok=True)
    png_path = out / "report.png"
    draw_report(figures).savefig(png_path, dpi=DPI)
    page = out / "report.html"
    page.write_text(render_html(figures, png_path.read_bytes(), where), encoding="utf-8")
    return png_path, page
