"""What Datasette shows about the archive: titles, column descriptions, facets, the canned search."""

from __future__ import annotations

from typing import Any

from hunaworld.storage.search_index import TABLE as SEARCH_TABLE
from hunaworld.storage.search_index import WORDS_TABLE as SEARCH_WORDS_TABLE

__all__ = ["ARTICLE_COLUMNS", "SEARCH_SQL", "metadata"]

ARTICLE_COLUMNS = {
    "site": "the site's profile key (huna, sada)",
    "site_section": "the profile's section the article was listed in (world, international)",
    "url_key": "deduplication key of the URL (scheme, host case, tracking parameters and percent-encoding"
               " do not change it); unique with site",
    "url": "canonical URL, its path in readable Arabic",
    "article_id": "the site's own id of the article, where its URLs carry one",
    "headline": "headline",
    "summary": "lede or description",
    "body": "paragraphs separated by a blank line",
    "date_published": "publication time, ISO 8601 with the site's own UTC offset (its first 10 characters are"
                      " the day in the site's clock)",
    "date_published_raw": "the text the publication time was read from",
    "date_modified": "last update the page shows, ISO 8601 with the site's offset",
    "authors": "JSON array of names",
    "section": "section label the page shows",
    "tags": "JSON array of tags",
    "image_url": "main image",
    "image_caption": "its caption",
    "views": "view counter shown on the page",
    "language": "ar",
    "source": "the site's name as the page gives it",
    "scraped_at": "when this version was fetched, UTC",
    "content_hash": "SHA-256 of the folded headline and body",
    "revision": "1, then one more each time the text changed (earlier texts in revisions)",
    "first_seen": "when the article was first stored, UTC",
    "last_seen": "when a crawl last found it, UTC",
}

# The canned query: the same search as `hunaworld search`, best first, with its snippet.
SEARCH_SQL = f"""select a.headline, hunaworld_snippet(a.body, a.summary, a.headline, :q) as snippet,
  a.site, a.date_published, a.url
from {SEARCH_TABLE} join articles a on a.rowid = {SEARCH_TABLE}.rowid
where {SEARCH_TABLE} match hunaworld_query(:q)
order by {SEARCH_TABLE}.rank
limit 100"""


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the archive served under the name ``database``."""
    return {
        "title": "hunaworld archive",
        "description": "World news from Arabic news sites, as crawled by hunaworld. Read-only.",
        "databases": {database: {
            "tables": {
                "articles": {
                    "title": "Articles",
                    "description": "One row per article of a site, its latest text. The search box is"
                                   " Arabic-aware: امريكي finds أمريكي, الصين finds والصين and بالصين.",
                    "columns": ARTICLE_COLUMNS,
                    "facets": ["site", "site_section", "section", {"array": "tags"}, {"day": "date_published"}],
                    "sort_desc": "date_published",
                    "label_column": "headline",
                    "fts_table": SEARCH_TABLE,
                    "fts_pk": "rowid",
                },
                "revisions": {
                    "title": "Earlier versions",
                    "description": "The text an article had before each edit.",
                    "columns": {
                        "site": "the article's site", "url_key": "the article's URL key",
                        "revision": "which version this was", "headline": "its headline", "body": "its body",
                        "content_hash": "its hash",
                        "seen_at": "when this text was last seen (UTC); the edit was found on the next visit",
                    },
                    "facets": ["site"],
                },
                "runs": {
                    "title": "Crawl runs",
                    "description": "One row per crawl; a run without finish_reason was killed.",
                    "columns": {
                        "started_at": "UTC", "finished_at": "UTC",
                        "finish_reason": "Scrapy's reason: finished, shutdown...",
                        "site": "the site crawled", "site_section": "its section",
                    },
                    "facets": ["site", "finish_reason"],
                    "sort_desc": "id",
                },
                SEARCH_TABLE: {"hidden": True},
                # One row per occurrence of every word: a page of it would count them all.
                SEARCH_WORDS_TABLE: {"hidden": True},
            },
            "queries": {
                "search": {
                    "title": "Search articles",
                    "description": 'Arabic-aware full-text search, best first. FTS5 syntax: "a phrase",'
                                   " a OR b, a NOT b, prefix*.",
                    "sql": SEARCH_SQL,
                },
            },
        }},
    }
