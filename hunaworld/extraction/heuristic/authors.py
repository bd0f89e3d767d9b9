"""The heuristic layer's authors: the byline block that opens the text, a byline written as a sentence
under the headline ("بقلم: NAME - CITY"), else the byline element nearest the headline, in the
article's own element. The site signing as a desk ("SITE - CITY") is no author.
"""

from __future__ import annotations

from lxml import etree

from hunaworld.extraction.heuristic.body import BodyField
from hunaworld.html.datespot import has_date
from hunaworld.html.density import Scan
from hunaworld.html.dom import LETTER, clean_ws, element_text, is_inside
from hunaworld.html.furniture import HINT_AUTHOR, NOISE_ALL, element_flags, section_link
from hunaworld.text.arabic import fold
from hunaworld.text.bylineblock import AUTHOR, byline_line
from hunaworld.text.bylines import byline_author

_AUTHOR_XPATH = etree.XPath(
    ".//h1 | .//a[contains(@rel, 'author')] | .//*["
    + " or ".join(
        f"contains(@{attr}, '{word}')"
        for attr in ("class", "id")
        for word in ("author", "Author", "byline", "Byline", "writer", "Writer", "reporter")
    )
    + "]"
)


class AuthorsField(BodyField):
    def _author_candidates(self) -> tuple[list, Scan | None]:
        """Byline candidates (order, element) and the walk they come from (None: a direct search of
        the headline's region, in document order with the ``<h1>`` itself as a member)."""
        scan = self.__dict__.get("_scan")
        region = self._headline_region
        if scan is None and region is not None:
            found = []
            for order, el in enumerate(_AUTHOR_XPATH(region)):
                if el.tag == "h1" or el.tag == "a" or element_flags(el) & HINT_AUTHOR:
                    found.append((order, el))
            return found, None
        scan = self._scan
        return scan.authors, scan

    def authors(self) -> list[str]:
        # the bylines between the headline and the text: a byline block, a byline as a sentence
        names = []
        for text, _ in self._header_after:
            said = byline_line(text, self._site_keys)
            if said is not None and said[0] == AUTHOR and said[1] and said[1] not in names:
                names.append(said[1])
        return names or self._byline_near_headline()

    def _byline_near_headline(self) -> list[str]:
        """The names in the byline element nearest the headline (by class, id or ``rel=author``)."""
        h1 = self._headline_h1[0]
        scope = None
        if h1 is not None:
            scope = next((a for a in h1.iterancestors() if a.tag in ("article", "main")), None)
        candidates, scan = self._author_candidates()
        if scan is None:
            h1_order = next((o for o, el in candidates if el is h1), None)
            candidates = [c for c in candidates if c[1].tag != "h1"]
            ranked = self._rank_around(candidates, h1_order)
        else:
            ranked = self._ranked(candidates, scan)
        section = fold(self._meta.get("article:section"))
        for _, node in ranked[:20]:
            if scope is not None and not is_inside(node, scope):
                continue
            if any(element_flags(a) & NOISE_ALL for a in (node, *node.iterancestors())):
                continue
            links = [a for a in node.iter("a") if clean_ws(element_text(a))]  # iter() includes node
            names = [element_text(a) for a in links if not section_link(a)]
            if not links:
                names = [element_text(node)]
            out: list[str] = []
            for text in names:
                name = byline_author(clean_ws(text), self._site_keys)  # the site's own account is no author
                if not name or len(name) > 60 or not LETTER.search(name) or has_date(name):
                    continue
                if section and fold(name) == section:
                    continue
                if name not in out:
                    out.append(name)
            if out:
                return out
        return []
