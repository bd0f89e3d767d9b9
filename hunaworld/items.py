"""The article item: the exact fields analysts receive in JSON Lines and SQLite."""

from scrapy import Field, Item


class ArticleItem(Item):
    url = Field()
    article_id = Field()
    headline = Field()
    summary = Field()
    body = Field()
    date_published = Field()
    date_published_raw = Field()
    date_modified = Field()
    authors = Field()
    section = Field()
    tags = Field()
    image_url = Field()
    image_caption = Field()
    views = Field()
    language = Field()
    source = Field()
    scraped_at = Field()
    content_hash = Field()
    revision = Field()
