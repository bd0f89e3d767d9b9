"""Where a page's main text is: one walk that scores every block by the text of its paragraphs.

The walk skips whole subtrees of page furniture (:mod:`hunaworld.html.furniture`) and scores every
block by the text of its paragraphs, penalised by link text; on the way it notes the elements that may
hold the date line or the byline, in document order, for the heuristic layer to rank.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from hunaworld.html.dom import MAX_DEPTH, is_inside
from hunaworld.html.furniture import HINT_AUTHOR, HINT_DATE, NOISE_ALL, NOISE_BODY, NOISE_MASK, element_flags
from hunaworld.html.paragraphs import BLOCK_TAGS

# Elements whose own text is a paragraph of their parent (for scoring).
_PARA_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd"})


class Block:
    """The text counts of one block element, and its score."""

    __slots__ = ("direct", "el", "link", "parent", "text", "total")

    def __init__(self, el: etree._Element, parent: Block | None) -> None:
        self.el = el
        self.parent = parent
        self.text = 0  # length of the text directly in this block (not in child blocks)
        self.link = 0  # ... of which inside links
        self.direct = 0.0  # score: its paragraphs' text, and half of its grandchildren's
        self.total = 0.0  # all paragraph text in the subtree


class Scan:
    """What one walk over the page found."""

    __slots__ = ("articles", "authors", "blocks", "dates", "flags", "order")

    def __init__(self) -> None:
        self.flags: dict = {}  # element -> its flags (protection applied), for every element seen
        self.blocks: dict = {}  # element -> Block, for blocks outside furniture
        self.articles: list = []  # <article> elements
        self.dates: list = []  # (order, element): <time> and elements whose class/id hint a date
        self.authors: list = []  # (order, element): rel=author links, class/id author/byline
        self.order: dict = {}  # h1 element -> order


def scan_page(start: etree._Element, protected: Collection[etree._Element], relaxed: bool = False) -> Scan:
    """Walk ``start``'s subtree once: score blocks by paragraph text, collect date and byline
    candidates. ``protected`` elements are never furniture; ``relaxed`` is
    :func:`~hunaworld.html.furniture.element_flags`'s.

    Furniture subtrees (:data:`NOISE_ALL`) are skipped entirely; the text of
    :data:`NOISE_BODY` subtrees (article header, byline, tag list, figure...) is not scored,
    but their date and byline candidates are collected.
    """
    scan = Scan()
    blocks, dates, authors, seen = scan.blocks, scan.dates, scan.authors, scan.flags
    articles = scan.articles
    order = 0

    def visit(parent: etree._Element, top: Block | None, in_link: bool, quiet: bool, depth: int) -> None:
        nonlocal order
        for el in parent:
            tag = el.tag
            if tag.__class__ is str:
                order += 1
                flags = element_flags(el, relaxed)
                if flags & NOISE_MASK and el in protected:
                    flags &= ~NOISE_MASK
                seen[el] = flags
                if not flags & NOISE_ALL and depth < MAX_DEPTH:
                    if flags & HINT_DATE or tag == "time":
                        dates.append((order, el))
                    if flags & HINT_AUTHOR or (tag == "a" and "author" in (el.get("rel") or "")):
                        authors.append((order, el))
                    if tag == "h1":
                        scan.order[el] = order
                        flags |= NOISE_BODY
                    elif tag == "article":
                        articles.append(el)
                    if quiet or flags & NOISE_BODY:
                        visit(el, None, False, True, depth + 1)
                    elif tag in BLOCK_TAGS:
                        block = Block(el, top)
                        blocks[el] = block
                        text = el.text
                        if text:
                            block.text = len(text.strip())
                            if in_link:
                                block.link = block.text
                        visit(el, block, in_link, False, depth + 1)
                        value = block.text - block.link
                        if block.link * 2 > block.text:
                            value = 0
                        if tag in _PARA_TAGS:
                            if top is not None:
                                top.direct += value
                                if top.parent is not None:
                                    top.parent.direct += value / 2
                        elif value >= 20:
                            block.direct += value
                        block.total += value
                        if top is not None:
                            top.total += block.total
                    else:
                        link = in_link or tag == "a"
                        text = el.text
                        if text and top is not None:
                            n = len(text.strip())
                            top.text += n
                            if link:
                                top.link += n
                        visit(el, top, link, False, depth + 1)
            if not quiet and top is not None:
                tail = el.tail
                if tail:
                    n = len(tail.strip())
                    top.text += n
                    if in_link:
                        top.link += n

    top = Block(start, None)
    blocks[start] = top
    if start.tag == "article":
        articles.append(start)
    visit(start, top, False, False, 0)
    return scan


def main_blocks(scan: Scan) -> list[etree._Element]:
    """The main-content blocks of one walk, in document order."""
    blocks = scan.blocks
    if not blocks:
        return []
    ranked = sorted(blocks.values(), key=lambda b: b.direct, reverse=True)
    best_direct = ranked[0].direct
    if best_direct <= 0:
        return []
    # the best <article> as the search scope (the innermost when nested with the same text)
    scope = None
    if scan.articles:
        arts = [a for a in scan.articles if a in blocks]
        arts.sort(key=lambda a: blocks[a].total, reverse=True)
        if arts:
            scope = arts[0]
            for art in arts[1:]:
                if blocks[art].total >= 0.8 * blocks[scope].total and is_inside(art, scope):
                    scope = art
            if blocks[scope].total < max(150, 0.5 * best_direct):
                scope = None
    # the block with the best text-density score inside the scope
    best = None
    for block in ranked[:60]:
        if block.direct <= 0:
            break
        if scope is None or block.el is scope or is_inside(block.el, scope):
            best = block
            break
    if best is None:
        return [scope] if scope is not None else []
    # and the sibling blocks that carry on the text (an article split over several containers)
    parent = best.el.getparent()
    if parent is None:
        return [best.el]
    roots = []
    threshold = max(80, 0.2 * best.total)
    for child in parent:
        if child is best.el:
            roots.append(child)
            continue
        block = blocks.get(child)
        if block is not None and block.total >= threshold and block.link * 3 < max(block.text, 1):
            roots.append(child)
    return roots

