"""The rules behind listings written by script, one at a time: where a page names its API, how a
JSON answer is read as a list of articles and how it pages, which items are paid for."""

from __future__ import annotations

import dataclasses
import json

import pytest
from lxml import html

from hunaworld.discovery.apifinder import endpoints, learn_api, noscript_page, paging_between, written_by_script
from hunaworld.extraction.jsonlisting import date_text, read_api_page, sponsored_item
from hunaworld.profile import ListingApi, ListingRules, ProfileError
from hunaworld.sites import get_profile

PAGE = "https://news.example/world"


def items(n: int, start: int = 1, **extra: object) -> list[dict]:
    return [{"nid": k, "title": f"خبر رقم {k} عن قمة المناخ في المدينة", "url": f"/world/{k}/story-{k}",
             "created": "2025-09-15T10:00:00+03:00", "thumb": f"/img/{k}.jpg", **extra}
            for k in range(start, start + n)]


def test_endpoints_are_read_from_scripts_json_state_and_data_attributes() -> None:
    page = html.fromstring("""<html><head><script src="/static/app.js"></script></head><body>
      <div id="feed" data-source="/ajax/feed?section=world"></div>
      <script>var a = "/static/logo.png"; fetch(`/api/list?cat=3&page=${n}`); var b = "/about";
        url += "&after=" + last;</script>
      <script id="__NEXT_DATA__" type="application/json">
        {"props": {"api": "https:\\/\\/news.example\\/wp-json\\/v2\\/posts?per_page=10"}}</script>
      <script type="application/ld+json">{"url": "/api/never"}</script>
      <script>var other = "https://ads.example/api/bid";</script></body></html>""")
    urls, params = endpoints(page, PAGE)
    # API words first; a data attribute's feed after; files, other hosts, plain pages and JSON-LD never.
    assert urls == ["https://news.example/api/list?cat=3", "https://news.example/wp-json/v2/posts?per_page=10",
                    "https://news.example/ajax/feed?section=world"][:3]
    assert params == ["page", "after"]


def test_a_json_answer_is_read_as_the_section_s_list_with_its_paths() -> None:
    data = {"status": "ok", "related": [{"url": "/sport/1"}], "data": {"list": items(5)},
            "links": {"self": "/api/list?page=1", "next": "/api/list?page=2"}}
    api = learn_api(data, "https://news.example/api/list?page=1")
    assert api == ListingApi("https://news.example/api/list?page=1", "data.list", "url", "title", "created",
                             next="links.next")
    assert learn_api({"data": {"list": items(2)}}, "https://news.example/api/list") is None


@pytest.mark.parametrize(("answer", "url", "params", "paging"), [
    # A cursor under a name the scripts append, under its own name, or "next_" and a parameter's name.
    ({"end": "q1"}, "/api/l", ["end"], ("end", "end")),
    ({"meta": {"after": "q1"}}, "/api/l", [], ("meta.after", "after")),
    ({"nextCursor": "q1"}, "/api/l", [], ("nextCursor", "cursor")),
    # A page or offset parameter in the URL, counted.
    ({"total": 90}, "/api/l?page=1", [], ("", "page")),
    ({"total": 90}, "/api/l?offset=0&limit=5", [], ("", "offset")),
    # Nothing says it.
    ({"key": "q1"}, "/api/l", [], ("", "")),
])
def test_how_the_api_pages_is_read_from_its_answer(answer: dict, url: str, params: list[str],
                                                   paging: tuple[str, str]) -> None:
    api = learn_api({"items": items(4), **answer}, "https://news.example" + url, params)
    assert (api.next, api.param) == paging


def test_two_requests_of_the_load_more_control_tell_the_parameter() -> None:
    first = {"items": items(4), "more": {"key": "q1"}}
    assert paging_between("https://n.example/api/w?d=1", first, "https://n.example/api/w?d=1&k=q1", "items") == \
        ("more.key", "k")
    assert paging_between("https://n.example/api/w?d=1", first, "https://n.example/api/w?d=1&skip=4", "items") == \
        ("", "skip")
    assert paging_between("https://n.example/api/w", first, "https://n.example/api/v?k=q1", "items") is None


