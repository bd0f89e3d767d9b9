"""صدى المغرب (sada): the international section of a WordPress news theme with Yoast SEO."""

import re

from hunaworld.extraction.layout import SiteLayout
from hunaworld.extraction.rules import Attr, Paragraphs, Text, Texts
from hunaworld.profile import ListingRules, Section, SiteProfile


class SadaPost(SiteLayout):
    """The theme's single post: ``article.type-post`` with ``entry-*`` blocks."""

    layout = "sada-post"
    detect = "article.type-post"

    headline = Text("h1.entry-title")
    date_published = Text(".entry-meta .posted-on")
    date_modified = Text(".entry-meta .updated-on")
    authors = Texts(".entry-meta .byline .author")
    section = Text(".entry-header .cat-links")
    # The featured image's figure and the ad blocks sit among the paragraphs.
    body = Paragraphs(".entry-content", skip="figure, .code-block")
    tags = Texts(".tags-links a")
    image_url = Attr(".entry-content figure img", "src")
    image_caption = Text(".entry-content figure figcaption")


PROFILE = SiteProfile(
    key="sada",
    names=("صدى المغرب",),
    sections=(Section("international", "دولي", ("https://www.sada.example/category/international/",)),),
    # Local time in Algiers: UTC+1 all year.
    timezone="Africa/Algiers",
    listing=ListingRules(
        # Sponsored cards share the markup and link to advertisers.
        cards="div.posts-list article.post:not(.sponsored-post)",
        link="h2.entry-title a::attr(href)",
        title="h2.entry-title",
        date="time.entry-date::attr(datetime)",
        next_page=('link[rel="next"]::attr(href)', "nav.pagination a.next::attr(href)"),
    ),
    layouts=(SadaPost,),
    # /<yyyy>/<mm>/<dd>/<slug>/, the local date of publication; WordPress puts no id in the URL.
    article_url=re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$"),
)
