"""Video and gallery stories: pages whose story is told by a player or by pictures, not by text; and
live blogs, whose text is their updates.

Such a page keeps its headline, date, tags and image, with an empty body and ``story_type`` saying
what it is: its captions, the player's text and the related links around them are no article
text. A page with a player or a gallery and a text of its own is an article like any other.
"""

from __future__ import annotations

from typing import Any

# Characters of text below which a page with a player or a gallery is a story without text: a line
# of caption or credit, not a paragraph of news.
STORY_TEXT = 150
# The stories told without text of their own.
WITHOUT_TEXT = frozenset({"video", "gallery"})


def has_text(body: list[str] | None) -> bool:
    """Whether a page's body is article text: then it is an article, whatever player or gallery it holds
    (and the layers need not be asked whether it is a story)."""
    return sum(len(paragraph.strip()) for paragraph in body or ()) >= STORY_TEXT


def settle_story(values: dict[str, Any], layers: dict[str, str]) -> None:
    """A video or gallery story's body is empty: the lines found are captions, credits, player text.
    (A live blog's text is its updates.)"""
    if values.get("story_type") in WITHOUT_TEXT and "body" in values:
        values.pop("body")
        layers.pop("body", None)
