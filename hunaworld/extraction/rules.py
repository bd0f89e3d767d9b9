"""Declarative field selectors, so that a page layout is a list of CSS rules and nothing else.

Each selector is a descriptor: on a layer instance it becomes a zero-argument method returning the
raw value of its field, which is what the composer in ``hunaworld.extraction`` calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cssselect import HTMLTranslator
from lxml import etree

from hunaworld.html.furniture import READ_ALSO
from hunaworld.html.paragraphs import paragraphs_of

# Elements whose text is never article text, wherever they sit inside a body container.
BODY_NOISE = "script, style, noscript, iframe, ins, form, blockquote.twitter-tweet, blockquote.instagram-media"

_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")
_translator = HTMLTranslator()


def compile_css(css: str) -> etree.XPath:
    """A CSS rule compiled to an lxml XPath."""
    return etree.XPath(_translator.css_to_xpath(css))


def _text(node: Any) -> str:
    """The texts inside ``node``, a space between each, scripts and styles left out."""
    return " ".join(_TEXT(node))


# Layout rules inside the article block use a CSS subset: comma lists of descendant chains of
# ``tag``, ``.class`` or ``tag.class.class``. They are answered from one index of the block's
# elements, built once per page: XPath translations of class selectors walk the block and compare
# strings for every rule, and the index saves 8% of the crawl's work (docs/performance.md).
_COMPOUND = re.compile(r"([a-z][a-z0-9]*)?((?:\.[\w-]+)*)")


_NO_CLASSES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    classes: frozenset[str]

    def matches(self, el: Any, classes: frozenset[str]) -> bool:
        """Whether ``el``, whose classes are ``classes``, is of this compound."""
        return (self.tag is None or el.tag == self.tag) and self.classes <= classes


# A layout rule parsed: its comma list of descendant chains.
Rule = tuple[tuple[_Compound, ...], ...]


def parse_rule(css: str) -> Rule:
    """``css`` as descendant chains of compounds; ValueError outside the subset."""
    chains = []
    for part in css.split(","):
        chain = []
        for token in part.split():
            match = _COMPOUND.fullmatch(token)
            if not match or not token:
                raise ValueError(f"unsupported selector {token!r} in {css!r}: use tag, .class or tag.class")
            tag, classes = match.groups()
            chain.append(_Compound(tag, frozenset(c for c in classes.split(".") if c)))
        if not chain:
            raise ValueError(f"empty selector in {css!r}")
        chains.append(tuple(chain))
    return tuple(chains)


def pool_tags(rules: Iterable[str]) -> tuple[str, ...]:
    """The tags that the chains of ``rules`` end in without a class, once each: an ElementIndex
    answering those rules indexes them."""
    return tuple(dict.fromkeys(chain[-1].tag for css in rules for chain in parse_rule(css)
                               if not chain[-1].classes and chain[-1].tag))


class ElementIndex:
    """The elements of one block by class, in document order, with each one's classes, and by tag
    for the ``tags`` its rules end in without a class (``pool_tags``).

    Built in one pass that only reads the ``class`` attributes and one walk in C for the tags
    (reading every element's tag in Python costs more than the class pass); positions only to
    order the union of a comma list.
    """

    def __init__(self, root: Any, tags: tuple[str, ...] = ()) -> None:
        self.root = root
        self.classes: dict[Any, frozenset[str]] = {}
        self.by_class: dict[str, list[Any]] = {}
        self._by_tag: dict[str, list[Any]] = {tag: [] for tag in tags}
        self._position: dict[Any, int] | None = None
        classes, by_class = self.classes, self.by_class
        for el in root.iter(etree.Element):
            value = el.get("class")
            if value:
                names = frozenset(value.split())
                classes[el] = names
                for name in names:
                    if name in by_class:
                        by_class[name].append(el)
                    else:
                        by_class[name] = [el]
        if tags:
            by_tag = self._by_tag
            for el in root.iter(*tags):
                by_tag[el.tag].append(el)

    def _inside(self, el: Any, chain: tuple[_Compound, ...]) -> bool:
        """Whether ``el``'s ancestors (up to the block) match the rest of the chain, nearest first."""
        if not chain:
            return True
        classes = self.classes
        node = el
        while node is not self.root:
            node = node.getparent()
            if node is None:
                return False
            if chain[-1].matches(node, classes.get(node, _NO_CLASSES)) and self._inside(node, chain[:-1]):
                return True
        return False

    def _chain(self, chain: tuple[_Compound, ...]) -> list[Any]:
        """The elements ``chain`` selects, in document order."""
        last, classes = chain[-1], self.classes
        # A compound has a tag where it has no class: one of the index's ``tags``.
        pool = self.by_class.get(min(last.classes), []) if last.classes else self._by_tag[last.tag or ""]
        return [el for el in pool if last.matches(el, classes.get(el, _NO_CLASSES)) and self._inside(el, chain[:-1])]

    def matching(self, rule: Rule) -> set[Any]:
        """The elements ``rule`` selects, in no order."""
        return {el for chain in rule for el in self._chain(chain)}

    def select(self, rule: Rule) -> list[Any]:
        """The elements ``rule`` selects, in document order."""
        if len(rule) == 1:
            return self._chain(rule[0])
        if self._position is None:
            self._position = {el: n for n, el in enumerate(self.root.iter(etree.Element))}
        return sorted(self.matching(rule), key=self._position.__getitem__)


class FieldSelector:
    """Base descriptor: subclasses turn the elements a CSS rule selects into one raw value.

    The rule is answered inside the layer's article block (``layer.index``, an ElementIndex), or,
    with ``page=True``, by XPath on the whole page (for ``<head>`` elements, any CSS). It is parsed
    or compiled once, when the layout is defined: a rule outside the subset fails there.
    """

    def __init__(self, css: str, *, page: bool = False) -> None:
        self.css = css
        self.page = page
        if page:
            self.xpath = compile_css(css)
        else:
            self.rule = parse_rule(css)
        # The rules answered from the block's index.
        self.rules: tuple[str, ...] = () if page else (css,)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, layer: Any, owner: type | None = None) -> Any:
        if layer is None:
            return self
        if self.page:
            return lambda: self.extract(self.xpath(layer.page))
        return lambda: self.extract(layer.index.select(self.rule))

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


