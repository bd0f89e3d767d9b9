"""CSS for an element found on a page: the rules a draft tries for it, simplest first.

A class names a kind of element when it is a plain CSS identifier without a digit: ``post-48202``
names one post, ``mt-2`` or ``md:grid-cols-2`` a size, which a template's next page may not share.
Layout rules keep to the layouts' CSS subset (tags, classes, descendant chains:
:mod:`hunaworld.extraction.rules`); listing rules may use any CSS parsel reads.
"""

from __future__ import annotations

import re

from lxml import etree

_IDENTIFIER = re.compile(r"-?[_a-zA-Z][_a-zA-Z-]*")
# How far up a rule may name an ancestor to tell an element apart.
_ANCESTORS = 3


def kind_classes(el: etree._Element) -> list[str]:
    """The element's classes that name a kind of element (see the module's docstring)."""
    return [c for c in (el.get("class") or "").split() if _IDENTIFIER.fullmatch(c)]


def signature(el: etree._Element, *, with_id: bool = False) -> str:
    """``tag.class1.class2`` (and ``#id`` where asked and it names a kind of element)."""
    found = el.tag + "".join(f".{c}" for c in kind_classes(el))
    identifier = el.get("id") or ""
    if with_id and _IDENTIFIER.fullmatch(identifier):
        found += f"#{identifier}"
    return found


def subset_rules(el: etree._Element, root: etree._Element) -> list[str]:
    """Rules of the layouts' CSS subset that may select ``el`` inside ``root``, simplest first: its
    tag, its tag and one class, all its classes, then each under a named ancestor."""
    own = [el.tag, *(f"{el.tag}.{c}" for c in kind_classes(el))]
    if len(kind_classes(el)) > 1:
        own.append(signature(el))
    found = list(own)
    node = el.getparent()
    for _ in range(_ANCESTORS):
        if node is None or node is root or not isinstance(node.tag, str):
            break
        names = [f"{node.tag}.{c}" for c in kind_classes(node)] or [node.tag]
        found += [f"{name} {rule}" for name in names for rule in own[:2]]
        node = node.getparent()
    return list(dict.fromkeys(found))


def inside(el: etree._Element, root: etree._Element) -> bool:
    return el is root or any(ancestor is root for ancestor in el.iterancestors())
