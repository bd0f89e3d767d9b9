"""Per-day counts of the stored articles, kept by triggers as rows are written: what the report draws.

``article_days`` counts the articles of each site by their day (the publication day in the site's
clock, else the UTC day first stored: the day every ``hunaworld`` command selects by), whether they
have a publication date, and the UTC day they were first stored, with how many of them have each
field the report's coverage panel shows; ``article_day_tags`` counts each tag by site and day.
Triggers on ``articles`` keep both in the transaction that writes an article, whoever writes it
(the crawl, the distributed writer, a migration), so the report reads a few thousand rows instead
of every article of a large archive.
"""

from __future__ import annotations

import sqlite3

__all__ = ["COVERAGE_FIELDS", "CREATE", "fill"]

# Each field a stored article may lack, with the SQL that says it is there (``{a}`` the row). Not
# headline and body: validation stores no article without them.
COVERAGE_FIELDS: dict[str, str] = {
    "date_published": "{a}.date_published IS NOT NULL",
    "image_url": "length({a}.image_url) > 0",
    "summary": "length({a}.summary) > 0",
    "authors": "{a}.authors <> '[]'",
    "tags": "{a}.tags <> '[]'",
    "section": "length({a}.section) > 0",
    "date_modified": "{a}.date_modified IS NOT NULL",
    "image_caption": "length({a}.image_caption) > 0",
    "views": "{a}.views IS NOT NULL",
    "article_id": "length({a}.article_id) > 0",
}
_FIELDS = ", ".join(COVERAGE_FIELDS)
# The columns a change of which moves an article between counts.
_COUNTED = ("site", "date_published", "first_seen", "tags", *(f for f in COVERAGE_FIELDS if f != "date_published"))


def _day(a: str) -> str:
    return f"substr(COALESCE({a}.date_published, {a}.first_seen), 1, 10)"


def _add(a: str, sign: str) -> tuple[str, str]:
    """The statements adding (sign "+") or taking away ("-") the article ``a`` (NEW or OLD)."""
    tests = ", ".join(f"{sign}IFNULL({test.format(a=a)}, 0)" for test in COVERAGE_FIELDS.values())
    days = (f"INSERT INTO article_days (site, day, dated, stored, articles, {_FIELDS})"
            f" VALUES ({a}.site, {_day(a)}, {a}.date_published IS NOT NULL, substr({a}.first_seen, 1, 10),"
            f" {sign}1, {tests})"
            " ON CONFLICT (site, day, dated, stored) DO UPDATE SET articles = articles + excluded.articles, "
            + ", ".join(f"{f} = {f} + excluded.{f}" for f in COVERAGE_FIELDS))
    tags = (f"INSERT INTO article_day_tags (site, day, tag, articles) SELECT {a}.site, {_day(a)}, value, {sign}1"
            f" FROM json_each({a}.tags) WHERE true"
            " ON CONFLICT (site, day, tag) DO UPDATE SET articles = articles + excluded.articles")
    return days, tags


CREATE = (
    "CREATE TABLE IF NOT EXISTS article_days (site TEXT NOT NULL, day TEXT NOT NULL, dated INTEGER NOT NULL,"
    " stored TEXT NOT NULL, articles INTEGER NOT NULL, "
    + ", ".join(f"{f} INTEGER NOT NULL" for f in COVERAGE_FIELDS)
    + ", PRIMARY KEY (site, day, dated, stored)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS article_day_tags (site TEXT NOT NULL, day TEXT NOT NULL, tag TEXT NOT NULL,"
    " articles INTEGER NOT NULL, PRIMARY KEY (site, day, tag)) WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS article_days_insert AFTER INSERT ON articles BEGIN "
    + "; ".join(_add("NEW", "+")) + "; END",
    "CREATE TRIGGER IF NOT EXISTS article_days_delete AFTER DELETE ON articles BEGIN "
    + "; ".join(_add("OLD", "-")) + "; END",
    f"CREATE TRIGGER IF NOT EXISTS article_days_update AFTER UPDATE OF {', '.join(_COUNTED)} ON articles BEGIN "
    + "; ".join((*_add("OLD", "-"), *_add("NEW", "+"))) + "; END",
)


def fill(db: sqlite3.Connection) -> None:
    """Count every stored article anew, in the caller's transaction (a file upgraded to these tables)."""
    tests = ", ".join(f"SUM(IFNULL({test.format(a='a')}, 0))" for test in COVERAGE_FIELDS.values())
    db.execute("DELETE FROM article_days")
    db.execute("DELETE FROM article_day_tags")
    db.execute(f"INSERT INTO article_days (site, day, dated, stored, articles, {_FIELDS})"
               f" SELECT a.site, {_day('a')}, a.date_published IS NOT NULL, substr(a.first_seen, 1, 10), COUNT(*),"
               f" {tests} FROM articles a GROUP BY 1, 2, 3, 4")
    db.execute(f"INSERT INTO article_day_tags (site, day, tag, articles) SELECT a.site, {_day('a')}, t.value,"
               " COUNT(*) FROM articles a, json_each(a.tags) t GROUP BY 1, 2, 3")