_DIGIT_RUN = re.compile(r"\d[\d,.\u066c]*")
_NOT_DIGIT = re.compile(r"\D")


class Number(Text):
    """The first run of digits in the element's text (view counters print "4,233" or "4233 مشاهدة")."""

    def extract(self, nodes: list[Any]) -> int | None:
        text = super().extract(nodes)
        match = _DIGIT_RUN.search(text or "")
        if not match:
            return None
        return int(_NOT_DIGIT.sub("", match.group()))


class Paragraphs(FieldSelector):
    """Body paragraphs of a container: its ``<p>`` children, or ``<br>``-separated text runs.

    ``skip`` names children that sit among the paragraphs but are not article text (ad slots,
    embedded posts); a paragraph that is a "read also" cross-link is never article text either.
    """

    def __init__(self, css: str, skip: str = "") -> None:
        super().__init__(css)
        self.skip = ", ".join(filter(None, (BODY_NOISE, skip)))
        self.skip_rule = parse_rule(self.skip)
        self.rules = (css, self.skip)

    def __get__(self, layer: Any, owner: type | None = None) -> Any:
        if layer is None:
            return self

        def paragraphs() -> list[str]:
            containers = layer.index.select(self.rule)
            if not containers:
                return []
            # Skipped elements anywhere in the block: only the container's own are ever looked up.
            found = paragraphs_of(containers[0], layer.index.matching(self.skip_rule))
            return [p for p in found if not READ_ALSO.match(p)]

        return paragraphs
