"""Item loader: raw extracted values in, normalised article item out.

Every text goes through ``arabic.clean_text``; dates arrive parsed by the extraction (in the site's
clock) and leave as ISO 8601. The loader's context carries the base URL for relative image links
and the site's names and dateline, which are not article text.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from parsel import Selector

from hunaworld.extraction import Extraction, extract_fields
from hunaworld.extraction.fieldloader import FieldLoader, identity
from hunaworld.html.dom import meta_map
from hunaworld.html.sitenames import name_key, site_keys, without_site_dateline
from hunaworld.items import ARTICLE_FIELDS, ArticleItem
from hunaworld.text.arabic import clean_text, fold, join_paragraphs
from hunaworld.text.bylines import split_byline
from hunaworld.text.countries import named_countries
from hunaworld.urls import join_url, readable_url

if TYPE_CHECKING:
    from hunaworld.profile import SiteProfile

_LABEL_SEPARATOR = re.compile(r"^\s*[-–:]?\s*")


# Processors are plain functions over the list of collected values: they run on every field of
# every article, and MapCompose/TakeFirst's per-value machinery cost more than the work itself.


def _clean(value: Any) -> str | None:
    return clean_text(value) or None if isinstance(value, str) else value


def _clean_all(values: list[Any]) -> list[Any]:
    """Every value cleaned, empty ones dropped: the default input processor."""
    return [v for v in map(_clean, values) if v is not None]


def _stripped(values: list[Any]) -> list[str]:
    return [value.strip() for value in values if isinstance(value, str) and value.strip()]


def _first(values: list[Any]) -> Any:
    """The first value that is not empty: the default output processor."""
    return next((v for v in values if v is not None and v != ""), None)


def _authors(values: list[Any], loader_context: dict[str, Any]) -> list[str]:
    """Every name of every byline (several per byline, source credits and the site's own name left out)."""
    site = set(site_keys(loader_context.get("site_names", ())))
    names = (name for value in _clean_all(values) for name in split_byline(value))
    return [name for name in names if name_key(name) not in site]


@lru_cache(maxsize=64)
def _folded_name(name: str) -> str:
    """A site's name folded: the same few names on every article of a crawl."""
    return fold(name)


def _without_site_name(label: str, names: tuple[str, ...]) -> str:
    """A section label without a leading site name ("اخبار هنا العالم" -> "العالم")."""
    words = label.split()
    for name in names:
        size = len(name.split())
        if len(words) > size and fold(" ".join(words[:size])) == _folded_name(name):
            return _LABEL_SEPARATOR.sub("", " ".join(words[size:]))
    return label


def _sections(values: list[Any], loader_context: dict[str, Any]) -> list[str]:
    names = loader_context.get("site_names", ())
    labels = (_without_site_name(label, names).strip() for label in _clean_all(values))
    return [label for label in labels if label]


def _absolute_urls(values: list[Any], loader_context: dict[str, Any]) -> list[str]:
    base = loader_context.get("base_url", "")
    return [url for url in (join_url(base, value) for value in _clean_all(values)) if url]


def _iso_dates(values: list[Any]) -> list[str]:
    return [value.isoformat() for value in values if isinstance(value, datetime)]


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _join_body(paragraphs: list[str], loader_context: dict[str, Any]) -> str | None:
    dateline = loader_context.get("dateline")
    if paragraphs and dateline is not None:
        paragraphs = [dateline.sub("", paragraphs[0]), *paragraphs[1:]]
    elif paragraphs:
        paragraphs = [without_site_dateline(paragraphs[0], loader_context.get("page_names", ())), *paragraphs[1:]]
    return join_paragraphs(paragraphs) or None


class ArticleLoader(FieldLoader):
    default_input_processor = _clean_all
    default_output_processor = _first

    body_out = _join_body
    authors_in = _authors
    authors_out = _unique
    tags_out = _unique
    section_in = _sections
    image_url_in = _absolute_urls
    date_published_in = _iso_dates
    date_modified_in = _iso_dates
    views_in = identity
    # Stored as the site serves it: cleaning would take a tatweel out of a slug, and the server
    # answers the cleaned URL with a 404.
    url_in = _stripped

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
