"""A synthetic section of any size, in the first site's template, as a capture folder.

For load, fault and throughput runs that need thousands of articles: each article is the template
page with its own id, headline, date and first sentence; listing pages of 20 cards, each titled
with its article's headline, link them in order, each to the next. Served by
``hunaworld.capture.server`` or replayed like any capture.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

PER_PAGE = 20
FIRST_ID = 60000
_HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def article_html(template: str, n: int, template_id: str = "52817") -> str:
    """Article ``n``: the template page with its own id, headline, date and first sentence."""
    html = template.replace(template_id, str(FIRST_ID + n))
    html = html.replace("الرئيس الصيني شي جينبينغ يعقد مباحثات", f"الخبر رقم {n}: الرئيس الصيني يعقد مباحثات")
    day, hour = 1 + n % 28, n % 24
    html = re.sub(r"\d\d:\d\d</span>   <span class=\"date\">\d\d/\d\d/\d{4}",
                  f"{hour:02d}:11</span>   <span class=\"date\">{day:02d}/08/2025", html)
    return html.replace("عقد الرئيس الصيني", f"في الخبر رقم {n}، عقد الرئيس الصيني")


def article_path(n: int) -> str:
    return f"/news/{FIRST_ID + n}/slug-{n}"


def listing_html(page: int, ids: list[int], last: bool) -> str:
    items = "\n".join(
        f'<div class="news-card"><a class="news-card__link" href="{article_path(n)}">'
        f'<h3 class="news-card__title">الخبر رقم {n}: الرئيس الصيني يعقد مباحثات</h3></a>'
        '<div class="news-card__date">الجمعة 12:00 01/08/2025</div></div>'
        for n in ids)
    nxt = "" if last else (f'<ul class="pagination"><li><a class="next" href="/world?page={page + 1}">'
                           "التالي</a></li></ul>")
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>اخبار هنا العالم</title></head>'
            f'<body><main><div class="news-list">{items}</div>{nxt}</main></body></html>')


def synthetic_section(folder: Path, articles: int, template: str) -> int:
    """Write a section of ``articles`` articles into ``folder``; the number of pages written."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, Any]] = []
    pages = (articles + PER_PAGE - 1) // PER_PAGE
    for page in range(1, pages + 1):
        ids = list(range((page - 1) * PER_PAGE, min(page * PER_PAGE, articles)))
        name = f"world-{page}.html"
        (folder / name).write_text(listing_html(page, ids, page == pages), encoding="utf-8")
        url = "http://site/world" + ("" if page == 1 else f"?page={page}")
        manifest.append({"url": url, "file": name, "status": 200, "headers": _HEADERS})
        for n in ids:
            (folder / f"a{n}.html").write_text(article_html(template, n), encoding="utf-8")
            manifest.append({"url": f"http://site{article_path(n)}", "file": f"a{n}.html", "status": 200,
                             "headers": _HEADERS})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return len(manifest)
