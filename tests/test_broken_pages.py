"""Pages broken in ways that used to cost the whole article: each now costs at most a field.

Each test serves the capture with one article page damaged, crawls it through the real engine, and
checks that every article is stored once and what the damage cost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import copy_capture
from tests.faultkit import ALL_URLS, EXPECTED, article, assert_stored_once, crawl, page_bytes, rows
from tests.faultsite import FaultServer


def test_a_malformed_url_attribute_costs_its_field_only(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    path = article("52890")
    html = page_bytes(path).decode("utf-8")
    # Both places this page's image URL is read from: the layout's <img> and og:image.
    html = html.replace('<figure class="article-image"><img src="', '<figure class="article-image"><img src="//[object')
    html = html.replace('property="og:image" content="', 'property="og:image" content="http://[::1')
    site = serve(copy_capture(tmp_path / "site", {path: html}))
    result = crawl(tmp_path, site)
    assert_stored_once(result, ALL_URLS)
    stored = rows(result.db)[EXPECTED[path]["url"]]
    assert stored["image_url"] is None
    assert stored["headline"] == EXPECTED[path]["headline"] and stored["body"] == EXPECTED[path]["body"]


def test_a_body_nested_thousands_deep_keeps_its_text(tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    path = article("52883")
    html = page_bytes(path).decode("utf-8")
    start = html.index('<div class="article-content">') + len('<div class="article-content">')
    end = html.index("</div>", start)
    deep = "<div>" * 1500 + html[start:end] + "</div>" * 1500
    site = serve(copy_capture(tmp_path / "site", {path: html[:start] + deep + html[end:]}))
    result = crawl(tmp_path, site)
    assert_stored_once(result, ALL_URLS)
    body = rows(result.db)[EXPECTED[path]["url"]]["body"]
    first, last = EXPECTED[path]["body"].split("\n\n")[0], EXPECTED[path]["body"].split("\n\n")[-1]
    assert first.split("،")[0] in body and last[-40:] in body
    assert "RecursionError" not in result.log
