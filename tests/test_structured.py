"""JSON-LD and meta-tag layers, on small inline pages."""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from hunaworld.extraction.fields import FIELDS
from hunaworld.extraction.jsonld import JsonLdLayer, parse_json_ld
from hunaworld.extraction.meta import MetaLayer

URL = "https://www.example.com/news/1/slug"


def page(head: str = "", body: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")


def ld(*objects, raw: str | None = None) -> str:
    scripts = [raw] if raw is not None else [json.dumps(o, ensure_ascii=False) for o in objects]
    return "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)


def jsonld(*objects, raw: str | None = None, head: str = "", body: str = "") -> JsonLdLayer:
    return JsonLdLayer(page(head + ld(*objects, raw=raw), body), URL)


ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "الرئيس يلتقي نظيره في العاصمة",
    "description": "لقاء رسمي في القصر",
    "articleBody": "الفقرة الأولى من الخبر.\n\nالفقرة الثانية من الخبر.\nالفقرة الثالثة.",
    "datePublished": "2025-09-04T15:11:00+03:00",
    "dateModified": "2025-09-04T16:00:00+03:00",
    "author": {"@type": "Person", "name": "سامر الحداد"},
    "keywords": ["الصين", "كوريا الشمالية"],
    "articleSection": "العالم",
    "image": "https://www.example.com/img/a.jpg",
    "mainEntityOfPage": {"@type": "WebPage", "@id": URL},
}


# -- JSON-LD -------------------------------------------------------------------------------------


def test_jsonld_plain_article_all_fields():
    layer = jsonld(ARTICLE)
    assert layer.name == "jsonld"
    assert layer.headline() == "الرئيس يلتقي نظيره في العاصمة"
    assert layer.summary() == "لقاء رسمي في القصر"
    assert layer.body() == ["الفقرة الأولى من الخبر.", "الفقرة الثانية من الخبر.", "الفقرة الثالثة."]
    assert layer.date_published() == "2025-09-04T15:11:00+03:00"
    assert layer.date_modified() == "2025-09-04T16:00:00+03:00"
    assert layer.authors() == ["سامر الحداد"]
    assert layer.tags() == ["الصين", "كوريا الشمالية"]
    assert layer.section() == "العالم"
    assert layer.image_url() == "https://www.example.com/img/a.jpg"
    assert layer.canonical_url() == URL


def test_jsonld_nothing_on_page():
    layer = JsonLdLayer(page("<title>x</title>", "<p>text</p>"), URL)
    for name in FIELDS:
        method = getattr(layer, name, None)
        if method:
            assert not method(), name


@pytest.mark.parametrize("kind", ["NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                                  "BlogPosting", ["Thing", "NewsArticle"], "http://schema.org/NewsArticle"])
def test_jsonld_article_types(kind):
    assert jsonld({"@type": kind, "headline": "عنوان الخبر"}).headline() == "عنوان الخبر"


def test_jsonld_webpage_with_article_body_counts_but_not_a_bare_webpage():
    assert jsonld({"@type": "WebPage", "name": "صفحة", "articleBody": "نص"}).body() == ["نص"]
    assert jsonld({"@type": "WebPage", "name": "صفحة"}).headline() is None


def test_jsonld_graph_with_id_references():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://e.com/#org", "name": "صحيفة المثال"},
            {"@type": "WebSite", "@id": "https://e.com/#site", "name": "صحيفة المثال"},
            {"@type": "ImageObject", "@id": URL + "#img", "url": "https://e.com/big.jpg", "caption": "صورة"},
            {"@type": "Person", "@id": "https://e.com/#p1", "name": "كريم العلي"},
            {"@type": "WebPage", "@id": URL + "#webpage", "url": URL,
             "datePublished": "2020-12-25T01:59:50+02:00"},
            {"@type": "NewsArticle", "headline": "خبر مهم - صحيفة المثال",
             "author": {"@id": "https://e.com/#p1"}, "publisher": {"@id": "https://e.com/#org"},
             "image": {"@id": URL + "#img"}, "isPartOf": {"@id": URL + "#webpage"},
             "mainEntityOfPage": {"@id": URL + "#webpage"}},
        ],
    }
    layer = jsonld(graph)
    assert layer.headline() == "خبر مهم"  # site name suffix removed
    assert layer.authors() == ["كريم العلي"]
    assert layer.image_url() == "https://e.com/big.jpg"
    assert layer.image_caption() == "صورة"
    assert layer.date_published() == "2020-12-25T01:59:50+02:00"  # from the WebPage node
    assert layer.canonical_url() == URL


def test_jsonld_top_level_list_and_several_scripts():
    scripts = ld({"@type": "BreadcrumbList", "itemListElement": []}) + ld(
        [{"@type": "Organization", "name": "x"}, {**ARTICLE, "headline": "من القائمة"}]
    )
    layer = JsonLdLayer(page(scripts), URL)
    assert layer.headline() == "من القائمة"


