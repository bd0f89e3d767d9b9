"""An article's visible "last updated" line: "آخر تحديث: الأربعاء 18:50 14/01/2026", "تم التحديث ...",
"محدث ...", "(محدثة ...)", "Updated ...".

Found by its label, inside the article's own element (its meta block or its footer), never in blocks
about other articles or the site. Spotting only: the date is read by the date parser.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from hunaworld.html.datespot import UPDATE_LABEL, has_date, is_update_time, updated_date
from hunaworld.html.dom import clean_ws, element_text

# Text nodes that may hold an update label (XPath's contains() is a cheap first test).
_LABEL_TEXT = etree.XPath(
    ".//text()[contains(., 'تحديث') or contains(., 'تعديل') or contains(., 'محد') or contains(., 'pdate')"
    " or contains(., 'odified') or contains(., 'à jour')]"
)
_MAX_LINE = 300  # characters: a block longer than this is article text, not a date line
_LEVELS = 3  # how far above the label's own element the date may sit


def update_line(region: etree._Element, excluded: Callable[[etree._Element], bool]) -> str | None:
    """The date of the first update line in ``region`` (a ``<time>``'s machine-readable value when it
    has one), or None; lines inside an ``excluded`` ancestor (below ``region``) are not looked at."""
    for text in _LABEL_TEXT(region):
        if not UPDATE_LABEL.search(text):
            continue
        holder = text.getparent()
        if text.is_tail:  # a tail is text of the element's parent
            holder = holder.getparent()
        if holder is None or _inside_excluded(holder, region, excluded):
            continue
        value = _date_near(holder, region)
        if value:
            return value
    return None


def _inside_excluded(el: etree._Element, region: etree._Element, excluded: Callable[[etree._Element], bool]) -> bool:
    node: etree._Element | None = el
    while node is not None and node is not region:
        if excluded(node):
            return True
        node = node.getparent()
    return False


def _date_near(holder: etree._Element, region: etree._Element) -> str | None:
    """The update date in ``holder`` or in a short block around it."""
    node = holder
    for _ in range(_LEVELS):
        for time in node.iter("time"):
            value = time.get("datetime") or time.get("content")
            if is_update_time(time) and has_date(value):
                return clean_ws(value)
        text = element_text(node)
        value = updated_date(clean_ws(text))
        if value or len(text) > _MAX_LINE or node is region:
            return value
        parent = node.getparent()
        if parent is None:
            return None
        node = parent
    return None
