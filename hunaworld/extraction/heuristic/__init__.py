"""Layer 4: generic heuristics over the page's visible markup.

Used when neither the site's own selectors nor the structured data (JSON-LD, meta tags) answer a
field. Everything works on the lxml tree parsel already built (``sel.root``): no copy of the tree, no
XPath inside loops. The HTML helpers (:mod:`hunaworld.html`) say what is page furniture, score blocks
by their text, split paragraphs and spot date lines; this layer decides which of what they find is
the article's.

- headline: the ``<h1>`` that best matches ``og:title`` / ``<title>``, else ``<title>`` without the
  site name.
- body: one walk over the article region (the ``<article>``/``<main>`` holding the headline, else the
  page) skips whole subtrees of page furniture (scripts, navigation, sidebars, share bars, related
  and most-read lists, comments, ads, hidden elements: by tag, and by the words of class and id) and
  scores every block by the text of its paragraphs, penalised by link text. ``itemprop=articleBody``
  wins when present, then the best block of the best ``<article>``; its paragraphs are the ``<p>``
  texts, or text runs split on ``<br>``, without boilerplate lines, the byline block that opens them
  and pull quotes; a live blog's are its timed updates (:mod:`.body`).
- date_published: the date-like element (``<time>``, class/id with date/time/publish/meta...)
  nearest the headline outside furniture and outside the article's sentences, else the date line
  between the headline and the text, else a line of nothing but a date just above the headline
  (:mod:`.dates`).
- authors: the byline lines between the headline and the text ("الكاتب: NAME", "بقلم: NAME - CITY"),
  else the byline element nearest the headline (:mod:`.authors`).
- date_modified, tags, story_type: the update line, the tag links (by rel, path or a labelled list)
  and a player, a gallery or a live blog's updates inside the article's own element
  (:mod:`hunaworld.html.updateline`, :mod:`~hunaworld.html.taglinks`, :mod:`~hunaworld.html.media`,
  :mod:`~hunaworld.html.liveblog`).
- image_url / image_caption: near the headline.
- views: the view counter the article's element shows (:mod:`hunaworld.html.counters`).
"""

from __future__ import annotations

from functools import cached_property

from hunaworld.extraction.heuristic.authors import AuthorsField
from hunaworld.extraction.heuristic.dates import DateField
from hunaworld.extraction.heuristic.images import ImageFields
from hunaworld.html.counters import view_count
from hunaworld.html.dom import element_text
from hunaworld.html.taglinks import tag_links
from hunaworld.html.updateline import update_line

__all__ = ["HeuristicLayer"]


class HeuristicLayer(DateField, AuthorsField, ImageFields):
    name = "heuristic"
    fields = frozenset({"headline", "body", "date_published", "date_modified", "image_url", "image_caption",
                        "authors", "tags", "story_type", "views"})

    @cached_property
    def _own_text(self) -> str:
        """The text of the article's own element, where its update line and tag labels are looked for."""
        return element_text(self._own_region[0])

    def date_modified(self) -> str | None:
        return update_line(*self._own_region, self._own_text)

    def tags(self) -> list[str]:
        region, excluded = self._own_region
        return tag_links(region, self.url, excluded, self._own_text)

    def story_type(self) -> str | None:
        return "live" if self._live else self._media

    def views(self) -> int | None:
        return view_count(self._own_region[0])

    def live_story(self) -> str | None:
        """"live" for a live blog, whatever text the page has (see :func:`story_type`)."""
        return "live" if self._live else None
