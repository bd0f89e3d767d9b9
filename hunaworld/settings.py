"""Scrapy settings for hunaworld. Every value can be overridden with ``-s NAME=VALUE``."""

BOT_NAME = "hunaworld"
SPIDER_MODULES = ["hunaworld.crawling.spider"]
COMMANDS_MODULE = "hunaworld.commands"

# The clock of times a page prints without an offset: None takes the site profile's (hunaworld/sites/).
HUNAWORLD_TIMEZONE = None
HUNAWORLD_SQLITE = "hunaworld.sqlite3"
# Rows are committed in batches: one transaction per article would make SQLite the bottleneck, and
# each commit also writes the batch's search-index segment (50 rather than 20: 0.31 -> 0.27 ms of
# SQLite per article).
HUNAWORLD_SQLITE_BATCH = 50
# A batch that does not fill is committed this many seconds after its first article, so a crawl
# whose articles trickle in commits steadily.
HUNAWORLD_SQLITE_COMMIT_INTERVAL = 1.0
# Processes that parse article pages beside the crawl (0: parse in the crawl process itself).
HUNAWORLD_WORKERS = 1
# Seconds a worker may spend on one page before the page fails and the worker is replaced (0: no limit).
# A normal page takes milliseconds; the limit is for input that would hang the parser.
HUNAWORLD_PARSE_TIMEOUT = 60.0
# Stored articles published less than this many hours ago are re-fetched to catch edits.
HUNAWORLD_REVISIT_HOURS = 48
# An article that failed (fetch, extraction, storage) is retried by later runs: first after this
# many seconds, the wait doubling with each attempt, and given up after this many attempts.
HUNAWORLD_RETRY_AFTER = 3600.0
HUNAWORLD_RETRY_ATTEMPTS = 5
# Answer requests from a saved capture (a folder with manifest.json) instead of the network.
HUNAWORLD_REPLAY = None
# Save every live response into this folder, in the replay format.
HUNAWORLD_RECORD = None
# The WARC files that keep every article and listing page the crawl read (hunaworld/warc/): a folder,
# "off", or None for "<database name>-warc" beside HUNAWORLD_SQLITE. `hunaworld reextract` reads them.
HUNAWORLD_WARC = None
# A new WARC file is begun once the current one has this many bytes (the size Heritrix rotates at).
HUNAWORLD_WARC_MAX_SIZE = 1_000_000_000

# Distributed mode (hunaworld/distributed/): a Redis URL shares the crawl among workers, whose
# articles one writer (`scrapy store`) stores. Unset: one machine, and Redis is not needed.
HUNAWORLD_REDIS_URL = None
HUNAWORLD_REDIS_PREFIX = "hunaworld"
# Seconds a worker may go without a heartbeat before its in-flight requests go to the others.
HUNAWORLD_REDIS_WORKER_TIMEOUT = 30.0
# Seconds a worker or the writer waits for a Redis that went away (restarted, unreachable) before
# it gives up: paused meanwhile, it loses nothing it holds, and carries on when Redis answers again.
# Past it a worker stops as a killed one would (exit status 3, health failed; the next run takes
# back what it held) and the writer exits with status 1.
HUNAWORLD_REDIS_OUTAGE_TIMEOUT = 300.0
# Seconds after a section's crawl ends during which a worker that starts still belongs to it and
# fetches none of its pages again, so workers of one scheduled run that start a little apart make
# one crawl (0: every worker that starts after the end starts a new crawl).
HUNAWORLD_REDIS_JOIN_WINDOW = 30.0
# Set by distributed mode from DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN, the budget every
# worker shares (hunaworld.distributed.addon); not to be set by hand.
HUNAWORLD_SHARED_DELAY = None
HUNAWORLD_SHARED_CONCURRENCY = None
ADDONS = {"hunaworld.distributed.addon.DistributedMode": 0}

