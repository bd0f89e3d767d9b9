"""Listing pages of the section: the article cards of the section's own list and the next page.

Only ``div.news-list`` is the section's list; the ticker, "most read" and related blocks link to
articles of every section and are never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector

CARDS = "div.news-list .news-card"
CARD_LINK = "a.news-card__link::attr(href)"
CARD_TITLE = ".news-card__title"
CARD_DATE = ".news-card__date"
NEXT_PAGE = ('link[rel="next"]::attr(href)', "ul.pagination a.next::attr(href)",
             "ul.pagination a[rel=next]::attr(href)")


@dataclass(frozen=True)
class Card:
    url: str
    title: str
    date_text: str


def cards(sel: Selector, base_url: str) -> list[Card]:
    """The article cards of the section's list, in page order."""
    out = []
    for card in sel.css(CARDS):
        href = card.css(CARD_LINK).get()
        if not href:
            continue
        out.append(Card(
            url=urljoin(base_url, href.strip()),
            title=" ".join(card.css(f"{CARD_TITLE} ::text").getall()).strip(),
            date_text=" ".join(card.css(f"{CARD_DATE} ::text").getall()).strip(),
        ))
    return out


def next_page(sel: Selector, base_url: str) -> str | None:
    """The next listing page, or None on the last one.

    A link on the host being crawled wins: ``<link rel=next>`` names the public host even when the
    pages are served by a mirror, while the pagination links are relative.
    """
    found = [urljoin(base_url, href.strip()) for css in NEXT_PAGE for href in sel.css(css).getall() if href.strip()]
    host = urlsplit(base_url).netloc
    return next((url for url in found if urlsplit(url).netloc == host), found[0] if found else None)
