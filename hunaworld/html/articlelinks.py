"""A listing page's article links found without its card rules: for a listing whose markup changed.

Links are taken from the page's main content (its ``<main>``, else the body) and never from page
furniture: navigation, the ticker, sidebars and their "most read" lists, the footer. Which links are
articles is the caller's to say (a site's article-URL pattern). Each link's card is the largest block
around it that links to no other article; its title is the link's longest text, its date the date
the card shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from hunaworld.html.datespot import find_date, has_date
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.html.furniture import HINT_DATE, NOISE_ALL, element_flags
from hunaworld.urls import join_url

_MAIN = etree.XPath("//main | //*[@role='main']")


@dataclass
class FoundLink:
    url: str
    title: str
    date_text: str


def _main_content(root: etree._Element) -> etree._Element:
    for el in _MAIN(root):
        if not element_flags(el) & NOISE_ALL:
            return el
    body = root.find("body")
    return body if body is not None else root


def _in_furniture(el: etree._Element, scope: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None and node is not scope:
        if element_flags(node) & NOISE_ALL:
            return True
        node = node.getparent()
    return False


def _card(link: etree._Element, scope: etree._Element, urls: dict[etree._Element, str]) -> etree._Element:
    """The largest block around ``link`` whose article links all go where it goes."""
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


def article_links(root: etree._Element, base_url: str, is_article: Callable[[str], bool]) -> list[FoundLink]:
    """The article links of the page's main content, once each in page order (``is_article`` takes
    an absolute URL on the page's host)."""
    scope = _main_content(root)
    host = urlsplit(base_url).netloc
    urls: dict[etree._Element, str] = {}
    for a in scope.iter("a"):
        href = (a.get("href") or "").strip()
        url = join_url(base_url, href)
        if url and urlsplit(url).netloc == host and is_article(url) and not _in_furniture(a, scope):
            urls[a] = url.split("#", 1)[0]
    found: dict[str, FoundLink] = {}
    for a, url in urls.items():
        title = clean_ws(element_text(a))
        link = found.get(url)
        if link is None:
            found[url] = FoundLink(url, title, _date_of(_card(a, scope, urls)))
        elif len(title) > len(link.title):
            link.title = title
    return list(found.values())
