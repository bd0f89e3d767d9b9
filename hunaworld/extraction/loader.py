"""Item loader: raw extracted values in, normalised article item out, on ``itemloaders.ItemLoader``.

Every text goes through ``arabic.clean_text``; dates arrive parsed by the extraction (in the site's
clock) and leave as ISO 8601. Each field's processing is declared as its input and output
processors (``<field>_in``, ``<field>_out``), the defaults for the rest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemloaders import ItemLoader
from itemloaders.processors import Compose, Identity, Join, MapCompose, TakeFirst
from parsel import Selector

from hunaworld.extraction import Extraction, extract_fields
from hunaworld.html.dom import meta_map
from hunaworld.html.sitenames import name_key, site_keys, without_site_dateline
from hunaworld.items import ARTICLE_FIELDS, ArticleItem
from hunaworld.text.arabic import PARAGRAPH_BREAK, clean_text, fold
from hunaworld.text.bylines import split_byline
from hunaworld.text.countries import named_countries
from hunaworld.urls import join_url, readable_url

if TYPE_CHECKING:
    from hunaworld.profile import SiteProfile

_LABEL_SEPARATOR = re.compile(r"^\s*[-–:]?\s*")


def _clean(value: Any) -> Any:
    """A text as stored (``clean_text``), None when nothing is left; any other value as it is."""
    return clean_text(value) or None if isinstance(value, str) else value


def _not_the_site(name: str, loader_context: dict[str, Any]) -> str | None:
    """An author's name, unless it is the site's own (a byline crediting the site is no author)."""
    return None if name_key(name) in site_keys(loader_context.get("site_names", ())) else name


def _without_site_name(label: str, loader_context: dict[str, Any]) -> str | None:
    """A section label without a leading site name ("اخبار هنا العالم" -> "العالم"); None when nothing is left."""
    words = label.split()
    for name in loader_context.get("site_names", ()):
        size = len(name.split())
        if len(words) > size and fold(" ".join(words[:size])) == fold(name):
            return _LABEL_SEPARATOR.sub("", " ".join(words[size:])).strip() or None
    return label


def _absolute_url(url: str, loader_context: dict[str, Any]) -> str | None:
    return join_url(loader_context.get("base_url", ""), url) or None


def _iso_date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _without_dateline(paragraphs: list[str], loader_context: dict[str, Any]) -> list[str]:
    """The paragraphs without the site's dateline at the start of the first ("القاهرة - ..."), empty ones
    dropped; without a profile's dateline, a signature of the site's name the page gives and a dash."""
    dateline = loader_context.get("dateline")
    if paragraphs and dateline is not None:
        paragraphs = [dateline.sub("", paragraphs[0]), *paragraphs[1:]]
    elif paragraphs:
        paragraphs = [without_site_dateline(paragraphs[0], loader_context.get("page_names", ())), *paragraphs[1:]]
    return [paragraph for paragraph in paragraphs if paragraph]


def _unique(values: list[Any]) -> list[Any]:
    """The values once each, in their order."""
    return list(dict.fromkeys(values))


class ArticleLoader(ItemLoader):
    """The article's fields: every text cleaned, one value per field but for the lists.

    The context carries ``base_url`` (the page's, for relative image links), ``site_names`` and
    ``dateline`` (the profile's) and ``page_names`` (those and the name the page gives itself), which
    are not article text.
    """

    default_item_class = ArticleItem
    default_input_processor = MapCompose(_clean)
    default_output_processor = TakeFirst()

    # Stored as the site serves it: cleaning would take a tatweel out of a slug, and the server
    # answers the cleaned URL with a 404.
    url_in = MapCompose(str.strip)
    body_in = Compose(MapCompose(_clean), _without_dateline)
    body_out = Join(PARAGRAPH_BREAK)
    # Several names per byline; source credits are left out by split_byline.
    authors_in = MapCompose(_clean, split_byline, _not_the_site)
    authors_out = _unique
    tags_out = _unique
    section_in = MapCompose(_clean, _without_site_name)
    image_url_in = MapCompose(_clean, _absolute_url)
    date_published_in = MapCompose(_iso_date)
    date_modified_in = MapCompose(_iso_date)
    views_in = Identity()

    # itemloaders looks a field's processors up again for every value and at the end (an attribute,
    # else the item class's field metadata, an AttributeError raised and caught for each processor
    # object); they are the same for every article, so each is looked up by itemloaders once, below,
    # which saves 3.1% of the crawl's work.
    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        return _PROCESSORS[field_name][0]

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        return _PROCESSORS[field_name][1]

    def load_item(self) -> ArticleItem:
        loaded = super().load_item()
        # Every field present, in the documented order, so feeds and tables line up.
        item = ArticleItem(**{name: loaded.get(name, [] if name in ("authors", "tags") else None)
                              for name in ARTICLE_FIELDS})
        if item["story_type"] and item["body"] is None:
            item["body"] = ""  # a video or gallery story: kept, with no text
        item["countries"] = named_countries(item["headline"], item["summary"], item["body"])
        item["content_hash"] = content_hash(item["headline"], item["body"])
        return item


def _declared_processors() -> dict[str, tuple[Callable[..., Any], Callable[..., Any]]]:
    """Each field's input and output processors, as itemloaders finds them declared on ArticleLoader."""
    loader = ArticleLoader()
    return {name: (ItemLoader.get_input_processor(loader, name), ItemLoader.get_output_processor(loader, name))
            for name in ARTICLE_FIELDS}


_PROCESSORS = _declared_processors()


def content_hash(headline: str | None, body: str | None) -> str:
    """Digest of the folded headline and body: the same text hashes alike whatever its marks."""
    folded = f"{fold(headline)}\n{fold(body)}"
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def load_article(sel: Selector, page_url: str, profile: SiteProfile | None = None, *,
                 tz: str | tzinfo | None = None, now: datetime | None = None) -> tuple[ArticleItem, Extraction]:
    """The normalised article of the page parsed as ``sel``, served at ``page_url``, and how each field was found.

    ``profile`` is the site's (its layouts, names, dateline, article ids and clock); without one the
    generic layers answer alone and times without an offset are read in ``tz``, else UTC. ``tz``
    overrides the profile's clock.
    """
    tz = tz or (profile.timezone if profile else "UTC")
    found = extract_fields(sel, page_url, profile, tz=tz, now=now)
    values, dates = found.values, found.dates
    names = profile.names if profile else ()
    # A dateline the profile does not describe is the site's name the page gives, and a dash.
    page_names = (*names, meta_map(sel.root).get("og:site_name", [None])[0])
    loader = ArticleLoader(base_url=page_url, site_names=names, dateline=profile.dateline if profile else None,
                           page_names=page_names)
    canonical = values.get("canonical_url")
    url = readable_url(join_url(page_url, canonical) or page_url)
    loader.add_value("url", url)
    loader.add_value("site", profile.key if profile else None)
    loader.add_value("article_id", profile.id_of(url) if profile else None)
    for name in ("headline", "summary", "body", "story_type", "authors", "section", "tags", "image_url",
                 "image_caption", "views"):
        loader.add_value(name, values.get(name))
    published, modified = dates.get("date_published"), dates.get("date_modified")
    loader.add_value("date_published", published)
    # An update at the publication time is no update.
    loader.add_value("date_modified", modified if modified != published else None)
    loader.add_value("date_published_raw", values.get("date_published") or found.unparsed.get("date_published"))
    loader.add_value("language", "ar")
    loader.add_value("source", names[0] if found.layout else _publisher(sel, page_url))
    loader.add_value("scraped_at", datetime.now(UTC).isoformat(timespec="seconds"))
    return loader.load_item(), found


def _publisher(sel: Selector, url: str) -> str | None:
    return sel.css('meta[property="og:site_name"]::attr(content)').get() or urlsplit(url).hostname
