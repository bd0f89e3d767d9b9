"""The page as the heuristic layer reads it: its head facts, the headline ``<h1>``, and one walk over
the page that scores blocks by their text (:mod:`hunaworld.html.density`).

Every field of the layer (:mod:`hunaworld.extraction.heuristic`) starts from these: the article's
region is the ``<article>``/``<main>`` that holds the headline, and its text is the best block of
the walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from lxml import etree

from hunaworld.extraction.fields import PageLayer
from hunaworld.html.density import Scan, scan_page
from hunaworld.html.dom import LETTER, clean_ws, element_text, itemprop_elements, meta_map, page_index
from hunaworld.html.furniture import NOISE_ALL, element_flags, other_content
from hunaworld.html.sitenames import host_label, site_keys, strip_site_name
from hunaworld.text.arabic import fold

_WORDS = re.compile(r"\w+")


def _word_set(text: str) -> set[str]:
    return set(_WORDS.findall(fold(text)))


def _dice(wa: set[str], wb: set[str]) -> float:
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


_SCOPE_MIN_TEXT = 600  # an <article> around the headline with less text is only its header


def enclosing_block(node: etree._Element, stop_tags: tuple[str, ...]) -> etree._Element:
    """The ancestor up to three levels above ``node``: the first ``stop_tags`` element, else the
    third parent, never ``<body>`` itself."""
    for _ in range(3):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
        if node.tag in stop_tags:
            break
    return node


class HeuristicPage(PageLayer):
    """The shared facts of one page; the field mixins of the heuristic layer build on them."""

    # -- shared page facts ---------------------------------------------------------------------

    @cached_property
    def _index(self) -> dict[str, list]:
        return page_index(self.root)

    @cached_property
    def _meta(self) -> dict[str, str]:
        return {key: values[0] for key, values in meta_map(self.root).items()}

    @cached_property
    def _title(self) -> str | None:
        for title in self._index["title"]:
            text = clean_ws(element_text(title))
            if text:
                return text
        return None

    @cached_property
    def _site_names(self) -> list[str]:
        meta = self._meta
        names = [meta.get("og:site_name"), meta.get("application-name"), meta.get("twitter:site", "")]
        names.append(host_label(self.url))
        names.extend(self.known_names)
        return [n.lstrip("@") for n in names if n]

    @cached_property
    def _site_keys(self) -> frozenset[str]:
        return frozenset(site_keys(self._site_names))

    @cached_property
    def _headline_h1(self) -> tuple[etree._Element | None, str | None]:
        """(element, text) of the <h1> that is the headline, or (None, None)."""
        h1s = []
        for h1 in self._index["h1"]:
            text = clean_ws(element_text(h1))
            if text and LETTER.search(text):
                h1s.append((h1, text))
        if not h1s:
            return None, None
        refs = [r for r in (self._meta.get("og:title"), self._meta.get("twitter:title"), self._title) if r]
        if refs:
            ref_words = [_word_set(r) for r in dict.fromkeys(refs)]
            best, best_score = (None, None), 0.0
            for h1, text in h1s:
                words = _word_set(text)
                score = max(_dice(words, ref) for ref in ref_words)
                if score > best_score:
                    best, best_score = (h1, text), score
            return best if best_score >= 0.5 else (None, None)
        # no reference: the first h1 that is a sentence and not furniture
        for h1, text in h1s:
            if len(text.split()) >= 3 and not any(element_flags(a) & NOISE_ALL for a in h1.iterancestors()):
                return h1, text
        return None, None

    # -- headline ------------------------------------------------------------------------------

    def headline(self) -> str | None:
        text = self._headline_h1[1]
        if text:
            return text
        title = self._title or clean_ws(self._meta.get("og:title"))
        return strip_site_name(title, self._site_names, guess=True)

    # -- one walk over the page ----------------------------------------------------------------

    @cached_property
    def _article_body_elements(self) -> list:
        return [el for el in itemprop_elements(self.root, "articlebody") if el.tag != "meta"]

    @cached_property
    def _protected(self) -> set:
        """Elements never treated as furniture: the containers of the headline and of the body.

        A class such as ``content-with-sidebar`` on the page wrapper must not hide the article.
        """
        keep = set()
        h1 = self._headline_h1[0]
        if h1 is not None:
            # from the grandparent up: the h1's own header block stays furniture for the body
            keep.update(list(h1.iterancestors())[1:])
        for el in self._article_body_elements:
            keep.add(el)
            keep.update(el.iterancestors())
        return keep

    @cached_property
    def _scope(self) -> etree._Element:
        """Where the article is looked for: the ``<article>`` (or ``<main>``) that holds the headline
        when it holds some text besides, else the whole page."""
        h1 = self._headline_h1[0]
        if h1 is not None:
            for anc in h1.iterancestors():
                if anc.tag in ("article", "main"):
                    if len(element_text(anc)) - len(element_text(h1)) >= _SCOPE_MIN_TEXT:
                        return anc
                    break
        return self.root

    @cached_property
    def _scan(self) -> Scan:
        scan = scan_page(self._scope, self._protected)
        if self._scope is not self.root and max((b.direct for b in scan.blocks.values()), default=0) < 300:
            scan = self._page_scan  # the article element holds little text: the body is elsewhere
        return scan

    @cached_property
    def _page_scan(self) -> Scan:
        scan = self.__dict__.get("_scan")
        if scan is not None and self._scope is self.root:
            return scan
        return scan_page(self.root, self._protected)

    # -- candidates ranked around the headline ---------------------------------------------------

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

    # -- the article's own element and the headline's block --------------------------------------

    @cached_property
    def _own_region(self) -> tuple[etree._Element, Callable[[etree._Element], bool]]:
        """The article's own element (the ``<article>``/``<main>`` around the headline), where only
        blocks about other articles are left out; without one, the page, where all furniture is."""
        h1s = self._index["h1"]
        # A page with one <h1> needs no matching against its title (site pages ask for the update line).
        h1 = h1s[0] if len(h1s) == 1 else self._headline_h1[0]
        own = next((a for a in h1.iterancestors() if a.tag in ("article", "main")), None) if h1 is not None else None
        if own is not None:
            return own, other_content
        return self.root, lambda el: bool(element_flags(el) & NOISE_ALL)

    @cached_property
    def _headline_region(self) -> etree._Element | None:
        """The block around the headline: its ``<article>``/``<main>``, else the ``<h1>``'s ancestor
        three levels up (never ``<body>``); None without a headline ``<h1>``."""
        h1 = self._headline_h1[0]
        if h1 is None:
            return None
        if self._scope is not self.root:
            return self._scope
        return enclosing_block(h1, ("article", "main"))
