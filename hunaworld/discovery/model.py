"""What discovery learns of a section from its listing pages: the shapes of its article URLs, its
cards and its pager; and each listing page read with what was learnt.

A shape is the section's when, on one listing page, at least ``MIN_LINKS`` distinct links of the
main content share it (outside furniture, rails and sponsored cards: :mod:`hunaworld.html.articlelinks`)
and their titles read as headlines (``MIN_TITLE_WORDS`` words at the median, where a tag, a
category or an author link has one to three). Several shapes may hold at once (``/node/{id}`` and
``/world/{yyyy}/{mm}/{dd}/{slug}``). Shapes that differ from the section's only by a literal
(``/sport/...`` beside ``/world/...``) are other sections: their links are refused unless they sit
in the very blocks of the section's own list. Shapes learnt on one page apply to the later ones (a
last page lists few articles). The record (:meth:`SectionModel.summary`) is what a profile draft is
written from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from hunaworld.discovery.pagination import is_listing_page, next_page
from hunaworld.discovery.urlshape import Shape, generalise, numbered_or_dated
from hunaworld.extraction.listing import Card, Listing
from hunaworld.html.articlelinks import card_of, found_links, main_links
from hunaworld.html.dom import LETTER, clean_ws, element_text
from hunaworld.urls import join_url

if TYPE_CHECKING:
    from parsel import Selector

MIN_LINKS = 3
MIN_TITLE_WORDS = 4
# At most this many words: the label of a section's link ("العالم"), not a headline.
_SECTION_LABEL_WORDS = 4
_LINKS = etree.XPath("//a[@href]")


@dataclass
class ShapeRecord:
    """A learnt article shape: on how many listing pages it was found, how many links it took, and
    its first links."""

    shape: Shape
    pages: int = 0
    links: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class SectionModel:
    """The section's learnt navigation, updated by every listing page it reads."""

    shapes: dict[Shape, ShapeRecord] = field(default_factory=dict)
    # Links refused as other sections' (by shape), and links to other hosts, over the pages read.
    refused: Counter[str] = field(default_factory=Counter)
    # "container > card" signatures of the cards taken, and how each next page was found.
    cards: Counter[str] = field(default_factory=Counter)
    pagers: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    # The section's name as the site labels its link (the menu's "العالم"), from the first page.
    title: str | None = None
    # How a listing written by script was read: {"api": ListingApi's fields} or {"render": True}.
    scripted: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The learnt shape of each URL looked at (None: of no learnt shape), until a shape is learnt:
        # a page asks several times about each of its links.
        self._shape_of: dict[str, Shape | None] = {}

    def learn(self, shape: Shape) -> None:
        self.shapes[shape] = ShapeRecord(shape)
        self._shape_of.clear()

    def shape_of(self, url: str) -> Shape | None:
        """The learnt shape of ``url``, or None."""
        if url not in self._shape_of:
            self._shape_of[url] = next((shape for shape in self.shapes if shape.matches(url)), None)
        return self._shape_of[url]

    def is_article(self, url: str) -> bool:
        return self.shape_of(url) is not None

    def is_section_article(self, url: str) -> bool:
        """Whether ``url`` is of a shape whose links the section's list held (not of a shape learnt
        from a block of another section's stories, whose links were refused)."""
        shape = self.shape_of(url)
        return shape is not None and self.shapes[shape].links > 0

    def read(self, sel: Selector, url: str) -> Listing:
        """The page's article cards in page order, with the links refused and the shapes first learnt
        on it; what is learnt is kept for the next pages."""
        self.pages += 1
        if self.pages == 1:
            self.title = section_title(sel.root, url)
        scope, links, elsewhere = main_links(sel.root, url)
        links = {a: target for a, target in links.items()
                 if target.rstrip("/") != url.rstrip("/") and not is_listing_page(target, url)}
        titles: dict[str, str] = {}
        for a, target in links.items():
            title = clean_ws(element_text(a))
            if len(title) > len(titles.get(target, "")):
                titles[target] = title
        found = self._shapes_on_page(list(titles), titles)
        new = [shape for shape in found if shape not in self.shapes]
        for shape in new:
            self.learn(shape)
        taken, refused, mates = self._taken(scope, links, titles)
        new += mates
        for shape, urls in self._by_shape(taken.values()).items():
            record = self.shapes[shape]
            record.pages += 1
            record.links += len(urls)
            record.examples.extend(urls[: 3 - len(record.examples)])
        self.refused.update({"other section": len(refused), "other host": len(elsewhere)})
        cards = [Card(link.url, link.title, link.date_text) for link in found_links(scope, taken)]
        return Listing(cards, refused + list(dict.fromkeys(elsewhere)), learnt=tuple(str(shape) for shape in new))

    def _shapes_on_page(self, urls: list[str], titles: dict[str, str]) -> list[Shape]:
        """The shapes of this page's links that read as the section's articles."""
        found = []
        for shape, covered in generalise(urls):
            if len(covered) < MIN_LINKS or not shape.variables:
                continue
            if median(len(titles[u].split()) for u in covered) >= MIN_TITLE_WORDS:
                found.append(shape)
        return found

    def _taken(self, scope: etree._Element, links: dict[etree._Element, str], titles: dict[str, str]
               ) -> tuple[dict[etree._Element, str], list[str], list[Shape]]:
        """The section's article links, the links refused as other sections', and shapes learnt
        from single links.

        The links of the section's own shapes are taken. A link of a shape that differs from the
        section's by a literal only, or of no learnt shape but with an id or a date and a headline
        (an archive's older URLs, too few on the page to learn from), is taken only in a card like
        the section's, in the same list block; its shape is then learnt.
        """
        matching = {a: target for a, target in links.items() if self.is_article(target)}
        here = {shape: len(urls) for shape, urls in self._by_shape(matching.values()).items()}
        by_skeleton: dict[tuple, list[Shape]] = {}
        for shape in self.shapes:
            by_skeleton.setdefault(shape.skeleton, []).append(shape)
        # Of shapes that differ by a literal only, the section's is the one that took the most links.
        own = {max(shapes, key=lambda s: self.shapes[s].links + here.get(s, 0)) for shapes in by_skeleton.values()}
        for a, target in links.items():
            if a not in matching and numbered_or_dated(target) and \
                    len(titles.get(target, "").split()) >= MIN_TITLE_WORDS:
                matching[a] = target
        cards = {a: card_of(a, scope, matching) for a in matching}
        kinds = {a: (card.getparent(), _signature(card)) for a, card in cards.items()}
        blocks = {kinds[a] for a, target in matching.items() if self.shape_of(target) in own}
        taken: dict[etree._Element, str] = {}
        refused: list[str] = []
        learnt: list[Shape] = []
        for a, target in matching.items():
            shape = self.shape_of(target)
            if shape in own or kinds[a] in blocks:
                taken[a] = target
                if shape is None:
                    learnt.append(generalise([target])[0][0])
                    self.learn(learnt[-1])
            elif shape is not None:
                refused.append(target)
        self.cards.update(f"{_signature(kinds[a][0])} > {kinds[a][1]}" for a in taken)
        return taken, list(dict.fromkeys(refused)), learnt

    def _by_shape(self, urls: Iterable[str]) -> dict[Shape, list[str]]:
        """The distinct ``urls`` by the learnt shape each one has (those of none left out)."""
        found: dict[Shape, list[str]] = {}
        for url in dict.fromkeys(urls):
            shape = self.shape_of(url)
            if shape is not None:
                found.setdefault(shape, []).append(url)
        return found

    def next_page(self, sel: Selector, url: str) -> str | None:
        found = next_page(sel.root, url, self.is_article)
        if found is None:
            return None
        self.pagers[found[1]] += 1
        return found[0]

    def summary(self) -> dict[str, object]:
        """What was learnt, for a person or a profile draft: the article shapes (with a regular
        expression of each), the commonest card signature, how the next pages were found."""
        return {
            "pages": self.pages,
            "article_shapes": [{"shape": str(r.shape), "pattern": r.shape.pattern(), "pages": r.pages,
                                "links": r.links, "examples": r.examples}
                               for r in sorted(self.shapes.values(), key=lambda r: -r.links) if r.links],
            "cards": self.cards.most_common(1)[0][0] if self.cards else None,
            "pagination": dict(self.pagers),
            "title": self.title,
            "refused": dict(self.refused),
            "scripted": self.scripted,
        }


def section_title(root: etree._Element, url: str) -> str | None:
    """The label of the page's links to itself (its entry in the site's menu, the category label
    of its cards), the commonest when they differ; None when no link names it."""
    here = urlsplit(url)
    labels: Counter[str] = Counter()
    for a in _LINKS(root):
        target = join_url(url, a.get("href"))
        if not target:
            continue
        there = urlsplit(target)
        if (there.path.rstrip("/"), there.query) == (here.path.rstrip("/"), here.query):
            label = clean_ws(element_text(a))
            if label and len(label.split()) <= _SECTION_LABEL_WORDS and LETTER.search(label):
                labels[label] += 1
    return max(labels, key=lambda label: (labels[label], -len(label))) if labels else None


def _signature(el: etree._Element | None) -> str:
    """``tag.class1.class2`` of an element, as a CSS selector names it."""
    if el is None:
        return ""
    # Classes with a digit name one card ("post-48202"), not the kind.
    classes = "".join(f".{c}" for c in (el.get("class") or "").split() if not any(ch.isdigit() for ch in c))
    return f"{el.tag}{classes}"
