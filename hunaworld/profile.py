"""What a site profile declares, and the checks a profile passes when it is loaded.

A profile is data: the site's names, its sections and their start URLs, its clock, its listing
rules, its article layouts, the dateline to strip, the article-id and article-URL patterns, and
settings it needs other than the project's defaults. Generic code (extraction, loaders, the spider,
storage) receives a profile and never imports a site. Profiles live in ``hunaworld/sites/``.

What a profile leaves out is found as a crawl with no profile finds it (:mod:`hunaworld.discovery`):
without listing rules the section's article links and next page are learnt from its listing
pages, without a clock the UTC offset its pages print is read, without layouts the generic layers
extract every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect.parser import SelectorError

from hunaworld.extraction.layout import SiteLayout
from hunaworld.extraction.rules import compile_css


class ProfileError(ValueError):
    """A profile that cannot work: the message names the site and what is wrong, in one line."""


@dataclass(frozen=True)
class Section:
    """One section of a site: its key (``-a section=KEY``), its title, and where its listing starts."""

    key: str
    title: str
    start_urls: tuple[str, ...]


@dataclass(frozen=True)
class ListingRules:
    """Where the section's own article cards are on a listing page, declared like the article layouts.

    ``cards`` selects each card of the section's list (never the ticker, sidebars or related lists);
    ``link``, ``title`` and ``date`` are CSS inside a card (``link`` ending in ``::attr(href)``, and
    ``date`` in ``::attr(...)`` when the card carries a machine-readable date); ``next_page`` lists
    CSS rules for the next page's URL, tried in order.
    """

    cards: str
    link: str
    title: str
    date: str
    next_page: tuple[str, ...]


@dataclass(frozen=True)
class SiteProfile:
    key: str
    # Every spelling the site uses for itself: in <title>, og:site_name, the copyright line. Used to
    # recognise the site's pages, strip its name from titles, and refuse it as an article's author.
    names: tuple[str, ...]
    sections: tuple[Section, ...]
    # IANA zone of the times the site prints without an offset; None: the offset its pages print.
    timezone: str | None = None
    # None: the section's article links and next page are learnt from its listing pages.
    listing: ListingRules | None = None
    layouts: tuple[type[SiteLayout], ...] = ()
    # Article pages' URL path; a listed card link that does not match is not followed (needed with
    # listing rules).
    article_url: re.Pattern[str] | None = None
    # The site's own article id, group 1 of a match in the URL; None where URLs carry no id.
    article_id: re.Pattern[str] | None = None
    # The signature the site puts before the first paragraph ("أخبار هنا العالم - "), not article text.
    dateline: re.Pattern[str] | None = None
    # Scrapy or hunaworld settings this site needs other than the project's defaults (politeness,
    # health thresholds); ``-s`` on the command line still wins.
    settings: dict[str, Any] = field(default_factory=dict)

    def section(self, key: str | None) -> Section:
        """The section named ``key``, or the first one when ``key`` is None."""
        if key is None:
            return self.sections[0]
        for section in self.sections:
            if section.key == key:
                return section
        known = ", ".join(s.key for s in self.sections)
        raise ProfileError(f"site {self.key!r} has no section {key!r} (sections: {known})")

    def id_of(self, url: str) -> str | None:
        """The site's article id in ``url``, or None."""
        if self.article_id is None:
            return None
        match = self.article_id.search(url)
        return match.group(1) if match else None

    def check(self) -> None:
        """Raise ProfileError naming the first thing in this profile that cannot work."""
        where = f"site profile {self.key!r}"
        if not self.names or not self.sections:
            raise ProfileError(f"{where}: names and sections must not be empty")
        try:
            if self.timezone is not None:
                ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ProfileError(f"{where}: unknown time zone {self.timezone!r}") from exc
        rules = self.listing
        if rules is not None and self.article_url is None:
            raise ProfileError(f"{where}: listing rules need the article_url pattern (the fallback when they match"
                               " nothing)")
        for css in (rules.cards, rules.link, rules.title, rules.date, *rules.next_page) if rules else ():
            try:
                compile_css(_without_pseudo_element(css))
            except SelectorError as exc:
                raise ProfileError(f"{where}: bad listing selector {css!r} ({exc})") from exc
        for section in self.sections:
            if not section.start_urls or not all(u.startswith(("http://", "https://")) for u in section.start_urls):
                raise ProfileError(f"{where}: section {section.key!r} needs http(s) start URLs")
        if self.article_id is not None and self.article_id.groups < 1:
            raise ProfileError(f"{where}: the article_id pattern needs a group for the id")
        for layout in self.layouts:
            # The layout's selectors were checked when its class was defined; its detection rule here.
            try:
                compile_css(layout.detect)
            except SelectorError as exc:
                raise ProfileError(f"{where}: bad detect selector {layout.detect!r} in {layout.__name__}") from exc


def _without_pseudo_element(css: str) -> str:
    """``a::attr(href)`` -> ``a``: parsel's pseudo-elements are not CSS that cssselect compiles."""
    return re.sub(r"::(?:text|attr\([\w-]+\))", "", css) or "*"
