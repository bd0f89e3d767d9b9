"""What a page is: an article, a listing of articles (a home page, a section, a tag page), or another
page (a directory of links, a form, an error page).

Decided from the page as a reader sees it, on any site: an article has a text of its own under its
headline; a listing has cards, each a headline linking to another page over a teaser at most, and
no text of its own (its best block of text is a teaser, under a card's headline). A page in a site's
article template is an article; a video or gallery story is an article without text. Extraction
reads fields only from articles: a crawl refuses the others, and ``scrapy extract`` says what they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from hunaworld.html.datespot import has_date
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.html.furniture import NOISE_ALL, READ_ALSO, element_flags
from hunaworld.html.sitenames import name_key

if TYPE_CHECKING:
    from hunaworld.extraction.heuristic import HeuristicLayer
    from hunaworld.extraction.jsonld import JsonLdLayer

ARTICLE, LISTING, OTHER = "article", "listing", "other"

_TEASER_WORDS = 5  # a link of this many words heading a block is another story's headline
_HEADING_WORDS = 2  # ... and of this many in a heading, among a listing's cards
_MIN_TEXT = 150  # characters of text of its own: less is no article text
_TEXT_PER_TEASER = 500  # characters of text for each teaser among it: less is a list of teasers
_FULL_TEXT = 500  # characters: text this long is an article's even under no headline
_NO_TEASER = 1000  # characters: text this long is no card's teaser
_MIN_CARDS = 4  # cards that make a listing
_HEADLINE_WORDS = 3  # a title shorter than this is a section's or the site's name
_CARD_LINE_EXTRA = 40  # characters beside a headline link in its block: a date, a section
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CARD_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "div", "figcaption", "td", "dd", "dt", "span",
                          "strong", "b", "article", "section", "header"})


def page_kind(page: Selector | str | bytes, url: str) -> str:
    """``"article"``, ``"listing"`` or ``"other"``: what the page at ``url`` is, on any site.

    ``page`` is the page parsed (a parsel ``Selector``, as a crawl holds it) or its HTML; bytes are
    decoded as a crawl decodes them.
    """
    from hunaworld.extraction.heuristic import HeuristicLayer
    from hunaworld.extraction.jsonld import JsonLdLayer
    from hunaworld.extraction.meta import MetaLayer
    from hunaworld.html.decoding import page_encoding
    from hunaworld.html.parsing import page_selector, parse_page

    if isinstance(page, bytes):
        sel = parse_page(page, page_encoding(page), url)
    elif isinstance(page, str):
        sel = page_selector(page, url)
    else:
        sel = page
    structured = JsonLdLayer(sel, url)
    return judge(HeuristicLayer(sel, url), structured, structured.body() or MetaLayer(sel, url).body())


def judge(layer: HeuristicLayer, structured: JsonLdLayer, structured_text: list[str] | None = None) -> str:
    """The page's kind, from the heuristic layer's reading of it, its JSON-LD and the article text its
    structured data give, if any (what the extraction of the same page has found already)."""
    if sum(map(len, structured_text or ())) >= _FULL_TEXT:
        return ARTICLE  # an article's whole text, in its structured data: no listing carries one
    if layer._live:
        return ARTICLE
    headline = _has_headline(layer)
    article_node = structured._article
    if headline and article_node is not None and structured._same_page(article_node):
        return ARTICLE  # its structured data describe this page as an article, under its headline
    text = sum(map(len, layer._body))
    own_text = (text >= _MIN_TEXT and text >= _TEXT_PER_TEASER * _teasers(layer._body_roots, layer.url, text)
                and (text >= _NO_TEASER or not _card_under_headline(layer)))
    if own_text and (headline or text >= _FULL_TEXT):
        return ARTICLE
    if headline and layer._media and _cards(*layer._own_region, url=layer.url) < _MIN_CARDS:
        return ARTICLE  # a video or gallery story: its pictures are its own, not other stories' cards
    if _cards(layer.root, _furniture, url=layer.url) >= _MIN_CARDS:
        return LISTING
    if own_text or (headline and _says_article(layer, structured)):
        return ARTICLE
    return OTHER


def _has_headline(layer: HeuristicLayer) -> bool:
    """Whether the page's title ``<h1>`` is a headline, not the site's or a section's name."""
    text = layer._headline_h1[1]
    return bool(text) and len(text.split()) >= _HEADLINE_WORDS and name_key(text) not in layer._site_keys


