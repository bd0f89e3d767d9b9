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
#   story_type: str ("video", "gallery": the page's own player or gallery, asked only about a page
#   without article text, see :mod:`hunaworld.extraction.story`; "live": a live blog, whose text is
#   its updates, asked with ``live_story`` of a page with text)
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
    "story_type",
)


# Where each field comes from: the layers asked, in order; the first valid value wins. A field not
# named here is asked of every layer in the default order.
DEFAULT_PRECEDENCE = ("site", "jsonld", "meta", "heuristic")
PRECEDENCE: dict[str, tuple[str, ...]] = {name: DEFAULT_PRECEDENCE for name in FIELDS} | {
    # A JSON-LD headline is written for search results, which cut it at 110 characters and often
    # decorate it; og:title is the title as the publisher shares it.
    "headline": ("site", "meta", "jsonld", "heuristic"),
}
# On a page in one of the site's templates, an empty optional field (no byline, no caption) is a
# true answer: the heuristic guesses only the fields an article cannot lack. It also reads what is no
# guess but a plain fact of the page that a template may show in a block its layout does not name: a
# labelled update line ("آخر تحديث: ..."), a player or a gallery.
CORE_FIELDS = frozenset({"headline", "body", "date_published"})
ON_SITE_PAGES = CORE_FIELDS | {"date_modified", "story_type"}
DATE_FIELDS = frozenset({"date_published", "date_modified"})


class Layer(Protocol):
    name: str
    # The fields this layer can answer; the composer asks it for no other.
    fields: frozenset[str]


class PageLayer:
    """Base of the generic layers: one parsed page, its URL, and the names its site is known by
    (the profile's; the layers add what the page itself says)."""

    name = ""
    fields: frozenset[str] = frozenset()

    def __init__(self, sel: Selector, url: str, site_names: tuple[str, ...] = ()) -> None:
        self.sel = sel
        self.url = url
        self.root = sel.root
        self.known_names = site_names


def first_text(values: Any) -> str | None:
    """The first non-blank string of ``values``, stripped."""
    for value in values or ():
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
