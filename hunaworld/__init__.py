"""hunaworld: crawl the world-news sections of Arabic news sites into clean, deduplicated articles."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

__all__ = ["extract_article"]


def extract_article(html: str | bytes, url: str, *, site: str | None = None, tz: str | tzinfo | None = None,
                    now: datetime | None = None) -> dict[str, Any]:
    """The article fields of one page's HTML, as the crawl would store them, with no crawl.

    ``site`` is a profile key (``hunaworld/sites/``): its layouts, names and clock apply. Without it
    the generic layers answer alone, and times without an offset are read in ``tz`` (default UTC).
    ``html`` as bytes is decoded the way a crawl decodes it (BOM, ``<meta>`` charset, else UTF-8 or
    windows-1256), so a saved archive page reads right.
    """
    # Imported here so that loading the project's settings does not pull in the extraction stack.
    from hunaworld.extraction.loader import load_article
    from hunaworld.html.decoding import page_encoding
    from hunaworld.html.parsing import page_selector, parse_page
    from hunaworld.sites import get_profile

    # A text is read as a UTF-8 page would be: a byte-order mark is no part of it.
    sel = (page_selector(html.removeprefix("\ufeff"), url) if isinstance(html, str)
           else parse_page(html, page_encoding(html), url))
    profile = get_profile(site) if site else None
    item, _ = load_article(sel, url, profile, tz=tz, now=now)
    return dict(item)
