"""Listing rules drafted from the cards, links and pager discovery followed on the sampled listing
pages.

The sample's listing pages are read again by discovery's model, in order; each card it took is
located (the largest block around its link whose links all go to the same article), and rules are
tried for the cards, their link, title and date, and the next page, simplest first. A rule is kept
only when, on every sampled page, the listing rules take exactly the articles discovery took and
find the next page it found (or none on the last). Cards discovery refused that the card rule also
selects (a sponsored card in the same markup) are left out by what sets them apart. Rules that
cannot be made to agree are not written: the profile then learns its listing as discovery does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree
from parsel import Selector

from hunaworld.discovery.model import SectionModel
from hunaworld.drafting.sample import Page
from hunaworld.drafting.selectors import kind_classes, signature
from hunaworld.extraction.listing import next_page, read_listing
from hunaworld.html.articlelinks import card_of, main_links
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.profile import ListingRules, SiteProfile
from hunaworld.urls import join_url


@dataclass
class Walked:
    """A sampled listing page as discovery read it: the article URLs it took and its next page."""

    page: Page
    taken: list[str]
    titles: dict[str, str]
    dates: dict[str, str]
    next: str | None


def walk(listings: list[Page]) -> list[Walked]:
    model = SectionModel()
    walked = []
    for page in listings:
        listing = model.read(page.sel, page.url)
        walked.append(Walked(page, [card.url for card in listing.cards], {c.url: c.title for c in listing.cards},
                             {c.url: c.date_text for c in listing.cards}, model.next_page(page.sel, page.url)))
    return walked


def _links_to(root: etree._Element, base: str, url: str) -> list[etree._Element]:
    return [a for a in root.iter("a") if join_url(base, a.get("href")) == url]


def card_elements(page: Page, taken: list[str]) -> dict[str, etree._Element]:
    """The card of each article discovery took from the page: the largest block around its link, in
    the page's main content, whose links to the articles taken all go there (as discovery finds it)."""
    scope, links, _ = main_links(page.sel.root, page.url)
    wanted = set(taken)
    urls = {a: url for a, url in links.items() if url in wanted}
    cards: dict[str, etree._Element] = {}
    for a, url in urls.items():
        card = card_of(a, scope, urls)
        if url not in cards or len(element_text(card)) > len(element_text(cards[url])):
            cards[url] = card
    return {url: cards[url] for url in taken if url in cards}


def listing_facts(walked: list[Walked], profile: SiteProfile) -> tuple[dict[str, Any] | None, list[str]]:
    """The listing rules (``ListingRules``'s fields) that agree with discovery on every sampled page,
    or None, and notes for the person checking them. ``profile`` carries the article-URL pattern."""
    found = {step.page.url: card_elements(step.page, step.taken) for step in walked}
    cards = {url: list(by_url.values()) for url, by_url in found.items()}
    every_card = [(step, url, card) for step in walked for url, card in found[step.page.url].items()]
    if not every_card:
        return None, ["listing: discovery took no card on the sampled pages; the listing is learnt as it crawls"]
    card_rule = _card_rule(walked, cards, profile)
    if card_rule is None:
        return None, ["listing: no card rule takes exactly the cards discovery took; the listing is learnt as it"
                      " crawls"]
    link = _first(_link_rules(every_card), lambda css: all(
        join_url(step.page.url, _css_get(card, css)) == url for step, url, card in every_card))
    title = _first(_title_rules(every_card), lambda css: all(
        clean_ws(_css_text(card, css)) == clean_ws(step.titles[url]) for step, url, card in every_card))
    dated = [(step, url, card) for step, url, card in every_card if step.dates.get(url)]
    date = _first(_date_rules(dated), lambda css: all(
        clean_ws(_css_text(card, css)) == clean_ws(step.dates[url]) for step, url, card in dated)) \
        if dated else None
    pager = _next_rules(walked)
    if link is None or pager is None:
        return None, ["listing: no rule finds the cards' links or the next page as discovery did; the listing is"
                      " learnt as it crawls"]
    facts = {"cards": card_rule, "link": ", ".join(f"{part.strip()}::attr(href)" for part in link.split(",")),
             "title": title or link,
             "date": date or "time::attr(datetime)", "next_page": pager}
    rules = ListingRules(**facts)
    trial = replace(profile, listing=rules)
    if not all(_agrees(step, trial) for step in walked):
        return None, ["listing: the drafted rules do not take the cards discovery took; the listing is learnt as it"
                      " crawls"]
    notes = [] if date else ["listing: the cards show no date the rules could read"]
    return facts, notes


