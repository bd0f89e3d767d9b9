"""Article text out of the tree: the one paragraph splitter, and the text that follows an element.

One walker turns a subtree into paragraphs: a block element ends one, and so does ``<br>``. It
reads two kinds of markup, and what the two need differs, so the walker takes options:

- a site layout's body container (:func:`paragraphs_of`), markup the layout was written for: only
  the paragraph blocks sites use split, and only as children of the container or of another block
  (a block inside an inline element stays in its paragraph); elements the layout skips, and the
  furniture any body leaves out, vanish and the text around them runs on; a paragraph is stripped,
  its inner whitespace kept.
- any page (:func:`text_lines`): every block-level tag splits, wherever it sits; a skipped block
  still ends the paragraph and a skipped ``<img>`` or ``<br>`` still separates words; whitespace is
  collapsed; furniture, ``<h1>`` and boilerplate lines are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator

from lxml import etree
from lxml import html as lxml_html

from hunaworld.html.dom import MAX_DEPTH, clean_ws
from hunaworld.html.furniture import NOISE_ALL, NOISE_MASK, element_flags, furniture_paragraph, is_boilerplate
from hunaworld.text.arabic import fold

# Block-level tags: on any page, each one starts and ends a paragraph.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tbody", "thead", "tfoot", "tr", "td",
        "th", "caption", "figure", "figcaption", "header", "footer", "address", "center", "hr",
        "form", "fieldset", "legend", "details", "summary", "body", "html", "aside", "nav",
    }
)
# The blocks that split a layout's body container.
_LAYOUT_BLOCKS = frozenset({
    "p", "div", "section", "article", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "figure",
    "blockquote", "pre",
})
_NO_BLOCKS: frozenset[str] = frozenset()
_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")

Skip = Callable[[etree._Element], bool]


class _Splitter:
    """Turns subtrees into paragraphs: one per block, and one per ``<br>``-separated text run."""

    __slots__ = ("blocks", "buf", "collapse", "inline_blocks", "lines", "marked", "skip")

    def __init__(self, skip: Skip, *, blocks: frozenset[str], nested: bool, collapse: bool, marked: bool) -> None:
        """``blocks``: the tags that split; ``nested``: they split inside inline elements too;
        ``collapse``: whitespace inside a paragraph is collapsed, else the paragraph is only stripped;
        ``marked``: a skipped element still splits (a block) or separates words (``<img>``, ``<br>``)."""
        self.buf: list[str] = []
        self.lines: list[str] = []
        self.skip = skip
        self.blocks = blocks
        self.inline_blocks = blocks if nested else _NO_BLOCKS
        self.collapse = collapse
        self.marked = marked

    def split(self, elements: Iterable[etree._Element]) -> list[str]:
        for el in elements:
            self.walk(el, self.blocks, 0, top=True)
            self.flush()
        return self.lines

    def flush(self) -> None:
        buf = self.buf
        if buf:
            text = buf[0] if len(buf) == 1 else "".join(buf)
            buf.clear()
            if not text.isspace():
                text = " ".join(text.split()) if self.collapse else text.strip()
                if text:
                    self.lines.append(text)

    def walk(self, el: etree._Element, blocks: frozenset[str], depth: int, top: bool = False) -> None:
        """Collect ``el``'s text; ``blocks`` are the tags that split where ``el`` sits."""
        buf = self.buf
        tag = el.tag
        if depth > MAX_DEPTH:
            # Nesting this deep is broken markup, not paragraphs: its text is kept as one paragraph,
            # read without recursion.
            self.flush()
            buf.extend(_TEXT(el))
            self.flush()
            if el.tail and not top:
                buf.append(el.tail)
            return
        if tag.__class__ is not str:  # comment, processing instruction
            if el.tail:
                buf.append(el.tail)
            return
        if not top and self.skip(el):
            if self.marked:
                if tag in blocks:
                    self.flush()
                elif tag == "img" or tag == "br":
                    buf.append(" ")
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "br":
            self.flush()
        elif tag in blocks:
            if buf:
                self.flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                self.walk(child, blocks, depth + 1)
            if buf:
                self.flush()
        else:
            if el.text:
                buf.append(el.text)
            inner = blocks if top else self.inline_blocks
            for child in el:
                self.walk(child, inner, depth + 1)
        if not top:
            tail = el.tail
            if tail:
                buf.append(tail)


