"""Scrapy's start-up and shutdown dump (versions, components, overridden settings, the stats), shown
only with ``LOG_LEVEL=DEBUG``: useful when debugging, noise in a scheduled job's mail or a one-line answer."""

from __future__ import annotations

import logging

from scrapy.settings import Settings

CHATTY_LOGGERS = ("scrapy.utils.log", "scrapy.middleware", "scrapy.crawler", "scrapy.addons",
                  "scrapy.core.engine", "scrapy.statscollectors", "scrapy.extensions.telnet")


def quiet_start(settings: Settings) -> bool:
    """Drop the version dump unless the log level is DEBUG; whether the command runs quiet."""
    quiet = str(settings.get("LOG_LEVEL")).upper() != "DEBUG"
    if quiet:
        settings.set("LOG_VERSIONS", [], priority="cmdline")
    return quiet


def hush_chatty_loggers() -> None:
    """Called once Scrapy has configured logging (which resets its loggers' levels)."""
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
