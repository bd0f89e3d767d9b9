"""Reading the parsed page: element text, the page's index of head elements, meta tags and microdata.

Everything works on the lxml tree parsel already built (``sel.root``), and the index is built once
per tree and shared by every extraction layer that reads the same page.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import Callable

from lxml import etree

# A letter of any script: a line without one is no text (digits, punctuation, symbols).
LETTER = re.compile(r"[^\W\d_]")
# How deep a recursive walk of the tree goes: Python allows 1,000 frames, real articles nest a few
# dozen elements deep, and broken pages nest thousands.
MAX_DEPTH = 400

_STRING = etree.XPath("string()")


def element_text(el: etree._Element) -> str:
    """All the text inside ``el`` (works for HTML and plain XML elements alike)."""
    return str(_STRING(el))


def clean_ws(text: str | None) -> str:
    """Collapse runs of whitespace (including no-break spaces) and strip."""
    return " ".join(text.split()) if text else ""


def is_inside(el: etree._Element, container: etree._Element) -> bool:
    """Whether ``container`` is an ancestor of ``el``."""
    return any(a is container for a in el.iterancestors())


def in_excluded_block(el: etree._Element, region: etree._Element,
                      excluded: Callable[[etree._Element], bool]) -> bool:
    """Whether ``el`` is, or is inside, an ``excluded`` block below ``region``."""
    node: etree._Element | None = el
    while node is not None and node is not region:
        if excluded(node):
            return True
        node = node.getparent()
    return False


_ITEMPROP_XPATH = etree.XPath("//@itemprop")  # attribute nodes: much faster than //*[@itemprop]
_INDEX_TAGS = ("meta", "link", "title", "script", "h1")
# One index per parsed page, shared by the layers that read it: rebuilt for each layer that asks, it
# cost 3.6% more of the crawl's work (docs/performance.md).
_page_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def page_index(root: etree._Element) -> dict[str, list]:
    """The page's ``meta``, ``link``, ``title``, ``script`` and ``h1`` elements in document order,
    and its ``itemprop`` attributes, found in one pass over the tree and shared by every layer
    that works on the same parsed page (the cache lives as long as the tree's root element)."""
    try:
        index = _page_indexes.get(root)
    except TypeError:  # a plain XML element cannot be weakly referenced: no sharing then
        index = None
    if index is None:
        index = {tag: [] for tag in _INDEX_TAGS}
        for el in root.iter(*_INDEX_TAGS):
            index[el.tag].append(el)
        index["itemprop"] = [(value.lower().split(), value.getparent()) for value in _ITEMPROP_XPATH(root)]
        with contextlib.suppress(TypeError):  # a plain XML element cannot be weakly referenced
            _page_indexes[root] = index
    return index


def meta_map(root: etree._Element) -> dict[str, list[str]]:
    """``<meta>`` contents by ``property`` / ``name`` (lower case), in document order; shared like
    :func:`page_index`."""
    index = page_index(root)
    found = index.get("meta_map")
    if found is None:
        found = index["meta_map"] = {}
        for meta in index["meta"]:
            content = meta.get("content")
            if content is None or not content.strip():
                continue
            content = content.strip()
            for attr in ("property", "name"):
                key = meta.get(attr)
                if key:
                    found.setdefault(key.strip().lower(), []).append(content)
    return found


def itemprop_elements(root: etree._Element, *props: str) -> list:
    """Elements whose ``itemprop`` (any of its names, lower case) is one of ``props``; all when
    ``props`` is empty. In document order."""
    return [el for names, el in page_index(root)["itemprop"] if not props or any(n in props for n in names)]

