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
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect.parser import SelectorError

from hunaworld.extraction.layout import SiteLayout
from hunaworld.extraction.rules import compile_css
from hunaworld.urls import strip_tracking


class ProfileError(ValueError):
    """A profile that cannot work: the message names the site and what is wrong, in one line."""


@dataclass(frozen=True)
class Section:
    """One section of a site: its key (``-a section=KEY``), its title, where its listing starts, and
    its sitemaps and feeds, read beside the listing (:mod:`hunaworld.crawling.sources`).

    ``feeds`` are the section's own (every entry of its article URLs is its article); ``sitemaps``
    may be the site's, whose entries are taken only on evidence that they are the section's
    (:mod:`hunaworld.sources.membership`). A section with neither and no listing rules finds them.
    """

    key: str
    title: str
    start_urls: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListingApi:
    """The JSON API a section's listing page fills its cards from (its "المزيد" button pages it).

    ``url`` is the first page's URL (on the section's host; a crawl of a mirror asks the mirror).
    Paths are dotted keys into the JSON (``data.stories``, ``links.web``; a number indexes a list):
    ``items`` to the list of items in a response, ``link``, ``title`` and ``date`` inside an item.
    ``next`` is the path in a response to the next page: its URL, or, with ``param``, the value
    that query parameter takes (a cursor). Without ``next``, ``param`` counts pages (``page=2``)
    or, when it names an offset (``offset``, ``start``, ``from``...), items.
    """

    url: str
    items: str
    link: str
    title: str = ""
    date: str = ""
    next: str = ""
    param: str = ""


@dataclass(frozen=True)
class ListingRules:
    """Where the section's own article cards are on a listing page, declared like the article layouts.

    ``cards`` selects each card of the section's list (never the ticker, sidebars or related lists);
    ``link``, ``title`` and ``date`` are CSS inside a card (``link`` ending in ``::attr(href)``, and
    ``date`` in ``::attr(...)`` when the card carries a machine-readable date); ``next_page`` lists
    CSS rules for the next page's URL, tried in order.

    A section whose cards are written by a script says how to read them instead: ``api``, the JSON
    API its script reads (the crawl pages through it, no browser), or ``render=True``: its listing
    pages are rendered in a headless browser, whose load-more control is pressed for the next cards
    (read by the card rules, or, without them, as discovery reads a page). ``render_articles``
    renders the article pages too (they are read as plain HTML otherwise).
    """

    cards: str = ""
    link: str = ""
    title: str = ""
    date: str = ""
    next_page: tuple[str, ...] = ()
    api: ListingApi | None = None
    render: bool = False
    render_articles: bool = False


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

    @property
    def card_rules(self) -> ListingRules | None:
        """The listing rules when they name the section's cards; None when its cards are learnt."""
        return self.listing if self.listing is not None and self.listing.cards else None

    def section(self, key: str | None) -> Section:
        """The section named ``key``, or the first one when ``key`` is None."""
        if key is None:
            return self.sections[0]
        for section in self.sections:
            if section.key == key:
                return section
        known = ", ".join(s.key for s in self.sections)
        raise ProfileError(f"site {self.key!r} has no section {key!r} (sections: {known})")

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` matches the ``article_url`` pattern: by its path (``/news/52817/...``), or
        by its path and query (``/article.php?id=52817``), tracking parameters left out."""
        if self.article_url is None:
            return False
        parts = urlsplit(strip_tracking(url))
        path = unquote(parts.path)
        return bool(self.article_url.search(path)
                    or (parts.query and self.article_url.search(f"{path}?{unquote(parts.query)}")))

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
        if rules is not None and rules.cards and self.article_url is None:
            raise ProfileError(f"{where}: listing rules need the article_url pattern (the fallback when they match"
                               " nothing)")
        if rules is not None and rules.cards and not rules.link:
            raise ProfileError(f"{where}: listing rules with cards need a link rule")
        if rules is not None and rules.api is not None:
            api = rules.api
            if not api.url.startswith(("http://", "https://", "/")) or not api.items or not api.link:
                raise ProfileError(f"{where}: the listing API needs an http(s) or /path url, and items and link paths")
        for css in (rules.cards, rules.link, rules.title, rules.date, *rules.next_page) if rules else ():
            if not css:
                continue
            try:
                compile_css(_without_pseudo_element(css))
            except SelectorError as exc:
                raise ProfileError(f"{where}: bad listing selector {css!r} ({exc})") from exc
        for section in self.sections:
            if not section.start_urls or not all(u.startswith(("http://", "https://")) for u in section.start_urls):
                raise ProfileError(f"{where}: section {section.key!r} needs http(s) start URLs")
            for url in (*section.sitemaps, *section.feeds):
                if not url.startswith(("http://", "https://")):
                    raise ProfileError(f"{where}: section {section.key!r}: sitemap or feed {url!r} is not an"
                                       " http(s) URL")
        if self.article_id is not None and self.article_id.groups < 1:
            raise ProfileError(f"{where}: the article_id pattern needs a group for the id")
        for layout in self.layouts:
            # The layout's selectors and detection rule were compiled when its class was defined.
            if layout.detect_xpath is None:
                raise ProfileError(f"{where}: {layout.__name__} has no detect selector")


def _without_pseudo_element(css: str) -> str:
    """``a::attr(href)`` -> ``a``: parsel's pseudo-elements are not CSS that cssselect compiles."""
    return re.sub(r"::(?:text|attr\([\w-]+\))", "", css) or "*"
