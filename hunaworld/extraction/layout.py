"""Site layouts, the first extraction layer: one declarative class per template of a site.

A site profile (``hunaworld/sites/``) subclasses ``SiteLayout`` once per template it knows, with
field selectors as class attributes and nothing else. ``detect`` tells whether a page is in that
template; the field selectors are only ever evaluated on pages it matched.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from parsel import Selector

from hunaworld.extraction.rules import Attr, ElementIndex, FieldSelector, compile_css, pool_tags

# Template classes such as "post-title" are common to many sites' themes: a layout applies only to
# a page that also names the site, in its title, og:site_name, or footer.
# The head is looked at first: it is small, and a page of another site is rejected there.
_BRAND_HEAD = etree.XPath(
    "/html/head/title[contains(., $name)] | /html/head/meta[@property='og:site_name'][contains(@content, $name)]"
)
# Else the copyright line, in the last blocks of the body (at the end of a page, not searched for).
_BRAND_FOOTER = etree.XPath(
    "/html/body/descendant-or-self::*[not(self::script)][position() > last() - 3]"
    "[contains(., $name)][contains(., '©') or contains(., 'حقوق')]"
)


def names_the_site(sel: Selector, names: tuple[str, ...]) -> bool:
    """Whether the page names the site (any of ``names``) in its head or its copyright line."""
    root = sel.root
    return any(_BRAND_HEAD(root, name=name) for name in names) or any(_BRAND_FOOTER(root, name=name) for name in names)


class SiteLayout:
    """Base of a site's templates: the selectors are class attributes of the subclasses."""

    name = "site"
    layout = ""
    # The template's article block: its presence identifies the template, and the field selectors
    # are evaluated inside it (a fraction of the page) rather than over the whole page.
    detect = ""

    # The fields the template's selectors answer, collected from the subclass's attributes, the
    # tags their rules select by (indexed with the block's classes, in the same construction), and
    # the detection rule compiled, once when the subclass is defined.
    fields: frozenset[str] = frozenset()
    index_tags: tuple[str, ...] = ()
    detect_xpath: etree.XPath | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        selectors = {name: value for klass in reversed(cls.__mro__) for name, value in vars(klass).items()
                     if isinstance(value, FieldSelector)}
        cls.fields = frozenset(selectors)
        cls.index_tags = pool_tags(css for selector in selectors.values() for css in selector.rules)
        cls.detect_xpath = compile_css(cls.detect) if cls.detect else None

    def __init__(self, sel: Selector, url: str, block: Any = None) -> None:
        self.page = sel.root
        if block is None:
            block = self.block(sel)
        self.index = ElementIndex(self.page if block is None else block, self.index_tags)
        self.url = url

    @classmethod
    def block(cls, sel: Selector) -> Any:
        """The template's article block on this page, or None when the page is not in it."""
        blocks = cls.detect_xpath(sel.root) if cls.detect_xpath is not None else []
        return blocks[0] if blocks else None

    canonical_url = Attr("link[rel=canonical]", "href", page=True)


def site_layout(sel: Selector, url: str, names: tuple[str, ...],
                layouts: tuple[type[SiteLayout], ...]) -> SiteLayout | None:
    """The layer of the first of ``layouts`` this page is in, or None for a page they do not fit."""
    if not layouts or not names_the_site(sel, names):
        return None
    for layout in layouts:
        block = layout.block(sel)
        if block is not None:
            return layout(sel, url, block)
    return None
