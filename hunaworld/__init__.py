"""hunaworld: crawl the world-news section of اخبار هنا into clean, deduplicated Arabic articles."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

__all__ = ["extract_article"]


def extract_article(html: str | bytes, url: str, *, tz: str | tzinfo | None = None,
                    now: datetime | None = None) -> dict[str, Any]:
    """The article fields of one page's HTML, as the crawl would store them, with no crawl.

    ``html`` as bytes is decoded the way a crawl decodes it (BOM, ``<meta>`` charset, else UTF-8 or
    windows-1256), so a saved archive page reads right.
    """
    # Imported here so that loading the project's settings does not pull in the extraction stack.
    from hunaworld.extraction.loader import load_article
    from hunaworld.html.decoding import html_response

    body = html.encode("utf-8") if isinstance(html, str) else html
    headers = {"Content-Type": "text/html; charset=utf-8"} if isinstance(html, str) else None
    response = html_response(url, body, headers)
    item, _ = load_article(response.selector, response.url, tz=tz, now=now)
    return dict(item)
