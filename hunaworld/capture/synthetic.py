"""A synthetic section of any size, in the first site's template, as a capture folder.

For load, fault and throughput runs that need thousands of articles: each article is the template
page with its own id, headline, date and first sentence; listing pages of 20 cards, each titled
with its article's headline, link them in order, each to the next. With ``sources``, robots.txt
names a Google News sitemap of every article, and the listing pages link the section's RSS feed of
the newest. Served by ``hunaworld.capture.server`` or replayed like any capture.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

PER_PAGE = 20
FIRST_ID = 60000
_HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def _day_and_hour(n: int) -> tuple[int, int]:
    return 1 + n % 28, n % 24


def published(n: int) -> str:
    """Article ``n``'s publication time, as its page prints it (in August 2025, UTC+3)."""
    day, hour = _day_and_hour(n)
    return f"2025-08-{day:02d}T{hour:02d}:11:00+03:00"


def article_html(template: str, n: int, template_id: str = "52817") -> str:
    """Article ``n``: the template page with its own id, headline, date and first sentence."""
    html = template.replace(template_id, str(FIRST_ID + n))
    html = html.replace("الرئيس الصيني شي جينبينغ يعقد مباحثات", f"الخبر رقم {n}: الرئيس الصيني يعقد مباحثات")
    day, hour = _day_and_hour(n)
    html = re.sub(r"\d\d:\d\d</span>   <span class=\"date\">\d\d/\d\d/\d{4}",
                  f"{hour:02d}:11</span>   <span class=\"date\">{day:02d}/08/2025", html)
    return html.replace("عقد الرئيس الصيني", f"في الخبر رقم {n}، عقد الرئيس الصيني")


def article_path(n: int) -> str:
    return f"/news/{FIRST_ID + n}/slug-{n}"


def listing_html(page: int, ids: list[int], last: bool, feed: bool = False) -> str:
    items = "\n".join(
        f'<div class="news-card"><a class="news-card__link" href="{article_path(n)}">'
        f'<h3 class="news-card__title">الخبر رقم {n}: الرئيس الصيني يعقد مباحثات</h3></a>'
        '<div class="news-card__date">الجمعة 12:00 01/08/2025</div></div>'
        for n in ids)
    nxt = "" if last else (f'<ul class="pagination"><li><a class="next" href="/world?page={page + 1}">'
                           "التالي</a></li></ul>")
    link = ('<link rel="alternate" type="application/rss+xml" title="اخبار هنا العالم" href="/world/feed">'
            if feed else "")
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>اخبار هنا العالم</title>{link}</head>'
            f'<body><main><div class="news-list">{items}</div>{nxt}</main></body></html>')


def sitemap_xml(ids: list[int]) -> str:
    """A Google News sitemap of the articles ``ids``."""
    urls = "".join(f"<url><loc>http://site{article_path(n)}</loc><news:news><news:publication_date>{published(n)}"
                   "</news:publication_date></news:news></url>" for n in ids)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')


def feed_xml(ids: list[int]) -> str:
    """An RSS feed of the articles ``ids``."""
    items = "".join(f"<item><title>الخبر رقم {n}</title><link>http://site{article_path(n)}</link>"
                    f"<pubDate>{format_datetime(datetime.fromisoformat(published(n)))}</pubDate></item>" for n in ids)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>اخبار هنا العالم</title><link>http://site/world</link>{items}</channel></rss>'


def _entry(path: str, name: str, kind: str) -> dict[str, Any]:
    return {"url": f"http://site{path}", "file": name, "status": 200, "headers": {"Content-Type": kind}}


def synthetic_section(folder: Path, articles: int, template: str, sources: bool = False) -> int:
    """Write a section of ``articles`` articles into ``folder``, with its sitemap and feed when
    ``sources``; the number of pages written."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, Any]] = []
    pages = (articles + PER_PAGE - 1) // PER_PAGE
    if sources:
        written = {"robots.txt": "User-agent: *\nSitemap: http://site/sitemap-news.xml\n",
                   "sitemap-news.xml": sitemap_xml(list(range(articles))),
                   "feed.xml": feed_xml(list(range(min(articles, PER_PAGE))))}
        for name, text in written.items():
            (folder / name).write_text(text, encoding="utf-8")
        manifest += [_entry("/robots.txt", "robots.txt", "text/plain"),
                     _entry("/sitemap-news.xml", "sitemap-news.xml", "application/xml"),
                     _entry("/world/feed", "feed.xml", "application/rss+xml")]
    for page in range(1, pages + 1):
        ids = list(range((page - 1) * PER_PAGE, min(page * PER_PAGE, articles)))
        name = f"world-{page}.html"
        (folder / name).write_text(listing_html(page, ids, page == pages, feed=sources), encoding="utf-8")
        url = "http://site/world" + ("" if page == 1 else f"?page={page}")
        manifest.append({"url": url, "file": name, "status": 200, "headers": _HEADERS})
        for n in ids:
            (folder / f"a{n}.html").write_text(article_html(template, n), encoding="utf-8")
            manifest.append({"url": f"http://site{article_path(n)}", "file": f"a{n}.html", "status": 200,
                             "headers": _HEADERS})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return len(manifest)
