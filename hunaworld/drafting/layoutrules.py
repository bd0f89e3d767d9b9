"""One article layout drafted from the elements in which the generic layers found each field.

The sampled articles are extracted by the generic layers alone, as discovery extracted them. For
each field, the elements of the page that hold its value (the headline's heading, the text whose
attribute is the date, the container of the body's paragraphs, each author's and tag's link) give
candidate rules in the layouts' CSS subset, simplest first; a rule is kept when, with it, every
sampled article gets the field exactly as the generic layers gave it. The layout's block
(``detect``) is the element around the headline and the body on every page. A field no element
gives alike on every page (a date from structured data on some pages and from text on others) is
left out: on the site's pages the generic layers still read it, and the draft says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from hunaworld.drafting.sample import Page
from hunaworld.drafting.selectors import inside, kind_classes, signature, subset_rules
from hunaworld.extraction.layout import SiteLayout
from hunaworld.extraction.loader import load_article
from hunaworld.extraction.pagekind import ARTICLE
from hunaworld.extraction.rules import Attr, FieldSelector, Number, Paragraphs, Text, Texts
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.profile import SiteProfile

# The fields a layout may name, in the order they are drafted; and the item keys each one decides.
FIELDS = ("headline", "date_published", "date_modified", "authors", "section", "summary", "body", "tags",
          "image_url", "image_caption", "views")
KEYS = {"date_published": ("date_published", "date_published_raw"), "body": ("body", "story_type")}
_KINDS: dict[str, type[FieldSelector]] = {"Text": Text, "Texts": Texts, "Attr": Attr, "Number": Number,
                                          "Paragraphs": Paragraphs}
_HEADINGS = frozenset({"h1", "h2", "h3"})
_DATE_ATTRIBUTES = ("datetime", "content", "title", "data-date")
_IMAGE_ATTRIBUTES = ("src", "data-src", "data-lazy-src", "content", "href")
# Tags that alone say nothing of what an element holds: a rule ending in one is tried after those
# that name a class.
_ANY_BLOCK = frozenset({"div", "span", "p", "a", "li", "ul", "ol", "section", "td", "tr", "table", "b", "strong"})
# How many candidate rules of a field are tried.
_TRIED = 12


@dataclass(frozen=True)
class Rule:
    """A field rule as a profile writes it: ``Text("h1.title")``, ``Attr("time", "datetime")``,
    ``Paragraphs(".entry-content", skip="figure")``."""

    kind: str
    css: str
    extra: str = ""

    def selector(self) -> FieldSelector:
        if self.kind == "Attr":
            return Attr(self.css, self.extra)
        if self.kind == "Paragraphs":
            return Paragraphs(self.css, skip=self.extra)
        return _KINDS[self.kind](self.css)

    def source(self) -> str:
        if self.kind == "Attr":
            return f"Attr({self.css!r}, {self.extra!r})"
        if self.kind == "Paragraphs" and self.extra:
            return f"Paragraphs({self.css!r}, skip={self.extra!r})"
        return f"{self.kind}({self.css!r})"


@dataclass
class Sampled:
    page: Page
    item: dict[str, Any]
    raw: dict[str, Any]


def layout_facts(pages: list[Page], profile: SiteProfile, name: str, layout: str
                 ) -> tuple[dict[str, Any] | None, list[str]]:
    """The layout (its class ``name``, ``layout`` name, ``detect`` rule and field rules) that gives
    every sampled article's fields as the generic layers do, or None; and notes for the person
    checking it. ``profile`` carries the site's names and clock."""
    sampled = []
    for page in pages:
        item, found = load_article(page.sel, page.url, None, tz=profile.timezone)
        if found.kind == ARTICLE:
            sampled.append(Sampled(page, dict(item), found.values))
    if not sampled:
        return None, ["layout: no sampled page is an article"]
    detect = _detect(sampled)
    if detect is None:
        return None, ["layout: no element holds the headline and the text on every sampled article"]
    rules: dict[str, Rule] = {}
    left: list[str] = []
    for field in FIELDS:
        if all(not _has(s.item, field) for s in sampled):
            continue
        blocks = [_block(s, detect) for s in sampled]
        chosen = next((rule for rule in _candidates(field, sampled, blocks)[:_TRIED]
                       if _agrees(sampled, profile, name, layout, detect, {**rules, field: rule}, field)), None)
        if chosen is not None:
            rules[field] = chosen
        else:
            left.append(field)
    differing = [field for field in FIELDS if not _agrees(sampled, profile, name, layout, detect, rules, field)]
    notes = []
    if left:
        notes.append(f"layout: left to the generic layers (no element gives them alike on every sampled article):"
                     f" {', '.join(left)}")
    if differing:
        notes.append(f"layout: differs from the generic layers on {', '.join(differing)}: see scrapy profile check")
    facts = {"name": name, "layout": layout, "detect": detect, "rules": rules, "left": left,
             "articles": len(sampled)}
    return facts, notes


