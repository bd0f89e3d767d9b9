"""The site's own page layouts: one declarative class per template, selectors and nothing else.

A layout is the first extraction layer. ``detect`` tells whether a page is in that template; the
field selectors are only ever evaluated on pages it matched. Fixtures for each layout live in
``fixtures/articles/`` with the expected item beside each page.
"""

from __future__ import annotations

import re

from lxml import etree
from parsel import Selector

from hunaworld.extraction.selectors import Attr, Number, Paragraphs, Text, Texts, compile_css

SITE_NAME = "اخبار هنا"
# The dateline the site puts before the first paragraph ("أخبار هنا العالم - ..."), in any spelling
# of its name; it is the site's signature, not article text.
SITE_DATELINE = re.compile(r"^\s*[أا]خبار\s+هنا(?:\s+[\w]+)?\s*[-–—:]\s*")
ARTICLE_ID = re.compile(r"/news/(\d+)(?:/|$)")
# Template classes such as "post-title" are common to many sites' themes: a layout applies only to
# a page that also names the site, in its title, og:site_name, or footer.
_BRAND = etree.XPath(
    "//title[contains(., $a) or contains(., $b)]"
    " | //meta[@property='og:site_name'][contains(@content, $a) or contains(@content, $b)]"
    " | //*[contains(@class, 'copyright') or contains(@class, 'footer') or contains(@id, 'footer')]"
    "[contains(., $a) or contains(., $b)]"
)


def names_the_site(sel: Selector) -> bool:
    return bool(_BRAND(sel.root, a=SITE_NAME, b="أخبار هنا"))


class SiteLayout:
    """Base of the site's templates: the selectors are class attributes of the subclasses."""

    name = "site"
    layout = ""
    detect = ""

    def __init__(self, sel: Selector, url: str) -> None:
        self.root = sel.root
        self.url = url

    @classmethod
    def matches(cls, sel: Selector) -> bool:
        return bool(compile_css(cls.detect)(sel.root))

    canonical_url = Attr("link[rel=canonical]", "href")


def article_id(url: str) -> str | None:
    """The site's numeric article id, from its ``/news/<id>/<slug>`` URLs."""
    match = ARTICLE_ID.search(url)
    return match.group(1) if match else None


class Huna2025(SiteLayout):
    """The current template (2025): ``article.article`` with ``article-*`` blocks."""

    layout = "huna-2025"
    detect = "article.article"

    headline = Text("article.article h1.article-title")
    date_published = Text("article.article .article-date")
    authors = Texts("article.article .article-author")
    section = Text("article.article .article-section")
    body = Paragraphs("article.article .article-content", skip=".read-also, .ad-inline, .embed, article")
    tags = Texts("article.article .article-tags a")
    image_url = Attr("article.article figure.article-image img", "src")
    image_caption = Text("article.article figure.article-image figcaption")
    views = Number("article.article .views-count")


class HunaLegacy(SiteLayout):
    """The previous template, still served for archive pages: ``post-title`` / ``post-meta`` / ``post-entry``."""

    layout = "huna-legacy"
    detect = ".post-title, .post-entry"

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


def site_layout(sel: Selector) -> type[SiteLayout] | None:
    """The site template this page is in, or None for a page the site selectors do not fit."""
    layout = next((layout for layout in LAYOUTS if layout.matches(sel)), None)
    return layout if layout and names_the_site(sel) else None