def paragraphs_of(container: etree._Element, skipped: Collection[etree._Element] = frozenset()) -> list[str]:
    """Split a layout's body container into paragraphs: each block child is one (or several), ``<br>``
    ends a run of inline text; ``skipped`` elements are left out, and so is what the generic body
    leaves out wherever it sits (furniture by class or tag, a "read more" box, a paragraph that is
    mostly a link, a boilerplate line): a layout that names the container need name no more."""

    def skip(el: etree._Element) -> bool:
        return el in skipped or bool(element_flags(el) & NOISE_MASK) or furniture_paragraph(el)

    splitter = _Splitter(skip, blocks=_LAYOUT_BLOCKS, nested=False, collapse=False, marked=False)
    return [line for line in splitter.split((container,)) if not is_boilerplate(line)]


def _default_skip(el: etree._Element) -> bool:
    return el.tag == "h1" or bool(element_flags(el) & NOISE_MASK) or furniture_paragraph(el)


def text_lines(
    elements: etree._Element | list[etree._Element] | tuple[etree._Element, ...],
    headline: str | None = None,
    skip: Skip | None = None,
) -> list[str]:
    """The article paragraphs under ``elements`` (one element or several, in order).

    Furniture subtrees (see :func:`~hunaworld.html.furniture.noise_level`), ``<h1>`` and
    boilerplate lines are left out, as is any line equal to ``headline``; ``skip`` replaces the
    test of which subtrees to leave out.
    """
    if not isinstance(elements, (list, tuple)):
        elements = [elements]
    splitter = _Splitter(skip or _default_skip, blocks=BLOCK_TAGS, nested=True, collapse=True, marked=True)
    head_key = fold(headline) if headline else None
    head_len = len(headline) if headline else 0
    out: list[str] = []
    for line in splitter.split(elements):
        if is_boilerplate(line):
            continue
        if head_key and abs(len(line) - head_len) <= 0.3 * head_len + 5 and fold(line) == head_key:
            continue
        if out and out[-1] == line:
            continue
        out.append(line)
    return out


_HTML_BODY = re.compile(r"<(?:p|br|div|h[1-6]|ul|li|blockquote|span|strong|a)\b", re.I)
_PARAGRAPH_SPLIT = re.compile(r"\s*(?:\r?\n|\r|\u2029|\u2028)\s*")


def text_paragraphs(text: str | None, headline: str | None = None) -> list[str]:
    """An article body given as a text value (JSON-LD, microdata) as paragraphs: HTML in it is
    parsed like a page block, plain text is split into lines."""
    if not text or not text.strip():
        return []
    if _HTML_BODY.search(text):
        try:
            fragment = lxml_html.fragment_fromstring(text, create_parent="div")
        except Exception:  # lxml raises several types on garbage
            fragment = None
        if fragment is not None:
            return text_lines(fragment, headline)
    lines = [clean_ws(p) for p in _PARAGRAPH_SPLIT.split(text)]
    return [p for p in lines if p]


def _texts_in(el: etree._Element) -> Iterator[tuple[str, etree._Element | None]]:
    """(text, element holding it) of ``el``'s subtree in document order, furniture left out, then
    ``el``'s tail. Walked without recursion: pages nest elements thousands deep."""
    walk = etree.iterwalk(el, events=("start", "end"))
    for event, node in walk:
        if event == "start":
            if element_flags(node) & NOISE_ALL:
                walk.skip_subtree()
            elif node.text:
                yield node.text, node
        elif node.tail:
            yield node.tail, node.getparent()


def texts_after(el: etree._Element, limit: int = 40) -> Iterator[tuple[str, etree._Element | None]]:
    """The first ``limit`` non-blank texts after ``el`` (not inside it) in document order, with the
    element holding each; furniture subtrees are left out."""
    count = 0
    node = el
    while node is not None and node.tag != "body":
        tail = node.tail
        if tail and not tail.isspace():
            yield tail, node.getparent()
            count += 1
        for sibling in node.itersiblings():
            if sibling.tag.__class__ is not str:  # a comment: only its tail is text
                if sibling.tail and not sibling.tail.isspace():
                    yield sibling.tail, sibling.getparent()
                    count += 1
                continue
            for text, holder in _texts_in(sibling):
                if not text.isspace():
                    yield text, holder
                    count += 1
                    if count >= limit:
                        return
        node = node.getparent()
