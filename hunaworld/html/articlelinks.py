"""A listing page's article links found without card rules: for a listing whose markup changed,
and for a section crawled with no profile (:mod:`hunaworld.discovery`).

Links are taken from the page's main content (its ``<main>``, else the body) and never from page
furniture: navigation, the ticker, sidebars and their "most read" lists, the footer, blocks headed
by a rail's label ("الأكثر قراءة", "اقرأ أيضاً"), sponsored cards. Which links are articles is the
caller's to say (a site's article-URL pattern, or the URL shapes discovery learnt). Each link's
card is the largest block around it that links to no other article; its title is the link's
longest text, its date the date the card shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml import etree

from hunaworld.html.datespot import find_date, has_date
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.html.furniture import HINT_DATE, NOISE_ALL, element_flags, rail_block, sponsored, sponsored_label
from hunaworld.urls import join_url

_MAIN = etree.XPath("//main | //*[@role='main']")


@dataclass
class FoundLink:
    url: str
    title: str
    date_text: str


def main_content(root: etree._Element) -> etree._Element:
    """The page's main content: its ``<main>`` (or ``role=main``) that is no furniture, else its body."""
    for el in _MAIN(root):
        if not element_flags(el) & NOISE_ALL:
            return el
    body = root.find("body")
    return body if body is not None else root


class _Furniture:
    """Whether an element sits in furniture below the scope, each ancestor judged once per page."""

    def __init__(self, scope: etree._Element) -> None:
        self.scope = scope
        self.judged: dict[etree._Element, bool] = {}

    def __call__(self, el: etree._Element) -> bool:
        path = []
        node: etree._Element | None = el
        verdict = False
        while node is not None and node is not self.scope:
            known = self.judged.get(node)
            if known is not None:
                verdict = known
                break
            path.append(node)
            if element_flags(node) & NOISE_ALL or sponsored(node) or (node is not el and rail_block(node)):
                verdict = True
                break
            node = node.getparent()
        for seen in path:
            # An element below a furniture block is furniture; above it, nothing was learnt.
            if verdict:
                self.judged[seen] = True
        if not verdict:
            for seen in path:
                self.judged[seen] = False
        return verdict


class MainLinks(NamedTuple):
    """The page's main content; its links on the page's host outside furniture, each with its
    absolute URL (no fragment), in page order; and the URLs of its links to other hosts there."""

    scope: etree._Element
    links: dict[etree._Element, str]
    elsewhere: list[str]


def main_links(root: etree._Element, base_url: str) -> MainLinks:
    """The links of the page's main content outside furniture (see :class:`MainLinks`)."""
    scope = main_content(root)
    host = urlsplit(base_url).netloc
    in_furniture = _Furniture(scope)
    links: dict[etree._Element, str] = {}
    elsewhere: list[str] = []
    for a in scope.iter("a"):
        url = join_url(base_url, a.get("href"))
        if not url or in_furniture(a):
            continue
        if urlsplit(url).netloc == host:
            links[a] = url.split("#", 1)[0]
        else:
            elsewhere.append(url)
    return MainLinks(scope, links, elsewhere)


def card_of(link: etree._Element, scope: etree._Element, urls: dict[etree._Element, str]) -> etree._Element:
    """The largest block around ``link`` whose article links (``urls``) all go where it goes."""
    card, node = link, link.getparent()
    while node is not None and node is not scope:
        if any(urls.get(a, urls[link]) != urls[link] for a in node.iter("a")):
            break
        card, node = node, node.getparent()
    return card


def _date_of(card: etree._Element) -> str:
    """The date the card shows: a ``<time>``'s machine-readable value first, else a date line."""
    for el in card.iter("time"):
        value = el.get("datetime") or element_text(el)
        if has_date(value):
            return clean_ws(value)
    for el in card.iter(etree.Element):
        if element_flags(el) & HINT_DATE:
            value = find_date(element_text(el))
            if value:
                return value
    return ""


def _labelled_sponsored(card: etree._Element) -> bool:
    """A card showing a sponsored-content label ("محتوى مموّل") in an element of its own."""
    return any(len(el) == 0 and el.text and sponsored_label(el.text.strip()) for el in card.iter(etree.Element))


def found_links(scope: etree._Element, urls: dict[etree._Element, str]) -> list[FoundLink]:
    """The article links ``urls`` (anchor -> URL) once each in page order, with title and card date;
    a card labelled as sponsored is left out."""
    found: dict[str, FoundLink] = {}
    dropped: set[str] = set()
    for a, url in urls.items():
        if url in dropped:
            continue
        title = clean_ws(element_text(a))
        link = found.get(url)
        if link is None:
            card = card_of(a, scope, urls)
            if _labelled_sponsored(card):
                dropped.add(url)
                continue
            found[url] = FoundLink(url, title, _date_of(card))
        elif len(title) > len(link.title):
            link.title = title
    return list(found.values())


def article_links(root: etree._Element, base_url: str, is_article: Callable[[str], bool]) -> list[FoundLink]:
    """The article links of the page's main content, once each in page order (``is_article`` takes
    an absolute URL on the page's host)."""
    scope, links, _ = main_links(root, base_url)
    return found_links(scope, {a: url for a, url in links.items() if is_article(url)})
