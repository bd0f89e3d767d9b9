"""A live blog's updates: a list of entries, each opening with the time it was posted ("14:35",
"10:30 ص", ``<time>``), newest or oldest first.

Found by their times: three entries or more, side by side in one container, each starting with a
clock time and holding a sentence of news, their times in the page's order (rising or falling,
across midnight once at most). Lines around the list ("this page is updated", an introduction) are
no update. Each update becomes one paragraph starting with its time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from lxml import etree

from hunaworld.html.dom import clean_ws, element_text, in_excluded_block
from hunaworld.html.paragraphs import text_lines
from hunaworld.text.arabic import to_ascii_digits

# A clock time opening a text: "14:35", "10:30 ص", "الساعة 09:05", "08:30 GMT".
_OPENING_TIME = re.compile(
    r"^\s*(?:الساعة\s*)?(?P<h>[01]?\d|2[0-3])\s*:\s*(?P<m>[0-5]\d)(?!\d)"
    r"(?:\s*(?P<half>ص|م|صباحا|صباحًا|صباحاً|مساء|مساءً|am|pm)(?![^\W\d_]))?(?:\s*(?:GMT|UTC|بتوقيت\s+\S+))?",
    re.I,
)
# Scripts are left out first: a page's scripts hold most of its characters, and many a colon.
_CLOCK_TEXTS = etree.XPath(".//*[not(self::script or self::style)]/text()[contains(., ':')]")
_MIN_UPDATES = 3
_MIN_TEXT = 40  # characters of news after an update's time
_LEVELS = 4  # how far above the time's own element an update's block may sit


def _minutes(match: re.Match[str]) -> int:
    hour = int(match["h"])
    half = (match["half"] or "").lower()
    if half and half[0] in "مp" and hour < 12:
        hour += 12
    elif half and half[0] in "صa" and hour == 12:
        hour = 0
    return hour * 60 + int(match["m"])


def _in_page_order(times: list[int]) -> bool:
    """Rising or falling, with one turn across midnight at most."""
    steps = list(pairwise(times))
    rises = sum(b > a for a, b in steps)
    falls = sum(b < a for a, b in steps)
    return min(rises, falls) <= 1 and len(set(times)) > 1


def _first_text(el: etree._Element) -> str:
    """The first text with a letter or digit in ``el``'s subtree."""
    for text in el.itertext():
        if text.strip():
            return text
    return ""


_ENDS_SENTENCE = re.compile(r"[.!?؟:…»\")]$")


def _joined(lines: list[str]) -> str:
    """An update's lines as one paragraph: a heading without a stop is set off from its text by a dash."""
    out = ""
    for line in lines:
        out = f"{out}{' ' if not out or _ENDS_SENTENCE.search(out) else ' - '}{line}" if out else line
    return out


def _link_text(el: etree._Element) -> int:
    return sum(len(clean_ws(element_text(a))) for a in el.iter("a"))


def live_updates(region: etree._Element, excluded: Callable[[etree._Element], bool]) -> list[str]:
    """The updates of the live blog in ``region``, each as "TIME TEXT", in page order; [] when the
    region holds none. Entries inside an ``excluded`` block (below ``region``) are not looked at."""
    holders: list[etree._Element] = []
    for text in _CLOCK_TEXTS(region):
        if _OPENING_TIME.match(to_ascii_digits(text)):
            parent = text.getparent()
            holder = parent.getparent() if text.is_tail else parent
            if holder is not None:
                holders.append(holder)
    if len(holders) < _MIN_UPDATES:
        return []
    # The container whose children hold the most times, each child one: the list of updates.
    children_of: dict[etree._Element, list[etree._Element]] = {}
    for holder in holders:
        child = holder
        for _ in range(_LEVELS):
            parent = child.getparent()
            if parent is None or child is region:
                break
            found = children_of.setdefault(parent, [])
            if not found or found[-1] is not child:
                found.append(child)
            child = parent
    container, entries = max(children_of.items(), key=lambda item: len(item[1]), default=(None, []))
    if container is None or len(entries) < _MIN_UPDATES or in_excluded_block(container, region, excluded):
        return []
    updates, times = [], []
    for entry in entries:
        first = _first_text(entry)
        opening = _OPENING_TIME.match(to_ascii_digits(first))  # the same length: its span indexes ``first``
        if opening is None:
            continue  # the time is inside the entry's text, not at its head
        time = " ".join(first[: opening.end()].split())
        text = _joined(text_lines(entry))
        if len(text) - len(time) < _MIN_TEXT or 2 * _link_text(entry) > len(text):
            continue  # a line of caption, or a teaser linking to another story
        updates.append(text if text.startswith(time) else f"{time} {text}")
        times.append(_minutes(opening))
    if len(updates) < _MIN_UPDATES or not _in_page_order(times):
        return []
    return updates

