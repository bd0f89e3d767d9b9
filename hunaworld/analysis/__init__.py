"""The analysts' side: search, reports, exports and a browsable archive over the crawl's SQLite file.

Read-only (only ``reindex`` writes, through the store), and free of Scrapy: it runs where the
database is copied to, with the project installed and no crawl. ``hunaworld`` (``cli.py``) is its
command.
"""
