"""Discovery's rules one by one: URL shapes and ids, the next page without rules, the section model
on pages built here, the clock learnt from printed offsets, and which profile a crawl's arguments
choose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import html as lxml_html
from parsel import Selector

from hunaworld.crawling.arguments import ArgumentError, CrawlArguments
from hunaworld.discovery.clock import DatedArticles, DateFacts, SiteClock, printed_offsets
from hunaworld.discovery.model import SectionModel
from hunaworld.discovery.pagination import next_page, page_place
from hunaworld.discovery.site import section_key, site_key
from hunaworld.discovery.urlshape import generalise, url_id

# -- URL shapes ----------------------------------------------------------------------------------


def test_links_of_one_section_generalise_to_their_shape_and_another_section_stays_apart() -> None:
    urls = [f"https://x.example/world/2025/09/{day:02d}/story-number-{day}" for day in range(1, 6)]
    urls += ["https://x.example/sport/2025/09/03/match-report", "https://x.example/node/48213",
             "https://x.example/node/48207", "https://x.example/about"]
    shapes = {str(shape): covered for shape, covered in generalise(urls)}
    assert len(shapes["/world/{yyyy}/{mm}/{dd}/{slug}"]) == 5
    assert shapes["/sport/{yyyy}/{mm}/{dd}/{slug}"] == ["https://x.example/sport/2025/09/03/match-report"]
    assert len(shapes["/node/{id}"]) == 2
    assert shapes["/about"] == ["https://x.example/about"]


def test_a_shape_matches_its_own_links_only_and_writes_a_pattern() -> None:
    urls = [f"https://x.example/article.php?id={n}&utm_source=fb" for n in (93871, 93866, 93859)]
    ((shape, _),) = generalise(urls)
    assert str(shape) == "/article.php?id={id}"
    assert shape.matches("https://x.example/article.php?id=1") and not shape.matches("https://x.example/article.php")
    assert not shape.matches("https://x.example/index.php?id=1")
    assert shape.pattern() == r"^/article\.php/?\?id=\d+[^/]*$"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.huna.example/news/52817/الرئيس-الصيني", "52817"),
    ("https://www.sada.example/2025/09/12/turkey-izmir-earthquake/", None),
    ("https://x.example/world/2025/09/12/48213-quake-hits", "48213"),
    ("https://x.example/node/2024", "2024"),
    ("https://x.example/article.php?id=93871", "93871"),
    ("https://x.example/story/93871.html", "93871"),
])
def test_the_article_id_is_the_url_s_number_outside_a_date(url: str, expected: str | None) -> None:
    assert url_id(url) == expected


@pytest.mark.parametrize(("url", "site", "section"), [
    ("https://www.huna.example:8080/world", "huna.example", "world"),
    ("https://www.sada.example/category/international/page/2/", "sada.example", "international"),
    ("http://www.marsad.example/index.php?section=world", "marsad.example", "world"),
    ("https://news.example/", "news.example", "front"),
])
def test_a_discovered_site_and_section_are_named_from_the_url(url: str, site: str, section: str) -> None:
    assert (site_key(url), section_key(url)) == (site, section)


# -- the next page ---------------------------------------------------------------------------------


def _root(body: str, head: str = "") -> object:
    return lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def _never(url: str) -> bool:
    return False


@pytest.mark.parametrize(("url", "head", "body", "expected"), [
    # rel=next naming a mirror's public host is read on the host being crawled
    ("http://127.0.0.1:8000/world", '<link rel="next" href="https://www.site.example/world?page=2">', "",
     ("http://127.0.0.1:8000/world?page=2", "rel-next")),
    ("https://s.example/cat/x/", "", '<a href="/cat/x/page/2/">التالي »</a>',
     ("https://s.example/cat/x/page/2/", "named")),
    ("https://s.example/list", "", '<a href="/list?page=2">الصفحة التالية</a>',
     ("https://s.example/list?page=2", "named")),
    ("https://s.example/list?page=2", "",
     '<a href="/list">1</a><a href="/list?page=3">٣</a><a href="/list?page=4">4</a>',
     ("https://s.example/list?page=3", "numbered")),
    ("https://s.example/index.php?section=w", "", '<a class="btn" href="index.php?section=w&amp;offset=12">المزيد</a>',
     ("https://s.example/index.php?section=w&offset=12", "named")),
    ("https://s.example/feed?cursor=abc", "", '<a href="/feed?cursor=def">›</a>',
     ("https://s.example/feed?cursor=def", "named")),
])
def test_the_next_page_is_found_without_rules(url: str, head: str, body: str, expected: tuple[str, str]) -> None:
    assert next_page(_root(body, head), url, _never) == expected


@pytest.mark.parametrize(("url", "body"), [
    # the last page: its pager only goes back
    ("https://s.example/list?page=3", '<a href="/list?page=2">2</a><a href="/list?page=2">السابق</a>'),
    # "more" of a rail or a card leads to another section or an article, not to this list's next page
    ("https://s.example/world", '<a href="/sport">المزيد</a><a href="/world/2025/09/01/a-story">المزيد</a>'),
    # another section's page 2
    ("https://s.example/world", '<a href="/sport?page=2">2</a>'),
])
def test_no_next_page_where_none_continues_this_list(url: str, body: str) -> None:
    assert next_page(_root(body), url, lambda u: "/2025/" in u) is None


def test_a_page_marker_places_a_url_in_its_list() -> None:
    assert page_place("https://s.example/c/x/page/3/").number == 3
    assert page_place("https://s.example/c/x/").followed_by(page_place("https://s.example/c/x/page/2/"))
    assert page_place("https://s.example/l?offset=12&s=w").followed_by(page_place("https://s.example/l?s=w&offset=24"))
    assert not page_place("https://s.example/l?page=2").followed_by(page_place("https://s.example/l?page=2"))


# -- the section model -----------------------------------------------------------------------------

TITLES = ["الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية",
          "انتخابات مبكرة في البلاد بعد حل البرلمان المنتخب",
          "ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية هذا الأسبوع",
          "فيضانات تضرب مدناً ساحلية وتجبر الآلاف على النزوح"]


def card(href: str, title: str, kind: str = "card") -> str:
    return (f'<div class="{kind}"><a href="{href}"><img src="/i.jpg"></a><h3><a href="{href}">{title}</a></h3>'
            f'<span class="meta">3 سبتمبر 2025</span><a href="/tag/politics">سياسة</a></div>')


def page(main: str, outside: str = "") -> Selector:
    return Selector(text=f"""<html><head><title>العالم</title></head><body>
      <nav><a href="/world">العالم</a><a href="/sport">رياضة</a></nav>{outside}
      <main><h1>العالم</h1>{main}</main>
      <footer><a href="/world/2025/09/01/footer-story">خبر في التذييل لا يتبع أبدا</a></footer>
      </body></html>""")


def test_a_page_teaches_its_article_shape_and_gives_its_cards_in_order() -> None:
    model = SectionModel()
    cards = "".join(card(f"/world/2025/09/0{n + 1}/story-{n}", TITLES[n]) for n in range(4))
    listing = model.read(page(f'<div class="grid">{cards}</div>'), "https://s.example/world")
    assert [c.url for c in listing.cards] == [f"https://s.example/world/2025/09/0{n + 1}/story-{n}" for n in range(4)]
    assert [c.title for c in listing.cards] == TITLES
    assert all(c.date_text for c in listing.cards)
    assert listing.learnt == ("/world/{yyyy}/{mm}/{dd}/{slug}",)
    assert model.title == "العالم"
    assert model.summary()["cards"] == "div.grid > div.card"


def test_rails_related_blocks_sponsored_cards_and_other_sections_are_refused() -> None:
    model = SectionModel()
    own = "".join(card(f"/world/2025/09/0{n + 1}/story-{n}", TITLES[n]) for n in range(4))
    sponsored = card("/world/2025/09/05/paid-story", "احصل على قرض عقاري بفائدة منخفضة ودون دفعة أولى", "card promo")
    labelled = ('<div class="card"><span>محتوى مموّل</span><a href="/world/2025/09/06/paid">'
                "اكتشف عروض الخريف الحصرية للسفر إلى إسطنبول</a></div>")
    partner = card("https://partner.example/2025/09/07/offer", TITLES[0])
    rail = "".join(f'<li><a href="/world/2025/09/1{n}/popular-{n}">{TITLES[n]}</a></li>' for n in range(3))
    other = "".join(f'<li><a href="/sport/2025/09/1{n}/match-{n}">{TITLES[n]}</a></li>' for n in range(3))
    main = (f'<div class="grid">{own}{sponsored}{labelled}{partner}</div>'
            f'<section class="box"><h2>الأكثر قراءة</h2><ul>{rail}</ul></section>'
            f'<section class="box"><h2><a href="/sport">رياضة</a></h2><ul>{other}</ul></section>'
            f'<div class="box"><strong>اقرأ أيضاً</strong>{rail}</div>')
    listing = model.read(page(main, outside=f'<aside><ul>{rail}</ul></aside>'), "https://s.example/world")
    assert [c.url.rsplit("/", 1)[-1] for c in listing.cards] == ["story-0", "story-1", "story-2", "story-3"]
    assert set(listing.refused) == {f"https://s.example/sport/2025/09/1{n}/match-{n}" for n in range(3)} | {
        "https://partner.example/2025/09/07/offer"}


def test_two_shapes_at_once_and_an_older_shape_too_rare_to_learn_from_alone() -> None:
    model = SectionModel()
    new = "".join(card(f"/world/2025/09/0{n + 1}/story-{n}", TITLES[n]) for n in range(3))
    first = model.read(page(f'<div class="grid">{new}</div>'), "https://s.example/world")
    assert len(first.cards) == 3
    # on the next page, two older /node/ID links in the same list's cards
    old = "".join(card(f"/node/4821{n}", TITLES[n]) for n in range(2))
    second = model.read(page(f'<div class="grid">{card("/world/2025/08/30/late", TITLES[3])}{old}</div>'),
                        "https://s.example/world?page=2")
    assert [c.url for c in second.cards] == ["https://s.example/world/2025/08/30/late", "https://s.example/node/48210",
                                            "https://s.example/node/48211"]
    assert second.learnt == ("/node/{id}",)


def test_tag_and_author_links_are_no_article_shape() -> None:
    cards = "".join(f'<div class="c"><a href="/world/{n}-x">{TITLES[n]}</a><a href="/author/writer-{n}">كاتب {n}</a>'
                    f'<a href="/tag/t{n}">وسم</a></div>' for n in range(4))
    model = SectionModel()
    model.read(page(f"<div>{cards}</div>"), "https://s.example/world")
    assert [str(shape) for shape in model.shapes] == ["/world/{id}"]


# -- the clock -------------------------------------------------------------------------------------


def test_printed_offsets_are_read_from_machine_readable_dates_but_not_from_utc() -> None:
    root = _root('<time datetime="2025-09-12T09:15:00+01:00">12 سبتمبر</time>'
                 '<time datetime="2025-09-12T08:00:00Z">x</time>',
                 '<meta property="article:published_time" content="2025-09-12T10:00:00+01:00">'
                 '<script type="application/ld+json">{"datePublished": "2025-09-11T18:40:00-03:30"}</script>')
    assert sorted(printed_offsets(root)) == [-12600, 3600, 3600]


def test_articles_wait_for_the_clock_and_are_dated_once_it_is_known() -> None:
    clock = SiteClock()
    dated = DatedArticles(clock)
    now = datetime(2025, 9, 6, 7, 30, tzinfo=UTC)
    wall = {"date_published": "2025-09-05T13:56:00+00:00", "date_published_raw": "الجمعة 13:56 05/09/2025",
            "date_modified": None}
    relative = {"date_published": "2025-09-06T05:30:00+00:00", "date_published_raw": "منذ ساعتين",
                "date_modified": None}
    assert dated.settle(wall, DateFacts({"date_published": "الجمعة 13:56 05/09/2025"}, {}, []), UTC, now) == []
    assert dated.settle(relative, DateFacts({}, {"date_published": "منذ ساعتين"}, []), UTC, now) == []
    clock.observe([3 * 3600])
    assert clock.zone == timezone(timedelta(hours=3))
    assert dated.release() == [wall, relative]
    assert wall["date_published"] == "2025-09-05T13:56:00+03:00"
    assert relative["date_published"] == "2025-09-06T08:30:00+03:00"  # the same instant, in the site's clock


def test_without_an_offset_wall_clock_dates_are_left_unread_never_guessed() -> None:
    clock = SiteClock()
    dated = DatedArticles(clock)
    item = {"date_published": "2025-09-05T13:56:00+00:00", "date_modified": None}
    dated.settle(item, DateFacts({"date_published": "الجمعة 13:56 05/09/2025"}, {}, []), UTC, None)
    assert dated.give_up() == [item] and item["date_published"] is None
    clock.observe([3600, 7200])
    assert clock.zone is None and clock.ambiguous
    assert SiteClock(UTC).zone == UTC


# -- which profile -------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "site", "section", "discovery"), [
    ({}, "huna", "world", False),
    ({"start_url": "https://www.sada.example/category/international/page/2/"}, "sada", "international", False),
    ({"start_url": "https://huna.example/world"}, "huna", "world", False),
    ({"start_url": "http://127.0.0.1:8000/world", "site": "huna"}, "huna", "world", False),
    ({"start_url": "http://127.0.0.1:8000/category/international/"}, "127.0.0.1", "international", True),
    ({"start_url": "https://news.example/ar/world/", "section": "monde"}, "news.example", "monde", True),
])
def test_the_profile_is_the_one_named_else_the_host_s_else_discovery(kwargs: dict, site: str, section: str,
                                                                     discovery: bool) -> None:
    arguments = CrawlArguments.parse(kwargs)
    assert (arguments.profile.key, arguments.section.key, arguments.discovery) == (site, section, discovery)


def test_a_bad_timezone_is_one_line() -> None:
    with pytest.raises(ArgumentError, match=r"^timezone='Mars/Olympus' is not an IANA time zone"):
        CrawlArguments.parse({"start_url": "https://news.example/world", "timezone": "Mars/Olympus"})
