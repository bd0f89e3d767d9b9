"""The generic heuristic layer (headline, main content, visible date, image, byline), on small inline
pages, and the shared helpers."""

from __future__ import annotations

import pytest
from parsel import Selector

from hunaworld.extraction.fields import FIELDS
from hunaworld.extraction.heuristic import HeuristicLayer
from hunaworld.html.datespot import find_date
from hunaworld.html.furniture import is_boilerplate, noise_level
from hunaworld.html.paragraphs import text_lines
from hunaworld.html.sitenames import strip_site_name

URL = "https://www.example.com/news/1/slug"

P1 = "عقد الرئيس مباحثات رسمية مع نظيره في العاصمة، وفق ما أفادت به وسائل الإعلام الرسمية يوم الخميس."
P2 = "وكانت وزارة الخارجية قد أكدت في وقت سابق من اليوم أن الرئيسين سيجريان محادثات معمقة حول العلاقات."
P3 = "وأشار المتحدث إلى استعداد البلدين لتعزيز التواصل الاستراتيجي وتوسيع تبادل الخبرات في مجالات عدة."
HEADLINE = "الرئيس يعقد مباحثات مع نظيره في العاصمة"


def layer(body: str, head: str = "", url: str = URL) -> HeuristicLayer:
    return HeuristicLayer(Selector(text=f"<html><head>{head}</head><body>{body}</body></html>"), url)


def titled(body: str, title: str = HEADLINE + " | صحيفة المثال") -> HeuristicLayer:
    return layer(body, f'<title>{title}</title><meta property="og:title" content="{HEADLINE}">')


SIDEBAR = """
<aside class="sidebar"><div class="widget most-read"><h3>الأكثر قراءة</h3><ul>
  <li><a href="/n/2">خبر آخر طويل العنوان عن موضوع مختلف تماما</a><span class="date">01/01/2019</span></li>
</ul></div></aside>"""
RELATED = """
<section class="related-news"><h3>أخبار ذات صلة</h3>
  <div class="item"><a href="/n/3">عنوان خبر ذي صلة بالموضوع نفسه</a>
  <span class="date">السبت 07:36 02/02/2019</span>
  <p>مقتطف طويل من خبر ذي صلة لا ينتمي إلى هذا المقال ولا يجب أن يظهر في النص.</p></div>
</section>"""
FOOTER = (
    '<footer class="site-footer"><p class="copyright">جميع الحقوق محفوظة © 2025 - 03/03/2018</p></footer>'
)
HEADER = """<header class="site-header"><a class="logo" href="/"><img src="/logo.png" alt="Main Logo"></a>
<nav class="main-nav"><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li></ul></nav>
<div class="top-bar"><span class="today">الأحد 04/04/2017</span></div></header>"""


def article_page(content: str, meta: str = "", extra: str = "") -> str:
    return f"""{HEADER}
<main><article class="article">
  <div class="article-header">
    <a class="article-section" href="/world">العالم</a>
    <h1 class="article-title">{HEADLINE}</h1>
    {meta}
  </div>
  <figure class="article-image"><img src="/uploads/2025/09/main.jpg" alt="Article Image">
    <figcaption>الرئيسان خلال اللقاء</figcaption></figure>
  <div class="article-content">{content}</div>
  <div class="article-tags"><span>الوسوم:</span> <a href="/tag/1">الصين</a></div>
  <div class="article-share">مشاركة عبر: <a class="share-fb" href="#">f</a></div>
</article>{RELATED}</main>{SIDEBAR}{extra}{FOOTER}"""


# -- body ----------------------------------------------------------------------------------------


def test_body_paragraphs_of_the_article_block_only():
    content = f"""<p>{P1}</p>
      <div class="ad-inline"><ins class="adsbygoogle"></ins><script>ads.push({{}});</script></div>
      <p>{P2}</p>
      <p class="read-also"><strong>اقرأ أيضاً:</strong> <a href="/n/9">عنوان خبر آخر</a></p>
      <blockquote class="twitter-tweet"><p>Talks today.</p>&mdash; Newsroom</blockquote>
      <script async src="https://platform.twitter.com/widgets.js"></script>
      <p>{P3}</p>"""
    h = titled(article_page(content, '<div class="article-date">الخميس 15:11 04/09/2025</div>'))
    assert h.name == "heuristic"
    assert h.body() == [P1, P2, P3]


