"""The report's figures: articles per day per site, top tags, field coverage, edits.

Days: an article's publication day in the site's clock (``date_published`` as printed); coverage
counts by the UTC day an article was first stored (``first_seen``), as the crawl's health check saw
it, since an article without a date has no publication day; an edit counts on the UTC day its
earlier text was last seen (``revisions.seen_at``: the edit was found on the next visit).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from hunaworld.analysis.filters import ArticleFilter
from hunaworld.storage.daily import COVERAGE_FIELDS

__all__ = ["COVERAGE_FIELDS", "Figures", "compute_figures"]

TOP_TAGS = 20


@dataclass
class Figures:
    # (day, site, articles), by day
    per_day: list[tuple[str, str, int]] = field(default_factory=list)
    undated: int = 0
    # (tag, articles), most used first
    top_tags: list[tuple[str, int]] = field(default_factory=list)
    # (day, articles stored that day, {field: share of them with it})
    coverage: list[tuple[str, int, dict[str, float]]] = field(default_factory=list)
    # (day, edits)
    edits: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0

    @property
    def sites(self) -> list[str]:
        return sorted({site for _, site, _ in self.per_day})


def _counted(where: ArticleFilter) -> tuple[str, dict[str, Any]]:
    """The selection as a condition on the per-day counts (whose ``day`` is the filters' day)."""
    clauses, params = [], {}
    for name, clause, value in (("site", "site = :site", where.site),
                                ("since", "day >= :since", where.since and where.since.isoformat()),
                                ("until", "day <= :until", where.until and where.until.isoformat())):
        if value:
            clauses.append(clause)
            params[name] = value
    return " AND ".join(clauses) or "1", params


def compute_figures(db: sqlite3.Connection, where: ArticleFilter | None = None) -> Figures:
    """The report's figures over the articles passing ``where``, from the per-day counts the store
    keeps (``hunaworld.storage.daily``): a few rows a day, however many articles."""
    where = where or ArticleFilter()
    condition, params = _counted(where)
    figures = Figures()
    figures.per_day = db.execute(
        f"SELECT day, site, SUM(articles) FROM article_days WHERE dated AND {condition}"
        " GROUP BY day, site HAVING SUM(articles) > 0 ORDER BY day, site", params).fetchall()
    (figures.total,) = db.execute(f"SELECT COALESCE(SUM(articles), 0) FROM article_days WHERE {condition}",
                                  params).fetchone()
    figures.undated = figures.total - sum(n for _, _, n in figures.per_day)
    figures.top_tags = db.execute(
        f"SELECT tag, SUM(articles) AS n FROM article_day_tags WHERE {condition} GROUP BY tag HAVING n > 0"
        f" ORDER BY n DESC, tag LIMIT {TOP_TAGS}", params).fetchall()
    sums = ", ".join(f"SUM({name})" for name in COVERAGE_FIELDS)
    figures.coverage = [(day, n, {name: count / n for name, count in zip(COVERAGE_FIELDS, counts, strict=True)})
                        for day, n, *counts in db.execute(
                            f"SELECT stored, SUM(articles) AS n, {sums} FROM article_days WHERE {condition}"
                            " GROUP BY stored HAVING n > 0 ORDER BY stored", params)]
    article_condition, article_params = where.where("a")
    figures.edits = db.execute(
        "SELECT substr(r.seen_at, 1, 10) AS day, COUNT(*) FROM revisions r"
        " JOIN articles a ON a.site = r.site AND a.url_key = r.url_key"
        f" WHERE {article_condition} GROUP BY day ORDER BY day", article_params).fetchall()
    return figures
