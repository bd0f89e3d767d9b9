"""The heuristic layer's publication date: the date line of the article's header, never a date that a
sentence of its text mentions (a match to come, an anniversary).

The date-like element (``<time>``, class/id with date/time/publish/meta...) nearest the headline
outside furniture, else a date line between the headline and the text ("25-02-2017 - 10:30"), else
a line of nothing but a date just above the headline ("10:30 - 2017/02/25"), else a date-like
element beside the headline's ``<article>``.
"""

from __future__ import annotations

from functools import cached_property

from lxml import etree

from hunaworld.extraction.heuristic.body import BodyField
from hunaworld.extraction.heuristic.page import enclosing_block
from hunaworld.html.datespot import best_date, date_line, find_date, published_part
from hunaworld.html.density import Scan
from hunaworld.html.dom import clean_ws, element_text, is_inside
from hunaworld.html.furniture import NOISE_ALL, element_flags

_DATE_XPATH = etree.XPath(
    "descendant-or-self::time | descendant-or-self::*["
    + " or ".join(
        f"contains(@{attr}, '{word}')"
        for attr in ("class", "id")
        for word in ("date", "Date", "time", "Time", "publish", "Publish", "posted", "created", "meta",
                     "info")
    )
    + "]"
)


# The texts before an element, the nearest few (an XPath reverse axis counts from the element).
_TEXTS_BEFORE = etree.XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 8]")
_DATE_LINE = 100  # characters: a longer text is a sentence, not a date line
_DATE_ONLY = 30  # characters: a text this short holds a date and little else
_TEXTS_ABOVE = 4  # texts above the headline that may be its date line


class DateField(BodyField):
    def date_published(self) -> str | None:
        # 1. date-like elements of the article, nearest the headline
        found = self._date_in(self._scan)
        if found is not None:
            return found
        # 2. a date line between the headline and the article's text, whatever its markup
        for text, holder in self._header_after:
            if len(text) > _DATE_LINE:
                continue
            value = find_date(published_part(text))
            if value and holder is not None and not any(element_flags(a) & NOISE_ALL for a in holder.iterancestors()):
                return value
        # 3. a line with nothing but a date just above the headline, in its block
        found = self._date_above()
        if found is not None:
            return found
        # 4. date-like elements just before or after the headline's <article> (a date line above it)
        scope = self._scope
        if scope is not self.root and self._scan is not self.__dict__.get("_page_scan"):
            before = list(scope.itersiblings(preceding=True))[:3][::-1]
            after = list(scope.itersiblings())[:3]
            nodes = [el for sib in before for el in _DATE_XPATH(sib)]
            h1_order = len(nodes)
            nodes += [el for sib in after for el in _DATE_XPATH(sib)]
            found = [
                (order if order < h1_order else order + 1, el)
                for order, el in enumerate(nodes)
                if el.tag != "h1" and not any(element_flags(a) & NOISE_ALL for a in (el, *el.iterancestors()))
            ]
            return self._date_in(found, h1_order)
        return None

    def _date_in(self, candidates: Scan | list[tuple[int, etree._Element]], h1_order: int | None = None) -> str | None:
        """The best date among candidates: a walk, or (order, element) pairs ranked around
        ``h1_order``. A sentence of the article's text that mentions a date is no candidate."""
        if isinstance(candidates, Scan):
            scan, candidates = candidates, candidates.dates
            ranked = self._ranked(candidates, scan)
        else:
            ranked = self._rank_around(candidates, h1_order)
        ranked = [(order, el) for order, el in ranked[:40] if not self._in_text(el)]
        return best_date([el for _, el in ranked], {el for _, el in candidates})

    def _in_text(self, el: etree._Element) -> bool:
        """Whether ``el`` holds a sentence of the article's text (not a line with only a date)."""
        text = clean_ws(element_text(el))
        return len(text) > _DATE_ONLY and date_line(text) is None and text in self._body_text

    @cached_property
    def _body_text(self) -> str:
        return "\n".join(self._body)

    def _date_above(self) -> str | None:
        """The date of a line with nothing but a date among the few texts just before the headline,
        inside the headline's block (the date line of a header that opens above the title)."""
        h1 = self._headline_h1[0]
        if h1 is None:
            return None
        block = enclosing_block(h1, ("article", "main"))
        seen = 0
        for text in reversed(_TEXTS_BEFORE(h1)):
            holder = text.getparent().getparent() if text.is_tail else text.getparent()
            if holder is None or (holder is not block and not is_inside(holder, block)):
                break
            line = clean_ws(text)
            if not line:
                continue
            if len(line) > _DATE_LINE or seen >= _TEXTS_ABOVE:
                break  # a paragraph, or the texts above are too far from the headline
            seen += 1
            if any(element_flags(a) & NOISE_ALL for a in (holder, *holder.iterancestors())):
                continue
            value = date_line(line)
            if value:
                return value
        return None
