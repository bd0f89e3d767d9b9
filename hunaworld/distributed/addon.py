"""The switch to distributed mode: a Scrapy add-on, enabled in ``hunaworld.settings``, that changes
a crawl's settings when ``HUNAWORLD_REDIS_URL`` is set and does nothing otherwise.

It runs after every other source of settings (project, site profile, ``-s``), so it sees the
politeness the crawl was given and makes it global. Only a crawl that stores (the StoreService
extension enabled, as in ``scrapy crawl hunaworld``) is switched.
"""

from __future__ import annotations

import logging

from scrapy.settings import BaseSettings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object

from hunaworld.storage.service import StoreService

logger = logging.getLogger(__name__)

# Above every other source, so the switch is complete whatever the project or the command line set.
PRIORITY = "cmdline"


class DistributedMode:
    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("HUNAWORLD_REDIS_URL")
        if not url or not stores(settings):
            return
        # Imported here: without the setting nothing of Redis is imported, nor needs to be installed.
        from hunaworld.distributed.handoff import HandoffPipeline
        from hunaworld.distributed.politeness import SharedPoliteness
        from hunaworld.distributed.state import SharedState
        from hunaworld.pipelines.sqlite import SQLitePipeline

        settings.set("REDIS_URL", url, PRIORITY)
        settings.set("SCHEDULER", "hunaworld.distributed.scheduler.SharedScheduler", PRIORITY)
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", PRIORITY)
        settings.replace_in_component_priority_dict("EXTENSIONS", StoreService, SharedState)
        settings.replace_in_component_priority_dict("ITEM_PIPELINES", SQLitePipeline, HandoffPipeline)
        # Politeness: the delay and per-host concurrency the crawl was given become the shared
        # budget of every worker; each process's own delay goes to 0 and its own per-host limit
        # to its total, so they never hold back a request the shared budget let through.
        # AutoThrottle adapts one process's delay to the latencies it sees, which bounds nothing
        # across workers: it is off.
        settings.set("HUNAWORLD_SHARED_DELAY", settings.getfloat("DOWNLOAD_DELAY"), PRIORITY)
        settings.set("HUNAWORLD_SHARED_CONCURRENCY", settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), PRIORITY)
        settings.set("DOWNLOAD_DELAY", 0, PRIORITY)
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", settings.getint("CONCURRENT_REQUESTS"), PRIORITY)
        settings.set("AUTOTHROTTLE_ENABLED", False, PRIORITY)
        settings.set_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", SharedPoliteness, 990)
        if settings.getdict("FEEDS"):
            logger.warning("Distributed mode: this worker writes no feed; the writer does (scrapy store -o FILE)")
            settings.set("FEEDS", {}, PRIORITY)


def stores(settings: BaseSettings) -> bool:
    """Whether the crawl has the StoreService extension enabled."""
    return any(load_object(component) is StoreService
               for component in build_component_list(settings.getwithbase("EXTENSIONS")))
