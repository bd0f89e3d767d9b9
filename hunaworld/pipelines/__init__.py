"""Item pipelines, in order: validation, deduplication, SQLite.

JSON Lines output is Scrapy's feed exports (``-O articles.jsonl``); it receives an item only after
every pipeline has passed it, which for the SQLite pipeline means after its row is committed.
"""
