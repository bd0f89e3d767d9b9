"""Dates in a page's visible text: whether a text or an element shows one, and which part is the date.

Spotting only: :func:`hunaworld.dates.parse_date` reads what is found. The month names are the
parser's (:mod:`hunaworld.dates.vocabulary`), so every month it can read can be spotted.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from lxml import etree

from hunaworld.dates.vocabulary import GREGORIAN_MONTHS, HIJRI_MONTHS, LATIN_NOISE, WEEKDAYS
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.text.arabic import fold, to_ascii_digits

# Pages spell month names with or without hamza, teh marbuta and alef maksura; the vocabulary is
# the date parser's, matched here on unfolded text so that spans index the page's own text.
_SPELLINGS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ة": "[ةه]", "ه": "[ةه]",
              "ي": "[يى]", "ى": "[يى]", " ": r"\s+"}


def _spelling_pattern(name: str) -> str:
    return "".join(_SPELLINGS.get(c) or re.escape(c) for c in name)


_MONTHS = "|".join(
    sorted(
        {_spelling_pattern(name) for names in (*GREGORIAN_MONTHS.values(), *HIJRI_MONTHS.values()) for name in names}
        | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"},
        key=len,
        reverse=True,
    )
)
_MONTH_RE = re.compile(r"(?<![^\W\d_])(?:" + _MONTHS + r")(?![^\W\d_])", re.I)
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d\s*[-/.]\s*(?:0?[1-9]|1[0-2])\s*[-/.]\s*(?:0?[1-9]|[12]\d|3[01])"  # 2020-08-24
    r"|(?:0?[1-9]|[12]\d|3[01])\s*[-/.]\s*(?:0?[1-9]|1[0-2])\s*[-/.]\s*(?:19|20)?\d\d)(?!\d)"  # 24/08/2020
)
_YEAR = re.compile(r"(?<!\d)(?:19|20|14)\d\d(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[\s,،/.-]*$")
_RELATIVE_RE = re.compile(
    r"(?:منذ|قبل)\s+(?:\d+\s*)?"
    r"(?:ثانية|ثوان|دقيقة|دقائق|دقيقتين|ساعة|ساعتين|ساعات|يوم|يومين|أيام|ايام)"
)
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
# The label of a "last updated" line: "آخر تحديث:", "تم التحديث", "محدث", "(محدثة ...)", "Updated".
UPDATE_LABEL = re.compile(
    r"(?:آخر|اخر|أخر)\s+(?:تحديث|تعديل)|تم\s+(?:ال)?(?:تحديث|تعديل)(?:ه|ها)?|(?:تاريخ|وقت)\s+(?:ال)?(?:تحديث|تعديل)"
    r"|(?<![^\W\d_])(?:محدث|محدثة|مُحدث|مُحدثة|محدّث|محدّثة)(?![^\W\d_])"
    r"|(?<![^\W\d_])(?:last\s+)?(?:updated|modified)(?![^\W\d_])|mis\s+à\s+jour",
    re.I,
)


def _date_span(text: str) -> tuple[int, int] | None:
    """Where a date is in ``text`` (digits already ASCII): a numeric date, a month name near a
    year, or a relative date; None when there is none."""
    if _HAS_DIGIT.search(text):
        match = _NUMERIC_DATE.search(text)
        if match:
            return match.span()
        for year in _YEAR.finditer(text):
            lo, hi = max(0, year.start() - 30), year.end() + 20
            month = _MONTH_RE.search(text, lo, hi)
            if month:
                start = min(month.start(), year.start())
                day = _DAY_BEFORE.search(text, max(0, start - 8), start)
                return (day.start() if day else start), max(month.end(), year.end())
    if "منذ" in text or "قبل" in text:
        match = _RELATIVE_RE.search(text)
        if match:
            return match.span()
    return None


_CLOCK = re.compile(
    r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:ص|م|صباحا|صباحًا|صباحاً|مساء|مساءً|مساءا|am|pm|a\.m\.|p\.m\.)"
    r"(?![^\W\d_]))?"
    r"|(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?",
    re.I,
)


def find_date(text: str | None) -> str | None:
    """The date-looking part of ``text``, or None.

    A short date line is returned whole ("الخميس 15:11 04/09/2025"); when the text is long or holds
    other numbers (a view counter, a comment count), only the date and the clock time next to it.
    """
    text = clean_ws(text)
    if not text:
        return None
    ascii_text = to_ascii_digits(text)  # same length: spans index ``text`` too
    span = _date_span(ascii_text)
    if span is None:
        return None
    start, end = span
    rest = _CLOCK.sub(" ", ascii_text[:start] + " " + ascii_text[end:])
    if len(text) <= 90 and not _HAS_DIGIT.search(rest):
        return text
    for clock in _CLOCK.finditer(ascii_text, max(0, start - 25), end + 25):
        start, end = min(start, clock.start()), max(end, clock.end())
    return text[start:end].strip(" ،,|-")


_BEFORE_LABEL = 60  # characters before an update label on a date line ("نشر في 4 سبتمبر 2025 | ")
_EDGE = " :：-–—)(|،,."
# Words that may stand between an update label and its date ("آخر تحديث في", "Updated on Thursday").
_LEAD_WORDS = frozenset({*map(fold, (*WEEKDAYS, "الاحد", "الاثنين", "في", "بتاريخ", "يوم", "الساعة", "على")),
                         *LATIN_NOISE})
_WORD = re.compile(r"[^\W\d_]+")


def published_part(text: str) -> str:
    """``text`` up to an update label: on "نشر في ... | آخر تحديث ..." the publication date's part."""
    match = UPDATE_LABEL.search(text)
    return text if match is None else text[: match.start()]


