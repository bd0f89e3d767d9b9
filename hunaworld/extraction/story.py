"""Video and gallery stories: pages whose story is told by a player or by pictures, not by text.

Such a page keeps its headline, date, tags and image, with an empty body and ``story_type`` saying
what it is: its captions, the player's text and the related links around them are no article
text. A page with a player or a gallery and a text of its own is an article like any other.
"""

from __future__ import annotations

from typing import Any

# Characters of text below which a page with a player or a gallery is a story without text: a line
# of caption or credit, not a paragraph of news.
STORY_TEXT = 150


def settle_story(values: dict[str, Any], layers: dict[str, str]) -> None:
    """Keep ``story_type`` only for a page without article text, and empty that page's body."""
    if not values.get("story_type"):
        return
    body = values.get("body") or []
    if sum(len(paragraph.strip()) for paragraph in body) >= STORY_TEXT:
        values.pop("story_type")
        layers.pop("story_type", None)
    elif body:
        values.pop("body")
        layers.pop("body", None)