def test_pages_follow_by_cursor_url_page_and_offset() -> None:
    page = {"items": items(4), "next": "c2", "more": "/api/l?page=3"}
    read = read_api_page(page, "https://n.example/api/l?s=1", "items", "url", "title", "created", "next", "cursor")
    assert read.next_url == "https://n.example/api/l?s=1&cursor=c2" and len(read.cards) == 4
    assert read_api_page(page, "https://n.example/api/l?page=2", "items", "url", nxt="more").next_url == \
        "https://n.example/api/l?page=3"
    assert read_api_page(page, "https://n.example/api/l?page=2", "items", "url", param="page").next_url == \
        "https://n.example/api/l?page=3"
    assert read_api_page(page, "https://n.example/api/l?offset=8", "items", "url", param="offset").next_url == \
        "https://n.example/api/l?offset=12"
    # The end: no cursor, or no items.
    assert read_api_page({**page, "next": None}, "https://n.example/api/l", "items", "url", nxt="next",
                         param="cursor").next_url is None
    assert read_api_page({"items": []}, "https://n.example/api/l?page=9", "items", "url", param="page").next_url is None


def test_items_paid_for_or_off_the_host_are_refused() -> None:
    listed = [*items(3), *items(1, 10, sponsored=True), *items(1, 20, kind="advertorial"),
              *items(1, 30, badge="محتوى ممول"), *items(1, 40, isAd=1), *items(1, 50, meta={"is_promoted": "yes"})]
    listed.append({**items(1, 60)[0], "url": "https://partner.example/offer"})
    read = read_api_page({"items": listed}, "https://n.example/api", "items", "url", "title", "created")
    assert [card.url for card in read.cards] == [f"https://n.example/world/{k}/story-{k}" for k in (1, 2, 3)]
    assert len(read.refused) == 6
    # A headline or a link that mentions a sponsor is no mark.
    assert not sponsored_item({"title": "Sponsored content rules change in Europe", "url": "/world/9/sponsored-ads",
                               "ad_slot": 3})


def test_dates_as_text_or_seconds() -> None:
    assert date_text(1757925600) == date_text("1757925600000") == "2025-09-15T08:40:00+00:00"
    assert date_text("2025-09-15T10:00:00+03:00") == "2025-09-15T10:00:00+03:00"
    assert date_text(42) == date_text(None) == date_text(True) == ""


def test_a_shell_is_told_from_a_listing_and_its_noscript_read() -> None:
    shell = html.fromstring("<html><body><main><div id=feed></div><noscript><a href='/world/1/a'>أ</a></noscript>"
                            "</main><script>load()</script></body></html>")
    assert written_by_script(shell, 0)
    assert "<a href=\"/world/1/a\">" in noscript_page(shell)
    listing = html.fromstring("<html><body><main>" + "".join(f"<a href='/world/{k}/x'>خبر</a>" for k in range(9))
                              + "</main><script>track()</script></body></html>")
    assert not written_by_script(listing, 9)
    more = html.fromstring("<html><body><main></main><button class=more>عرض المزيد</button><script>x()</script>"
                           "</body></html>")
    assert written_by_script(more, 9)
    assert not written_by_script(html.fromstring("<html><body><p>x</p></body></html>"), 0)


def test_a_profile_s_api_is_checked_when_loaded() -> None:
    sahm = get_profile("sahm")
    assert sahm.card_rules is None and sahm.listing.api.param == "cursor"
    broken = dataclasses.replace(sahm, listing=ListingRules(api=ListingApi("api/feed", "items", "url")))
    with pytest.raises(ProfileError, match="the listing API needs an http"):
        broken.check()
    with pytest.raises(ProfileError, match="cards need a link rule"):
        dataclasses.replace(sahm, listing=ListingRules(cards="li.card"), article_url=sahm.article_id).check()
    assert json.loads(json.dumps(dataclasses.asdict(sahm.listing.api)))["items"] == "items"
