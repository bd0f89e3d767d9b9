"""Layer 4: generic heuristics over the page's visible markup.

Used when neither the site's own selectors nor the structured data (JSON-LD, meta tags) answer a
field. Everything works on the lxml tree parsel already built (``sel.root``): no copy of the tree, no
XPath inside loops. The HTML helpers (:mod:`hunaworld.html`) say what is page furniture, score blocks
by their text, split paragraphs and spot date lines; this layer decides which of what they find is
the article's.

- headline: the ``<h1>`` that best matches ``og:title`` / ``<title>``, else ``<title>`` without the
  site name.
- body: one walk over the article region (the ``<article>``/``<main>`` holding the headline, else the
  page) skips whole subtrees of page furniture (scripts, navigation, sidebars, share bars, related
  and most-read lists, comments, ads, hidden elements: by tag, and by the words of class and id) and
  scores every block by the text of its paragraphs, penalised by link text. ``itemprop=articleBody``
  wins when present, then the best block of the best ``<article>``; its paragraphs are the ``<p>``
  texts, or text runs split on ``<br>``, without boilerplate lines.
- date_published: the date-like element (``<time>``, class/id with date/time/publish/meta...)
  nearest after the headline outside furniture, else a date line right after the headline.
- date_modified, tags, story_type: the update line, the tag links and a player or gallery inside
  the article's own element (:mod:`hunaworld.html.updateline`, :mod:`~hunaworld.html.taglinks`,
  :mod:`~hunaworld.html.media`).
- image_url / image_caption, authors: near the headline.
- views: the view counter the article's element shows (:mod:`hunaworld.html.counters`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property

from lxml import etree

from hunaworld.extraction.fields import PageLayer
from hunaworld.html.counters import view_count
from hunaworld.html.datespot import best_date, find_date, has_date, published_part
from hunaworld.html.density import Scan, main_blocks, scan_page
from hunaworld.html.dom import LETTER, clean_ws, element_text, is_inside, itemprop_elements, meta_map, page_index
from hunaworld.html.furniture import (
    HINT_AUTHOR,
    NOISE_ALL,
    NOISE_MASK,
    element_flags,
    furniture_paragraph,
    other_content,
    section_link,
)
from hunaworld.html.images import picture_src
from hunaworld.html.media import media_kind
from hunaworld.html.paragraphs import text_lines, texts_after
from hunaworld.html.sitenames import host_label, name_key, site_keys, strip_site_name
from hunaworld.html.taglinks import tag_links
from hunaworld.html.updateline import update_line
from hunaworld.text.arabic import fold
from hunaworld.text.bylines import strip_byline
from hunaworld.urls import join_url

_WORDS = re.compile(r"\w+")


def _word_set(text: str) -> set[str]:
    return set(_WORDS.findall(fold(text)))


def _dice(wa: set[str], wb: set[str]) -> float:
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


_SCOPE_MIN_TEXT = 600  # an <article> around the headline with less text is only its header
_ARTICLE_BODY_MIN_TEXT = 150  # characters
_EMBEDDED_ARTICLE = 600  # characters
_SHORT_BODY = 100  # characters: a body shorter than this is looked for again with relaxed rules
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
_AUTHOR_XPATH = etree.XPath(
    ".//h1 | .//a[contains(@rel, 'author')] | .//*["
    + " or ".join(
        f"contains(@{attr}, '{word}')"
        for attr in ("class", "id")
        for word in ("author", "Author", "byline", "Byline", "writer", "Writer", "reporter")
    )
    + "]"
)


def _enclosing_block(node: etree._Element, stop_tags: tuple[str, ...]) -> etree._Element:
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


class HeuristicLayer(PageLayer):
    name = "heuristic"
    fields = frozenset({"headline", "body", "date_published", "date_modified", "image_url", "image_caption",
                        "authors", "tags", "story_type", "views"})

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

    # -- main content --------------------------------------------------------------------------

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

    # -- date ------------------------------------------------------------------------------------

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

    # -- the article's own element: update line, tags ----------------------------------------------

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

    def date_modified(self) -> str | None:
        return update_line(*self._own_region)

    def tags(self) -> list[str]:
        region, excluded = self._own_region
        return tag_links(region, self.url, excluded)

    @cached_property
    def _media(self) -> str | None:
        return media_kind(*self._own_region)

    def story_type(self) -> str | None:
        return self._media

    def views(self) -> int | None:
        return view_count(self._own_region[0])

    # -- image -----------------------------------------------------------------------------------

    @cached_property
    def _headline_region(self) -> etree._Element | None:
        """The block around the headline: its ``<article>``/``<main>``, else the ``<h1>``'s ancestor
        three levels up (never ``<body>``); None without a headline ``<h1>``."""
        h1 = self._headline_h1[0]
        if h1 is None:
            return None
        if self._scope is not self.root:
            return self._scope
        return _enclosing_block(h1, ("article", "main"))

    def _image_scopes(self) -> Iterator[etree._Element]:
        """Where to look for the main image, nearest first; the main-content search runs only when
        the headline gives no region (or the region has no image)."""
        region = self._headline_region
        if region is not None:
            yield region
        for start in self._body_roots:
            node = _enclosing_block(start, ("article",))
            if node is not region:
                yield node

    @cached_property
    def _image(self) -> tuple[str | None, str | None]:
        for scope in self._image_scopes():
            for img in scope.iter("img"):
                src = picture_src(img)
                if src is None:
                    continue
                ancestors = list(img.iterancestors())
                if any(element_flags(a) & NOISE_ALL for a in ancestors):
                    continue
                caption = None
                for anc in ancestors:
                    if anc.tag == "figure":
                        for cap in anc.iter("figcaption"):
                            caption = clean_ws(element_text(cap)) or None
                            break
                        break
                    if anc is scope:
                        break
                return join_url(self.url, src), caption
        return None, None

    def image_url(self) -> str | None:
        return self._image[0]

    def image_caption(self) -> str | None:
        return self._image[1]

    # -- authors ---------------------------------------------------------------------------------

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
        site = set(site_keys(self._site_names))  # the site's own account is no author
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
            for name in names:
                name = strip_byline(clean_ws(name))
                if not name or len(name) > 60 or not LETTER.search(name) or has_date(name):
                    continue
                if (section and fold(name) == section) or name_key(name) in site:
                    continue
                if name not in out:
                    out.append(name)
            if out:
                return out
        return []