def test_body_excludes_related_sidebar_footer_comments():
    content = f"<p>{P1}</p><p>{P2}</p>"
    comments = """<section id="comments"><h3>التعليقات</h3><div class="comment"><p>تعليق طويل من أحد القراء
      على هذا الخبر يتجاوز طوله الفقرات الأخرى بكثير ويتحدث عن أمور كثيرة مختلفة تماما عن المقال الأصلي
      ولا يجب أن يظهر أبدا في نص المقال المستخرج من الصفحة مهما كان طوله.</p></div>
      <form class="comment-form"><h3>إضافة تعليق جديد</h3><textarea></textarea></form></section>"""
    body = titled(article_page(content, extra=comments)).body()
    assert body == [P1, P2]
    text = " ".join(body)
    for noise in ("مقتطف", "الأكثر قراءة", "الحقوق", "تعليق", "الوسوم", "مشاركة"):
        assert noise not in text


def test_body_br_separated_text():
    content = f"""<div itemprop="articleBody"><span class="d-none">{HEADLINE}</span>
      <div class="LongDesc"><div>{P1}<br /><br />{P2}<br /><bannerinjection></bannerinjection><br />
      {P3}</div></div></div>"""
    assert titled(f"<h1>{HEADLINE}</h1>{content}{SIDEBAR}").body() == [P1, P2, P3]


def test_body_mixed_inline_markup_kept_in_paragraph():
    content = f'<div class="story"><p><b>دمشق (CNN) --</b> {P1} <a href="/x">رابط</a> تتمة.</p>' \
              f"<p>{P2}</p></div>"
    body = titled(f"<h1>{HEADLINE}</h1>{content}").body()
    assert body == [f"دمشق (CNN) -- {P1} رابط تتمة.", P2]


def test_body_nested_articles_take_the_inner_one():
    page = f"""<article class="page"><div class="wrap"><h1>{HEADLINE}</h1>
      <article class="story"><div class="text"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article>
      </div><div class="teasers">
      <article class="teaser"><p>فقرة قصيرة من خبر آخر في قائمة.</p></article></div>
    </article>"""
    assert titled(page).body() == [P1, P2, P3]


def test_body_embedded_story_card_dropped():
    page = f"""<article class="story"><h1>{HEADLINE}</h1><div class="text"><p>{P1}</p>
      <article class="card"><a href="/n/8"><h3>عنوان قصة أخرى</h3></a>
        <p>خبر من قسم آخر لا ينتمي إلى النص.</p></article>
      <p>{P2}</p><p>{P3}</p></div></article>"""
    assert titled(page).body() == [P1, P2, P3]


def test_body_prefers_itemprop_article_body():
    page = f"""<h1>{HEADLINE}</h1>
      <div class="other"><p>{P3}</p><p>{P3}</p><p>{P3}</p></div>
      <div itemprop="articleBody"><p>{P1}</p><p>{P2}</p></div>"""
    assert titled(page).body() == [P1, P2]


def test_body_density_without_semantic_markup():
    page = f"""<div id="wrap"><div class="col"><ul class="links">
        <li><a href="/a">رابط أول في قائمة الروابط الطويلة جدا جدا جدا جدا</a></li>
        <li><a href="/b">رابط ثان في قائمة الروابط الطويلة جدا جدا جدا جدا</a></li></ul></div>
      <div class="col2"><h1>{HEADLINE}</h1>
      <div class="txt"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div></div>"""
    assert titled(page).body() == [P1, P2, P3]


def test_body_article_split_over_sibling_blocks():
    page = f"""<h1>{HEADLINE}</h1><div class="post">
      <div class="part"><p>{P1}</p><p>{P2}</p></div>
      <div class="ad-slot"><ins></ins></div>
      <div class="part"><p>{P3}</p></div></div>"""
    assert titled(page).body() == [P1, P2, P3]