# Politeness: the site is a small publisher; one crawler should never be noticed.
USER_AGENT = "hunaworld/0.1 (+https://github.com/hunaworld/hunaworld; news archive crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
# Items processed in parallel per response. Scrapy starts one asyncio task per allowed item on
# every response (scrapy/scrapy#5182), whatever the callback yields: the default of 100 cost 46%
# more of the crawl's work (docs/performance.md). A page yields one article, which waits alone for
# its batch's commit, or ~20 links, which are queued at once and wait for nothing.
CONCURRENT_ITEMS = 1
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control server runs code sent to it; a scheduled crawler needs no open port.
REMOTE_CONTROL_ENABLED = False
# An article page is tens of kilobytes; anything near this size is not an article.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's offsite filter, plus a warning when a listed page redirects off the site.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "hunaworld.crawling.middlewares.OffsiteRedirectMiddleware": 50,
    # Before the robots.txt middleware (100), so replayed crawls answer robots.txt from disk too.
    "hunaworld.capture.replay.ReplayMiddleware": 60,
    # After HttpCompressionMiddleware (590) has decompressed the body.
    "hunaworld.crawling.middlewares.ArabicEncodingMiddleware": 580,
    # Scrapy's redirects, plus an error (not a silent drop) for a redirect loop.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "hunaworld.crawling.middlewares.LoopAwareRedirectMiddleware": 600,
    # Next to the downloader, so the pages are archived as the site sent them (before decompression).
    "hunaworld.warc.archiving.ArchiveMiddleware": 940,
    "hunaworld.capture.replay.RecordMiddleware": 950,
}

# Pages are fetched by Scrapy's HTTP handler; a listing that needs a browser is rendered by
# scrapy-playwright (the extra "browser") in Chromium, started on the first page to render only
# (hunaworld/crawling/rendering.py).
DOWNLOAD_HANDLERS = {
    "http": "hunaworld.crawling.rendering.RenderingDownloadHandler",
    "https": "hunaworld.crawling.rendering.RenderingDownloadHandler",
}
# The Chromium to render with: a path or a name on the PATH (None: chromium, chromium-browser, ...).
HUNAWORLD_CHROMIUM = None
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# As root (a container, CI) Chromium runs only without its sandbox; without the background-networking
# flags it keeps trying to reach its update and sync services.
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"],
}
PLAYWRIGHT_ABORT_REQUEST = "hunaworld.crawling.browserpage.not_needed"
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000

ITEM_PIPELINES = {
    "hunaworld.pipelines.validation.ValidationPipeline": 100,
    "hunaworld.pipelines.deduplication.DeduplicationPipeline": 200,
    "hunaworld.pipelines.sqlite.SQLitePipeline": 300,
}

EXTENSIONS = {
    # Crawl services the spider and pipelines share: the SQLite store with its run record, and the
    # extraction workers. Components built after the extensions find them with crawler.get_extension.
    "hunaworld.storage.service.StoreService": 100,
    "hunaworld.crawling.extraction.ExtractionService": 110,
    # After the feed exporter (order 0), so an item is marked exported once its line is written.
    "hunaworld.storage.export.FeedLedger": 120,
    # Replaced by our progress line, which speaks in articles rather than pages and items.
    "scrapy.extensions.logstats.LogStats": None,
    # The health check runs before the summary, which states its verdict.
    "hunaworld.monitoring.health.HealthCheck": 490,
    "hunaworld.monitoring.progress.Progress": 500,
    "hunaworld.monitoring.gctuning.GarbageCollectorTuning": 520,
    "hunaworld.monitoring.logfilter.OneLineNetworkErrors": 530,
}
HUNAWORLD_PROGRESS_INTERVAL = 60.0
# Write the run's final stats to this JSON file (unset: none).
HUNAWORLD_STATS_FILE = None
STATS_CLASS = "hunaworld.monitoring.statsfile.FileStatsCollector"
LOG_FORMATTER = "hunaworld.monitoring.progress.ArticleLogFormatter"
# Allocations between young-generation garbage collections (Python's default: 700; 0 keeps it).
HUNAWORLD_GC_THRESHOLD = 10_000

# The end-of-run health check (see hunaworld/health.py): below a threshold the run exits with 3.
HUNAWORLD_HEALTH_ENABLED = True
# Articles parsed, when the listing linked to at least this many.
HUNAWORLD_HEALTH_MIN_ITEMS = 1
# Share of parsed articles that must have each field.
HUNAWORLD_HEALTH_COVERAGE = {"headline": 1.0, "body": 1.0, "date_published": 0.95, "image_url": 0.8}
# Failed pages (after retries) over pages requested; a page answered as gone (404, 410) fails its
# article (kept and retried by later runs), not the run.
HUNAWORLD_HEALTH_MAX_ERROR_RATE = 0.2

FEED_EXPORT_ENCODING = "utf-8"
# Lines are flushed as items arrive, so a killed crawl leaves in the file every article it released.
FEED_EXPORTERS = {
    "jsonlines": "hunaworld.storage.feeds.FlushingJsonLinesExporter",
    "jsonl": "hunaworld.storage.feeds.FlushingJsonLinesExporter",
}
FEED_EXPORT_FIELDS = None

LOG_LEVEL = "INFO"
# Scrapy's default, stated because the SQLite pipeline's group commit runs on the asyncio loop.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
