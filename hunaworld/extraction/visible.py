"""Where the page as a reader sees it overrules what its structured data say, on a page in no site
template.

- The headline: a meta or JSON-LD title that says the visible ``<h1>``'s words with its quotation
  marks or punctuation stripped is a worse copy of it: the ``<h1>`` is the headline.
- A live blog's text: the updates the page shows, in its order, not the summary its structured data
  carry.
- Any layer's text: without the byline block that opens it and without pull quotes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from hunaworld.text.arabic import fold
from hunaworld.text.bylineblock import byline_block
from hunaworld.text.pullquotes import without_pull_quotes

if TYPE_CHECKING:
    from hunaworld.extraction.heuristic import HeuristicLayer

_WORDS = re.compile(r"[^\W_]+")
_STRUCTURED = ("meta", "jsonld")


def same_words(a: str, b: str) -> bool:
    """Whether two titles say the same words in the same order, whatever their marks and punctuation."""
    return _WORDS.findall(fold(a)) == _WORDS.findall(fold(b))


def prefer_visible(values: dict[str, Any], layers: dict[str, str], heuristic: HeuristicLayer) -> None:
    """Settle the headline and the body of a page in no site template on what the page shows."""
    headline, visible = values.get("headline"), heuristic._headline_h1[1]
    if (layers.get("headline") in _STRUCTURED and headline and visible and visible != headline
            and same_words(headline, visible)):
        values["headline"], layers["headline"] = visible, heuristic.name
    if values.get("story_type") == "live" and heuristic._live:
        values["body"], layers["body"] = list(heuristic._live), heuristic.name
    elif layers.get("body") in _STRUCTURED:
        body = values["body"]
        body = without_pull_quotes(body[byline_block(body, heuristic._site_keys).size :])
        if body:
            values["body"] = body
        else:
            values.pop("body")
            layers.pop("body")
