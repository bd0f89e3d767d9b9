"""A profile against the generic layers alone, on saved pages: where their articles differ.

Every HTML page of a capture that the generic layers judge an article is extracted twice: with the
profile (its layouts, names, dateline, article ids and clock) and with the generic layers alone in
the profile's clock, as a crawl with no profile reads it (whose article id is the URL's number).
Each field where the two items differ is a difference; the time of extraction and the site's key
are no article fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hunaworld.capture.manifest import load_manifest
from hunaworld.discovery.urlshape import url_id
from hunaworld.extraction.loader import load_article
from hunaworld.extraction.pagekind import ARTICLE
from hunaworld.html.decoding import looks_like_html, page_encoding
from hunaworld.html.parsing import parse_page
from hunaworld.profile import SiteProfile

NOT_COMPARED = frozenset({"scraped_at", "site"})
# Characters of a value shown around the place where two values part.
_SHOWN = 70


@dataclass(frozen=True)
class Difference:
    url: str
    field: str
    profile: Any
    generic: Any


@dataclass
class Report:
    pages: int = 0
    articles: int = 0
    differences: list[Difference] = field(default_factory=list)


def check_capture(profile: SiteProfile, folder: Path) -> Report:
    """Every article page of the capture in ``folder`` extracted with ``profile`` and without."""
    report = Report()
    for entry in load_manifest(folder):
        if entry.get("status", 200) != 200 or not entry.get("file"):
            continue
        body = (folder / entry["file"]).read_bytes()
        kind = entry.get("headers", {}).get("Content-Type", "").lower()
        if not is_html(body, kind):
            continue
        report.pages += 1
        url = entry["url"]
        sel = parse_page(body, page_encoding(body, kind), url)
        generic, found = load_article(sel, url, None, tz=profile.timezone)
        if found.kind != ARTICLE:
            continue
        report.articles += 1
        generic["article_id"] = url_id(generic["url"])
        mine, _ = load_article(sel, url, profile)
        report.differences += [Difference(url, name, mine[name], generic[name]) for name in mine
                               if name not in NOT_COMPARED and mine[name] != generic[name]]
    return report


def is_html(body: bytes, content_type: str) -> bool:
    """Whether a saved response is an HTML page (not a sitemap, a feed, robots.txt)."""
    if content_type:
        return "html" in content_type
    return looks_like_html(body) and not body.lstrip()[:5].lower().startswith(b"<?xml")


def side_by_side(difference: Difference) -> str:
    """The two values of a field, cut around where they part when they are long."""
    mine, theirs = difference.profile, difference.generic
    if isinstance(mine, str) and isinstance(theirs, str) and max(len(mine), len(theirs)) > 2 * _SHOWN:
        start = next((n for n, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
                     min(len(mine), len(theirs)))
        start = max(0, start - _SHOWN // 3)

        def cut(text: str) -> str:
            shown = repr(text[start:start + _SHOWN])
            return ("…" if start else "") + shown + ("…" if len(text) > start + _SHOWN else "")

        mine, theirs = cut(mine), cut(theirs)
    else:
        mine, theirs = repr(mine), repr(theirs)
    return f"  {difference.field}: profile {mine} | generic {theirs}"