def _only_lead_words(text: str) -> bool:
    """Whether ``text`` holds nothing but clock times, punctuation and words such as "في" or a weekday."""
    rest = _CLOCK.sub(" ", to_ascii_digits(text))
    return not _HAS_DIGIT.search(rest) and all(fold(w) in _LEAD_WORDS for w in _WORD.findall(rest))


# Words that may stand beside the date on a line that is nothing but a date ("نشر في: السبت ...").
_DATE_LINE_WORDS = _LEAD_WORDS | {"date", *map(fold, (
    "نشر", "نشرت", "النشر", "تاريخ", "التاريخ", "اخر", "آخر", "تحديث", "تعديل", "تم", "منذ"))}
_DATE_LINE = 90  # characters: a longer line is a sentence that holds a date


def date_line(text: str | None) -> str | None:
    """The date of a line that is nothing but a date and its label ("2017/02/25 10:30", "10:30 -
    2017/02/25", "نشر في: السبت 25 فبراير 2017"), or None: a sentence that mentions a date is no
    date line."""
    text = clean_ws(text)
    if not text or len(text) > _DATE_LINE or not _HAS_DIGIT.search(text):
        return None
    ascii_text = to_ascii_digits(text)
    span = _date_span(ascii_text)
    if span is None:
        return None
    rest = _CLOCK.sub(" ", ascii_text[: span[0]] + " " + ascii_text[span[1]:])
    if _HAS_DIGIT.search(rest) or any(fold(w) not in _DATE_LINE_WORDS for w in _WORD.findall(rest)):
        return None
    return find_date(text)


def updated_date(text: str | None) -> str | None:
    """The date an update label in ``text`` introduces ("آخر تحديث: 14/01/2026 18:50"), or None.

    The label must start a date line, or follow the publication date on one: a sentence of the
    article that mentions an update is no update line.
    """
    text = clean_ws(text)
    match = UPDATE_LABEL.search(text)
    if match is None:
        return None
    before = text[: match.start()].strip(_EDGE)
    if len(before) > _BEFORE_LABEL or (before and not has_date(before)):
        return None
    # Up to a later label, which starts another line's date ("محدث ... | نشر ...").
    rest = re.split(r"نشر|published|publié", text[match.end():], maxsplit=1, flags=re.I)[0].strip(_EDGE)
    span = _date_span(to_ascii_digits(rest))
    if span is not None:
        return find_date(rest) if _only_lead_words(rest[: span[0]]) else None
    # A time alone ("4 سبتمبر 2025 15:11 (محدثة 16:20)") is on the day of the date line it ends.
    if before and _CLOCK.match(rest):
        return f"{_CLOCK.sub(' ', find_date(before) or '').strip(_EDGE)} {rest}"
    return None


_UPDATE_CLASS = re.compile(r"updated|modified", re.I)


def _text_before(el: etree._Element, limit: int = 40) -> str:
    """The last ``limit`` characters of text before ``el`` inside its parent."""
    parent = el.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for sibling in parent:
        if sibling is el:
            break
        parts += (element_text(sibling), sibling.tail or "")
    return "".join(parts)[-limit:]


def is_update_time(el: etree._Element) -> bool:
    """Whether a ``<time>`` shows when the article was updated: classed so, or right after an update label."""
    classes = el.get("class") or ""
    if _UPDATE_CLASS.search(classes) and "publish" not in classes.lower():
        return True
    return UPDATE_LABEL.search(_text_before(el)) is not None


def has_date(text: str | None) -> bool:
    """Whether ``text`` holds a date (see :func:`find_date`)."""
    return bool(text) and _date_span(to_ascii_digits(text)) is not None


def best_date(ranked: Iterable[etree._Element], members: Collection[etree._Element]) -> str | None:
    """The date shown by the first of the ``ranked`` candidate elements that shows one (``members``:
    all the candidates); a ``<time>`` is read from its machine-readable attribute when it has one."""
    values: dict = {}

    def value_of(el: etree._Element) -> tuple[str | None, bool, bool]:
        if el not in values:
            machine, value, short = False, None, True
            if el.tag == "time":
                if not is_update_time(el):  # the update's time is not the publication's
                    attr = el.get("datetime") or el.get("content")
                    machine = has_date(attr)
                    value = clean_ws(attr) if machine else find_date(element_text(el))
            else:
                text = element_text(el)
                if len(text) <= 400:
                    value = find_date(published_part(text))
                    short = len(clean_ws(text)) <= 100
            values[el] = (value, machine, short)
        return values[el]

    for el in ranked:
        if not value_of(el)[0]:
            continue
        # nested candidates: a machine-readable <time> first, then the outermost short date
        # line, else the innermost date inside a long meta block
        group = [a for a in el.iterancestors() if a in members][::-1]
        group.append(el)
        group += [d for d in el.iterdescendants() if d in members]
        valid = [g for g in group if value_of(g)[0]]
        machine = [g for g in valid if value_of(g)[1]]
        if machine:
            return value_of(machine[0])[0]
        short = [g for g in valid if value_of(g)[2]]
        return value_of(short[0] if short else valid[-1])[0]
    return None
