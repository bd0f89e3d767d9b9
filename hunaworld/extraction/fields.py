"""The contract every extraction layer fulfils.

A layer is an object built from one parsed page that answers per-field questions. It returns raw
values (text as found on the page, not yet normalised); the item loader normalises them. A layer
answers ``None`` (or an empty list) when it has nothing for a field, and the composer then asks the
next layer. Methods are called lazily, so a layer that is never needed costs nothing.
"""

from __future__ import annotations

from typing import Any, Protocol

from parsel import Selector

# The raw fields a layer may provide, with the shape of their values:
#   headline, summary, section, image_url, image_caption, canonical_url: str
#   date_published, date_modified: str (the text a date is read from)
#   body, authors, tags: list[str] (paragraphs / names / labels, in page order)
#   views: int
FIELDS: tuple[str, ...] = (
    "canonical_url",
    "headline",
    "summary",
    "body",
    "date_published",
    "date_modified",
    "authors",
    "tags",
    "section",
    "image_url",
    "image_caption",
    "views",
)


class Layer(Protocol):
    name: str

    def __init__(self, sel: Selector, url: str) -> None: ...


def first_text(values: Any) -> str | None:
    """The first non-blank string of ``values``, stripped."""
    for value in values or ():
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
