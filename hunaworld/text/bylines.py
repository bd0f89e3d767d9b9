"""Byline prefixes: the words before an author's name ("كتب:", "بقلم", "إعداد", "By") that are not the name."""

from __future__ import annotations

import re

BYLINE_PREFIX = re.compile(
    r"^(?:كتب|كتبت|كتبه|كتبها|بقلم|بواسطة|إعداد|اعداد|تقرير|تحرير|حوار|متابعة|ترجمة|المحرر|"
    # Not followed by a letter: "كتبت سارة" is كتبت + name, "Byron Smith" is a name.
    r"by|written by|author)(?![^\W\d_])\s*[:：\-–]?\s*",
    re.I,
)


def strip_byline(text: str) -> str:
    """``text`` without its byline prefixes, however many ("تقرير: كتب محمد" -> "محمد"), and without
    the punctuation left around the name."""
    prev = None
    while text and text != prev:
        prev = text
        text = BYLINE_PREFIX.sub("", text).strip(" :|-–—،,")
    return text
