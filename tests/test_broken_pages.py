"""Pages broken in ways that used to cost the whole article: each now costs at most a field.

Each test serves the capture with one article page damaged, crawls it through the real engine, and
checks that every article is stored once and what the damage cost.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import copy_capture
from tests.faultkit import ALL_URLS, EXPECTED, article, assert_stored_once, crawl, log_lines, page_bytes, rows
from tests.faultsite import FaultServer, Redirect


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


def test_a_redirect_loop_is_logged_with_its_url_and_counted(tmp_path: Path,
                                                            serve: Callable[..., FaultServer]) -> None:
    site = serve()
    path = article("52876")
    other = "/news/52876/loop"
    # Scrapy follows 20 redirects at most: the loop outlasts them.
    site.script(path, *[Redirect(other)] * 30)
    site.script(other, *[Redirect(path)] * 30)
    result = crawl(tmp_path, site)
    url = EXPECTED[path]["url"]
    assert url not in {item["url"] for item in result.items}
    errors = [line for line in log_lines(result.log, ("ERROR",)) if "52876" in line]
    assert len(errors) == 1 and "redirect" in errors[0].lower(), errors
    assert not re.search(r"Could not fetch .*: $", result.log, re.M), "an error line without its reason"
    assert result.stat("hunaworld/fetch_error/redirect_loop") == 1


def test_a_page_declaring_windows_1256_but_sending_utf8_is_read_as_utf8(
        tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    site = serve()
    path = article("52862")
    html = page_bytes(path).decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    site.serve(path, html.encode("utf-8"), headers={"Content-Type": "text/html; charset=windows-1256"})
    result = crawl(tmp_path, site)
    assert_stored_once(result, ALL_URLS)
    stored = rows(result.db)[EXPECTED[path]["url"]]
    assert (stored["headline"], stored["body"]) == (EXPECTED[path]["headline"], EXPECTED[path]["body"])
    warnings = [line for line in log_lines(result.log, ("WARNING",)) if "declares" in line]
    assert len(warnings) == 1 and codecs.lookup("windows-1256").name in warnings[0] and "utf-8" in warnings[0]
    assert result.stat("hunaworld/charset_corrected") == 1
