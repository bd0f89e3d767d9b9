"""Which articles a command looks at: by site, by day, by tag, by country.

An article's day is its publication day as the site printed it (``date_published`` carries the
site's offset, so its first ten characters are the site's calendar day); an article without a
date counts on the UTC day it was first stored. ``--until`` includes its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hunaworld.storage.countries import TABLE as COUNTRIES_TABLE
from hunaworld.text.arabic import fold

__all__ = ["ArticleFilter", "day_of"]


def day_of(alias: str = "a") -> str:
    """The SQL of an article's day (see the module), as ``YYYY-MM-DD``."""
    return f"substr(COALESCE({alias}.date_published, {alias}.first_seen), 1, 10)"


@dataclass(frozen=True)
class ArticleFilter:
    site: str | None = None
    since: date | None = None
    until: date | None = None
    tag: str | None = None
    # An ISO 3166-1 alpha-2 code, upper case.
    country: str | None = None

    def where(self, alias: str = "a") -> tuple[str, dict[str, Any]]:
        """An SQL condition on ``articles`` (named ``alias``) and its named parameters; ``1`` for none."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.site:
            clauses.append(f"{alias}.site = :site")
            params["site"] = self.site
        bounds = []
        if self.since:
            bounds.append("{} >= :since")
            params["since"] = self.since.isoformat()
        if self.until:
            bounds.append("{} < :until")
            params["until"] = (self.until + timedelta(days=1)).isoformat()
        if bounds:
            # Compared as text: ISO 8601 strings sort as their days do. Written as two cases rather
            # than with COALESCE, so that the index on date_published serves the first.
            published = " AND ".join(b.format(f"{alias}.date_published") for b in bounds)
            stored = " AND ".join(b.format(f"{alias}.first_seen") for b in bounds)
            clauses.append(f"(({published}) OR ({alias}.date_published IS NULL AND {stored}))")
        if self.tag:
            # Compared folded, so a tag typed without its hamza or diacritics still selects.
            clauses.append(f"EXISTS (SELECT 1 FROM json_each({alias}.tags) WHERE hunaworld_fold(value) = :tag)")
            params["tag"] = fold(self.tag)
        if self.country:
            # One look-up of the table's primary key per article tested: a search tests the few
            # matches it walks, where a set of every article naming the country (half the archive,
            # for the most named) would cost more than the search.
            clauses.append(f"EXISTS (SELECT 1 FROM {COUNTRIES_TABLE} c WHERE c.country = :country"
                           f" AND c.site = {alias}.site AND c.url_key = {alias}.url_key)")
            params["country"] = self.country
        return (" AND ".join(clauses) or "1"), params
