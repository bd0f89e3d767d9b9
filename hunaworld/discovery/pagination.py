"""The next page of a section's listing, found without rules.

Tried in order: ``rel=next`` (a ``<link>`` or an ``<a>``); a link named "next" or "more" (التالي,
الصفحة التالية, المزيد, ›, », a load-more button's link); a numbered pager's link to the page after
this one. A candidate must continue this listing: the same path and parameters, with a page
marker that moves forward (``?page=N``, ``/page/N/``, ``?offset=N``, a cursor); a named or
``rel=next`` link may also go elsewhere on the host when it carries such a marker (a load-more
endpoint). ``rel=next`` naming the public host of a mirror is read on the host being crawled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from hunaworld.html.dom import clean_ws, element_text
from hunaworld.text.arabic import fold, to_ascii_digits
from hunaworld.urls import TRACKING_PREFIXES, join_url, on_host

# Query parameters that say where in the list a page starts: a page number, an offset, a cursor.
# (Not "p": WordPress names a post by it.)
PAGE_KEYS = frozenset({"page", "paged", "pg", "pagenum", "pageno", "page_no", "pagenumber", "pn"})
OFFSET_KEYS = frozenset({"offset", "start", "from", "skip", "o", "pos", "limitstart"})
CURSOR_KEYS = frozenset({"cursor", "after", "before", "max_id", "last", "lastid", "last_id", "since_id", "next",
                         "continue", "token", "page_token"})
# A path segment before a page number: ".../page/3/".
_PAGE_WORDS = frozenset({"page", "p", "pg", "صفحة", "صفحه"})
# What a next-page or load-more link says (folded): its text, aria-label or title.
_NEXT_LABEL = re.compile(
    r"^\W*(?:(?:الصفحه\s+)?التالي(?:ه)?|(?:عرض|تحميل|اعرض|حمل|اظهار|مشاهده)?\s*المزيد(?:\s+من\s+\S+)?"
    r"|اخبار\s+اقدم|الاقدم|(?:next|older|more|load\s+more|show\s+more|see\s+more)(?:\s+\w+)?)\W*$"
    r"|^\s*(?:›|»|>|>>|→)\s*$",
    re.I,
)
_LABEL_MAX = 40  # characters: a pager's or a button's label, not a headline
_NEXT_REL = etree.XPath("//link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' next ')]"
                        " | //a[@href][contains(concat(' ', normalize-space(@rel), ' '), ' next ')]")
_LINKS = etree.XPath("//a[@href]")
_CONTROLS = etree.XPath("//button | //*[@role='button'] | //a[not(@href) or starts-with(normalize-space(@href), '#')"
                        " or starts-with(normalize-space(@href), 'javascript:')]")


@dataclass(frozen=True)
class PagePlace:
    """Where a listing URL sits in its list: the list it belongs to (``base``: its path without the
    page marker, and its other parameters) and its place in it (a page number, an offset, a cursor)."""

    base: tuple[str, frozenset[tuple[str, str]]]
    kind: str  # "page" (page 1 when the URL has no marker), "offset" or "cursor"
    number: int
    cursor: str | None = None

    def followed_by(self, other: PagePlace) -> bool:
        """Whether ``other`` is a later page of the same list."""
        if other.base != self.base:
            return False
        if other.kind == "cursor":
            return other.cursor != self.cursor
        return other.number > self.number and (other.kind == self.kind or self.number in (0, 1))

    @property
    def marked(self) -> bool:
        """Whether the URL names a place in a list at all (page, offset or cursor parameter or segment)."""
        return self.kind == "cursor" or self.number > 1 or self.kind == "offset"


def page_place(url: str) -> PagePlace:
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    kind, number, cursor = "page", 1, None
    if len(segments) >= 2 and segments[-2].lower() in _PAGE_WORDS and segments[-1].isdigit():
        number, segments = int(segments[-1]), segments[:-2]
    others = set()
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        low = key.lower()
        if low.startswith(TRACKING_PREFIXES):
            continue
        if low in PAGE_KEYS and value.isdigit():
            kind, number = "page", int(value)
        elif low in OFFSET_KEYS and value.isdigit():
            kind, number = "offset", int(value)
        elif low in CURSOR_KEYS and value:
            kind, cursor = "cursor", value
        else:
            others.add((key, value))
    return PagePlace(("/".join(segments), frozenset(others)), kind, number, cursor)


def _named_next(a: etree._Element, text: str) -> bool:
    """Whether the link (its text, aria-label or title) says "next" or "more"."""
    return any(says_next(label) for label in (text, clean_ws(a.get("aria-label")), clean_ws(a.get("title"))))


def says_next(label: str | None) -> bool:
    """Whether a short label says "next" or "more" ("التالي", "عرض المزيد", "Load more", "»")."""
    return bool(label) and len(label) <= _LABEL_MAX and _NEXT_LABEL.match(fold(label)) is not None


def load_more_control(root: etree._Element) -> etree._Element | None:
    """The page's load-more control: a button (or a link to no page) whose label says "more"."""
    for el in _CONTROLS(root):
        href = (el.get("href") or "").strip()
        if el.tag == "a" and href and not href.startswith(("#", "javascript:")):
            continue
        if says_next(clean_ws(element_text(el))) or says_next(clean_ws(el.get("aria-label"))):
            return el
    return None


def _number(text: str) -> int | None:
    text = to_ascii_digits(text)
    return int(text) if text.isdigit() else None


def next_page(root: etree._Element, url: str, is_article: Callable[[str], bool]) -> tuple[str, str] | None:
    """The next page of the listing at ``url`` and how it was found ("rel-next", "named",
    "numbered"), or None on the last page; ``is_article`` says which links are articles, never a page."""
    host = urlsplit(url).netloc
    here = page_place(url)

    def later(candidate: str, loose: bool) -> bool:
        if is_article(candidate):
            return False
        place = page_place(candidate)
        return here.followed_by(place) or (loose and place.marked and place.base != here.base)

    for el in _NEXT_REL(root):
        found = join_url(url, el.get("href"))
        if not found:
            continue
        if urlsplit(found).netloc != host:
            found = on_host(found, url)  # a mirror's page names the public host
            if not here.followed_by(page_place(found)):
                continue
        if found.split("#", 1)[0] != url and later(found, loose=True):
            return found.split("#", 1)[0], "rel-next"
    # Only a short text names a next page or a page number: a headline's link is not read further.
    links = [(a, found.split("#", 1)[0], text) for a in _LINKS(root)
             if len(text := clean_ws(element_text(a))) <= _LABEL_MAX and (text or a.get("aria-label") or a.get("title"))
             and (found := join_url(url, a.get("href"))) and urlsplit(found).netloc == host]
    for a, found, text in links:
        if _named_next(a, text) and later(found, loose=True):
            return found, "named"
    numbered = []
    for _, found, text in links:
        number = _number(text)
        if number is None:
            continue
        place = page_place(found)
        # A pager's link says its page's number; an offset pager's says a number of its own.
        if here.followed_by(place) and (place.kind == "offset" or number == place.number):
            numbered.append((place.number, found))
    if numbered:
        return min(numbered)[1], "numbered"
    return None


def is_listing_page(candidate: str, url: str) -> bool:
    """Whether ``candidate`` is another page of the listing at ``url`` (a pager's link)."""
    place, here = page_place(candidate), page_place(url)
    return place.base == here.base and (place.marked or here.marked)