def layout_class(name: str, layout: str, detect: str, rules: dict[str, Rule]) -> type[SiteLayout]:
    attributes: dict[str, Any] = {"layout": layout, "detect": detect}
    attributes.update({field: rule.selector() for field, rule in rules.items()})
    return type(name, (SiteLayout,), attributes)


def _agrees(sampled: list[Sampled], profile: SiteProfile, name: str, layout: str, detect: str,
            rules: dict[str, Rule], field: str) -> bool:
    """Whether the layout gives ``field`` as the generic layers did on every sampled article, its
    rule giving it wherever they found it (not the generic layers behind an empty rule)."""
    trial = replace(profile, layouts=(layout_class(name, layout, detect, rules),))
    for s in sampled:
        item, found = load_article(s.page.sel, s.page.url, trial)
        if any(item[key] != s.item[key] for key in KEYS.get(field, (field,))):
            return False
        if field in rules and _has(s.item, field) and found.layers.get(field) != SiteLayout.name:
            return False
    return True


def _has(item: dict[str, Any], field: str) -> bool:
    return item.get(field) not in (None, "", [])


def _block(s: Sampled, detect: str) -> etree._Element:
    found = s.page.sel.css(detect)
    return found[0].root if found else s.page.sel.root


def _detect(sampled: list[Sampled]) -> str | None:
    """A rule for the element around the headline and the body on every page (its tag, classes and
    id): the innermost that selects, first, an element holding both on every page."""
    anchors = []
    chains: list[list[str]] = []
    for s in sampled:
        heading = _holding(s.page.sel.root, [s.raw.get("headline"), s.item.get("headline")])
        text = _body_elements(s.page.sel.root, s.raw.get("body") or [])
        if not heading or not text:
            return None
        anchors.append((s, heading[0], text[0]))
        shared = _common_ancestor(heading[0], text[0])
        chains.append([rule for node in (shared, *shared.iterancestors()) if node.tag not in ("html", "body")
                       for rule in _block_rules(node)])
    counts = Counter(rule for chain in chains for rule in set(chain))

    def place(rule: str) -> int:
        return min(chain.index(rule) for chain in chains if rule in chain)

    # Innermost first: by the place of each rule in the chains that hold it.
    order = sorted(counts, key=lambda rule: (-counts[rule], place(rule)))
    return next((rule for rule in order if all(_first_holds(s, rule, heading, text) for s, heading, text in anchors)),
                None)


def _block_rules(el: etree._Element) -> list[str]:
    """Ways to name a block: its id, one of its classes, all of them, its tag."""
    named = signature(el, with_id=True)
    found = [f"{el.tag}#{named.split('#', 1)[1]}"] if "#" in named else []
    found += [f"{el.tag}.{c}" for c in kind_classes(el)]
    return list(dict.fromkeys([*found, signature(el), el.tag]))


def _first_holds(s: Sampled, rule: str, heading: etree._Element, text: etree._Element) -> bool:
    found = s.page.sel.css(rule)
    return bool(found) and inside(heading, found[0].root) and inside(text, found[0].root)


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    above = {id(node) for node in (a, *a.iterancestors())}
    return next(node for node in (b, *b.iterancestors()) if id(node) in above)


