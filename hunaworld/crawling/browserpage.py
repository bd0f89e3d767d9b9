"""What the crawl does in a rendered listing page (:mod:`hunaworld.crawling.rendering`): watch the
JSON responses the page receives, and press its load-more control.

The browser fetches what the page needs to write its cards (its scripts, its API) and nothing for
the eye: images, media and fonts are not fetched, nor other sites' requests other than scripts and
style sheets (counters, beacons, adverts).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Response
from playwright.async_api import Request as BrowserRequest
from scrapy import Request

from hunaworld.discovery.pagination import says_next

_NOT_FETCHED = frozenset({"image", "media", "font"})
_FROM_ANY_SITE = frozenset({"document", "script", "stylesheet"})
# Elements that may be a load-more control, and what the browser says of each.
_CONTROLS = "button, [role=button], a:not([href]), a[href^='#'], a[href^='javascript:']"
_LABELS = "els => els.map(e => [e.innerText || '', e.getAttribute('aria-label') || '', !!e.offsetParent])"
# Seconds to wait for the cards a press brings.
PRESS_TIMEOUT = 10.0


def not_needed(request: BrowserRequest) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: whether the page's request is left unfetched (see the module's docstring)."""
    if request.resource_type in _NOT_FETCHED:
        return True
    if request.resource_type in _FROM_ANY_SITE:
        return False
    try:
        frame = request.frame.url
    except PlaywrightError:  # a service worker's request has no frame
        return False
    page = urlsplit(frame).hostname if frame.startswith("http") else None
    return page is not None and _site(urlsplit(request.url).hostname or "") != _site(page)


def _site(host: str) -> str:
    """``www.wamid.example``, ``static.wamid.example`` -> ``wamid.example``."""
    return ".".join(host.split(".")[-2:])


async def watch_json(page: Page, request: Request) -> None:
    """PLAYWRIGHT page init callback: keep the JSON the page receives (:func:`json_seen` reads it)."""
    seen: list[tuple[str, Any]] = []
    reads: list[asyncio.Future[None]] = []
    request.meta["json_seen"], request.meta["json_reads"] = seen, reads

    def received(response: Response) -> None:
        if "json" in response.headers.get("content-type", ""):
            reads.append(asyncio.ensure_future(_read(response, seen)))

    page.on("response", received)


async def _read(response: Response, seen: list[tuple[str, Any]]) -> None:
    # A response the page no longer holds, or that is no JSON after all, says nothing.
    with contextlib.suppress(PlaywrightError, ValueError):
        seen.append((response.url, json.loads(await response.body())))


async def json_seen(meta: dict[str, Any]) -> list[tuple[str, Any]]:
    """The JSON responses the rendered page received so far, in order: (URL, data)."""
    await asyncio.gather(*meta.get("json_reads", ()), return_exceptions=True)
    return list(meta.get("json_seen", ()))


async def press_more(page: Page) -> bool:
    """Press the page's load-more control (a visible button or link to no page whose label says
    "more") and wait for the cards it brings; False when there is none or nothing came."""
    controls = page.locator(_CONTROLS)
    labels = await controls.evaluate_all(_LABELS)
    found = next((n for n, (text, aria, shown) in enumerate(labels)
                  if shown and (says_next(" ".join(text.split())) or says_next(aria))), None)
    if found is None:
        return False
    before = await page.locator("a[href]").count()
    try:
        await controls.nth(found).click(timeout=PRESS_TIMEOUT * 1000)
        await page.wait_for_function("n => document.querySelectorAll('a[href]').length > n", arg=before,
                                     timeout=PRESS_TIMEOUT * 1000)
    except PlaywrightError:
        return False
    return True