def _says_article(layer: HeuristicLayer, structured: JsonLdLayer) -> bool:
    """Whether the page calls itself an article, for one whose text could not be read: by its metadata,
    by an ``<article>`` around its headline, or by a date line under its headline."""
    h1 = layer._headline_h1[0]
    return (layer._meta.get("og:type", "").lower() == "article" or structured._article is not None
            or bool(layer._article_body_elements)
            or (h1 is not None and any(a.tag == "article" for a in h1.iterancestors()))
            or any(has_date(text) for text, _ in layer._header_after))


def _link_target(a: etree._Element, url: str) -> str | None:
    """The page a link leads to on the same site, or None (another site, this page, an anchor)."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    target = urljoin(url, href).split("#", 1)[0]
    here, there = urlsplit(url), urlsplit(target)
    if there.netloc != here.netloc or there.path in ("", "/") or (there.path, there.query) == (here.path, here.query):
        return None
    return target


def _heading_link(a: etree._Element, url: str, heading_words: int = _TEASER_WORDS) -> str | None:
    """The page a link leads to when it is a card's headline: a heading that links (of
    ``heading_words`` at least), a link around a heading, or a sentence that is all its block says
    but a date; not words of a paragraph, nor a "read also" line."""
    text = clean_ws(element_text(a))
    words = text.count(" ") + 1
    if words < heading_words:
        return None
    if next(a.iter(*_HEADINGS), None) is None and not any(p.tag in _HEADINGS for p in a.iterancestors()):
        if words < _TEASER_WORDS:
            return None
        block = next((p for p in a.iterancestors() if p.tag in _CARD_BLOCKS), None)
        if block is not None:
            around = clean_ws(element_text(block))
            if len(around) - len(text) > _CARD_LINE_EXTRA or READ_ALSO.search(around):
                return None
    return _link_target(a, url)


def _teasers(roots: list[etree._Element], url: str, text: int) -> int:
    """Other stories' headlines among the article text's blocks (outside the furniture they may hold);
    not counted when the ``text`` is long enough for as many teasers as there are links."""
    if text >= _TEXT_PER_TEASER * sum(1 for root in roots for _ in root.iter("a")):
        return 0
    targets = set()
    for root in roots:
        for a in root.iter("a"):
            target = _heading_link(a, url)
            if target and not _in_furniture(a, root):
                targets.add(target)
    return len(targets)


def _in_furniture(el: etree._Element, root: etree._Element) -> bool:
    node = el.getparent()
    while node is not None and node is not root:
        if _furniture(node):
            return True
        node = node.getparent()
    return False


def _card_under_headline(layer: HeuristicLayer) -> bool:
    """Whether another story's headline stands between the page's title and its text: the text
    found is then the first card's teaser, under a section's title."""
    for _, holder in layer._header_after:
        if holder is None:
            continue
        link = next((a for a in (holder, *holder.iterancestors()) if a.tag == "a"), None)
        if link is not None and _heading_link(link, layer.url):
            return True
    return False


def _furniture(el: etree._Element) -> bool:
    return bool(element_flags(el) & NOISE_ALL)


def _cards(region: etree._Element, excluded: Callable[[etree._Element], bool], url: str) -> int:
    """Distinct pages that headline links in ``region`` lead to, outside ``excluded`` blocks."""
    targets = set()
    for a in region.iter("a"):
        target = _heading_link(a, url, _HEADING_WORDS)
        if target is None or target in targets:
            continue
        if not any(excluded(p) for p in a.iterancestors()):
            targets.add(target)
    return len(targets)


__all__ = ["ARTICLE", "LISTING", "OTHER", "judge", "page_kind"]
