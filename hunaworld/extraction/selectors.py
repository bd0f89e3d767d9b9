"""Declarative field selectors, so that a page layout is a list of CSS rules and nothing else.

Each selector is a descriptor: on a layer instance it becomes a zero-argument method returning the
raw value of its field, which is what the composer in ``hunaworld.extraction`` calls.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from typing import Any

from cssselect import HTMLTranslator
from lxml import etree

# Elements whose text is never article text, wherever they sit inside a body container.
BODY_NOISE = "script, style, noscript, iframe, ins, form, blockquote.twitter-tweet, blockquote.instagram-media"

_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")
_translator = HTMLTranslator()


@lru_cache(maxsize=256)
def compile_css(css: str) -> etree.XPath:
    """A CSS rule compiled once to an lxml XPath: layouts are evaluated on every page of a crawl."""
    return etree.XPath(_translator.css_to_xpath(css))


def _text(node: Any) -> str:
    return " ".join(_TEXT(node))


class FieldSelector:
    """Base descriptor: subclasses turn the elements a CSS rule selects into one raw value.

    The rule is evaluated inside the layer's ``scope`` element (the article block of the template),
    or on the whole page with ``page=True`` (for ``<head>`` elements).
    """

    def __init__(self, css: str, *, page: bool = False) -> None:
        self.css = css
        self.page = page
        self.xpath = compile_css(css)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, layer: Any, owner: type | None = None) -> Any:
        if layer is None:
            return self
        return lambda: self.extract(self.xpath(layer.page if self.page else layer.scope))

    def extract(self, nodes: list[Any]) -> Any:
        raise NotImplementedError


class Text(FieldSelector):
    """The text of the first element that has some, descendants included."""

    def extract(self, nodes: list[Any]) -> str | None:
        for node in nodes:
            text = _text(node).strip()
            if text:
                return text
        return None


class Texts(FieldSelector):
    """The text of every element, in page order."""

    def extract(self, nodes: list[Any]) -> list[str]:
        return [t for t in (_text(node).strip() for node in nodes) if t]


class Attr(FieldSelector):
    """An attribute of the first element that has it."""

    def __init__(self, css: str, attr: str, *, page: bool = False) -> None:
        super().__init__(css, page=page)
        self.attr = attr

    def extract(self, nodes: list[Any]) -> str | None:
        for node in nodes:
            value = (node.get(self.attr) or "").strip()
            if value:
                return value
        return None


class Number(Text):
    """The first run of digits in the element's text (view counters print "4,233" or "4233 مشاهدة")."""

    def extract(self, nodes: list[Any]) -> int | None:
        text = super().extract(nodes)
        match = re.search(r"\d[\d,.\u066c]*", text or "")
        if not match:
            return None
        return int(re.sub(r"\D", "", match.group()))


class Paragraphs(FieldSelector):
    """Body paragraphs of a container: its ``<p>`` children, or ``<br>``-separated text runs.

    ``skip`` names children that sit among the paragraphs but are not article text (read-also
    links, ad slots, embedded posts).
    """

    def __init__(self, css: str, skip: str = "") -> None:
        super().__init__(css)
        self.skip = compile_css(", ".join(filter(None, (BODY_NOISE, skip))))

    def extract(self, nodes: list[Any]) -> list[str]:
        if not nodes:
            return []
        container = nodes[0]
        return paragraphs_of(container, set(self.skip(container)))


_BLOCKS = frozenset({
    "p", "div", "section", "article", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "figure",
    "blockquote", "pre",
})


# A <br> inside running text; lxml never yields NUL in parsed text, so it cannot collide.
_BR = "\x00"


def _inline_text(node: Any, skipped: Collection[Any]) -> str:
    parts = [node.text or ""]
    for child in node:
        if child not in skipped and isinstance(child.tag, str):
            parts.append(_BR if child.tag == "br" else _inline_text(child, skipped))
        parts.append(child.tail or "")
    return "".join(parts)


def paragraphs_of(container: Any, skipped: Collection[Any] = frozenset()) -> list[str]:
    """Split a container into paragraphs: each block child is one, ``<br>`` ends a run of inline text."""
    out: list[str] = []
    run: list[str] = [container.text or ""]

    def flush() -> None:
        out.extend(p.strip() for p in "".join(run).split(_BR) if p.strip())
        run.clear()

    for child in container:
        if child not in skipped and isinstance(child.tag, str):
            if child.tag in _BLOCKS:
                flush()
                out.extend(paragraphs_of(child, skipped))
            else:
                run.append(_BR if child.tag == "br" else _inline_text(child, skipped))
        run.append(child.tail or "")
    flush()
    return out
