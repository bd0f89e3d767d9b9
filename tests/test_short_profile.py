"""A short profile is never worse than none: a layout that names only its template's body container
gets the same body as the generic layers, whose furniture rules it goes through (an in-body "read
also" box, a "للمزيد:" link line are no article text)."""

from __future__ import annotations

import re

from parsel import Selector

from hunaworld.capture.manifest import load_manifest
from hunaworld.extraction.layout import SiteLayout
from hunaworld.extraction.loader import load_article
from hunaworld.extraction.rules import Paragraphs, Text
from hunaworld.profile import Section, SiteProfile
from tests.conftest import FIXTURES

NABD = FIXTURES / "nabd" / "capture"


class NabdStory(SiteLayout):
    """A layout written from one look at the template: headline and body container, nothing skipped."""

    layout = "nabd-short"
    detect = "article"

    headline = Text("h1")
    body = Paragraphs("div.prose")


SHORT = SiteProfile(key="nabd", names=("نبض",), sections=(Section("world", "العالم", ("https://www.nabd.example/",)),),
                    layouts=(NabdStory,))


def article_pages() -> list[dict]:
    return [entry for entry in load_manifest(NABD) if re.search(r"\.example/(?:world|node)/", entry["url"])]


def test_a_layout_s_body_goes_through_the_generic_furniture_rules() -> None:
    pages = article_pages()
    assert len(pages) == 15
    for entry in pages:
        sel = Selector(text=(NABD / entry["file"]).read_text(encoding="utf-8"))
        with_layout, found = load_article(sel, entry["url"], SHORT, tz="Africa/Tripoli")
        generic, _ = load_article(sel, entry["url"], None, tz="Africa/Tripoli")
        assert found.layers["body"] == "site" and found.layout == "nabd-short"
        assert with_layout["body"] == generic["body"], entry["url"]
        paragraphs = with_layout["body"].split("\n\n")
        assert len(paragraphs) == 3
        assert not any(p.startswith(("للمزيد", "اقرأ أيضاً")) for p in paragraphs), entry["url"]
