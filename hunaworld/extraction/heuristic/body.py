"""The heuristic layer's article text: the best blocks of the page's walk, as paragraphs.

``itemprop=articleBody`` wins when present, then the best block of the best ``<article>``; its
paragraphs are the ``<p>`` texts, or text runs split on ``<br>``, without page furniture and
boilerplate lines.
"""

from __future__ import annotations

from functools import cached_property

from lxml import etree

from hunaworld.extraction.heuristic.page import HeuristicPage
from hunaworld.html.density import Scan, main_blocks, scan_page
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.html.furniture import NOISE_ALL, NOISE_MASK, element_flags, furniture_paragraph
from hunaworld.html.paragraphs import text_lines

_ARTICLE_BODY_MIN_TEXT = 150  # characters
_EMBEDDED_ARTICLE = 600  # characters
_SHORT_BODY = 100  # characters: a body shorter than this is looked for again with relaxed rules


class BodyField(HeuristicPage):
    def _skip(self, el: etree._Element, scan: Scan | None = None, relaxed: bool = False) -> bool:
        """For :func:`text_lines`: leave ``el`` out of the article text?"""
        if el.tag == "h1":
            return True
        if scan is None:
            scan = self.__dict__.get("_scan")
        flags = scan.flags.get(el) if scan is not None else None
        if flags is None:
            flags = element_flags(el, relaxed)
            if flags & NOISE_MASK and el in self._protected:
                flags &= ~NOISE_MASK
        if flags & NOISE_MASK:
            return True
        if el.tag == "article" and len(element_text(el)) < _EMBEDDED_ARTICLE:
            return True  # a short <article> inside the article text: a card for another story
        return furniture_paragraph(el)

    @cached_property
    def _body_roots(self) -> list:
        # microdata articleBody, when it holds some text and is not in page furniture; else the walk's choice
        for el in self._article_body_elements:
            if len(clean_ws(element_text(el))) >= _ARTICLE_BODY_MIN_TEXT and not any(
                element_flags(a) & NOISE_ALL for a in el.iterancestors()
            ):
                return [el]
        return main_blocks(self._scan)

    @cached_property
    def _body(self) -> list[str]:
        headline = self._headline_h1[1] or self._meta.get("og:title")
        roots = self._body_roots
        lines = text_lines(roots, headline, skip=self._skip) if roots else []
        if sum(map(len, lines)) < _SHORT_BODY and self.story_type() is None:
            # broken markup? an unclosed element in a <figure> or <header> may hold the text (on a
            # video or gallery page such elements hold the captions and the player's text instead)
            scan = scan_page(self.root, self._protected, relaxed=True)
            roots = main_blocks(scan)
            if roots:
                relaxed = text_lines(roots, headline, skip=lambda el: self._skip(el, scan, True))
                if sum(map(len, relaxed)) > 2 * sum(map(len, lines)) + _SHORT_BODY:
                    lines = relaxed
        return lines

    def body(self) -> list[str]:
        return list(self._body)
