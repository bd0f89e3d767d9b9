"""The pages a crawl read, kept as WARC (ISO 28500) files beside the database, and what is done with
them: re-extraction of the stored articles, and replay of a crawl from WARC files."""
