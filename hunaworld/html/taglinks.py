"""An article's visible tag links: "الوسوم: <a rel="tag">…</a>", a ``.tags`` list, links to ``/tag/…``.

Looked for inside the article's own element (its footer included), never in blocks about other
articles or the site (a sidebar's tag cloud), and only links that stay on the page's host: a tag
is one of the site's own tag pages.
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
# Containers of tag links by their class or id: "tags", "post-tags", "tags-links", "keywords".
_TAG_CONTAINER = re.compile(r"(?:^|[\s_-])(?:tags?|taglist|tagged|keywords?|hashtags?)(?:$|[\s_-])", re.I)
_CONTAINER_LEVELS = 3
_MAX_TAG = 60  # characters: a longer link text is a headline, not a tag


def _in_tag_container(a: etree._Element, region: etree._Element) -> bool:
    node = a.getparent()
    for _ in range(_CONTAINER_LEVELS):
        if node is None:
            return False
        described = " ".join(filter(None, (node.get("class"), node.get("id"))))
        if described and _TAG_CONTAINER.search(described):
            return True
        if node is region:
            return False
        node = node.getparent()
    return False


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
        if not href:
            continue
        rel = (a.get("rel") or "").lower().split()
        target = urlsplit(urljoin(url, href.strip()))
        path = unquote(target.path)
        if "category" in rel or _CATEGORY_PATH.search(path) or target.netloc != host:
            continue
        if not ("tag" in rel or _TAG_PATH.search(path) or _in_tag_container(a, region)):
            continue
        text = clean_ws(element_text(a)).lstrip("#")
        if not text or len(text) > _MAX_TAG or not LETTER.search(text) or text in found:
            continue
        if not _excluded(a, region, excluded):
            found.append(text)
    return found
