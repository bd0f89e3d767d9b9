"""The names of hunaworld's crawl stats, in one place: the spider, pipelines and extensions count
under these keys, and the progress line, summary and health check read them."""

PREFIX = "hunaworld/"

LISTING_PAGES = "hunaworld/listing_pages"
LISTING_CARDS = "hunaworld/listing_cards"
# Card links that left the host or did not look like an article URL (sponsored cards, other sites).
LISTING_REFUSED = "hunaworld/listing_refused"
ARTICLES_REQUESTED = "hunaworld/articles_requested"
ARTICLES_PARSED = "hunaworld/articles_parsed"
# Article pages that could not be fetched (after retries): not stored, so a later run fetches them.
ARTICLES_FAILED = "hunaworld/articles_failed"
REVISITS = "hunaworld/revisits"
SKIPPED_STORED = "hunaworld/skipped/stored"
SKIPPED_BEFORE_SINCE = "hunaworld/skipped/before_since"
FORBIDDEN_BY_ROBOTS = "hunaworld/forbidden_by_robots"
REDIRECT_OFFSITE = "hunaworld/redirect_offsite"
DROPPED_NOT_HTML = "hunaworld/dropped/not_html"
DROPPED_MISSING = "hunaworld/dropped/missing_{field}"
DATE_UNPARSED = "hunaworld/date/unparsed"
DATE_MISSING = "hunaworld/date/missing"
DEDUP_IN_RUN = "hunaworld/dedup/url_in_run"
DEDUP_UNCHANGED = "hunaworld/dedup/unchanged"
DEDUP_SAME_CONTENT = "hunaworld/dedup/same_content"
ITEMS_NEW = "hunaworld/items/new"
ITEMS_UPDATED = "hunaworld/items/updated"
SQLITE_COMMITS = "hunaworld/sqlite/commits"
HEALTH_FAILED = "hunaworld/health/failed"
# Distributed mode: requests taken back from workers that stopped beating.
DISTRIBUTED_RECOVERED = "hunaworld/distributed/recovered"
# Families: one key per status, field, layer or template.
FETCH_ERROR = "hunaworld/fetch_error/"
COVERAGE = "hunaworld/coverage/"
FIELD_LAYER = "hunaworld/field/{field}/{layer}"
LAYOUT = "hunaworld/layout/"
WORKERS = "hunaworld/workers/"
