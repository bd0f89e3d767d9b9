"""Field extraction from one article page, layer by layer.

Each field takes the first layer, in the field's precedence (``fields.PRECEDENCE``), that gives a
valid value: the site's own layout (when a profile is given and the page is in one of its
templates), then JSON-LD, meta tags and the generic heuristic. Which layer served each field is
returned with the values, so a crawl can count it and a template change shows up as a shift
between layers. Dates are parsed here, once: a date text that does not parse is no value, and the
next layer is asked. On a page in no site template, what the page shows overrules what its
structured data say where the two differ in form only (:mod:`hunaworld.extraction.visible`), and
the page's kind is judged (:mod:`hunaworld.extraction.pagekind`): a page in a site's article
template is an article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from parsel import Selector

from hunaworld.dates import parse_date
from hunaworld.extraction.fields import DATE_FIELDS, FIELDS, ON_SITE_PAGES, PRECEDENCE
from hunaworld.extraction.heuristic import HeuristicLayer
from hunaworld.extraction.jsonld import JsonLdLayer
from hunaworld.extraction.layout import SiteLayout, site_layout
from hunaworld.extraction.meta import MetaLayer
from hunaworld.extraction.pagekind import ARTICLE, judge
from hunaworld.extraction.story import has_text, settle_story
from hunaworld.extraction.visible import prefer_visible

if TYPE_CHECKING:
    from hunaworld.profile import SiteProfile

_SITE = SiteLayout.name
_GENERIC = {layer.name: layer for layer in (JsonLdLayer, MetaLayer, HeuristicLayer)}
# The layers that tell a live blog from a page with text: its structured data, its timed updates.
_LIVE_LAYERS = (JsonLdLayer.name, HeuristicLayer.name)
_STRUCTURED = (JsonLdLayer.name, MetaLayer.name)


@dataclass
class Extraction:
    """Raw field values of one page, and the layer each one came from."""

    values: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, str] = field(default_factory=dict)
    layout: str | None = None
    # The date fields, parsed (their text is in ``values``).
    dates: dict[str, datetime] = field(default_factory=dict)
    # Date text that no layer could parse, kept so the item can say what it failed to read.
    unparsed: dict[str, str] = field(default_factory=dict)
    # Fields a layer failed on (malformed input it could not read): "layer: error", per field.
    failed: dict[str, str] = field(default_factory=dict)
    # What the page is (:mod:`hunaworld.extraction.pagekind`): only an article's fields are kept.
    kind: str = ARTICLE


def _has_value(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(isinstance(v, str) and v.strip() for v in value)
    return value is not None


def _plan(layout: type[SiteLayout] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each field, with the layers that are asked for it, in order, on a page in ``layout`` (None:
    a page in no site template): the layers that answer the field at all and, on a site's page,
    the heuristic only for the fields it may guess there."""
    kinds: dict[str, Any] = {**_GENERIC, _SITE: layout}

    def asked(layer: str, name: str) -> bool:
        kind = kinds[layer]
        return (kind is not None and name in kind.fields
                and not (layout is not None and layer == HeuristicLayer.name and name not in ON_SITE_PAGES))

    return tuple((name, tuple(layer for layer in PRECEDENCE[name] if asked(layer, name))) for name in FIELDS)


def extract_fields(sel: Selector, url: str, profile: SiteProfile | None = None, *,
                   tz: str | tzinfo | None = None, now: datetime | None = None) -> Extraction:
    """Every raw field of the page at ``url``, each from the first layer that has a valid value.

    ``profile`` brings the site's layouts and names; without one, the generic layers answer alone.
    """
    names = profile.names if profile else ()
    layout = site_layout(sel, url, names, profile.layouts) if profile else None
    layers: dict[str, Any] = {name: kind(sel, url, names) for name, kind in _GENERIC.items()}
    if layout:
        layers[_SITE] = layout
    result = Extraction(layout=layout.layout if layout else None)

    for name, asked in _plan(type(layout) if layout else None):
        method = name
        if name == "story_type" and has_text(result.values.get("body")):
            # An article with a text of its own is no video or gallery story; it may be a live blog,
            # which a page in a site's article template is not.
            if layout is not None:
                continue
            method, asked = "live_story", _LIVE_LAYERS
        for layer_name in asked:
            layer = layers[layer_name]
            try:
                value = getattr(layer, method)()
            except (ValueError, RecursionError) as exc:
                # Broken markup costs the field in this layer, never the article: the next layer is asked.
                result.failed.setdefault(name, f"{layer_name}: {type(exc).__name__}: {exc}")
                continue
            if not _has_value(value):
                continue
            if name in DATE_FIELDS:
                parsed = parse_date(value, tz=tz, now=now)
                if parsed is None:
                    result.unparsed.setdefault(name, value)
                    continue
                result.dates[name] = parsed
            result.values[name] = value
            result.layers[name] = layer.name
            break
    settle_story(result.values, result.layers)
    if layout is None:
        heuristic = layers[HeuristicLayer.name]
        prefer_visible(result.values, result.layers, heuristic)
        structured_text = result.values.get("body") if result.layers.get("body") in _STRUCTURED else None
        result.kind = judge(heuristic, layers[JsonLdLayer.name], structured_text)
    return result
