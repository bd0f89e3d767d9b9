"""An article's visible tag links: "الوسوم: <a rel="tag">…</a>", links to ``/tag/…``, ``/keyword/…``.

A tag link is known by its ``rel`` or by the path it points to: one of the site's own tag pages, on
the page's host. Looked for inside the article's own element (its footer included), never in blocks
about other articles or the site (a sidebar's tag cloud). (Containers named "tags" are not looked
at: on the pages measured they added no tag that these two tests missed, and finding them costs a
walk over every element.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from hunaworld.html.dom import LETTER, clean_ws, element_text

# Tag pages by their path: /tag/x, /tags/x, /keyword/x, /hashtag/x, /topics/x, /وسم/x.
_TAG_PATH = re.compile(r"/(?:tags?|keywords?|hashtags?|topics?|وسم|وسوم)/", re.I)
_CATEGORY_PATH = re.compile(r"/(?:category|categories|section|sections)/", re.I)
_MAX_TAG = 60  # characters: a longer link text is a headline, not a tag


# What every tag link's rel or href holds, in any case or encoding: one search before the others.
_TAG_HINT = re.compile(r"tag|keyword|topic|%d9%88%d8%b3%d9%85|وسم", re.I)


def _is_tag_link(a: etree._Element, href: str) -> bool:
    """Whether a link is a tag, by its rel or the path it points to (never a category)."""
    rel = (a.get("rel") or "").lower().split()
    if "category" in rel:
        return False
    path = unquote(href) if "%" in href else href
    return not _CATEGORY_PATH.search(path) and ("tag" in rel or _TAG_PATH.search(path) is not None)


def _excluded(a: etree._Element, region: etree._Element, excluded: Callable[[etree._Element], bool]) -> bool:
    node = a.getparent()
    while node is not None and node is not region:
        if excluded(node):
            return True
        node = node.getparent()
    return False


def tag_links(region: etree._Element, url: str, excluded: Callable[[etree._Element], bool]) -> list[str]:
    """The texts of the tag links in ``region`` of the page at ``url``, in page order, each once;
    links inside an ``excluded`` ancestor (below ``region``) are left out."""
    host = urlsplit(url).netloc
    found: list[str] = []
    for a in region.iter("a"):
        href = a.get("href")
        if not href or not _TAG_HINT.search(f"{a.get('rel')} {href}") or not _is_tag_link(a, href.strip()):
            continue
        text = clean_ws(element_text(a)).lstrip("#")
        if not text or len(text) > _MAX_TAG or not LETTER.search(text) or text in found:
            continue
        if urlsplit(urljoin(url, href)).netloc == host and not _excluded(a, region, excluded):
            found.append(text)
    return found
