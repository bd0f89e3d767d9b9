"""The parsed article page: parsel's tree, with lxml.html's element class chosen in C.

parsel parses HTML with ``lxml.html.HTMLParser``, which picks the class of each element (a form
field gets its own) by calling a Python method every time lxml wraps an element in a Python
object, and every walk over the tree does: that call made a walk three times slower. The
extraction uses no form-field method, so its pages are parsed the way parsel parses them (its
``create_root_node``: same parser options, same clean-up of the text) by a parser that gives every
element the one ``HtmlElement`` class through lxml's default lookup, which runs in C. Elements stay
``HtmlElement``s, which (unlike plain ``lxml.etree`` elements) can be weakly referenced, so per-page
caches keyed by the tree work.

The parser also keeps no table of the page's ``id`` attributes (libxml2's ``collect_ids``): the
extraction never looks an element up by id through that table (a CSS ``#id`` is an attribute test),
and filling it cost a seventh of the parse of an article page.
"""

from __future__ import annotations

import codecs
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector
from parsel.selector import create_root_node
from w3lib.encoding import html_to_unicode

_LOOKUP = etree.ElementDefaultClassLookup(element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
                                          pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity)


class _HTMLParser(etree.HTMLParser):
    def __init__(self, **options: Any) -> None:
        super().__init__(collect_ids=False, **options)
        self.set_element_class_lookup(_LOOKUP)


def page_selector(text: str, url: str) -> Selector:
    """``text``, an HTML page served at ``url``, parsed for the extraction."""
    return Selector(root=create_root_node(text, _HTMLParser, base_url=url), type="html")


def _utf8_codec(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:  # decoded as w3lib decodes an unknown charset
        return False


def parse_page(body: bytes, encoding: str, url: str) -> Selector:
    """``body``, an HTML page served at ``url`` and read in ``encoding``, parsed for the extraction:
    the tree of :func:`page_selector` of its text as Scrapy's ``TextResponse.text`` decodes it.

    A UTF-8 page is handed to libxml2 as it came, as parsel does with bytes: decoding it and
    encoding it back cost a fifth of the parse. Only when it starts with ``<`` and ends with ``>``
    (every real page): then the whitespace parsel strips around bytes is the whitespace it strips
    around text, where Unicode spaces count too.
    """
    if _utf8_codec(encoding) and body.lstrip()[:1] == b"<" and body.rstrip()[-1:] == b">":
        return Selector(root=create_root_node("", _HTMLParser, base_url=url, body=body), type="html")
    return page_selector(html_to_unicode(f"charset={encoding}", body)[1], url)
