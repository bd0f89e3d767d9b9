"""The site's own page layouts: one declarative class per template, selectors and nothing else.

A layout is the first extraction layer. ``detect`` tells whether a page is in that template; the
field selectors are only ever evaluated on pages it matched. Fixtures for each layout live in
``fixtures/articles/`` with the expected item beside each page.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from parsel import Selector

from hunaworld.extraction.rules import Attr, ElementIndex, Number, Paragraphs, Text, Texts, compile_css

SITE_NAME = "اخبار هنا"
# The dateline the site puts before the first paragraph ("أخبار هنا العالم - ..."), in any spelling
# of its name; it is the site's signature, not article text.
SITE_DATELINE = re.compile(r"^\s*[أا]خبار\s+هنا(?:\s+[\w]+)?\s*[-–—:]\s*")
ARTICLE_ID = re.compile(r"/news/(\d+)(?:/|$)")
# Template classes such as "post-title" are common to many sites' themes: a layout applies only to
# a page that also names the site, in its title, og:site_name, or footer.
# The head is looked at first: it is small, and a page of another site is rejected there.
_BRAND_HEAD = etree.XPath(
    "/html/head/title[contains(., $a) or contains(., $b)]"
    " | /html/head/meta[@property='og:site_name'][contains(@content, $a) or contains(@content, $b)]"
)
# Else the copyright line, in the last blocks of the body (at the end of a page, not searched for).
_BRAND_FOOTER = etree.XPath(
    "/html/body/descendant-or-self::*[not(self::script)][position() > last() - 3]"
    "[contains(., $a) or contains(., $b)][contains(., '©') or contains(., 'حقوق')]"
)


def names_the_site(sel: Selector) -> bool:
    names = {"a": SITE_NAME, "b": "أخبار هنا"}
    return bool(_BRAND_HEAD(sel.root, **names) or _BRAND_FOOTER(sel.root, **names))


class SiteLayout:
    """Base of the site's templates: the selectors are class attributes of the subclasses."""

    name = "site"
    layout = ""
    # The template's article block: its presence identifies the template, and the field selectors
    # are evaluated inside it (a fraction of the page) rather than over the whole page.
    detect = ""

    def __init__(self, sel: Selector, url: str, block: Any = None) -> None:
        self.page = sel.root
        if block is None:
            block = self.block(sel)
        self.index = ElementIndex(self.page if block is None else block)
        self.url = url

    @classmethod
    def block(cls, sel: Selector) -> Any:
        """The template's article block on this page, or None when the page is not in it."""
        blocks = compile_css(cls.detect)(sel.root)
        return blocks[0] if blocks else None

    canonical_url = Attr("link[rel=canonical]", "href", page=True)


def article_id(url: str) -> str | None:
    """The site's numeric article id, from its ``/news/<id>/<slug>`` URLs."""
    match = ARTICLE_ID.search(url)
    return match.group(1) if match else None


class Huna2025(SiteLayout):
    """The current template (2025): ``article.article`` with ``article-*`` blocks."""

    layout = "huna-2025"
    detect = "article.article"

    headline = Text("h1.article-title")
    date_published = Text(".article-date")
    authors = Texts(".article-author")
    section = Text(".article-section")
    body = Paragraphs(".article-content", skip=".read-also, .ad-inline, .embed, article")
    tags = Texts(".article-tags a")
    image_url = Attr("figure.article-image img", "src")
    image_caption = Text("figure.article-image figcaption")
    views = Number(".views-count")


class HunaLegacy(SiteLayout):
    """The previous template, still served for archive pages: ``post-title`` / ``post-meta`` / ``post-entry``."""

    layout = "huna-legacy"
    detect = "div.post"

    headline = Text("h1.post-title, .post-title")
    date_published = Text(".post-meta .post-date")
    authors = Texts(".post-meta .post-author")
    section = Text(".post-meta .post-category, .post-category")
    body = Paragraphs(".post-entry", skip=".related-posts, .share-post, .post-ad, .wp-caption")
    tags = Texts(".post-tags a")
    image_url = Attr(".post-thumbnail img, .post-entry img", "src")
    image_caption = Text(".post-thumbnail .wp-caption-text, .post-thumbnail figcaption")
    views = Number(".post-meta .post-views")


LAYOUTS: tuple[type[SiteLayout], ...] = (Huna2025, HunaLegacy)


def site_layout(sel: Selector, url: str) -> SiteLayout | None:
    """The site template's layer for this page, or None for a page the site selectors do not fit."""
    if not names_the_site(sel):
        return None
    for layout in LAYOUTS:
        block = layout.block(sel)
        if block is not None:
            return layout(sel, url, block)
    return None