def test_body_wrapper_with_furniture_class_is_not_dropped():
    page = f"""<div class="content-sidebar-wrap"><div class="main"><h1>{HEADLINE}</h1>
      <div class="entry"><p>{P1}</p><p>{P2}</p></div></div>
      <div class="sidebar"><p>{P3}</p></div></div>"""
    assert titled(page).body() == [P1, P2]


def test_body_hidden_and_boilerplate_lines_dropped():
    page = f"""<h1>{HEADLINE}</h1><div class="entry">
      <p>{P1}</p><p style="display: none">{P3}</p><p hidden>مخفي</p><p>شارك</p>
      <p>تابعوا أخبارنا عبر غوغل نيوز</p><p>{P2}</p><p>جميع الحقوق محفوظة © 2025</p><p>إضافة تعليق جديد</p>
      <p>الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.</p>
      <p>ترحب الشبكة بالنقاش. ننصحك بمراجعة <a href="/community_guidelines.html">إرشادات الاستخدام</a>.</p>
      </div>"""
    assert titled(page).body() == [P1, P2]


def test_body_link_lists_inside_the_article_dropped():
    page = f"""<h1>{HEADLINE}</h1><div class="entry"><p>{P1}</p>
      <ul><li><a href="/n/5">عنوان خبر آخر في قائمة روابط</a></li><li><a href="/n/6">عنوان ثان</a></li></ul>
      <p><strong>للمزيد:</strong> <a href="/n/7">عنوان خبر مرتبط بالموضوع نفسه</a></p>
      <p>{P2} <a href="/x">رابط داخل الفقرة</a></p></div>"""
    assert titled(page).body() == [P1, f"{P2} رابط داخل الفقرة"]


def test_body_does_not_repeat_the_headline():
    page = f"<div class='entry'><h1>{HEADLINE}</h1><h2>{HEADLINE}</h2><p>{P1}</p><p>{P2}</p></div>"
    assert titled(page).body() == [P1, P2]


def test_body_in_broken_markup():
    # the unclosed <div> in the <figure> swallows the rest of the article
    page = f"""<article><h1>{HEADLINE}</h1>
      <figure class=article-image><div class="img-wrap"><img src="/a.jpg"></figure>
      <div class="article-content"><p>{P1}</p><p>{P2}</p></div></article>"""
    assert titled(page).body() == [P1, P2]


def test_body_empty_page():
    assert layer("").body() == []
    assert layer("<div><a href='/'>الرئيسية</a></div>").body() == []


# -- headline ------------------------------------------------------------------------------------


def test_headline_h1_matching_og_title_among_several():
    page = f"""<header><h1 class="logo"><a href="/"><img src="/l.png" alt=""></a></h1></header>
      <h1>CNN</h1><h1 class="section">العالم</h1><h1>{HEADLINE}</h1>"""
    assert titled(page).headline() == HEADLINE


def test_headline_from_title_when_no_h1_matches():
    h = layer("<h1>قسم الأخبار</h1><p>x</p>", f"<title>{HEADLINE} | صحيفة المثال</title>")
    assert h.headline() == HEADLINE
    h = layer("<p>x</p>", f"<title>{HEADLINE} - عبر الإمارات - البيان</title>")
    assert h.headline() == HEADLINE
    h = layer("<p>x</p>", f"<title>{HEADLINE} :: المثال</title>")
    assert h.headline() == HEADLINE


def test_headline_h1_without_reference():
    assert layer(f"<h1>{HEADLINE}</h1><p>x</p>").headline() == HEADLINE
    assert layer("<p>x</p>").headline() is None


# -- date ----------------------------------------------------------------------------------------


def test_date_line_after_the_headline_not_sidebar_related_footer():
    meta = '<div class="article-date"><span class="day">الخميس</span> <span class="time">15:11</span> ' \
           '<span class="date">04/09/2025</span></div>'
    h = titled(article_page(f"<p>{P1}</p>", meta))
    assert h.date_published() == "الخميس 15:11 04/09/2025"


def test_date_time_element_datetime_preferred():
    meta = '<div class="post-meta">بقلم فلان ' \
           '<time datetime="2020-11-09T18:34:47+00:00">9 نوفمبر 2020</time></div>'
    assert titled(article_page(f"<p>{P1}</p>", meta)).date_published() == "2020-11-09T18:34:47+00:00"


