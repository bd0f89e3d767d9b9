"""Rendering a page in a headless browser, for the listings that need it and only then.

Scrapy's HTTP download handler fetches every page; a request marked ``playwright`` (a listing page
whose cards a script writes from an API no page names, or a profile's ``render=True``) goes to
scrapy-playwright's handler instead, with Debian's Chromium (``HUNAWORLD_CHROMIUM``, else the
``chromium`` on the PATH). That handler is made, its Playwright driver started and its browser
launched on the first such request: scrapy-playwright would start its driver with every crawl (2 s
and 0.6 s of CPU, measured), and most crawls render nothing. scrapy-playwright is the optional
extra ``browser``; :func:`rendering_missing` says in one line what a crawl that needs a browser
lacks.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.settings import BaseSettings

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

# The Chromium builds of Debian and others, by the names they install.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = "pip install 'hunaworld[browser]'"


def chromium_path(settings: BaseSettings) -> str | None:
    """The Chromium executable to render with: ``HUNAWORLD_CHROMIUM`` (a path or a name on the
    PATH), else the first of :data:`CHROMIUM_NAMES` on the PATH; None when there is none."""
    given = settings.get("HUNAWORLD_CHROMIUM")
    if given:
        found = shutil.which(given)
        return found if found and os.access(found, os.X_OK) else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def rendering_missing(settings: BaseSettings) -> str | None:
    """What this crawl lacks to render a page, as the end of a sentence; None when it can."""
    if settings.get("HUNAWORLD_REPLAY"):
        return ("a replayed crawl renders nothing (serve the capture with python -m hunaworld.capture.server and"
                " crawl that instead)")
    if find_spec("scrapy_playwright") is None:
        return f"the browser extra is not installed ({INSTALL})"
    if chromium_path(settings) is None:
        return "Chromium is not installed (apt-get install chromium, or -s HUNAWORLD_CHROMIUM=PATH)"
    return None


class RenderingDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler; requests marked ``playwright`` are rendered by scrapy-playwright's
    handler, made on the first of them (see the module's docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawler = crawler
        self.browser: Any = None
        self.starting = asyncio.Lock()

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        async with self.starting:
            if self.browser is None:
                self.browser = await self._start_browser_handler()
        return await self.browser.download_request(request)

    async def _start_browser_handler(self) -> Any:
        from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

        handler = ScrapyPlaywrightDownloadHandler(self.crawler)
        options = handler.config.launch_options
        if not options.get("executable_path"):
            handler.config.launch_options = {**options, "executable_path": chromium_path(self.crawler.settings)}
        # What scrapy-playwright does when the engine starts: start its driver (the browser itself is
        # launched with the first page).
        await handler._launch()
        return handler

    async def close(self) -> None:
        await super().close()
        if self.browser is not None:
            await self.browser.close()
