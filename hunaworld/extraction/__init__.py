"""Field extraction from one article page, layer by layer.

Each field takes the first layer that gives a valid value: the site's own layout, then JSON-LD,
then meta tags, then the generic heuristic. Which layer served each field is returned with the
values, so a crawl can count it and a template change shows up as a shift between layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from parsel import Selector

from hunaworld.dates.parser import parse_date
from hunaworld.extraction.fields import FIELDS
from hunaworld.extraction.heuristic import HeuristicLayer
from hunaworld.extraction.layout import site_layout
from hunaworld.extraction.structured import JsonLdLayer, MetaLayer

DATE_FIELDS = frozenset({"date_published", "date_modified"})
# On a page in one of the site's templates, an empty optional field (no byline, no caption) is a
# true answer: the heuristic guesses only the fields an article cannot lack.
CORE_FIELDS = frozenset({"headline", "body", "date_published"})
LAYER_ORDER = ("site", "jsonld", "meta", "heuristic")
# Per-field exceptions to that order. A JSON-LD headline is written for search results, which cut
# it at 110 characters and often decorate it; og:title is the title as the publisher shares it.
FIELD_ORDER = {"headline": ("site", "meta", "jsonld", "heuristic")}


@dataclass
class Extraction:
    """Raw field values of one page, and the layer each one came from."""

    values: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, str] = field(default_factory=dict)
    layout: str | None = None
    # Date text that no layer could parse, kept so the item can say what it failed to read.
    unparsed: dict[str, str] = field(default_factory=dict)


def _has_value(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(isinstance(v, str) and v.strip() for v in value)
    return value is not None


def extract_fields(sel: Selector, url: str, *, tz: str | tzinfo | None = None,
                   now: datetime | None = None) -> Extraction:
    """Every raw field of the page at ``url``, each from the first layer that has a valid value."""
    layout = site_layout(sel, url)
    found = [layout] if layout else []
    found += [JsonLdLayer(sel, url), MetaLayer(sel, url), HeuristicLayer(sel, url)]
    layers = {layer.name: layer for layer in found}
    result = Extraction(layout=layout.layout if layout else None)
    for name in FIELDS:
        for layer_name in FIELD_ORDER.get(name, LAYER_ORDER):
            layer = layers.get(layer_name)
            if layer is None or (layout and layer_name == HeuristicLayer.name and name not in CORE_FIELDS):
                continue
            method = getattr(layer, name, None)
            value = method() if method else None
            if not _has_value(value):
                continue
            if name in DATE_FIELDS and parse_date(value, tz=tz, now=now) is None:
                result.unparsed.setdefault(name, value)
                continue
            result.values[name] = value
            result.layers[name] = layer.name
            break
    return result