def test_jsonld_prefers_the_article_of_this_page():
    base = {k: v for k, v in ARTICLE.items() if k != "mainEntityOfPage"}
    other = {**base, "headline": "خبر آخر", "url": "https://www.example.com/news/2/other"}
    this = {**base, "headline": "هذا الخبر", "url": URL + "/"}
    assert jsonld([other, this]).headline() == "هذا الخبر"
    # a news article wins over a plain Article whatever the order
    assert jsonld([{"@type": "Article", "headline": "مقال"}, {"@type": "NewsArticle", "headline": "خبر"}]
                  ).headline() == "خبر"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("سامر الحداد", ["سامر الحداد"]),
        ({"@type": "Person", "name": "سامر الحداد"}, ["سامر الحداد"]),
        ([{"@type": "Person", "name": "أ"}, {"@type": "Person", "name": "ب"}], ["أ", "ب"]),
        (["أ", {"name": "ب"}, ""], ["أ", "ب"]),
        ({"@type": "Person", "name": ["أ", "ب"]}, ["أ", "ب"]),
        ({"@type": "Person", "givenName": "كريم", "familyName": "العلي"}, ["كريم العلي"]),
        ({"@type": "Person", "name": "  "}, []),
        ({"@type": "Person", "url": "https://e.com/author/1"}, []),
        ("https://www.facebook.com/someone", []),
        # the publisher named as author is not an author
        ({"@type": "Organization", "name": "صحيفة المثال"}, []),
        ({"@type": "Organization", "name": "رويترز"}, ["رويترز"]),
    ],
)
def test_jsonld_author_shapes(author, expected):
    article = {**ARTICLE, "author": author, "publisher": {"@type": "Organization", "name": "صحيفة المثال"}}
    assert jsonld(article).authors() == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("https://e.com/a.jpg", "https://e.com/a.jpg"),
        ("/img/a.jpg", "https://www.example.com/img/a.jpg"),
        (["https://e.com/a.jpg", "https://e.com/b.jpg"], "https://e.com/a.jpg"),
        ({"@type": "ImageObject", "url": "https://e.com/a.jpg", "width": 800}, "https://e.com/a.jpg"),
        ({"@type": "ImageObject", "contentUrl": "https://e.com/a.jpg"}, "https://e.com/a.jpg"),
        ([{"@type": "ImageObject", "url": "https://e.com/a.jpg"}, {"url": "https://e.com/b.jpg"}],
         "https://e.com/a.jpg"),
        ({"@list": ["https://e.com/a.jpg"]}, "https://e.com/a.jpg"),
        ({"@type": "ImageObject", "url": ["https://e.com/a.jpg"]}, "https://e.com/a.jpg"),
        ("data:image/gif;base64,R0lGOD", None),
    ],
)
def test_jsonld_image_shapes(image, expected):
    assert jsonld({**ARTICLE, "image": image}).image_url() == expected


def test_jsonld_image_falls_back_to_thumbnail():
    article = {**ARTICLE, "thumbnailUrl": "https://e.com/t.jpg"}
    del article["image"]
    assert jsonld(article).image_url() == "https://e.com/t.jpg"


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        (["الصين", "آسيا"], ["الصين", "آسيا"]),
        ("الصين, آسيا,اقتصاد", ["الصين", "آسيا", "اقتصاد"]),
        ("الصين، آسيا ، اقتصاد", ["الصين", "آسيا", "اقتصاد"]),
        (["الصين, آسيا", "الصين"], ["الصين", "آسيا"]),
        ("", []),
    ],
)
def test_jsonld_keywords(keywords, expected):
    assert jsonld({**ARTICLE, "keywords": keywords}).tags() == expected


def test_jsonld_section_list_takes_first():
    assert jsonld({**ARTICLE, "articleSection": ["العالم", "آسيا"]}).section() == "العالم"


def test_jsonld_date_fallbacks():
    article = {k: v for k, v in ARTICLE.items() if k not in ("datePublished", "dateModified")}
    assert jsonld({**article, "dateCreated": "2020-01-02"}).date_published() == "2020-01-02"
    assert jsonld({**article, "uploadDate": "2020-01-03"}).date_published() == "2020-01-03"
    assert jsonld(article).date_modified() is None


def test_jsonld_canonical_shapes():
    base = {k: v for k, v in ARTICLE.items() if k != "mainEntityOfPage"}
    assert jsonld({**base, "mainEntityOfPage": URL}).canonical_url() == URL
    assert jsonld({**base, "mainEntityOfPage": [{"@id": URL}]}).canonical_url() == URL
    assert jsonld({**base, "mainEntityOfPage": {"@id": "6291787"}}).canonical_url() is None
    assert jsonld({**base, "url": URL}).canonical_url() == URL


