"""Fields the generic layers give on any site: the update line, several authors, source credits, the
site's own account, video and gallery stories, tags; and the second site's capture read with no
profile against what a reader sees (``key.json``)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from scrapy.exceptions import DropItem

from hunaworld import extract_article
from hunaworld.html.datespot import date_line
from hunaworld.html.sitenames import name_key
from hunaworld.pipelines.validation import ValidationPipeline
from hunaworld.text.arabic import fold
from hunaworld.text.bylines import byline_author, is_source_credit, split_byline
from hunaworld.text.pullquotes import without_pull_quotes
from tests.conftest import ROOT, SADA, SITE

URL = "https://www.example.com/2025/09/04/story-slug/"
HEADLINE = "الرئيس يعقد مباحثات مع نظيره في العاصمة"
P1 = "عقد الرئيس مباحثات رسمية مع نظيره في العاصمة، وفق ما أفادت به وسائل الإعلام الرسمية يوم الخميس."
P2 = "وكانت وزارة الخارجية قد أكدت في وقت سابق من اليوم أن الرئيسين سيجريان محادثات معمقة حول العلاقات."
P3 = "وأشار المتحدث إلى استعداد البلدين لتعزيز التواصل الاستراتيجي وتوسيع تبادل الخبرات في مجالات عدة."
SIDEBAR = """<aside class="sidebar"><section class="widget tag-cloud"><h3>الوسوم</h3>
  <a href="/tag/sport" rel="tag">رياضة</a> <a href="/tag/economy" rel="tag">اقتصاد</a></section>
  <div class="widget most-read"><ul><li><a href="/2025/01/01/x/">خبر آخر</a> آخر تحديث: 01/01/2025 10:00</li></ul>
  </div></aside>"""


def page(article: str, head: str = "", after: str = SIDEBAR) -> str:
    return f"""<html><head><title>{HEADLINE} - موقع المثال</title>
      <meta property="og:title" content="{HEADLINE}"><meta property="og:site_name" content="موقع المثال">{head}
      </head><body><main><article>{article}</article>{after}</main>
      <footer class="site-footer">آخر تحديث للموقع: 01/09/2025 © موقع المثال</footer></body></html>"""


def story(meta: str = "", content: str = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>", footer: str = "") -> str:
    return page(f"""<header><h1>{HEADLINE}</h1><div class="meta">{meta}</div></header>
      <div class="content">{content}</div><footer class="entry-footer">{footer}</footer>""")


def extract(html: str, **kwargs: object) -> dict:
    return extract_article(html, URL, tz="Africa/Cairo", **kwargs)


# -- the update line -------------------------------------------------------------------------------


def test_a_huna_page_with_an_update_line_its_layout_does_not_name() -> None:
    path = next(SITE.glob("news_52817_*.html"))
    html = path.read_text(encoding="utf-8").replace(
        '<div class="article-tags">',
        '<div class="article-updated">آخر تحديث: الأربعاء 18:50 14/01/2026</div><div class="article-tags">')
    item = extract_article(html, "https://www.huna.example/news/52817/", site="huna")
    assert item["date_modified"] == "2026-01-14T18:50:00+03:00"
    assert item["date_published"] == "2025-09-04T15:11:00+03:00"


@pytest.mark.parametrize(("meta", "footer", "modified"), [
    ("نشر في 4 سبتمبر 2025 على الساعة 15:11 | آخر تحديث: 5 سبتمبر 2025 على الساعة 09:30", "",
     "2025-09-05T09:30:00+03:00"),
    ("<span>نشر في 4 سبتمبر 2025</span> <span>تم التحديث في 06/09/2025 - 10:00</span>", "",
     "2025-09-06T10:00:00+03:00"),
    ("4 سبتمبر 2025 15:11 (محدثة 16:20 بتوقيت غرينتش)", "", "2025-09-04T16:20:00+00:00"),
    ("الخميس 4 سبتمبر 2025 <span class='label'>محدث</span> <time datetime='2025-09-05T08:00:00+02:00'>"
     "الجمعة 5 سبتمبر</time>", "", "2025-09-05T08:00:00+02:00"),
    ("Published Sep 4, 2025 15:11", "Updated Sep 7, 2025 11:00", "2025-09-07T11:00:00+03:00"),
    # at the publication time: no update
    ("4 سبتمبر 2025 15:11 | آخر تحديث: 4 سبتمبر 2025 15:11", "", None),
    # none: a sentence of the article, the sidebar's and the site footer's update lines
    ("4 سبتمبر 2025 15:11", "", None),
])
def test_the_update_line_on_any_page(meta: str, footer: str, modified: str | None) -> None:
    html = story(meta, footer=footer, content=f"<p>{P1}</p><p>وقال إن القائمة تم تحديثها في 5 سبتمبر 2025.</p>"
                                              f"<p>{P2}</p><p>{P3}</p>")
    item = extract(html)
    assert item["date_modified"] == modified
    assert item["date_published"].startswith("2025-09-04")


def test_structured_data_wins_over_the_update_line() -> None:
    head = '<meta property="article:modified_time" content="2025-09-08T12:00:00+03:00">'
    html = page(f"<h1>{HEADLINE}</h1><p>4 سبتمبر 2025 | آخر تحديث: 5 سبتمبر 2025</p><p>{P1}</p><p>{P2}</p>", head)
    assert extract(html)["date_modified"] == "2025-09-08T12:00:00+03:00"


# -- authors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("byline", "names"), [
    ("كتب: محمد علي و سارة أحمد", ["محمد علي", "سارة أحمد"]),
    ("محمد علي وسارة أحمد", ["محمد علي", "سارة أحمد"]),
    ("بقلم محمد علي، سارة أحمد، خالد يوسف", ["محمد علي", "سارة أحمد", "خالد يوسف"]),
    ("محمد علي, Sara Ahmed and John Smith", ["محمد علي", "Sara Ahmed", "John Smith"]),
    ("عبد الله وليد حسن", ["عبد الله وليد حسن"]),  # وليد is a name, not "and ليد"
    ("محمد وسارة", ["محمد وسارة"]),  # one word either side: not split
    ("وزارة الخارجية والتعاون الدولي", ["وزارة الخارجية والتعاون الدولي"]),
    ("المصدر: وكالات", []),
    ("(رويترز)", []),
    ("وكالة الأنباء الفرنسية", []),
    ("محمد علي - رويترز", ["محمد علي - رويترز"]),
    ("محمد علي و أ ف ب", ["محمد علي"]),
])
def test_bylines(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(("byline", "author"), [
    ("كتب محمود عبد الرحيم", "محمود عبد الرحيم"),
    ("كتبت نادية فؤاد", "نادية فؤاد"),
    ("بقلم: سامي يوسف - بيروت", "سامي يوسف"),  # a byline as a sentence: the city it was filed from dropped
    ("محمد علي - رويترز", "محمد علي - رويترز"),  # no byline word: nothing is known to be a city
    ("موقع المثال - القاهرة", None),  # the site signing as a desk
    ("موقع المثال", None),
])
def test_a_byline_names_its_author(byline: str, author: str | None) -> None:
    assert byline_author(byline, {name_key("موقع المثال")}) == author


@pytest.mark.parametrize(("line", "date"), [
    ("2017/02/25 10:30", "2017/02/25 10:30"),
    ("10:30 - 2017/02/25", "10:30 - 2017/02/25"),
    ("نشر في: السبت 25-02-2017 - 10:30", "نشر في: السبت 25-02-2017 - 10:30"),
    ("مباراة الإياب يوم 2017/03/08", None),  # a sentence that mentions a date is no date line
    ("25-02-2017 | المشاهدات: 1520", None),
])
def test_a_date_line_is_nothing_but_a_date(line: str, date: str | None) -> None:
    assert date_line(line) == date


@pytest.mark.parametrize(("og_title", "h1", "headline"), [
    # a copy of the visible headline without its marks: the visible one
    ("الرئيس لن نقبل بأي تسوية", "الرئيس: «لن نقبل بأي تسوية»", "الرئيس: «لن نقبل بأي تسوية»"),
    ("هل تنجح الوساطة", "هل تنجح الوساطة؟", "هل تنجح الوساطة؟"),
    # other words: the meta title, as before
    ("الرئيس يرفض أي تسوية للنزاع على الحدود", "الرئيس يرفض أي تسوية", "الرئيس يرفض أي تسوية للنزاع على الحدود"),
])
def test_the_visible_headline_over_a_meta_title_that_lost_its_marks(og_title: str, h1: str, headline: str) -> None:
    html = f"""<html><head><title>{og_title} - موقع المثال</title><meta property="og:title" content="{og_title}">
      </head><body><article><h1>{h1}</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"""
    assert extract(html)["headline"] == headline


def test_a_pull_quote_is_no_paragraph_and_a_quotation_is() -> None:
    quoted = "«نسعى إلى تعزيز التعاون بين البلدين في جميع المجالات»"
    content = (f"<p>{P1} وقال إن بلاده تسعى إلى تعزيز التعاون بين البلدين في جميع المجالات وفق الاتفاق.</p>"
               f"<blockquote>تسعى إلى تعزيز التعاون بين البلدين في جميع المجالات</blockquote>"
               f"<p>{P2}</p><blockquote>{quoted}</blockquote><p>{P3}</p>")
    assert without_pull_quotes(["a", "a b c d e f g", "x a b c d e f g y"]) == ["a", "x a b c d e f g y"]
    body = extract(story("4 سبتمبر 2025", content=content))["body"].split("\n\n")
    assert len(body) == 4 and body[2] == quoted


@pytest.mark.parametrize("credit", ["المصدر: وكالات", "مصدر - رويترز", "(الأناضول)", "رويترز", "فرانس برس", "أ.ف.ب",
                                    "AFP", "Reuters", "وكالات", "وكالة سبوتنيك", "Source: agencies"])
def test_source_credits(credit: str) -> None:
    assert is_source_credit(credit)


@pytest.mark.parametrize(("meta", "authors"), [
    ('<span class="byline">كتب: محمد علي وسارة أحمد</span>', ["محمد علي", "سارة أحمد"]),
    ('<span class="author">المصدر: وكالات</span>', []),
    ('<span class="author">موقع المثال</span>', []),
])
def test_visible_bylines(meta: str, authors: list[str]) -> None:
    assert extract(story(f"4 سبتمبر 2025 {meta}"))["authors"] == authors


def test_structured_authors_split_and_credits_dropped() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", "author": ['
            '{"@type": "Person", "name": "محمد علي وسارة أحمد"}, {"@type": "Organization", "name": "رويترز"},'
            '{"@type": "Person", "name": "موقع المثال"}]}</script>')
    assert extract(page(f"<h1>{HEADLINE}</h1><p>{P1}</p>", head))["authors"] == ["محمد علي", "سارة أحمد"]


# -- video and gallery stories ---------------------------------------------------------------------

PLAYER = """<div class="video-player"><iframe src="https://www.youtube.com/embed/abc123"></iframe>
  <p>مدة الفيديو 02:15 - شاهد على يوتيوب</p></div>
  <figure><img src="/img/still.jpg"><figcaption>لقطة من الفيديو المنشور على حساب الرئاسة الرسمي للرئيس</figcaption>
  </figure>"""
RELATED = """<section class="related-news"><h3>أخبار ذات صلة</h3><ul>
  <li><a href="/2025/09/01/a/">الرئيس يستقبل وفداً رفيعاً من رجال الأعمال في القصر الجمهوري لبحث الاستثمار</a></li>
  <li><a href="/2025/09/02/b/">وزير الخارجية يجري اتصالاً هاتفياً مع نظيره لبحث التطورات الإقليمية الأخيرة</a></li>
  </ul></section>"""
GALLERY = "".join(
    f'<figure><img src="/img/{n}.jpg"><figcaption>صورة {n}: جانب من استقبال الرئيس لنظيره في القصر '
    f'الجمهوري صباح اليوم الخميس وسط إجراءات أمنية مشددة</figcaption></figure>'
    for n in range(1, 7)
)


@pytest.mark.parametrize(("content", "head", "kind"), [
    (PLAYER, "", "video"),
    ("<video src='/media/clip.mp4' controls></video>", "", "video"),
    ("<p>شاهد الفيديو</p>", '<meta property="og:type" content="video.other">', "video"),
    (f"<div class='gallery'>{GALLERY}</div>", "", "gallery"),
    (GALLERY, "", "gallery"),
])
def test_a_video_or_gallery_story_keeps_an_empty_body(content: str, head: str, kind: str) -> None:
    html = page(f"""<h1>{HEADLINE}</h1><div class="meta">4 سبتمبر 2025</div>
      <div class="content">{content}</div>
      <div class="tags"><a href="/tag/president" rel="tag">الرئاسة</a></div>""", head, after=RELATED + SIDEBAR)
    item = extract(html)
    assert (item["story_type"], item["body"]) == (kind, "")
    assert item["headline"] == HEADLINE and item["tags"] == ["الرئاسة"]
    assert item["date_published"] == "2025-09-04T00:00:00+03:00"
    assert validation().process_item(item) is item


def test_an_article_with_a_video_is_an_article() -> None:
    item = extract(story("4 سبتمبر 2025", content=f"{PLAYER}<p>{P1}</p><p>{P2}</p><p>{P3}</p>"))
    assert item["story_type"] is None
    assert item["body"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_an_empty_body_is_a_drop_only_for_a_page_that_is_not_a_story() -> None:
    item = extract(page(f"<h1>{HEADLINE}</h1><div>4 سبتمبر 2025</div>"))
    assert item["story_type"] is None and not item["body"]
    with pytest.raises(DropItem, match="Missing body"):
        validation().process_item(item)


def validation() -> ValidationPipeline:
    stats = SimpleNamespace(inc_value=lambda key: None)  # the pipeline's decision is what is tested
    return ValidationPipeline(SimpleNamespace(stats=stats))


# -- tags ------------------------------------------------------------------------------------------


def test_tags_of_a_labelled_list_and_not_of_related_topics() -> None:
    footer = """<dl><dt>الكلمات الدالة</dt>
      <dd><a href="/search?q=1">الصين</a> <a href="/search?q=2">التجارة</a></dd></dl>
      <div><h4>مواضيع ذات صلة</h4><ul><li><a href="/2025/09/01/x/">الصين تخفض الرسوم</a></li></ul></div>"""
    assert extract(story("4 سبتمبر 2025", footer=footer))["tags"] == ["الصين", "التجارة"]


def test_tags_from_article_tag_meta_and_from_visible_links() -> None:
    head = '<meta property="article:tag" content="الصين"><meta property="article:tag" content="كوريا الشمالية">'
    assert extract(page(f"<h1>{HEADLINE}</h1><p>{P1}</p>", head))["tags"] == ["الصين", "كوريا الشمالية"]
    footer = ('الوسوم: <a href="/tag/china/" rel="tag">الصين</a>، <a href="/category/world/" rel="category tag">'
              'العالم</a>، <a href="https://other.example/tag/x/">خارجي</a>، <a href="/tags/%D8%A8%D9%83%D9%8A%D9%86/">'
              '#بكين</a>')
    assert extract(story("4 سبتمبر 2025", footer=footer))["tags"] == ["الصين", "بكين"]
    # a sidebar's tag cloud is no tag of the article
    assert extract(story("4 سبتمبر 2025"))["tags"] == []


# -- the second site's capture, with no profile ----------------------------------------------------

KEY = [entry for entry in json.loads((SADA / "key.json").read_text(encoding="utf-8")) if entry["kind"] == "article"]
MANIFEST = {unquote(entry["url"]): entry for entry in json.loads((SADA / "manifest.json").read_text(encoding="utf-8"))}


def field_checks(expected: dict, got: dict) -> dict[str, bool]:
    """The ten checks of one page against what a reader sees; dates as instants (the clock aside)."""
    paragraphs = got["body"].split("\n\n") if got["body"] else []

    def instant(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return {
        "url": unquote(got["url"]) == unquote(expected["url"]),
        "headline": fold(got["headline"]) == fold(expected["headline"]),
        "date_published": instant(got["date_published"]) == instant(expected["date_published"]),
        "date_modified": instant(got["date_modified"]) == instant(expected["date_modified"]),
        "authors": got["authors"] == expected["authors"],
        "tags": got["tags"] == expected["tags"],
        "image": got["image_url"] == expected["image"],
        "paragraphs": len(paragraphs) == expected["n_paragraphs"],
        "first_paragraph": bool(paragraphs) and fold(paragraphs[0]) == fold(expected["first_paragraph"]),
        "last_paragraph": bool(paragraphs) and fold(paragraphs[-1]) == fold(expected["last_paragraph"]),
    }


@pytest.mark.parametrize("site", [None, "sada"])
def test_the_sada_capture_read_by_the_generic_layers_and_by_its_profile(site: str | None) -> None:
    passed, failed = 0, []
    for expected in KEY:
        html = (SADA / MANIFEST[unquote(expected["url"])]["file"]).read_bytes()
        # Without a profile only the clock is given: the site's times are printed without an offset.
        got = extract_article(html, expected["url"], site=site, tz=None if site else "Africa/Algiers")
        for name, ok in field_checks(expected, got).items():
            passed += ok
            if not ok:
                failed.append(f"{Path(expected['url']).name}: {name}")
    print(f"\nsada key, {'profile ' + site if site else 'no profile'}: {passed} of {len(KEY) * 10} field checks")
    assert (passed, failed) == (260, [])


def test_scrapy_extract_with_no_profile_reads_a_page_without_structured_data() -> None:
    expected = next(entry for entry in KEY if "no_structured_date" in entry["hard_cases"] and entry["authors"])
    page = SADA / MANIFEST[unquote(expected["url"])]["file"]
    done = subprocess.run([sys.executable, "-m", "scrapy", "extract", str(page), "--url", expected["url"], "-v",
                           "-s", "HUNAWORLD_TIMEZONE=Africa/Algiers"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert all(field_checks(expected, got).values()), field_checks(expected, got)
    assert "layout=none" in done.stderr and "tags=heuristic" in done.stderr
