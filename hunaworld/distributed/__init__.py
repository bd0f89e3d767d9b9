"""Distributed crawling on Redis: any number of crawl processes (workers) share one request queue,
dupefilter, seen-state and politeness budget per site, and one writer process stores what they find.

Switched on by the ``HUNAWORLD_REDIS_URL`` setting (``addon.py``); without it nothing in this
package is imported and Redis is not needed.
"""
