"""The article item: the exact fields analysts receive in JSON Lines and SQLite, in this order.

A ``TypedDict`` (at run time a plain dict, which Scrapy takes as an item) rather than a
``scrapy.Item``: article pages are parsed in worker processes that never import Scrapy, and a dict
crosses the process boundary as it is.
"""

from typing import TypedDict


class ArticleItem(TypedDict):
    url: str
    # The profile's key ("huna"), and the profile's section the article was listed in ("world"):
    # None for a page extracted without a profile or outside a crawl.
    site: str | None
    site_section: str | None
    article_id: str | None
    headline: str | None
    summary: str | None
    body: str | None
    # "video" or "gallery" for a story told by its player or its pictures, whose body is empty; "live"
    # for a live blog, whose body is its updates; None for an article.
    story_type: str | None
    date_published: str | None
    # The text the date was read from; kept when it could not be parsed, so the item says what failed.
    date_published_raw: str | None
    date_modified: str | None
    authors: list[str]
    section: str | None
    tags: list[str]
    image_url: str | None
    image_caption: str | None
    views: int | None
    language: str
    source: str | None
    scraped_at: str
    content_hash: str
    # Set when the article is stored: 1 for a new article, n+1 for an edit of a stored one.
    revision: int | None


ARTICLE_FIELDS = tuple(ArticleItem.__annotations__)
