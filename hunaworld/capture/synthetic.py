"""A synthetic capture: a section of N articles made from one captured article page, for load tests
and benchmarks (serve it with ``hunaworld.capture.server``).

Each article is the template with its own id, headline, body and date; listing pages of 20 cards
lead from one to the next (``/world``, ``/world?page=2``...), in the first site's template.

    python -m hunaworld.capture.synthetic DIR --template fixtures/huna/capture/news_52817_....html [--articles 2000]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

PER_PAGE = 20
TEMPLATE_ID = "52817"
FIRST_ID = 60000


def article_path(n: int) -> str:
    """The site path of article ``n``, as the listing links it."""
    return f"/news/{FIRST_ID + n}/slug-{n}"


def article_html(template: str, n: int) -> str:
    html = template.replace(TEMPLATE_ID, str(FIRST_ID + n))
    html = html.replace("الرئيس الصيني شي جينبينغ يعقد مباحثات", f"الخبر رقم {n}: الرئيس الصيني يعقد مباحثات")
    day, hour = 1 + n % 28, n % 24
    html = re.sub(r"\d\d:\d\d</span>   <span class=\"date\">\d\d/\d\d/\d{4}",
                  f"{hour:02d}:11</span>   <span class=\"date\">{day:02d}/08/2025", html)
    return html.replace("عقد الرئيس الصيني", f"في الخبر رقم {n}، عقد الرئيس الصيني")


def listing_html(page: int, ids: list[int], last: bool) -> str:
    items = "\n".join(
        f'<div class="news-card"><a class="news-card__link" href="{article_path(n)}">'
        f'<h3 class="news-card__title">الخبر رقم {n}</h3></a>'
        '<div class="news-card__date">الجمعة 12:00 01/08/2025</div></div>'
        for n in ids)
    nxt = "" if last else (f'<ul class="pagination"><li><a class="next" href="/world?page={page + 1}">'
                           "التالي</a></li></ul>")
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>اخبار هنا العالم</title></head>'
            f'<body><main><div class="news-list">{items}</div>{nxt}</main></body></html>')


def generate(folder: Path, articles: int, template: Path) -> int:
    """Write the capture into ``folder`` (which must exist); returns its number of pages."""
    text = template.read_text(encoding="utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8"}
    manifest: list[dict[str, Any]] = []
    pages = (articles + PER_PAGE - 1) // PER_PAGE
    for page in range(1, pages + 1):
        ids = list(range((page - 1) * PER_PAGE, min(page * PER_PAGE, articles)))
        name = f"world-{page}.html"
        (folder / name).write_text(listing_html(page, ids, page == pages), encoding="utf-8")
        url = "http://site/world" + ("" if page == 1 else f"?page={page}")
        manifest.append({"url": url, "file": name, "status": 200, "headers": headers})
        for n in ids:
            (folder / f"a{n}.html").write_text(article_html(text, n), encoding="utf-8")
            manifest.append({"url": f"http://site{article_path(n)}", "file": f"a{n}.html", "status": 200,
                             "headers": headers})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return len(manifest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--template", type=Path, required=True, help="a captured article page of the first site")
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    print(f"{generate(args.folder, args.articles, args.template)} pages in {args.folder}")


if __name__ == "__main__":
    main()
