"""Bad input, end to end: every broken page is logged with its URL and costs nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from hunaworld.sites import get_profile
from tests.conftest import HOST, PAGES, Crawl, run_crawl


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(tmp_path_factory.mktemp("bad"), site=PAGES, RETRY_TIMES=1)


def by_id(crawl: Crawl) -> dict[str, dict]:
    return {item["article_id"]: item for item in crawl.items}


def test_crawl_survives_and_keeps_the_good_pages(crawl: Crawl) -> None:
    # Three of the Xi-talks variants (broken markup, <br> paragraphs, nested card) carry the same
    # text: one is kept, the others are dropped as duplicate content.
    ids = set(by_id(crawl))
    same_text = ids & {"52911", "52912", "52914"}
    assert len(same_text) == 1
    assert ids - same_text == {"41077", "41078", "41079", "52903", "52913"}
    assert crawl.stat("hunaworld/dedup/same_content") == 2


def test_health_check_reports_the_broken_pages(crawl: Crawl) -> None:
    # 10 pages parsed: one without headline, one without body, one without date; 2 of 12 fetches failed.
    assert crawl.returncode == 3
    failures = [line.split("Health check failed: ")[1] for line in crawl.log.splitlines()
                if "Health check failed" in line]
    assert sorted(failures) == [
        "body: coverage 0.90 < 1.00 (9 of 10 articles)",
        "date_published: coverage 0.90 < 0.95 (9 of 10 articles)",
        "headline: coverage 0.90 < 1.00 (9 of 10 articles)",
    ]


def test_page_without_headline_is_dropped_by_name(crawl: Crawl) -> None:
    assert crawl.stat("hunaworld/dropped/missing_headline") == 1
    assert f"Missing headline on {HOST}/news/52901/" in crawl.log


def test_page_with_empty_body_is_dropped_by_name(crawl: Crawl) -> None:
    assert crawl.stat("hunaworld/dropped/missing_body") == 1
    assert f"Missing body on {HOST}/news/52902/" in crawl.log


def test_unparseable_date_is_null_with_warning_and_counter(crawl: Crawl) -> None:
    item = by_id(crawl)["52903"]
    assert item["date_published"] is None
    assert item["date_published_raw"] == "الجمعة 25:99 44/19/2025"
    assert crawl.stat("hunaworld/date/unparsed") == 1
    assert "WARNING: Unparseable publication date 'الجمعة 25:99 44/19/2025'" in crawl.log


def test_windows_1256_pages_read_right(crawl: Crawl) -> None:
    items = by_id(crawl)
    assert items["41078"]["headline"] == "المفوضية الأوروبية تقترح خطة لدعم مزارعي جنوب القارة"
    assert items["41079"]["headline"] == "وزراء الزراعة الأوروبيون يناقشون آثار الجفاف على المحاصيل"
    assert items["41078"]["date_published"] == "2025-09-04T15:11:00+03:00"


def test_http_errors_are_logged_and_counted(crawl: Crawl) -> None:
    assert crawl.stat("hunaworld/fetch_error/404") == 1
    assert f"Could not fetch article {HOST}/news/52920/gone: HTTP 404" in crawl.log
    assert crawl.stat("hunaworld/fetch_error/500") == 1
    assert crawl.stat("retry/count") >= 1
    assert f"Could not fetch article {HOST}/news/52921/server-error: HTTP 500" in crawl.log


def test_extract_article_needs_no_crawl() -> None:
    from hunaworld import extract_article

    item = extract_article(Path(PAGES / "legacy-windows-1256.html").read_bytes(), f"{HOST}/news/41078/x")
    assert item["headline"].startswith("المفوضية الأوروبية")


_ARABIC = "أخبار العالم".encode()
_SAVED = sorted((PAGES.parent).glob("*/*.html"))
_BODIES = {
    "utf-8 BOM over a windows-1256 meta": b"\xef\xbb\xbf<meta charset=windows-1256><p>" + _ARABIC,
    "utf-16 BOM": "\ufeff<html><p>أخبار</p></html>".encode("utf-16-le"),
    "ascii, nothing declared": b"<html><p>news</p></html>",
    "cp1252 meta over UTF-8 bytes": b"<meta charset=cp1252><p>" + _ARABIC,
    "unknown meta charset": b"<meta charset=x-no-such><p>" + _ARABIC,
    "windows-1256, nothing declared": "<p>أخبار العالم</p>".encode("cp1256"),
    "Unicode spaces around the page": "\u00a0\u2028<p>أخبار</p>\u3000".encode(),
    "invalid UTF-8 bytes": b"<meta charset=utf-8><p>" + _ARABIC + b"\xff\xfe</p>",
    **{path.name: path.read_bytes() for path in _SAVED},
}


@pytest.mark.parametrize("name", sorted(_BODIES))
@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8", "text/html; charset=windows-1256"])
def test_a_saved_page_is_parsed_as_the_crawl_reads_it(name: str, content_type: str) -> None:
    from lxml import etree
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from hunaworld.crawling.middlewares import ArabicEncodingMiddleware
    from hunaworld.html.decoding import page_encoding
    from hunaworld.html.parsing import page_selector, parse_page

    url, body = f"{HOST}/news/1/x", _BODIES[name]
    served = HtmlResponse(url, body=body, headers={"Content-Type": content_type})
    crawled = ArabicEncodingMiddleware.from_crawler(get_crawler()).process_response(Request(url), served)
    parsed = parse_page(body, page_encoding(body, content_type), url)
    assert etree.tostring(parsed.root, encoding=str) == etree.tostring(page_selector(crawled.text, url).root,
                                                                       encoding=str)


@pytest.mark.parametrize(
    ("page", "content_type"),
    [
        ("windows-1256-undeclared.html", "text/html; charset=windows-1256"),  # charset in the header only
        ("legacy-windows-1256.html", "text/html"),  # charset in <meta> only
        ("windows-1256-undeclared.html", "text/html"),  # charset nowhere
    ],
)
def test_windows_1256_wherever_the_charset_is(page: str, content_type: str) -> None:
    from hunaworld.extraction.loader import load_article
    from hunaworld.html.decoding import page_encoding
    from hunaworld.html.parsing import parse_page

    url = f"{HOST}/news/41079/x"
    body = (PAGES / page).read_bytes()
    item, _ = load_article(parse_page(body, page_encoding(body, content_type), url), url, get_profile("huna"))
    assert item["headline"] in ("وزراء الزراعة الأوروبيون يناقشون آثار الجفاف على المحاصيل",
                                "المفوضية الأوروبية تقترح خطة لدعم مزارعي جنوب القارة")
    assert item["body"].startswith("حذر برنامج الأغذية العالمي")
