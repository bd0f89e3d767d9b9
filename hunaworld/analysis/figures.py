"""The report's figures, computed in SQL: articles per day per site, top tags, field coverage, edits.

Days: an article's publication day in the site's clock (``date_published`` as printed); coverage
counts by the UTC day an article was first stored (``first_seen``), as the crawl's health check saw
it, since an article without a date has no publication day; an edit counts on the UTC day its
earlier text was last seen (``revisions.seen_at``: the edit was found on the next visit).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from hunaworld.analysis.filters import ArticleFilter

__all__ = ["COVERAGE_FIELDS", "Figures", "compute_figures"]

# Each field an article may lack, with the SQL that says it is there.
COVERAGE_FIELDS: dict[str, str] = {
    "headline": "length(a.headline) > 0",
    "body": "length(a.body) > 0",
    "date_published": "a.date_published IS NOT NULL",
    "image_url": "length(a.image_url) > 0",
    "summary": "length(a.summary) > 0",
    "authors": "a.authors <> '[]'",
    "tags": "a.tags <> '[]'",
    "section": "length(a.section) > 0",
    "date_modified": "a.date_modified IS NOT NULL",
    "image_caption": "length(a.image_caption) > 0",
    "views": "a.views IS NOT NULL",
    "article_id": "length(a.article_id) > 0",
}
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


def compute_figures(db: sqlite3.Connection, where: ArticleFilter | None = None) -> Figures:
    """The report's figures over the articles passing ``where``."""
    condition, params = (where or ArticleFilter()).where("a")
    figures = Figures()
    figures.per_day = db.execute(
        "SELECT substr(a.date_published, 1, 10) AS day, a.site, COUNT(*) FROM articles a"
        f" WHERE {condition} AND a.date_published IS NOT NULL GROUP BY day, a.site ORDER BY day, a.site",
        params).fetchall()
    figures.top_tags = db.execute(
        f"SELECT tag.value, COUNT(*) AS n FROM articles a, json_each(a.tags) AS tag WHERE {condition}"
        f" GROUP BY tag.value ORDER BY n DESC, tag.value LIMIT {TOP_TAGS}", params).fetchall()
    sums = ", ".join(f"SUM({test})" for test in COVERAGE_FIELDS.values())
    for day, stored, *present in db.execute(
            f"SELECT substr(a.first_seen, 1, 10) AS day, COUNT(*), {sums} FROM articles a WHERE {condition}"
            " GROUP BY day ORDER BY day", params):
        figures.coverage.append((day, stored, {name: (n or 0) / stored
                                               for name, n in zip(COVERAGE_FIELDS, present, strict=True)}))
    figures.total = sum(stored for _, stored, _ in figures.coverage)
    figures.undated = figures.total - sum(n for _, _, n in figures.per_day)
    figures.edits = db.execute(
        "SELECT substr(r.seen_at, 1, 10) AS day, COUNT(*) FROM revisions r"
        " JOIN articles a ON a.site = r.site AND a.url_key = r.url_key"
        f" WHERE {condition} GROUP BY day ORDER BY day", params).fetchall()
    return figures