def test_date_without_any_candidate_in_article_is_none():
    # only the header clock, the related list, the sidebar and the footer carry dates
    assert titled(article_page(f"<p>{P1}</p>")).date_published() is None


def test_date_from_text_right_after_headline():
    page = f"""<div id="main_article_content"><div class="main_artlce_title"><h1>{HEADLINE}</h1>
      <div class="article_created">تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</div></div>
      <div class="body"><p>{P1}</p></div></div>{SIDEBAR}"""
    assert titled(page).date_published() == "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً"
    # the update's time is not the publication's: it is the update line's, on the date line's day
    page = f"""<h1>{HEADLINE}</h1><div class="x">الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00</div>
      <p>{P1}</p>"""
    assert titled(page).date_published() == "الأربعاء، 28 آب/اغسطس 2013،"
    assert titled(page).date_modified() == "الأربعاء، 28 آب/اغسطس 2013 14:00"


def test_date_in_article_text_is_not_taken():
    page = f"<h1>{HEADLINE}</h1><p>{P1} منذ بداية الحراك في 13 ديسمبر 2018 ونحن نواجه القمع. {P2}</p>"
    assert titled(page).date_published() is None


def test_date_nearest_after_h1_wins_over_earlier_one():
    page = f"""<div class="meta-top"><span class="date">01/01/2020</span></div>
      <h1>{HEADLINE}</h1><div class="byline"><span class="published">05/09/2025 10:00</span></div>
      <p>{P1}</p>"""
    assert titled(page).date_published() == "05/09/2025 10:00"


def test_date_just_outside_the_headline_article():
    page = f"""<div class="wrap"><div class="post-date">الإثنين 24 أغسطس 2020</div>
      <article class="post"><h1>{HEADLINE}</h1><div class="entry"><p>{P1}</p><p>{P2}</p><p>{P3}</p>
      <p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article></div>{SIDEBAR}"""
    assert titled(page).date_published() == "الإثنين 24 أغسطس 2020"


def test_date_before_h1_when_nothing_after():
    page = f"""<div class="post-date">الإثنين 24 أغسطس 2020</div><h1>{HEADLINE}</h1><p>{P1}</p>"""
    assert titled(page).date_published() == "الإثنين 24 أغسطس 2020"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("الخميس 15:11 04/09/2025", "الخميس 15:11 04/09/2025"),
        ("المشاهدات 4233 | الخميس 15:11 04/09/2025", "15:11 04/09/2025"),
        ("نشر في: 2020-12-01 02:00 - تعليقات (3)", "2020-12-01 02:00"),
        ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)",
         "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)"),
    ],
)
def test_find_date_keeps_only_the_date_next_to_other_numbers(text, value):
    assert find_date(text) == value


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("الخميس 15:11 04/09/2025", True),
        ("2020-12-01 02:00", True),
        ("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", True),
        ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", True),
        ("24 نيسان / أبريل 2020", True),
        ("November 9, 2020", True),
        ("منذ 5 ساعات", True),
        ("15:11", False),
        ("2min", False),
        ("يمارس 2020 نشاطه", False),
        ("", False),
    ],
)
def test_find_date(text, found):
    assert (find_date(text) is not None) is found


# -- image, caption, authors ---------------------------------------------------------------------


def test_image_first_content_image_with_caption():
    h = titled(article_page(f"<p>{P1}</p>"))
    assert h.image_url() == "https://www.example.com/uploads/2025/09/main.jpg"
    assert h.image_caption() == "الرئيسان خلال اللقاء"


def test_image_skips_logos_icons_pixels_and_data_uris():
    page = f"""<h1>{HEADLINE}</h1><div class="entry">
      <img src="data:image/gif;base64,R0lGOD"><img src="/img/logo.png"><img src="/i/icon-share.png">
      <img src="/t.gif" width="1" height="1"><img src="/avatar/u.jpg">
      <img src="/blank.jpg" data-src="/uploads/real.jpg" width="800">
      <p>{P1}</p><p>{P2}</p></div>"""
    assert titled(page).image_url() == "https://www.example.com/uploads/real.jpg"


