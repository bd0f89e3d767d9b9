"""Crawl throughput: the full ``hunaworld`` spider against a no-op spider on the same local site.

Generates a section of N articles (default 2,000) in the fixtures' template, serves it on
127.0.0.1, then crawls it twice in this run, each crawl a ``scrapy`` subprocess with the same
settings: the full spider (extraction, item loaders, all pipelines, SQLite and JSON Lines on) and
``noop_spider.py``, which requests the same pages and yields nothing. Prints pages per second for
both, their ratio (target >= 0.8) and the peak RSS of the full run (target <= 150 MB): the crawl
process and its extraction worker together, as they run side by side.

    python benchmarks/crawl_throughput.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hunaworld.capture.server import CaptureServer

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "fixtures" / "huna" / "capture" / "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html"
PER_PAGE = 20
SETTINGS = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
    "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "LOG_LEVEL": "INFO",
    "HUNAWORLD_PROGRESS_INTERVAL": 0,
}


def article_html(template: str, n: int) -> str:
    html = template.replace("52817", str(60000 + n))
    html = html.replace("الرئيس الصيني شي جينبينغ يعقد مباحثات", f"الخبر رقم {n}: الرئيس الصيني يعقد مباحثات")
    day, hour = 1 + n % 28, n % 24
    html = re.sub(r"\d\d:\d\d</span>   <span class=\"date\">\d\d/\d\d/\d{4}",
                  f"{hour:02d}:11</span>   <span class=\"date\">{day:02d}/08/2025", html)
    return html.replace("عقد الرئيس الصيني", f"في الخبر رقم {n}، عقد الرئيس الصيني")


def listing_html(page: int, ids: list[int], last: bool) -> str:
    items = "\n".join(
        f'<div class="news-card"><a class="news-card__link" href="/news/{60000 + n}/slug-{n}">'
        f'<h3 class="news-card__title">الخبر رقم {n}</h3></a>'
        '<div class="news-card__date">الجمعة 12:00 01/08/2025</div></div>'
        for n in ids)
    nxt = "" if last else (f'<ul class="pagination"><li><a class="next" href="/world?page={page + 1}">'
                           "التالي</a></li></ul>")
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>اخبار هنا العالم</title></head>'
            f'<body><main><div class="news-list">{items}</div>{nxt}</main></body></html>')


def generate(folder: Path, articles: int) -> int:
    template = TEMPLATE.read_text(encoding="utf-8")
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
            (folder / f"a{n}.html").write_text(article_html(template, n), encoding="utf-8")
            manifest.append({"url": f"http://site/news/{60000 + n}/slug-{n}", "file": f"a{n}.html",
                             "status": 200, "headers": headers})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return len(manifest)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(command: list[str], workdir: Path, name: str) -> dict[str, Any]:
    log = workdir / f"{name}.log"
    settings = [arg for key, value in SETTINGS.items() for arg in ("-s", f"{key}={value}")]
    started, cpu_started = time.perf_counter(), _children_cpu()
    subprocess.run([*command, *settings, "-s", f"LOG_FILE={log}"], cwd=ROOT, check=False)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu_started
    text = log.read_text(encoding="utf-8")
    pages = int(re.search(r"'response_received_count': (\d+)", text).group(1))
    # The crawl's own clock (engine start to close), so interpreter start-up does not count.
    crawl_seconds = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", text).group(1))
    rss = re.search(r"'memusage/max': (\d+)", text)
    worker = re.search(r"'hunaworld/workers/max_rss': (\d+)", text)
    worker_cpu = re.search(r"'hunaworld/workers/cpu_seconds': ([\d.]+)", text)
    items = re.search(r"'item_scraped_count': (\d+)", text)
    return {"pages": pages, "seconds": crawl_seconds, "wall": elapsed, "cpu": cpu,
            "rss_mb": int(rss.group(1)) / 2**20, "worker_rss_mb": int(worker.group(1)) / 2**20 if worker else 0.0,
            "worker_cpu": float(worker_cpu.group(1)) if worker_cpu else 0.0,
            "items": int(items.group(1)) if items else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="crawls of each spider, alternated; the fastest of each counts (the VM is noisy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = work / "site"
        site.mkdir()
        total = generate(site, args.articles)
        fulls, noops = [], []
        with CaptureServer(site) as server:
            start = f"{server.base_url}/world"
            for n in range(args.rounds):
                # A fresh database each round: every round stores all the articles.
                fulls.append(crawl([sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={start}",
                                    "-a", "full=1", "-O", str(work / "articles.jsonl"),
                                    "-s", f"HUNAWORLD_SQLITE={work / f'bench{n}.sqlite3'}"], work, f"full{n}"))
                # The no-op spider runs with the project's settings too; its database stays empty.
                noops.append(crawl([sys.executable, "-m", "scrapy", "runspider",
                                    str(ROOT / "benchmarks" / "noop_spider.py"), "-a", f"start_url={start}",
                                    "-s", f"HUNAWORLD_SQLITE={work / f'noop{n}.sqlite3'}"], work, f"noop{n}"))
        full = min(fulls, key=lambda r: r["seconds"])
        noop = min(noops, key=lambda r: r["seconds"])
    full_rate, noop_rate = full["pages"] / full["seconds"], noop["pages"] / noop["seconds"]
    # The crawl process and its worker run side by side: their peaks add up.
    peak = max(r["rss_mb"] + r["worker_rss_mb"] for r in fulls)
    crawl_peak, worker_peak = max(r["rss_mb"] for r in fulls), max(r["worker_rss_mb"] for r in fulls)
    print(f"site: {args.articles} articles, {total} pages; fastest of {args.rounds} rounds each")
    print(f"no-op spider:   {noop['pages']} pages in {noop['seconds']:.1f} s = {noop_rate:.1f} pages/s")
    print(f"full hunaworld: {full['pages']} pages in {full['seconds']:.1f} s = {full_rate:.1f} pages/s, "
          f"{full['items']} items, peak RSS {peak:.0f} MB (crawl process {crawl_peak:.0f} + worker {worker_peak:.0f})")
    # CPU seconds (start-up included; the worker's counted with the crawl's) move less with the machine's load.
    full_cpu, noop_cpu = min(r["cpu"] for r in fulls), min(r["cpu"] for r in noops)
    worker_cpu = min(r["worker_cpu"] for r in fulls)
    print(f"CPU: full {full_cpu:.1f} s (of which the worker {worker_cpu:.1f} s), no-op {noop_cpu:.1f} s")
    print(f"ratio full / no-op: {full_rate / noop_rate:.2f} (target >= 0.8); peak RSS {peak:.0f} MB (target <= 150 MB)")

if __name__ == "__main__":
    main()