def test_jsonld_html_entities_and_tags_decoded():
    layer = jsonld({**ARTICLE, "headline": "&quot;شعر وردي&quot; يثير الجدل",
                    "description": "<p>وصف &amp; تفاصيل</p>"})
    assert layer.headline() == '"شعر وردي" يثير الجدل'
    assert layer.summary() == "وصف & تفاصيل"


def test_jsonld_article_body_with_html():
    layer = jsonld({**ARTICLE, "articleBody": "<p>الأولى</p><p>الثانية<br>الثالثة</p>"})
    assert layer.body() == ["الأولى", "الثانية", "الثالثة"]


def test_jsonld_truncated_article_body_is_not_the_body():
    body = "<div><p>ودعا المتحدث أبناء الجالية في الإمارات إلى الالتزام بالإجراءات كلها.</p></div>"
    cut = jsonld({**ARTICLE, "articleBody": "ودعا المتحدث أبناء الجالية في ال"}, body=body)
    assert cut.body() == []
    assert jsonld({**ARTICLE, "articleBody": "نص مختصر..."}).body() == []
    whole = jsonld({**ARTICLE, "articleBody": "ودعا المتحدث أبناء الجالية في الإمارات"}, body=body)
    assert whole.body() == ["ودعا المتحدث أبناء الجالية في الإمارات"]


def test_jsonld_views():
    stat = {"@type": "InteractionCounter", "interactionType": "https://schema.org/ReadAction",
            "userInteractionCount": "4,233"}
    assert jsonld({**ARTICLE, "interactionStatistic": [stat]}).views() == 4233
    assert jsonld(ARTICLE).views() is None


@pytest.mark.parametrize(
    "raw",
    [
        # HTML comment / CDATA wrappers
        "<!--\n" + json.dumps(ARTICLE, ensure_ascii=False) + "\n-->",
        "//<![CDATA[\n" + json.dumps(ARTICLE, ensure_ascii=False) + "\n//]]>",
        # trailing commas
        '{"@type": "NewsArticle", "headline": "الرئيس يلتقي نظيره في العاصمة", "keywords": ["a", "b",],}',
        # raw newline inside a string, invalid escape
        '{"@type": "NewsArticle", "headline": "الرئيس يلتقي نظيره في العاصمة", "articleBody": "a\nb \\\' c"}',
        # two objects in one script
        '{"@type": "Organization", "name": "x"}\n{"@type": "NewsArticle", '
        '"headline": "الرئيس يلتقي نظيره في العاصمة"}',
        # broken beyond repair: the flat fields are still read
        '{"@type": "NewsArticle", "headline": "الرئيس يلتقي نظيره في العاصمة", "author": {"name": "x" "y"}',
    ],
)
def test_jsonld_broken_json_tolerated(raw):
    assert jsonld(raw=raw).headline() == "الرئيس يلتقي نظيره في العاصمة"


def test_parse_json_ld_garbage():
    assert parse_json_ld("") == []
    assert parse_json_ld("not json at all") == []
    assert parse_json_ld("[1, 2]") == [[1, 2]]


# -- meta tags -----------------------------------------------------------------------------------


def meta_layer(head: str = "", body: str = "", url: str = URL) -> MetaLayer:
    return MetaLayer(page(head, body), url)


OG = """
<meta property="og:site_name" content="صحيفة المثال">
<meta property="og:title" content="الرئيس يلتقي نظيره - صحيفة المثال">
<meta property="og:description" content="وصف الخبر">
<meta property="og:image" content="/uploads/a.jpg">
<meta property="og:url" content="https://www.example.com/news/1/og">
<meta property="article:published_time" content="2025-09-04T15:11:00+03:00">
<meta property="article:modified_time" content="2025-09-04T16:00:00+03:00">
<meta property="article:section" content="العالم">
<meta property="article:tag" content="الصين">
<meta property="article:tag" content="كوريا الشمالية، آسيا">
<meta property="article:author" content="https://www.facebook.com/someone">
<meta name="author" content="سامر الحداد">
<meta name="keywords" content="خبر, عاجل, اخبار اليوم">
<link rel="canonical" href="/news/1/slug">
"""


def test_meta_open_graph_and_article_tags():
    layer = meta_layer(OG)
    assert layer.name == "meta"
    assert layer.headline() == "الرئيس يلتقي نظيره"
    assert layer.summary() == "وصف الخبر"
    assert layer.image_url() == "https://www.example.com/uploads/a.jpg"
    assert layer.canonical_url() == URL
    assert layer.date_published() == "2025-09-04T15:11:00+03:00"
    assert layer.date_modified() == "2025-09-04T16:00:00+03:00"
    assert layer.section() == "العالم"
    assert layer.tags() == ["الصين", "كوريا الشمالية", "آسيا"]  # not the keywords meta
    assert layer.authors() == ["سامر الحداد"]  # the article:author URL is skipped