def test_authors_byline_prefix_stripped():
    meta = '<div class="article-author">كتب: <a href="/author/1">ماهر الخطيب</a></div>'
    assert titled(article_page(f"<p>{P1}</p>", meta)).authors() == ["ماهر الخطيب"]
    meta = '<span class="byline">بقلم: سامر الحداد</span>'
    assert titled(article_page(f"<p>{P1}</p>", meta)).authors() == ["سامر الحداد"]
    meta = '<a rel="author" href="/a/2">By Jane Doe</a>'
    assert titled(article_page(f"<p>{P1}</p>", meta)).authors() == ["Jane Doe"]


def test_authors_not_a_section_link():
    meta = '<div class="author-box"><a class="post-category" href="/news/category/29/x">منوعات</a></div>'
    assert titled(article_page(f"<p>{P1}</p>", meta)).authors() == []
    meta = '<div class="author-box"><a href="/writers/5">سامر الحداد</a> <a href="/tag/x">الصين</a></div>'
    assert titled(article_page(f"<p>{P1}</p>", meta)).authors() == ["سامر الحداد"]


def test_authors_not_from_comments_or_other_articles():
    extra = '<div class="comments"><div class="comment-author">قارئ</div></div>'
    assert titled(article_page(f"<p>{P1}</p>", extra=extra)).authors() == []


def test_every_field_is_safe_on_odd_pages():
    for text in ("", "plain", "<div>" * 500 + "عميق" + "</div>" * 500, "<h1></h1><time datetime=''></time>"):
        h = HeuristicLayer(Selector(text=text), URL)
        for name in FIELDS:
            method = getattr(h, name, None)
            if method:
                method()


# -- helpers -------------------------------------------------------------------------------------


def test_strip_site_name():
    assert strip_site_name("خبر - اليوم السابع", ["اليوم السابع"]) == "خبر"
    assert strip_site_name("المدينة نيوز - خبر", ["المدينة نيوز"]) == "خبر"
    assert strip_site_name("خبر – قناة صدى البلد", ["قناة صدي البلد"]) == "خبر"  # folded compare
    two_sided = "مصر - السودان: اتفاق جديد على المياه"
    assert strip_site_name(two_sided, []) == two_sided
    assert strip_site_name("طهران تدفن «زادة».. وتتهم", ["alyaum"], guess=True) == "طهران تدفن «زادة».. وتتهم"
    assert strip_site_name("عنوان الخبر الطويل هنا | Site", guess=True) == "عنوان الخبر الطويل هنا"
    assert strip_site_name("", []) is None


def test_is_boilerplate():
    for line in ("شارك", "شارك عبر:", "اقرأ أيضاً: عنوان", "جميع الحقوق محفوظة", "إضافة تعليق جديد",
                 "التالي", "الوسوم: الصين", "©", "12:30", "—"):
        assert is_boilerplate(line), line
    for line in (P1, "شارك الرئيس في القمة التي عقدت في العاصمة أمس.", "وتابع: الأمر خطير"):
        assert not is_boilerplate(line), line


def test_noise_level():
    sel = Selector(text='<div class="related-news"></div><div class="article-tags"></div>'
                        '<div class="article-content"></div><script></script>'
                        '<article class="tag-x"></article>')
    levels = [noise_level(el) for el in sel.root.iter("div", "script", "article")]
    assert levels == [2, 1, 0, 2, 0]


def test_text_lines_standalone():
    el = Selector(text=f"<div><p>{P1}</p><div class='share'>شارك</div>{P2}<br>{P3}</div>").root
    assert text_lines(el.find(".//div")) == [P1, P2, P3]


@pytest.mark.parametrize("text", ["نشر في 26 غشت 2016", "26 دجنبر 2016", "26 يوليوز 2016", "11 شوال 1441هـ",
                                  "24 اغسطس 2020", "4 أيلول 2025"])
def test_visible_date_search_knows_every_month_the_parser_knows(text: str) -> None:
    from hunaworld.html.datespot import find_date

    assert find_date(text) is not None
