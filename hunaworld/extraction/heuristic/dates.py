"""The heuristic layer's publication date: the date line of the article's header.

The date-like element (``<time>``, class/id with date/time/publish/meta...) nearest after the
headline outside furniture, else a date line right after the headline.
"""

from __future__ import annotations

from lxml import etree

from hunaworld.extraction.heuristic.body import BodyField
from hunaworld.html.datespot import best_date, find_date, published_part
from hunaworld.html.density import Scan
from hunaworld.html.furniture import NOISE_ALL, element_flags
from hunaworld.html.paragraphs import texts_after

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


class DateField(BodyField):
    def _ranked(self, candidates: list, scan: Scan) -> list:
        """Candidates (order, element) nearest the headline first; after it before before it."""
        h1 = self._headline_h1[0]
        return self._rank_around(candidates, scan.order.get(h1) if h1 is not None else None)

    @staticmethod
    def _rank_around(candidates: list, h1_order: int | None) -> list:
        if h1_order is None:
            return list(candidates)

        def rank(item: tuple[int, etree._Element]) -> int:
            order = item[0]
            return order - h1_order if order > h1_order else (h1_order - order) + 10

        return sorted(candidates, key=rank)

    def date_published(self) -> str | None:
        # 1. date-like elements of the article, nearest the headline
        found = self._date_in(self._scan)
        if found is not None:
            return found
        # 2. a date line right after the headline, whatever its markup
        h1 = self._headline_h1[0]
        if h1 is not None:
            for text, holder in texts_after(h1, 25):
                if len(text) > 150:
                    break  # the article text has started: a date line comes before it
                if len(text) > 100:
                    continue
                value = find_date(published_part(text))
                if value and holder is not None and not any(
                    element_flags(a) & NOISE_ALL for a in holder.iterancestors()
                ):
                    return value
        # 3. date-like elements just before or after the headline's <article> (a date line above it)
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
        ``h1_order``."""
        if isinstance(candidates, Scan):
            scan, candidates = candidates, candidates.dates
            ranked = self._ranked(candidates, scan)
        else:
            ranked = self._rank_around(candidates, h1_order)
        return best_date([el for _, el in ranked[:40]], {el for _, el in candidates})
