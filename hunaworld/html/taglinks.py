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


# What every tag link's rel or href holds, in any case or encoding, lowered: one test before the
# others (a case-blind regex costs tens of microseconds on a long percent-encoded href).
_TAG_HINT = re.compile("tag|keyword|topic|%d9%88%d8%b3%d9%85|وسم")


def _is_category(a: etree._Element, href: str) -> bool:
    """Whether a link names a section, by its rel or its path: a section is no tag, whatever its list."""
    return "category" in (a.get("rel") or "").lower().split() or _CATEGORY_PATH.search(
        unquote(href) if "%" in href else href) is not None


def _is_tag_link(a: etree._Element, href: str) -> bool:
    """Whether a link is a tag, by its rel or the path it points to (never a category)."""
    path = unquote(href) if "%" in href else href
    return not _is_category(a, href) and ("tag" in (a.get("rel") or "").lower().split()
                                          or _TAG_PATH.search(path) is not None)


# The labels of a list of tags, each alone in its element ("الوسوم:", "الكلمات الدالة", "مواضيع"),
# with its spaces collapsed, its colon dropped, in lower case.
_LABELS = frozenset(
    f"{article}{word}" for word in ("وسوم", "أوسمة", "كلمات مفتاحية", "كلمات دالة", "مواضيع", "موضوعات")
    for article in ("", "ال")
) | {"الكلمات المفتاحية", "الكلمات الدالة", "tags", "keywords", "topics"}
# Words every tag label opens with, looked for in the region's text before its elements are looked
# at; where one stands, a label is a label when a colon, a line break or the next element's text
# follows it, not a space and more words ("مواضيع ذات صلة", "كلمات الرئيس").
_LABEL_WORDS = ("وسوم", "أوسمة", "كلمات", "مواضيع", "موضوعات", "Tags", "TAGS", "Keywords", "KEYWORDS", "Topics",
                "TOPICS")
_LABEL_AT = re.compile(r"(?:وسوم|أوسمة|كلمات\s+(?:ال)?(?:مفتاحية|دالة)|مواضيع|موضوعات|Tags|TAGS|Keywords|KEYWORDS"
                       r"|Topics|TOPICS)(?:\s*[:：]|[\n\t\xa0]|\s{2}|(?=[^\W\d_])|$)")
_MAX_LABEL = 40  # characters, spaces included: a longer text is no label
_MAX_LABELLED = 6  # words: a longer link text in a labelled list is a headline, not a tag
_LABEL_LEVELS = 2  # how far above the label the list of links may begin
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _says_label(text: str | None) -> bool:
    """Whether a text is a tag label and nothing else."""
    return bool(text) and len(text) <= _MAX_LABEL and " ".join(text.split()).rstrip(":：").strip().lower() in _LABELS


def _has_label(text: str) -> bool:
    """Whether a tag label may stand in ``text`` (a region's text): found by substring search, which
    costs a fraction of a regex over the whole text; the regex only looks at each word found."""
    for word in _LABEL_WORDS:
        at = text.find(word)
        while at != -1:
            if _LABEL_AT.match(text, at):
                return True
            at = text.find(word, at + 1)
    return False


def _labelled_links(region: etree._Element) -> set[etree._Element]:
    """The links of the lists in ``region`` labelled as tags: those after the label in its element
    ("<p><b>الوسوم:</b> <a>…"), else in the blocks after it ("<h4>كلمات مفتاحية</h4><ul>…</ul>"),
    two levels above it at most, up to the next heading."""
    found: set[etree._Element] = set()
    # One pass over the elements, reading two attributes of each: most texts are blank or long, and
    # are known to be no label by their length alone.
    for el in region.iter(etree.Element):
        tail = el.tail
        if tail and len(tail) <= _MAX_LABEL and not tail.isspace() and _says_label(tail):
            # "<br> الوسوم: <a>…": the links follow in the same parent
            found.update(a for sibling in el.itersiblings() for a in sibling.iter("a"))
        text = el.text
        if not text or len(text) > _MAX_LABEL or text.isspace() or el.tag == "a" or not _says_label(text):
            continue
        inside = [a for a in el.iter("a")]
        if inside:  # "<p>الوسوم: <a>…</a></p>"
            found.update(inside)
            continue
        node = el
        for _ in range(_LABEL_LEVELS + 1):
            links = []
            for sibling in node.itersiblings():
                if sibling.tag in _HEADINGS or next(sibling.iter(*_HEADINGS), None) is not None:
                    break
                links += sibling.iter("a")
            if links or node is region:
                found.update(links)
                break
            node = node.getparent()
            if node is None:
                break
    return found


def _excluded(a: etree._Element, region: etree._Element, excluded: Callable[[etree._Element], bool]) -> bool:
    node = a.getparent()
    while node is not None and node is not region:
        if excluded(node):
            return True
        node = node.getparent()
    return False


def tag_links(region: etree._Element, url: str, excluded: Callable[[etree._Element], bool],
              text: str | None = None) -> list[str]:
    """The texts of the tag links in ``region`` of the page at ``url``, in page order, each once;
    links inside an ``excluded`` ancestor (below ``region``) are left out. ``text``: the region's
    text, when the caller has it."""
    host = urlsplit(url).netloc
    # Most pages hold no tag label at all: their links are not looked at one by one.
    labelled = _labelled_links(region) if _has_label(element_text(region) if text is None else text) else ()
    found: list[str] = []
    for a in region.iter("a"):
        href = a.get("href")
        if not href:
            continue
        if _TAG_HINT.search(f"{a.get('rel')} {href}".lower()) and _is_tag_link(a, href.strip()):
            text = clean_ws(element_text(a)).lstrip("#")
        elif a in labelled:
            text = clean_ws(element_text(a)).lstrip("#")
            if len(text.split()) > _MAX_LABELLED or _is_category(a, href):
                continue
        else:
            continue
        if not text or len(text) > _MAX_TAG or not LETTER.search(text) or text in found:
            continue
        if urlsplit(urljoin(url, href)).netloc == host and not _excluded(a, region, excluded):
            found.append(text)
    return found
