"""The report's figures: articles per day per site, top tags, field coverage, edits.

Days: an article's publication day in the site's clock (``date_published`` as printed); coverage
counts by the UTC day an article was first stored (``first_seen``), as the crawl's health check saw
it, since an article without a date has no publication day; an edit counts on the UTC day its
earlier text was last seen (``revisions.seen_at``: the edit was found on the next visit).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import compress

from hunaworld.analysis.filters import ArticleFilter

__all__ = ["COVERAGE_FIELDS", "Figures", "compute_figures"]

# Each field a stored article may lack, with the SQL that says it is there. Not headline and body:
# validation stores no article without them (and testing the body would read every body again).
COVERAGE_FIELDS: dict[str, str] = {
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
    """The report's figures over the articles passing ``where``.

    One pass over ``articles``, added up here: every figure needs a column stored after the body,
    so each SQL aggregate would read the whole table again.
    """
    condition, params = (where or ArticleFilter()).where("a")
    per_day: Counter[tuple[str, str]] = Counter()
    tags: Counter[str] = Counter()
    stored: Counter[str] = Counter()
    present: dict[str, Counter[str]] = defaultdict(Counter)
    tests = ", ".join(COVERAGE_FIELDS.values())
    for site, published, first_seen, tag_list, *has in db.execute(
            f"SELECT a.site, substr(a.date_published, 1, 10), substr(a.first_seen, 1, 10), a.tags, {tests}"
            f" FROM articles a WHERE {condition}", params):
        if published:
            per_day[published, site] += 1
        tags.update(json.loads(tag_list))
        stored[first_seen] += 1
        present[first_seen].update(compress(COVERAGE_FIELDS, has))
    figures = Figures(total=sum(stored.values()))
    figures.per_day = [(day, site, n) for (day, site), n in sorted(per_day.items())]
    figures.undated = figures.total - sum(per_day.values())
    figures.top_tags = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:TOP_TAGS]
    figures.coverage = [(day, n, {name: present[day][name] / n for name in COVERAGE_FIELDS})
                        for day, n in sorted(stored.items())]
    figures.edits = db.execute(
        "SELECT substr(r.seen_at, 1, 10) AS day, COUNT(*) FROM revisions r"
        " JOIN articles a ON a.site = r.site AND a.url_key = r.url_key"
        f" WHERE {condition} GROUP BY day ORDER BY day", params).fetchall()
    return figures
