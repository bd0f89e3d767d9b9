"""The profile of a site crawled with no profile: made from its section's URL alone.

Its key is the host (``www.`` and the port left out), its one section's key the last word of the
path (``/category/international/`` -> ``international``) or of the query (``?section=world``). It
declares no names, clock, listing rules or layouts, so the crawl learns the section's navigation
and clock and the generic layers extract every field. The article id is the URL's number outside
a date (:func:`hunaworld.discovery.urlshape.url_id`), the same for every worker and every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from hunaworld.discovery.urlshape import url_id
from hunaworld.profile import Section, SiteProfile

# Path words that name no section: a page marker, an index file, a language prefix.
_NOT_SECTION = re.compile(r"(?:page|index(?:\.\w+)?|default(?:\.\w+)?|ar|arabic|\d+)", re.I)


def site_key(url: str) -> str:
    """``https://www.huna.example:8080/world`` -> ``huna.example``."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def section_key(url: str) -> str:
    """The last word of the URL's path that names a section, else of its query
    (``/index.php?section=world`` -> ``world``); ``front`` for the site's front page."""
    parts = urlsplit(url)
    words = [unquote(segment) for segment in parts.path.split("/") if segment]
    named = [word for word in words if not _NOT_SECTION.fullmatch(word)]
    named = named or [value for _, value in parse_qsl(parts.query) if not _NOT_SECTION.fullmatch(value)]
    if not named:
        return "front"
    return re.sub(r"[^\w-]+", "-", named[-1].lower()).strip("-") or "front"


@dataclass(frozen=True)
class DiscoveredSite(SiteProfile):
    """A site profile with nothing declared but its section: see the module's docstring."""

    def id_of(self, url: str) -> str | None:
        return url_id(url)


def discovered_profile(start_url: str, section: str | None = None) -> DiscoveredSite:
    """The profile of the section at ``start_url``; ``section`` names it instead of its path."""
    key = section or section_key(start_url)
    return DiscoveredSite(key=site_key(start_url), names=(), sections=(Section(key, key, (start_url,)),))
