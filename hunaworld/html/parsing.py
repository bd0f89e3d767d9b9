"""The parsed article page: parsel's tree of the page's text, decoded as Scrapy decodes a response.

The extraction workers import no Scrapy, so the page's bytes are decoded here the way Scrapy's
``TextResponse.text`` decodes them (w3lib), and parsed the way ``response.selector`` parses them.
"""

from __future__ import annotations

from parsel import Selector
from w3lib.encoding import html_to_unicode


def page_selector(text: str, url: str) -> Selector:
    """``text``, an HTML page served at ``url``, parsed for the extraction."""
    return Selector(text=text, base_url=url, type="html")


def parse_page(body: bytes, encoding: str, url: str) -> Selector:
    """``body``, an HTML page served at ``url`` and read in ``encoding``, parsed for the extraction:
    the tree of :func:`page_selector` of its text as Scrapy's ``TextResponse.text`` decodes it."""
    return page_selector(html_to_unicode(f"charset={encoding}", body)[1], url)
