"""What Datasette shows about the archive: titles, column descriptions, facets, the canned search.

The articles page opens on its rows: the column descriptions are folded under one line (a
``<details>`` element), not listed above the table, and four facets show their first values
(``FACET_SIZE``; "…" shows all).
Text that mixes Arabic and Latin words isolates each Arabic run (``<bdi>``), so that the bidi
algorithm keeps the sentence in its order.
"""

from __future__ import annotations

import html
import re
from typing import Any

from hunaworld.storage.countries import TABLE as COUNTRIES_TABLE
from hunaworld.storage.search_index import TABLE as SEARCH_TABLE
from hunaworld.storage.search_index import WORDS_TABLE as SEARCH_WORDS_TABLE

__all__ = ["ARTICLE_COLUMNS", "FACET_SIZE", "SEARCH_SQL", "isolated", "metadata"]

FACET_SIZE = 5

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
    "countries": "JSON array of the ISO 3166-1 alpha-2 codes of the countries the headline, summary and body name",
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
    "exported": "1 once its feed line is written",
    "story_type": "video, gallery or live for a story told by its player, its pictures or its updates; empty for an"
                  " article",
}
# A run of Arabic letters and the spaces and marks inside it.
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+(?:[\s\u060c]+[\u0600-\u06ff]+)*")


def isolated(text: str) -> str:
    """``text`` as HTML, each run of Arabic in a ``<bdi>`` of its own."""
    return _ARABIC_RUN.sub(lambda run: f"<bdi>{run.group()}</bdi>", html.escape(text))


_ARTICLES_INTRO = ("One row per article of a site, its latest text. The search box is Arabic-aware: امريكي finds"
                   " أمريكي, الصين finds والصين and بالصين.")


def _articles_description() -> str:
    columns = "".join(f"<dt>{name}</dt><dd>{html.escape(text)}</dd>" for name, text in ARTICLE_COLUMNS.items())
    return (f"<p>{isolated(_ARTICLES_INTRO)}</p>"
            f'<details class="column-documentation"><summary>What each column holds</summary>'
            f'<dl class="column-descriptions">{columns}</dl></details>')

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
                    # The columns are described here, folded, rather than under "columns", which
                    # Datasette lists above the table.
                    "description_html": _articles_description(),
                    # Four facets fit in one row; section and site_section are a click away (a column's menu).
                    "facets": ["site", {"array": "countries"}, {"array": "tags"}, {"day": "date_published"}],
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
                COUNTRIES_TABLE: {
                    "title": "Articles by country",
                    "description": "One row per article and country it names (the codes of articles.countries):"
                                   " join to articles on site and url_key.",
                    "columns": {"country": "ISO 3166-1 alpha-2 code", "site": "the article's site",
                                "url_key": "the article's URL key"},
                    "facets": ["country", "site"],
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
