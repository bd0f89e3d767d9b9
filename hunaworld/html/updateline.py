"""An article's visible "last updated" line: "آخر تحديث: الأربعاء 18:50 14/01/2026", "تم التحديث ...",
"محدث ...", "(محدثة ...)", "Updated ...".

Found by its label, inside the article's own element (its meta block or its footer), never in blocks
about other articles or the site. Spotting only: the date is read by the date parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from hunaworld.html.datespot import UPDATE_LABEL, has_date, is_update_time, updated_date
from hunaworld.html.dom import clean_ws, element_text, in_excluded_block

_NOT_TEXT = frozenset({"script", "style", "template"})
# Words every update label holds. Found by substring search over the region's text, which costs a
# fraction of the label's regex over it (the regex over the whole text cost 19% more of the crawl's
# work: docs/performance.md); the regex then only looks around each of them.
_LABEL_WORDS = ("تحديث", "تعديل", "محدث", "محدّث", "مُحدث", "pdate", "odified", "à jour")
_AROUND = 24  # characters either side of a label word that the label's regex looks at
_MAX_LINE = 300  # characters: a block longer than this is article text, not a date line
_LEVELS = 3  # how far above the label's own element the date may sit


def update_line(region: etree._Element, excluded: Callable[[etree._Element], bool],
                text: str | None = None) -> str | None:
    """The date of the first update line in ``region`` (a ``<time>``'s machine-readable value when it
    has one), or None; lines inside an ``excluded`` ancestor (below ``region``) are not looked at.
    ``text``: the region's text, when the caller has it."""
    if not _has_label(element_text(region) if text is None else text):
        return None  # most pages: no walk over the elements
    for text, holder in _texts(region):
        if not UPDATE_LABEL.search(text):
            continue
        if holder is None or in_excluded_block(holder, region, excluded):
            continue
        value = _date_near(holder, region)
        if value:
            return value
    return None


def _has_label(content: str) -> bool:
    for word in _LABEL_WORDS:
        at = content.find(word)
        while at != -1:
            if UPDATE_LABEL.search(content[max(0, at - _AROUND) : at + len(word) + _AROUND]):
                return True
            at = content.find(word, at + 1)
    return False


def _texts(region: etree._Element) -> Iterator[tuple[str, etree._Element | None]]:
    """Every text of ``region`` with the element it is text of (a tail is its parent's), scripts left out."""
    for el in region.iter(etree.Element):
        if el.tag not in _NOT_TEXT and el.text:  # a script's text is not even read: it can be large
            yield el.text, el
        if el.tail and el is not region:
            yield el.tail, el.getparent()


def _date_near(holder: etree._Element, region: etree._Element) -> str | None:
    """The update date in ``holder`` or in a short block around it."""
    node = holder
    for _ in range(_LEVELS):
        for time in node.iter("time"):
            value = time.get("datetime") or time.get("content")
            if is_update_time(time) and has_date(value):
                return clean_ws(value)
        text = clean_ws(element_text(node))
        if len(text) > _MAX_LINE:
            return None  # the label is in article text, not on a date line
        value = updated_date(text)
        if value or node is region:
            return value
        parent = node.getparent()
        if parent is None:
            return None
        node = parent
    return None
