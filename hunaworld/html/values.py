"""Values a page states about itself in JSON-LD, meta tags and microdata: label lists, URLs given as names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hunaworld.html.dom import clean_ws

_SPLIT_TAGS = re.compile(r"\s*[,،;؛]\s*")


def split_labels(values: Iterable[str | None]) -> list[str]:
    """Tags or keywords, each value a comma- or semicolon-separated list: one list, no repeats."""
    out: list[str] = []
    for value in values:
        for part in _SPLIT_TAGS.split(value or ""):
            part = clean_ws(part)
            if part and part not in out:
                out.append(part)
    return out


def is_url(text: str | None) -> bool:
    """Whether a value given as a name (an author) is a URL instead."""
    return bool(text) and text.lstrip().lower().startswith(("http://", "https://", "//", "www."))
