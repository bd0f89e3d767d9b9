"""The byline block at the head of an article's text: the lines that say who wrote it, in what role,
and when, before its first paragraph.

"Author, NAME" / "Role, TITLE" / "25 فبراير 2017", "الكاتب: NAME" / "المنصب: TITLE", a byline as a
sentence ("كتب NAME", "بقلم: NAME - CITY"), a date line, the site signing as a desk ("SITE - CITY"):
such lines are the article's authors and date, not its text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from hunaworld.html.datespot import date_line
from hunaworld.html.sitenames import name_key
from hunaworld.text.bylines import byline_author

# "LABEL, VALUE" or "LABEL: VALUE": who wrote the article, their role, its date.
_LABELLED = re.compile(
    r"^(?P<label>author|authors|by|reporter|writer|written by|role|job title|position|reporting from|date|"
    r"الكاتب|الكاتبة|الكتاب|المؤلف|المحرر|المحررة|المراسل|المراسلة|إعداد|اعداد|بقلم|"
    r"المنصب|الصفة|الوظيفة|التقرير من|التاريخ|تاريخ النشر)\s*[,،:：]\s*(?P<value>.+)$",
    re.I,
)
_LABEL_MARK = re.compile(r"[,،:：]")  # every labelled line holds one: the dear regex is tried after it
# "SITE - CITY": the site signing as a desk.
_DESK_SEPARATOR = re.compile(r"\s+[-–—|]\s+")
_ROLE_LABELS = frozenset({"role", "job title", "position", "reporting from", "المنصب", "الصفة", "الوظيفة",
                          "التقرير من"})
_DATE_LABELS = frozenset({"date", "التاريخ", "تاريخ النشر"})
_MAX_LINE = 80  # characters: a longer line is a paragraph
_MAX_NAME_WORDS = 6  # a byline as a sentence names a person or two, it tells no news
_SENTENCE_END = re.compile(r"[.!?؟]$")
# The words that open a byline written as a sentence (not "تقرير" or "حوار": a paragraph may open so).
_SENTENCE_PREFIX = re.compile(r"^(?:كتب|كتبت|كتبه|كتبها|بقلم|بواسطة|إعداد|اعداد|by|written by)(?![^\W\d_])", re.I)
_MAX_BLOCK = 8  # lines


@dataclass(frozen=True)
class BylineBlock:
    """How many of the first lines are the byline block, the authors it names and its date line."""

    size: int = 0
    names: tuple[str, ...] = ()
    date: str | None = None


def sentence_byline(line: str, site: Collection[str]) -> str | None:
    """The author a byline as a sentence names ("كتب NAME", "بقلم: NAME - CITY"), else None."""
    if not _SENTENCE_PREFIX.match(line) or _SENTENCE_END.search(line):
        return None
    name = byline_author(line, site)
    return name if name and len(name.split()) <= _MAX_NAME_WORDS else None


AUTHOR, ROLE, DATE, DESK = "author", "role", "date", "desk"


def byline_line(line: str, site: Collection[str] = ()) -> tuple[str, str | None] | None:
    """What one line of a byline block says: (AUTHOR, name), (ROLE, None), (DATE, date text) or
    (DESK, None) for the site signing as a desk; None for a line of the article's text.

    ``site``: the site's names as keys (:func:`hunaworld.html.sitenames.name_key`): the site signing
    as a desk, or named as the author's employer, is no author.
    """
    if len(line) > _MAX_LINE:
        return None
    labelled = _LABELLED.match(line) if _LABEL_MARK.search(line) else None
    if labelled:
        label, value = labelled["label"].lower(), labelled["value"].strip()
        if label in _DATE_LABELS:
            return DATE, date_line(value)
        if label in _ROLE_LABELS:
            return ROLE, None
        name = byline_author(value, site, labelled=True)
        return (AUTHOR, name) if name else (DESK, None)
    found = date_line(line)
    if found:
        return DATE, found
    name = sentence_byline(line, site)
    if name:
        return AUTHOR, name
    return (DESK, None) if name_key(_DESK_SEPARATOR.split(line, maxsplit=1)[0]) in site else None


def byline_block(lines: Sequence[str], site: Collection[str] = ()) -> BylineBlock:
    """The byline block that opens ``lines`` (an article's paragraphs); ``size`` 0 when there is none.
    The block never takes the last line: an article is more than its byline."""
    names: list[str] = []
    date: str | None = None
    size = 0
    for line in lines[: min(_MAX_BLOCK, len(lines) - 1)]:
        said = byline_line(line, site)
        if said is None:
            break  # the text has started
        kind, value = said
        if kind == AUTHOR and value:
            names.append(value)
        elif kind == DATE:
            date = date or value
        size += 1
    return BylineBlock(size, tuple(dict.fromkeys(names)), date)
