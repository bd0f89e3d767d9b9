"""An article's visible tag links: "الوسوم: <a rel="tag">…</a>", links to ``/tag/…``, ``/keyword/…``,
and the links of a list labelled as its tags.

A tag link is known by its ``rel``, by the path it points to (one of the site's own tag pages, on
the page's host), or by the label of the list it stands in: a CMS field "الوسوم", "كلمات مفتاحية",
"الكلمات الدالة" or "مواضيع" whose links go to search or taxonomy pages of any path. Looked for
inside the article's own element (its footer included), never in blocks about other articles or the
site (a sidebar's tag cloud). (Containers named "tags" are not looked at: on the pages measured they
added no tag that these tests missed, and finding them costs a walk over every element.)
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


def _is_category(a: etree._Element, href: str) -> bool:
    """Whether a link names a section, by its rel or its path: a section is no tag, whatever its list."""
    return "category" in (a.get("rel") or "").lower().split() or _CATEGORY_PATH.search(
        unquote(href) if "%" in href else href) is not None


def _is_tag_link(a: etree._Element, href: str) -> bool:
    """Whether a link is a tag, by its rel or the path it points to (never a category)."""
    path = unquote(href) if "%" in href else href
    return not _is_category(a, href) and ("tag" in (a.get("rel") or "").lower().split()
                                          or _TAG_PATH.search(path) is not None)


# The label of a list of tags, alone in its element: "الوسوم:", "الكلمات الدالة", "مواضيع".
_LABEL = re.compile(
    r"^\s*(?:ال)?(?:وسوم|أوسمة|كلمات\s+(?:ال)?مفتاحية|(?:ال)?كلمات\s+(?:ال)?دالة|مواضيع|موضوعات"
    r"|tags|keywords|topics)\s*[:：]?\s*$",
    re.I,
)
_LABEL_TEXTS = etree.XPath(
    ".//text()[" + " or ".join(f"contains(., '{word}')" for word in (
        "وسوم", "أوسمة", "كلمات", "مواضيع", "موضوعات", "ags", "AGS", "eywords", "EYWORDS", "opics")) + "]"
)
_MAX_LABELLED = 6  # words: a longer link text in a labelled list is a headline, not a tag
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _labelled_links(region: etree._Element) -> list[etree._Element]:
    """The links of the lists in ``region`` labelled as tags: those after the label in its element,
    else in the blocks after it (two levels up at most), up to the next heading."""
    found: list[etree._Element] = []
    for text in _LABEL_TEXTS(region):
        if not _LABEL.match(text):
            continue
        label = text.getparent()
        if text.is_tail:  # "<img> الوسوم: <a>…": the links follow the element the label is the tail of
            found += [a for sibling in label.itersiblings() for a in sibling.iter("a")]
            continue
        if next(label.iter("a"), None) is not None:  # "<p>الوسوم: <a>…</a></p>"
            found += label.iter("a")
            continue
        node = label
        for _ in range(2):
            links = []
            for sibling in node.itersiblings():
                if sibling.tag in _HEADINGS or next(sibling.iter(*_HEADINGS), None) is not None:
                    break
                links += sibling.iter("a")
            if links:
                found += links
                break
            node = node.getparent()
            if node is None or node is region:
                break
    return found


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
    labelled = set(_labelled_links(region))
    found: list[str] = []
    for a in region.iter("a"):
        href = a.get("href")
        if not href:
            continue
        if a in labelled:
            text = clean_ws(element_text(a)).lstrip("#")
            if len(text.split()) > _MAX_LABELLED or _is_category(a, href):
                continue
        elif not _TAG_HINT.search(f"{a.get('rel')} {href}") or not _is_tag_link(a, href.strip()):
            continue
        else:
            text = clean_ws(element_text(a)).lstrip("#")
        if not text or len(text) > _MAX_TAG or not LETTER.search(text) or text in found:
            continue
        if urlsplit(urljoin(url, href)).netloc == host and not _excluded(a, region, excluded):
            found.append(text)
    return found
