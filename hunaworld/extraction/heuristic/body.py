"""The heuristic layer's article text: the best blocks of the page's walk, as paragraphs.

``itemprop=articleBody`` wins when present, then the best block of the best ``<article>``; its
paragraphs are the ``<p>`` texts, or text runs split on ``<br>``, without page furniture and
boilerplate lines, without the byline block that may open them (:mod:`hunaworld.text.bylineblock`)
and without pull quotes (:mod:`hunaworld.text.pullquotes`). A live blog's text is its updates
(:mod:`hunaworld.html.liveblog`).
"""

from __future__ import annotations

import re
from functools import cached_property

from lxml import etree

from hunaworld.extraction.heuristic.page import HeuristicPage
from hunaworld.html.density import Scan, main_blocks, scan_page
from hunaworld.html.dom import clean_ws, element_text, is_inside
from hunaworld.html.furniture import NOISE_ALL, NOISE_MASK, element_flags, furniture_paragraph
from hunaworld.html.liveblog import live_updates
from hunaworld.html.media import media_kind
from hunaworld.html.paragraphs import text_lines, texts_after
from hunaworld.text.bylineblock import BylineBlock, byline_block, byline_line
from hunaworld.text.pullquotes import without_pull_quotes

_ARTICLE_BODY_MIN_TEXT = 150  # characters
_EMBEDDED_ARTICLE = 600  # characters
_SHORT_BODY = 100  # characters: a body shorter than this is looked for again with relaxed rules
_HEADER_TEXTS = 25  # texts after the headline, at most, before the article's text
_HEADER_LINE = 150  # characters: a longer text is the article's, not its header's
# How a live blog's title says so: "مباشر", "لحظة بلحظة", "تغطية مباشرة", "أولاً بأول", "live".
_LIVE_TITLE = re.compile(r"مباشر|لحظة\s*ب\s*لحظة|أول[اًا]*\s*ب\s*أول|(?<![^\W\d_])live(?![^\W\d_])", re.I)


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
    def _lines(self) -> list[str]:
        """The paragraphs of the best blocks, as the page shows them."""
        headline = self._headline_h1[1] or self._meta.get("og:title")
        roots = self._body_roots
        lines = text_lines(roots, headline, skip=self._skip) if roots else []
        if sum(map(len, lines)) < _SHORT_BODY and self._media is None:
            # broken markup? an unclosed element in a <figure> or <header> may hold the text (on a
            # video or gallery page such elements hold the captions and the player's text instead)
            scan = scan_page(self.root, self._protected, relaxed=True)
            roots = main_blocks(scan)
            if roots:
                relaxed = text_lines(roots, headline, skip=lambda el: self._skip(el, scan, True))
                if sum(map(len, relaxed)) > 2 * sum(map(len, lines)) + _SHORT_BODY:
                    lines = relaxed
        return lines

    @cached_property
    def _byline_block(self) -> BylineBlock:
        return byline_block(self._lines, self._site_keys)

    @cached_property
    def _body(self) -> list[str]:
        """The article's paragraphs: a live blog's updates, else the text after its byline block."""
        if self._live:
            return self._live
        return without_pull_quotes(self._lines[self._byline_block.size :])

    def body(self) -> list[str]:
        return list(self._body)

    @cached_property
    def _header_after(self) -> list[tuple[str, etree._Element | None]]:
        """The texts between the headline and the article's first paragraph (a subtitle, the date
        line, the byline...), with the element holding each; furniture left out. The text has
        started at the first line of the body's blocks that is no line of a byline block."""
        h1 = self._headline_h1[0]
        if h1 is None:
            return []
        roots = self._body_roots
        out = []
        for text, holder in texts_after(h1, _HEADER_TEXTS):
            line = clean_ws(text)
            if len(line) > _HEADER_LINE:
                break
            if not line:
                continue
            if (holder is not None and any(holder is root or is_inside(holder, root) for root in roots)
                    and byline_line(line, self._site_keys) is None):
                break
            out.append((line, holder))
        return out

    # -- what kind of story the page tells ---------------------------------------------------------

    @cached_property
    def _live(self) -> list[str]:
        """A live blog's updates, in page order; [] for any other page. Only a page that says it is
        live is looked at (its title, or its structured data): a timeline in an article is no blog."""
        titles = (self._title, self._meta.get("og:title"), self._headline_h1[1])
        says_live = any(_LIVE_TITLE.search(title) for title in titles if title) or any(
            "liveblogposting" in (script.text or "").lower() for script in self._index["script"]
            if "ld+json" in (script.get("type") or ""))
        return live_updates(*self._own_region) if says_live else []

    @cached_property
    def _media(self) -> str | None:
        """"video" or "gallery" when the article's own element holds a player or a gallery."""
        return media_kind(*self._own_region)
