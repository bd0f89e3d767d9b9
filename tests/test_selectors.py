"""The layouts' CSS subset: answered from an element index exactly as cssselect's XPath would."""

from __future__ import annotations

import pytest
from parsel import Selector

from hunaworld.extraction.rules import ElementIndex, FieldSelector, compile_css, parse_rule, pool_tags
from hunaworld.sites import profiles
from tests.conftest import PAGES, SADA, SITE

PAGES_TO_CHECK = [*sorted(SITE.glob("news_*.html")), PAGES / "legacy-template.html", PAGES / "nested-articles.html",
                  *sorted(SADA.glob("2025_*.html"))]


def layout_rules() -> list[str]:
    return sorted({css for profile in profiles().values() for layout in profile.layouts
                   for field in vars(layout).values() if isinstance(field, FieldSelector) for css in field.rules})


@pytest.mark.parametrize("page", PAGES_TO_CHECK, ids=lambda p: p.stem[:24])
def test_index_selects_what_cssselect_selects(page) -> None:
    root = Selector(text=page.read_bytes().decode("utf-8", errors="replace")).root
    rules = layout_rules()
    index = ElementIndex(root, pool_tags(rules))
    assert len(rules) > 15
    for css in rules:
        assert index.select(parse_rule(css)) == compile_css(css)(root), css


def test_rules_within_a_block_stay_inside_it() -> None:
    root = Selector(text="<div class='a'><p class='x'>1</p></div><div class='b'><p class='x'>2</p></div>").root
    block = compile_css("div.b")(root)[0]
    assert [el.text for el in ElementIndex(block).select(parse_rule(".x"))] == ["2"]
    assert ElementIndex(block).select(parse_rule("div.a .x")) == []


@pytest.mark.parametrize("css", ["a[href]", "div > p", "p:first-child", "#main", "div ~ p", ""])
def test_rules_outside_the_subset_are_refused(css: str) -> None:
    with pytest.raises(ValueError):
        parse_rule(css)
