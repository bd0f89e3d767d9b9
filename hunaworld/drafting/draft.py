"""A profile drafted from a sample: its names, section, sources, clock, article URLs and ids, listing
rules and layout, checked on the sample and written as a module.

- names: the site's name as its article pages give it (``og:site_name``, else the part of
  ``<title>`` every page shares);
- clock: the one UTC offset the pages, sitemaps and feeds printed, as a fixed-offset zone
  (``Etc/GMT-3`` for UTC+3), for a person to replace by the site's named zone;
- article URLs and ids: the regular expressions of the URL shapes discovery followed, the id
  where a shape has one (kept only if it gives each sampled URL the id a crawl with no profile
  gives it);
- sitemaps and feeds: those the crawl read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from typing import Any

from hunaworld.discovery.clock import zone_name
from hunaworld.discovery.urlshape import url_id
from hunaworld.drafting.layoutrules import layout_facts
from hunaworld.drafting.listingrules import listing_facts, walk
from hunaworld.drafting.sample import Page, Sample
from hunaworld.drafting.writer import module_source
from hunaworld.html.dom import clean_ws, meta_map
from hunaworld.html.sitenames import title_segments
from hunaworld.profile import ProfileError, Section, SiteProfile
from hunaworld.sources.reading import FEED

# The id follows its prefix as url_id reads it: digits, then an extension or a slug, then the segment's end.
_ID_TAIL = r"(\d+)(?:\.[a-z]{2,5}|[-_][^/?#]*)?(?:[/?#]|$)"


class DraftError(ValueError):
    """A section the sample cannot draft a profile of; the message says why, in one line."""


@dataclass
class Draft:
    source: str
    profile: SiteProfile
    parts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def draft_profile(sample: Sample, key: str) -> Draft:
    """The profile module of site ``key`` drafted from ``sample``, loaded and checked."""
    if not sample.listings:
        raise DraftError(f"the first listing page could not be read ({sample.start_url})")
    if not sample.shapes:
        raise DraftError(f"discovery found no article links on {sample.start_url}")
    notes: list[str] = []
    names = site_names(sample.articles) or [key]
    if names == [key]:
        notes.append("names: no page names the site (og:site_name, <title>); write them, or the layout applies nowhere")
    article_url = re.compile("|".join(shape.pattern() for shape in sample.shapes))
    listed = [url for step in walk(sample.listings) for url in step.taken] + [page.url for page in sample.articles]
    article_id = id_pattern(sample, listed)
    zone, zone_note = clock(sample.offsets)
    if zone is None:
        notes.append(f"clock: {zone_note}")
    title = sample.title or sample.section
    section = {"key": sample.section, "title": title, "start_urls": (sample.start_url,),
               "sitemaps": tuple(s.url for s in sample.sources if s.kind != FEED),
               "feeds": tuple(s.url for s in sample.sources if s.kind == FEED)}
    base = SiteProfile(key=key, names=tuple(names), sections=(Section(**section),), timezone=zone,
                       article_url=article_url, article_id=article_id)
    listing, listing_notes = listing_facts(walk(sample.listings), base)
    class_name = "".join(part.capitalize() for part in re.split(r"[^a-zA-Z0-9]+", key) if part) + "Article"
    layout, layout_notes = layout_facts(sample.articles, base, class_name, f"{key}-article")
    notes += listing_notes + layout_notes
    parts = {"key": key, "names": names, "section": section, "timezone": zone, "timezone_note": zone_note,
             "listing": listing, "layout": layout, "article_url": article_url, "article_id": article_id,
             "notes": notes,
             "sampled": f"{len(sample.listings)} listing page(s) and {len(sample.articles)} article(s) of"
                        f" {sample.start_url}"}
    source = module_source(parts)
    return Draft(source, load(source, key), parts, notes)


def load(source: str, key: str) -> SiteProfile:
    """The profile a drafted module defines, checked as ``hunaworld/sites/`` checks it."""
    namespace: dict[str, Any] = {"__name__": f"hunaworld.sites.{key}"}
    exec(compile(source, f"{key}.py", "exec"), namespace)  # the module just written, as the registry imports it
    profile = namespace["PROFILE"]
    try:
        profile.check()
    except ProfileError as exc:
        raise DraftError(f"the drafted profile does not load: {exc}") from exc
    return profile


def site_names(pages: list[Page]) -> list[str]:
    """The site's names as its article pages give them: ``og:site_name``, else the part of ``<title>``
    (after a separator) most pages share."""
    names: Counter[str] = Counter()
    for page in pages:
        names.update(clean_ws(name) for name in meta_map(page.sel.root).get("og:site_name", []) if clean_ws(name))
    if names:
        return [name for name, _ in names.most_common()]
    parts: Counter[str] = Counter()
    for page in pages:
        pieces = [clean_ws(piece) for piece in title_segments(page.sel.css("title::text").get() or "")]
        parts.update({pieces[0], pieces[-1]} if len(pieces) > 1 else set())
    shared = [name for name, count in parts.most_common() if count * 2 > len(pages)]
    return shared[:1]


def clock(offsets: Counter[int]) -> tuple[str | None, str]:
    """The zone of the one offset printed (``Etc/GMT-3`` for UTC+3), and what to say of it."""
    if len(offsets) != 1:
        printed = ", ".join(zone_name(timezone(timedelta(seconds=s))) for s in sorted(offsets)) or "none"
        return None, (f"the pages printed {'several UTC offsets' if offsets else 'no UTC offset'} ({printed}):"
                      " set timezone to the site's zone (e.g. Asia/Amman)")
    seconds = next(iter(offsets))
    shown = zone_name(timezone(timedelta(seconds=seconds)))
    if seconds % 3600:
        return None, f"the pages print {shown}, which no Etc zone names: set timezone to the site's zone"
    hours = seconds // 3600
    zone = "UTC" if not hours else f"Etc/GMT{-hours:+d}"
    return zone, (f"{shown}, the offset the sampled pages print: give the site's named zone instead (e.g."
                  " Asia/Amman) if it keeps daylight saving")


def id_pattern(sample: Sample, urls: list[str]) -> re.Pattern[str] | None:
    """The article id's pattern (group 1) of the shapes discovery followed, if it gives each of
    ``urls`` the id a crawl with no profile gives it (:func:`url_id`)."""
    places = {shape.id_prefix() for shape in sample.shapes} - {None}
    kinds = {kind for kind, _ in places}  # type: ignore[misc]
    if not places or len(kinds) > 1:
        return None
    prefixes = "|".join(sorted(prefix for _, prefix in places))  # type: ignore[misc]
    prefixes = f"(?:{prefixes})" if len(places) > 1 else prefixes
    if kinds == {"path"}:
        pattern = re.compile(rf"^https?://[^/]+{prefixes}{_ID_TAIL}")
    else:
        pattern = re.compile(rf"[?&]{prefixes}=(\d+)(?:[&#]|$)")
    for url in urls:
        match = pattern.search(url)
        if (match.group(1) if match else None) != url_id(url):
            return None
    return pattern
