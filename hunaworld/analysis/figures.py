"""The report's figures: articles per day per site, top tags, field coverage, edits, and articles
per country per week.

Days: an article's publication day in the site's clock (``date_published`` as printed); coverage
counts by the UTC day an article was first stored (``first_seen``), as the crawl's health check saw
it, since an article without a date has no publication day; an edit counts on the UTC day its
earlier text was last seen (``revisions.seen_at``: the edit was found on the next visit). A
country's week is the week (Monday to Sunday) of the article's day as the filters read it: its
publication day, else the day it was first stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
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
TOP_COUNTRIES = 15


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
    # (country code, articles naming it), the TOP_COUNTRIES most named first
    top_countries: list[tuple[str, int]] = field(default_factory=list)
    # (Monday of the week, country code, articles), for the top countries, by week
    country_weeks: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0

    @property
    def sites(self) -> list[str]:
        return sorted({site for _, site, _ in self.per_day})

    @property
    def coverage_overall(self) -> dict[str, float]:
        """Each field's share of all the articles of the selection."""
        if not self.total:
            return {}
        return {name: sum(n * shares[name] for _, n, shares in self.coverage) / self.total for name in COVERAGE_FIELDS}


@lru_cache(maxsize=4096)
def week_of(day: str) -> str:
    """The Monday of the week of a day (``YYYY-MM-DD``), as ``YYYY-MM-DD``."""
    start = date.fromisoformat(day)
    return (start - timedelta(days=start.weekday())).isoformat()


def compute_figures(db: sqlite3.Connection, where: ArticleFilter | None = None) -> Figures:
    """The report's figures over the articles passing ``where``.

    One pass over ``articles``, added up here: every figure needs a column stored after the body,
    so each SQL aggregate would read the whole table again. The pass only counts rows by what they
    hold (a tag list, the fields present, the countries named); each distinct value is read after.
    """
    condition, params = (where or ArticleFilter()).where("a")
    per_day: Counter[tuple[str, str]] = Counter()
    tag_lists: Counter[str] = Counter()
    # (UTC day first stored, the fields present as bits of COVERAGE_FIELDS' order)
    fields: Counter[tuple[str, int]] = Counter()
    # (the article's day, its countries as stored)
    country_lists: Counter[tuple[str, str]] = Counter()
    present_bits = " | ".join(f"(ifnull({test}, 0) << {n})" for n, test in enumerate(COVERAGE_FIELDS.values()))
    for site, published, first_seen, tag_list, countries, bits in db.execute(
            f"SELECT a.site, substr(a.date_published, 1, 10), substr(a.first_seen, 1, 10), a.tags, a.countries,"
            f" {present_bits} FROM articles a WHERE {condition}", params):
        if published:
            per_day[published, site] += 1
        tag_lists[tag_list] += 1
        fields[first_seen, bits] += 1
        if countries != "[]":
            country_lists[published or first_seen, countries] += 1
    tags: Counter[str] = Counter()
    for tag_list, n in tag_lists.items():
        for tag in json.loads(tag_list):
            tags[tag] += n
    stored: Counter[str] = Counter()
    present: dict[str, Counter[str]] = defaultdict(Counter)
    for (day, bits), n in fields.items():
        stored[day] += n
        for name in compress(COVERAGE_FIELDS, (bits >> k & 1 for k in range(len(COVERAGE_FIELDS)))):
            present[day][name] += n
    named: Counter[tuple[str, str]] = Counter()
    for (day, countries), n in country_lists.items():
        week = week_of(day)
        for code in json.loads(countries):
            named[week, code] += n
    figures = Figures(total=sum(stored.values()))
    figures.per_day = [(day, site, n) for (day, site), n in sorted(per_day.items())]
    figures.undated = figures.total - sum(per_day.values())
    figures.top_tags = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:TOP_TAGS]
    figures.coverage = [(day, n, {name: present[day][name] / n for name in COVERAGE_FIELDS})
                        for day, n in sorted(stored.items())]
    by_country: Counter[str] = Counter()
    for (_, code), n in named.items():
        by_country[code] += n
    figures.top_countries = sorted(by_country.items(), key=lambda item: (-item[1], item[0]))[:TOP_COUNTRIES]
    top = dict(figures.top_countries)
    figures.country_weeks = sorted((week, code, n) for (week, code), n in named.items() if code in top)
    figures.edits = db.execute(
        "SELECT substr(r.seen_at, 1, 10) AS day, COUNT(*) FROM revisions r"
        " JOIN articles a ON a.site = r.site AND a.url_key = r.url_key"
        f" WHERE {condition} GROUP BY day ORDER BY day", params).fetchall()
    return figures
