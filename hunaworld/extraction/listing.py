"""Listing pages of a section: the article cards of the section's own list, and the next page.

The profile's listing rules name the section's own list; the ticker, "most read", related blocks
and sponsored cards link elsewhere and are never followed. A card's link is followed only when it
stays on the host being crawled and matches the profile's article-URL pattern.

When the card rules match nothing (the site's markup changed), the section's articles are found by
the article-URL pattern in the page's main content instead (:mod:`hunaworld.html.articlelinks`), so
the day's articles are not lost, and the listing says so: the crawl then fails its health check.

A profile without listing rules (a site crawled with no profile) is navigated by what discovery
learns from its listing pages instead (:class:`hunaworld.discovery.model.SectionModel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from parsel import Selector

from hunaworld.html.articlelinks import article_links
from hunaworld.urls import join_url

if TYPE_CHECKING:
    from hunaworld.profile import SiteProfile


@dataclass(frozen=True)
class Card:
    url: str
    title: str
    date_text: str


@dataclass(frozen=True)
class Listing:
    """The cards of one listing page, and the links its cards held that are not the section's articles."""

    cards: list[Card]
    refused: list[str]
    # The card rules matched nothing: the cards were found by the article-URL pattern.
    fallback: bool = False
    # Article URL shapes discovery first learnt on this page (``/news/{id}/{slug}``).
    learnt: tuple[str, ...] = ()


class Navigation(Protocol):
    """How a section's listing pages are read: its cards, and its next page."""

    # The section's label as the site shows it, where the navigation learnt it.
    title: str | None

    def read(self, sel: Selector, url: str) -> Listing: ...

    def next_page(self, sel: Selector, url: str) -> str | None: ...

    def is_section_article(self, url: str) -> bool:
        """Whether ``url`` is one of the section's article URLs (a sitemap's or a feed's entry)."""
        ...


class RuleNavigation:
    """A section's listing pages read by its profile's listing rules."""

    def __init__(self, profile: SiteProfile) -> None:
        self.profile = profile
        self.title = None

    def read(self, sel: Selector, url: str) -> Listing:
        return read_listing(sel, url, self.profile)

    def next_page(self, sel: Selector, url: str) -> str | None:
        return next_page(sel, url, self.profile)

    def is_section_article(self, url: str) -> bool:
        return self.profile.is_article_url(url)


def navigation_for(profile: SiteProfile) -> Navigation:
    """The profile's card rules, or discovery when it has none."""
    if profile.card_rules is None:
        from hunaworld.discovery.model import SectionModel

        return SectionModel()
    return RuleNavigation(profile)


def _text_of(node: Selector, css: str) -> str:
    """The text a rule selects: an attribute when it ends in ``::attr(...)``, else the element's text."""
    if "::" in css:
        return (node.css(css).get() or "").strip()
    return " ".join(node.css(f"{css} ::text").getall()).strip()


def read_listing(sel: Selector, base_url: str, profile: SiteProfile) -> Listing:
    """The section's article cards on this page, in page order, and the card links refused."""
    rules = profile.listing
    assert rules is not None and profile.article_url is not None  # checked with the profile
    host = urlsplit(base_url).netloc
    cards: list[Card] = []
    refused: list[str] = []
    matched = sel.css(rules.cards)
    if not matched:
        return _by_article_url(sel, base_url, profile)
    for card in matched:
        href = (card.css(rules.link).get() or "").strip()
        if not href:
            continue
        url = join_url(base_url, href)
        if url is None or urlsplit(url).netloc != host or not profile.is_article_url(url):
            refused.append(url or href)
            continue
        cards.append(Card(url=url, title=_text_of(card, rules.title), date_text=_text_of(card, rules.date)))
    return Listing(cards, refused)


def _by_article_url(sel: Selector, base_url: str, profile: SiteProfile) -> Listing:
    links = article_links(sel.root, base_url, profile.is_article_url)
    return Listing([Card(link.url, link.title, link.date_text) for link in links], [], fallback=True)


def next_page(sel: Selector, base_url: str, profile: SiteProfile) -> str | None:
    """The next listing page, or None on the last one.

    A link on the host being crawled wins: ``<link rel=next>`` names the public host even when the
    pages are served by a mirror, while the pagination links are relative.
    """
    assert profile.listing is not None  # checked with the profile
    found = [url for css in profile.listing.next_page for href in sel.css(css).getall()
             if (url := join_url(base_url, href))]
    host = urlsplit(base_url).netloc
    return next((url for url in found if urlsplit(url).netloc == host), found[0] if found else None)
