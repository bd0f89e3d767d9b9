"""The article's view counter, where the page shows one: "4233 مشاهدة", "عدد المشاهدات: 4,233", or a
number alone in an element whose class or id says views (``views-count``, ``post-views``).

Page furniture (sidebars and their "most read" lists, which show other articles' counts) is left out.
"""

from __future__ import annotations

import re

from lxml import etree

from hunaworld.html.dom import clean_ws, element_text
from hunaworld.html.furniture import NOISE_ALL, element_flags
from hunaworld.text.arabic import fold, to_ascii_digits

_NUMBER = r"(\d[\d,.\u066c]*)"
# Folded Arabic: مشاهدة -> مشاهده.
_VIEWS_WORD = r"(?:مشاهده|مشاهدات|مشاهدة|قراءه|قراءات|زياره|زيارات|views?|reads)"
_LABELLED = re.compile(rf"^(?:(?:عدد\s+)?(?:المشاهدات|القراءات|الزيارات)|views)\s*:?\s*{_NUMBER}$"
                       rf"|^{_NUMBER}\s*{_VIEWS_WORD}$", re.I)
_BARE = re.compile(rf"^{_NUMBER}$")
_VIEWS_CLASS = re.compile(r"(?:^|[-_\s])(?:views?|viewcount|views?count|visits|hits|post-?views)(?:$|[-_\s])", re.I)
_NOT_DIGIT = re.compile(r"\D")
_MAX_TEXT = 40  # characters: a counter, not a sentence


# Where a counter may be: an element whose class or id says views, else one whose text names them
# (found by libxml2, attributes first: reading every element's text in Python cost more than the
# rest of the field, and a text search costs twice an attribute search).
_BY_ATTRIBUTE = etree.XPath(".//@class[contains(., 'view') or contains(., 'View') or contains(., 'visit')"
                            " or contains(., 'hits')]/.. | .//@id[contains(., 'view') or contains(., 'View')]/..")
_BY_TEXT = etree.XPath(".//text()[contains(., 'مشاهد') or contains(., 'قراء') or contains(., 'زيار')"
                       " or contains(., 'iews')]/..")


def _views_class(value: str) -> bool:
    return _VIEWS_CLASS.search(value) is not None


def _in_furniture(el: etree._Element, region: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None and node is not region:
        if element_flags(node) & NOISE_ALL:
            return True
        node = node.getparent()
    return False


def view_count(region: etree._Element) -> int | None:
    """The view count shown in ``region`` (the article's element), outside furniture, or None."""
    found = _count_in(_BY_ATTRIBUTE(region), region)
    return found if found is not None else _count_in(_BY_TEXT(region), region)


def _count_in(candidates: list[etree._Element], region: etree._Element) -> int | None:
    for el in candidates:
        if el.tag.__class__ is not str or len(el) > 3:
            continue  # a block of several things: its children are looked at one by one
        text = clean_ws(element_text(el))
        if not text or len(text) > _MAX_TEXT:
            continue
        text = to_ascii_digits(fold(text))
        match = _LABELLED.match(text)
        if match is None and any(_views_class(v) for k, v in el.items() if k in ("class", "id") and v):
            match = _BARE.match(text)
        if match is not None and not _in_furniture(el, region):
            digits = _NOT_DIGIT.sub("", next(group for group in match.groups() if group))
            if digits:
                return int(digits)
    return None