def _agrees(step: Walked, profile: SiteProfile) -> bool:
    found = read_listing(step.page.sel, step.page.url, profile)
    nxt = next_page(step.page.sel, step.page.url, profile)
    return not found.fallback and {c.url for c in found.cards} == set(step.taken) and nxt == step.next


def _card_rule(walked: list[Walked], cards: dict[str, list[etree._Element]], profile: SiteProfile) -> str | None:
    """The simplest rule selecting every card discovery took (and, refined, no other): per kind of
    card (its tag under its list's signature), its tag with the first class all its cards share,
    then all of them, then its tag alone."""
    groups: dict[tuple[str, str], list[set[str]]] = {}
    for found in cards.values():
        for card in found:
            parent = card.getparent()
            key = (signature(parent) if parent is not None else "", card.tag)
            groups.setdefault(key, []).append(set(kind_classes(card)))
    options = []
    for (parent, tag), classes in groups.items():
        shared = [c for c in kind_classes_in_order(cards, tag) if all(c in found for found in classes)]
        within = f"{parent} > " if parent else ""
        names = [f"{tag}.{shared[0]}"] if shared else []
        names += [tag + "".join(f".{c}" for c in shared)] if len(shared) > 1 else []
        options.append([within + name for name in [*names, tag]])
    for depth in range(max(len(option) for option in options)):
        rule = ", ".join(option[min(depth, len(option) - 1)] for option in options)
        refined = _refined(rule, walked, cards, profile)
        if refined is not None:
            return refined
    return None


def kind_classes_in_order(cards: dict[str, list[etree._Element]], tag: str) -> list[str]:
    """The classes of the cards of ``tag``, in the order their markup first writes them."""
    return list(dict.fromkeys(c for found in cards.values() for card in found if card.tag == tag
                              for c in kind_classes(card)))


def _refined(rule: str, walked: list[Walked], cards: dict[str, list[etree._Element]],
             profile: SiteProfile) -> str | None:
    """``rule``, or ``rule`` leaving out the cards it selects that discovery refused (a block linking
    an article discovery did not take from that page), when a class or an element of their own sets
    them apart; None when it misses a card discovery took."""
    taken_cards: list[etree._Element] = []
    extra: list[etree._Element] = []
    for step in walked:
        own = set(cards[step.page.url])
        selected = [el.root for el in step.page.sel.css(rule)]
        if not own <= set(selected):
            return None
        taken_cards += own
        for block in selected:
            links = {join_url(step.page.url, a.get("href")) for a in block.iter("a")}
            if block not in own and any(url and profile.is_article_url(url) and url not in step.taken
                                        for url in links):
                extra.append(block)
    if not extra:
        return rule
    for feature in _distinguishing(extra, taken_cards):
        refined = ", ".join(f"{part.strip()}:not({feature})" for part in rule.split(","))
        if all(set(cards[step.page.url]) <= {el.root for el in step.page.sel.css(refined)} for step in walked):
            return refined
    return None


def _distinguishing(extra: list[etree._Element], taken: list[etree._Element]) -> list[str]:
    """Classes, then inner elements, that every refused card has and no taken one."""
    found = []
    extra_classes = set.intersection(*(set(kind_classes(el)) for el in extra))
    taken_classes = set().union(*(kind_classes(el) for el in taken))
    found += [f".{c}" for c in sorted(extra_classes - taken_classes)]

    def inner(el: etree._Element) -> set[str]:
        return {signature(d) for d in el.iterdescendants() if isinstance(d.tag, str) and kind_classes(d)}

    extra_inner = set.intersection(*(inner(el) for el in extra))
    taken_inner = set().union(*(inner(el) for el in taken))
    found += [f":has({sig})" for sig in sorted(extra_inner - taken_inner)]
    return found


def _title_anchor(card: etree._Element, url: str, base: str) -> etree._Element | None:
    anchors = _links_to(card, base, url)
    return max(anchors, key=lambda a: len(clean_ws(element_text(a))), default=None)


def _link_rules(every_card: list[tuple[Walked, str, etree._Element]]) -> list[str]:
    return _ranked([_title_anchor_rules(*found, lambda parent: [f"{name} a" for name in _names(parent)])
                    for found in every_card], "a")


def _title_anchor_rules(step: Walked, url: str, card: etree._Element,
                  by_parent: Callable[[etree._Element], list[str]]) -> list[str]:
    """Rules for a card's title anchor: the anchor's own name where it sits straight in the card,
    else ``by_parent`` of the element holding it."""
    a = _title_anchor(card, url, step.page.url)
    parent = a.getparent() if a is not None else None
    if a is None or parent is None or parent is card:
        return [signature(a)] if a is not None and kind_classes(a) else []
    return by_parent(parent)


