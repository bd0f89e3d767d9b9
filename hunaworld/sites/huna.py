"""اخبار هنا (huna): the world section, in the current template and the archive's previous one."""

import re

from hunaworld.extraction.layout import SiteLayout
from hunaworld.extraction.rules import Attr, Number, Paragraphs, Text, Texts
from hunaworld.profile import ListingRules, Section, SiteProfile


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



PROFILE = SiteProfile(
    key="huna",
    names=("اخبار هنا", "أخبار هنا"),
    sections=(Section("world", "اخبار هنا العالم", ("https://www.huna.example/world",)),),
    # The site prints local time without an offset; its article:published_time tags say UTC+3 all year.
    timezone="Asia/Amman",
    listing=ListingRules(
        cards="div.news-list .news-card",
        link="a.news-card__link::attr(href)",
        title=".news-card__title",
        date=".news-card__date",
        next_page=('link[rel="next"]::attr(href)', "ul.pagination a.next::attr(href)",
                   "ul.pagination a[rel=next]::attr(href)"),
    ),
    layouts=(Huna2025, HunaLegacy),
    article_url=re.compile(r"^/news/\d+(?:/|$)"),
    article_id=re.compile(r"/news/(\d+)(?:/|$)"),
    # "أخبار هنا العالم - ..." before the first paragraph, in any spelling of the name.
    dateline=re.compile(r"^\s*[أا]خبار\s+هنا(?:\s+[\w]+)?\s*[-–—:]\s*"),
)
