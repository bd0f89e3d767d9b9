"""The names of hunaworld's crawl stats, in one place: the spider, pipelines and extensions count
under these keys, and the progress line, summary and health check read them."""

from collections.abc import Mapping
from typing import Any

PREFIX = "hunaworld/"

LISTING_PAGES = "hunaworld/listing_pages"
# "URL: reason" of the first listing page, when it could not be fetched: the site is down or moved.
START_FAILED = "hunaworld/start_failed"
LISTING_CARDS = "hunaworld/listing_cards"
# Card links that left the host or did not look like an article URL (sponsored cards, other sites).
LISTING_REFUSED = "hunaworld/listing_refused"
# Listing pages whose card rules matched nothing, read by the article-URL pattern instead.
LISTING_FALLBACK = "hunaworld/listing_fallback"
# Sitemaps and feeds read (those that could not be), their entries taken as the section's articles,
# and of those the ones the listing did not show that were requested.
SOURCE_PAGES = "hunaworld/sources/read"
SOURCE_FAILED = "hunaworld/sources/failed"
SOURCE_ENTRIES = "hunaworld/sources/entries"
SOURCE_ARTICLES = "hunaworld/sources/requested"
# A listing written by script: the URL of the JSON API its cards come from, and the pages rendered
# in a browser; why a listing that needed a browser was not rendered (the crawl lacks one, or it failed).
LISTING_API = "hunaworld/listing_api"
RENDERED_PAGES = "hunaworld/rendered_pages"
RENDER_MISSING = "hunaworld/render_missing"
ARTICLES_REQUESTED = "hunaworld/articles_requested"
ARTICLES_PARSED = "hunaworld/articles_parsed"
REVISITS = "hunaworld/revisits"
SKIPPED_STORED = "hunaworld/skipped/stored"
SKIPPED_BEFORE_SINCE = "hunaworld/skipped/before_since"
FORBIDDEN_BY_ROBOTS = "hunaworld/forbidden_by_robots"
REDIRECT_OFFSITE = "hunaworld/redirect_offsite"
# Pages that declared one charset and were read in another (declared windows-1256, sent UTF-8).
CHARSET_CORRECTED = "hunaworld/charset_corrected"
DROPPED_NOT_HTML = "hunaworld/dropped/not_html"
# Pages requested as articles that are listings or other pages (hunaworld.extraction.pagekind), by kind.
NOT_ARTICLE = "hunaworld/dropped/not_article/"
DROPPED_MISSING = "hunaworld/dropped/missing_{field}"
DATE_UNPARSED = "hunaworld/date/unparsed"
DATE_MISSING = "hunaworld/date/missing"
# Articles whose date was printed without an offset on a site whose clock the run could not learn.
DATE_NO_CLOCK = "hunaworld/date/no_clock"
DEDUP_IN_RUN = "hunaworld/dedup/url_in_run"
DEDUP_UNCHANGED = "hunaworld/dedup/unchanged"
DEDUP_SAME_CONTENT = "hunaworld/dedup/same_content"
# Distributed mode: requests taken back from workers that stopped beating.
DISTRIBUTED_RECOVERED = "hunaworld/distributed/recovered"
# Distributed mode: listing requests of an unfinished walk dropped, the listing being walked again.
DISTRIBUTED_SUPERSEDED = "hunaworld/distributed/superseded"
# Distributed mode: 1 when the worker got no request (the other workers took them all).
DISTRIBUTED_IDLE = "hunaworld/distributed/idle"
ITEMS_NEW = "hunaworld/items/new"
ITEMS_UPDATED = "hunaworld/items/updated"
SQLITE_COMMITS = "hunaworld/sqlite/commits"
# Items a pipeline raised on (not a DropItem).
ITEM_ERRORS = "hunaworld/item_errors"
# Articles fetched but lost this run, by stage ("extraction", "storage"); retried by later runs.
ARTICLE_FAILED = "hunaworld/article_failed/"
# Failed articles of earlier runs requested again; those still pending and given up at the end.
RETRIED = "hunaworld/retry/requested"
FAILURES_PENDING = "hunaworld/retry/pending"
FAILURES_GIVEN_UP = "hunaworld/retry/given_up"
HEALTH_FAILED = "hunaworld/health/failed"
# "FEED: error" of a feed whose write failed: the run stopped there, its later rows left unexported.
FEED_FAILED = "hunaworld/feed_failed"
# Why the run was closed when a feed could not be written.
FEED_FAILED_REASON = "feed_failed"
# Families: one key per status, field, layer or template.
FETCH_ERROR = "hunaworld/fetch_error/"
COVERAGE = "hunaworld/coverage/"
FIELD_LAYER = "hunaworld/field/{field}/{layer}"
# A layer that failed on a field's markup (the field then came from the next layer, or is null).
FIELD_FAILED = "hunaworld/field_failed/"
LAYOUT = "hunaworld/layout/"
WORKERS = "hunaworld/workers/"


def error_count(stats: Mapping[str, Any]) -> int:
    """Pages and items that failed: fetch errors after retries, spider exceptions, pipeline errors."""
    return sum(value for key, value in stats.items() if isinstance(value, int) and (
        key.startswith((FETCH_ERROR, ARTICLE_FAILED, "spider_exceptions/")) or key == ITEM_ERRORS))