def _names(el: etree._Element) -> list[str]:
    """An element named by its tag and first class, its tag and all its classes, its tag alone."""
    classes = kind_classes(el)
    return list(dict.fromkeys([*([f"{el.tag}.{classes[0]}"] if classes else []), signature(el), el.tag]))


def _title_rules(every_card: list[tuple[Walked, str, etree._Element]]) -> list[str]:
    return _ranked([_title_anchor_rules(*found, _names) for found in every_card], "a")


def _ranked(per_card: list[list[str]], last: str) -> list[str]:
    """Each card's rules by how many cards share them, then unions of two (a lead story's heading and
    the others'), then ``last``."""
    counts = Counter(rule for rules in per_card for rule in dict.fromkeys(rules))
    # Among rules as common, those naming a class first, then the shortest.
    singles = sorted(counts, key=lambda rule: (-counts[rule], "." not in rule, len(rule)))
    pairs = [f"{a}, {b}" for n, a in enumerate(singles[:4]) for b in singles[n + 1:4]]
    return [*singles, *pairs, last]


def _date_rules(dated: list[tuple[Walked, str, etree._Element]]) -> list[str]:
    found: Counter[str] = Counter()
    for step, url, card in dated:
        text = clean_ws(step.dates[url])
        for el in card.iter(etree.Element):
            if clean_ws(el.get("datetime")) == text:
                found.update([f"{el.tag}::attr(datetime)"])
            elif len(el) == 0 and clean_ws(element_text(el)) == text:
                found.update([signature(el), el.tag])
    return [rule for rule, _ in found.most_common()]


def _next_rules(walked: list[Walked]) -> tuple[str, ...] | None:
    """Rules for the next page that find it on every sampled page that has one, and nothing on the
    last; None when none does."""
    candidates: Counter[str] = Counter()
    for step in walked:
        if step.next is None:
            continue
        root = step.page.sel.root
        if any(join_url(step.page.url, link.get("href")) == step.next for link in root.iter("link")
               if "next" in (link.get("rel") or "").split()):
            candidates.update(['link[rel="next"]::attr(href)'])
        for a in _links_to(root, step.page.url, step.next):
            candidates.update(f"{rule}::attr(href)" for rule in _anchor_rules(a))
    for rule, _ in candidates.most_common():
        if all(_next_of(step, rule) == step.next for step in walked):
            return (rule,)
    return None if candidates or any(step.next for step in walked) else ('link[rel="next"]::attr(href)',)


def _anchor_rules(a: etree._Element) -> list[str]:
    """Ways to name a next-page link: its rel or classes, or its place after the current page's mark
    (``span.current + a``, ``li:has(> span[aria-current="page"]) + li > a``)."""
    found = []
    if "next" in (a.get("rel") or "").split():
        found.append('a[rel="next"]')
    if kind_classes(a):
        found.append(signature(a))
    parent = a.getparent()
    for node, link in ((a, "a"), (parent, f"{parent.tag} > a" if parent is not None else "")):
        before = node.getprevious() if node is not None else None
        if before is None or not isinstance(before.tag, str):
            continue
        if _is_mark(before):
            found.append(f"{_mark_css(before)} + {link}")
            continue
        mark = next((child for child in before.iterchildren(etree.Element) if _is_mark(child)), None)
        if mark is not None:
            found.append(f"{before.tag}:has(> {_mark_css(mark)}) + {link}")
    return found


def _is_mark(el: etree._Element) -> bool:
    """Whether ``el`` marks the current page in a pager: ``aria-current``, or a number that is no link."""
    return el.get("aria-current") is not None or (
        el.tag != "a" and not len(el) and clean_ws(element_text(el)).isdigit())


def _mark_css(el: etree._Element) -> str:
    current = el.get("aria-current")
    return f'{el.tag}[aria-current="{current}"]' if current is not None else signature(el)


def _next_of(step: Walked, rule: str) -> str | None:
    found = step.page.sel.css(rule).get()
    return join_url(step.page.url, found) if found else None


def _css_get(card: etree._Element, css: str) -> str | None:
    return Selector(root=card).css(", ".join(f"{part.strip()}::attr(href)" for part in css.split(","))).get()


def _css_text(card: etree._Element, css: str) -> str:
    if "::" in css:
        return (Selector(root=card).css(css).get() or "").strip()
    return " ".join(Selector(root=card).css(f"{css} ::text").getall()).strip()


def _first(rules: list[str], works: Any) -> str | None:
    return next((rule for rule in rules if works(rule)), None)