def test_meta_fallbacks_twitter_and_description():
    layer = meta_layer("""
        <meta name="twitter:title" content="عنوان تويتر">
        <meta name="twitter:description" content="وصف تويتر">
        <meta name="twitter:image" content="https://e.com/t.jpg">
        <meta property="og:url" content="https://www.example.com/news/1/og">""")
    assert layer.headline() == "عنوان تويتر"
    assert layer.summary() == "وصف تويتر"
    assert layer.image_url() == "https://e.com/t.jpg"
    assert layer.canonical_url() == "https://www.example.com/news/1/og"
    assert meta_layer('<meta name="description" content="وصف عادي">').summary() == "وصف عادي"


@pytest.mark.parametrize(
    "tag",
    [
        '<meta name="pubdate" content="2020-03-17T17:27:41Z">',
        '<meta name="publishdate" content="2020-03-17T17:27:41Z">',
        '<meta name="date" content="2020-03-17T17:27:41Z">',
        '<meta name="DC.date.issued" content="2020-03-17T17:27:41Z">',
        '<meta name="dc.date" content="2020-03-17T17:27:41Z">',
        '<meta name="datePublished" content="2020-03-17T17:27:41Z">',
        '<meta itemprop="datePublished" content="2020-03-17T17:27:41Z">',
    ],
)
def test_meta_date_sources(tag):
    assert meta_layer(tag).date_published() == "2020-03-17T17:27:41Z"


def test_meta_article_published_time_wins_over_generic_date():
    layer = meta_layer('<meta name="date" content="2019-01-01">'
                       '<meta property="article:published_time" content="2020-03-17">')
    assert layer.date_published() == "2020-03-17"


def test_meta_microdata():
    body = """
    <div itemscope itemtype="https://schema.org/NewsArticle">
      <h1 itemprop="headline">عنوان الميكروداتا</h1>
      <time itemprop="datePublished" datetime="2020-11-09T18:34:47+00:00">9 نوفمبر</time>
      <span itemprop="dateModified">2020-11-10</span>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">زياد</span></span>
      <img itemprop="image" src="/img/m.jpg">
      <div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
        <meta itemprop="name" content="الناشر"><img itemprop="image" src="/logo.png">
      </div>
      <div itemprop="articleBody"><p>الفقرة الأولى.</p><div class="share">شارك</div>
        <p>الفقرة الثانية.</p></div>
    </div>
    <aside class="related"><div itemscope itemtype="https://schema.org/NewsArticle">
      <time itemprop="datePublished" datetime="2001-01-01">قديم</time></div></aside>"""
    layer = meta_layer(body=body)
    assert layer.headline() == "عنوان الميكروداتا"
    assert layer.date_published() == "2020-11-09T18:34:47+00:00"
    assert layer.date_modified() == "2020-11-10"
    assert layer.authors() == ["زياد"]
    assert layer.image_url() == "https://www.example.com/img/m.jpg"
    assert layer.body() == ["الفقرة الأولى.", "الفقرة الثانية."]


def test_meta_microdata_author_meta_and_site_name_author_skipped():
    head = '<meta property="og:site_name" content="LBCI Lebanon"><meta name="author" content="LBCI">'
    layer = meta_layer(head, '<meta itemprop="author" content="Ziad Sankary">')
    assert layer.authors() == ["Ziad Sankary"]


def test_meta_author_that_is_the_site_name_in_titles_skipped():
    head = ('<title>أميركا :50 الفا حصيلة الوفيات - المدينة نيوز</title>'
            '<meta name="author" content="المدينة نيوز"><meta name="author" content="كريم العلي">')
    assert meta_layer(head).authors() == ["كريم العلي"]


def test_meta_headline_site_name_prefix_from_author_meta():
    layer = meta_layer('<meta name="Author" content="المدينة نيوز">'
                       '<meta property="og:title" content=" المدينة نيوز - أميركا :50 الفا حصيلة الوفيات">')
    assert layer.headline() == "أميركا :50 الفا حصيلة الوفيات"


def test_meta_nothing():
    layer = meta_layer("<title>x</title>", "<p>y</p>")
    for name in FIELDS:
        method = getattr(layer, name, None)
        if method:
            assert not method(), name


def test_meta_tags_in_body_are_read():
    # broken heads push meta tags into <body>: they still count
    sel = Selector(text='<html><body><div>junk</div><meta property="og:title" content="عنوان"></body></html>')
    assert MetaLayer(sel, URL).headline() == "عنوان"