def _holding(root: etree._Element, values: Iterable[Any]) -> list[etree._Element]:
    """The innermost elements whose whole text is one of ``values``."""
    wanted = {clean_ws(v) for v in values if isinstance(v, str) and v.strip()}
    if not wanted:
        return []
    found = [el for el in root.iter(etree.Element) if el.tag not in ("title", "script", "style", "meta")
             and clean_ws(element_text(el)) in wanted]
    innermost = [el for el in found if not any(inside(other, el) and other is not el for other in found)]
    # Headings first: a headline also shows in tickers and lists of links.
    return sorted(innermost, key=lambda el: el.tag not in _HEADINGS)


def _body_elements(root: etree._Element, paragraphs: list[str]) -> list[etree._Element]:
    """The elements holding the body's first and last paragraphs, innermost first."""
    if not paragraphs:
        return []
    first, last = clean_ws(paragraphs[0])[:60], clean_ws(paragraphs[-1])[:60]
    found = [el for el in root.iter(etree.Element) if el.tag not in ("html", "body", "script", "style")
             and first in clean_ws(element_text(el)) and last in clean_ws(element_text(el))]
    return sorted(found, key=lambda el: len(element_text(el)))


def _candidates(field: str, sampled: list[Sampled], blocks: list[etree._Element]) -> list[Rule]:
    finders: dict[str, Callable[[Sampled, etree._Element], Iterable[Rule]]] = {
        "body": _body_rules, "authors": _list_rules, "tags": _list_rules, "image_url": _image_rules,
        "views": _number_rules, "date_published": _date_rules, "date_modified": _date_rules}
    finder = finders.get(field, _text_rules)
    counts: Counter[Rule] = Counter()
    first: dict[Rule, int] = {}
    for s, block in zip(sampled, blocks, strict=True):
        found = list(dict.fromkeys(finder(s, block, field)))
        counts.update(found)
        for n, rule in enumerate(found):
            first.setdefault(rule, n)
    # The rules most pages gave, those naming a class before a bare block, the innermost element's first.
    return sorted(counts, key=lambda rule: (-counts[rule], rule.css.split()[-1] in _ANY_BLOCK, first[rule]))


def _text_rules(s: Sampled, block: etree._Element, field: str) -> Iterable[Rule]:
    for el in _holding(block, [s.raw.get(field), s.item.get(field)]):
        yield from (Rule("Text", css) for css in subset_rules(el, block))


def _date_rules(s: Sampled, block: etree._Element, field: str) -> Iterable[Rule]:
    raw = clean_ws(s.raw.get(field))
    if not raw:
        return
    for el in block.iter(etree.Element):
        for attribute in _DATE_ATTRIBUTES:
            if clean_ws(el.get(attribute)) == raw:
                yield from (Rule("Attr", css, attribute) for css in subset_rules(el, block))
    yield from _text_rules(s, block, field)


def _list_rules(s: Sampled, block: etree._Element, field: str) -> Iterable[Rule]:
    values = s.raw.get(field) or s.item.get(field) or []
    for el in _holding(block, values):
        yield from (Rule("Texts", css) for css in subset_rules(el, block))


def _image_rules(s: Sampled, block: etree._Element, field: str) -> Iterable[Rule]:
    # The attribute as the generic layers read it, not only the same image: a relative ``src`` is
    # another URL on a mirror, where ``og:image`` names the site's.
    wanted = clean_ws(s.raw.get("image_url"))
    for el in block.iter("img", "source", "meta", "link"):
        for attribute in _IMAGE_ATTRIBUTES:
            if wanted and clean_ws(el.get(attribute)) == wanted:
                yield from (Rule("Attr", css, attribute) for css in subset_rules(el, block))


def _number_rules(s: Sampled, block: etree._Element, field: str) -> Iterable[Rule]:
    views = s.item.get("views")
    for el in block.iter(etree.Element):
        digits = "".join(ch for ch in element_text(el) if ch.isdigit())
        if not len(el) and views is not None and digits == str(views):
            yield from (Rule("Number", css) for css in subset_rules(el, block))


def _body_rules(s: Sampled, block: etree._Element, field: str) -> Iterable[Rule]:
    for el in _body_elements(block, s.raw.get("body") or [])[:3]:
        skips = ["", *dict.fromkeys(signature(child) for child in el.iterchildren(etree.Element)
                                    if child.tag not in ("p", "br"))]
        for css in subset_rules(el, block)[:4]:
            yield from (Rule("Paragraphs", css, skip) for skip in skips[:4])
