"""Sitemaps and feeds: sources of a section's article URLs beside its listing pages.

A source is read with the ecosystem's parsers (:mod:`~hunaworld.sources.reading`: Scrapy's sitemap
support, feedparser), found from robots.txt, ``/sitemap.xml`` and the section page's
``<link rel=alternate>`` when a profile names none (:mod:`~hunaworld.sources.finding`), and its
entries are kept to the section's articles (:mod:`~hunaworld.sources.membership`). The crawl reads
them beside the listing (:mod:`hunaworld.crawling.sources`), so an article that dropped off the
listing between two runs is still stored.
"""
