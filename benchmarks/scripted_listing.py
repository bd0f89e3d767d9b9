"""A section whose listing a script writes, crawled through its API against through a browser.

The section is the bundled ``fixtures/sahm`` (13 articles behind three pages of a JSON API paged by
a cursor, and a sponsored item), served on 127.0.0.1 in three variants
(:mod:`hunaworld.capture.scriptvariants`), each crawled with no profile, in alternated rounds:

- ``api``: as captured: the page's script names its API, which Scrapy pages (no browser);
- ``render+api``: the script in a file of its own: the page is rendered once to see the API, which
  Scrapy then pages;
- ``browser``: the script loads HTML fragments: the page is rendered and its button pressed for
  every page.

Each must give the same 13 articles. It prints, per variant, the medians with every run of: the
requests the site served (the crawl's and the browser's), those Scrapy made, browser starts, wall
time (the crawl's own clock and the process's), CPU of all processes (the crawl, its worker, the
browser's driver and Chromium), and peak memory (VmHWM of the crawl and of the others together).

    python benchmarks/scripted_listing.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from crawl_throughput import FastServer, crawl, summary

from hunaworld.capture.scriptvariants import html_fragments, script_outside
from hunaworld.profile import ListingApi

ROOT = Path(__file__).resolve().parents[1]
SAHM = ROOT / "fixtures" / "sahm" / "capture"
LISTING = "/alam"
API = ListingApi("https://www.sahm.example/api/v1/stream?desk=world&size=5", "items", "permalink", "headline",
                 next="next_cursor", param="cursor")


def variants(work: Path) -> dict[str, Path]:
    return {"api": SAHM, "render+api": script_outside(SAHM, work / "outside", LISTING),
            "browser": html_fragments(SAHM, work / "fragments", LISTING, API, "#stream", "#stream-more")}


def command(start: str, work: Path, name: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={start}", "-O",
            str(work / f"{name}.jsonl"), "-s", f"HUNAWORLD_SQLITE={work / f'{name}.sqlite3'}"]


def bench(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sites = variants(work)
        runs: dict[str, list[dict]] = {kind: [] for kind in sites}
        servers = {kind: FastServer(site) for kind, site in sites.items()}
        for server in servers.values():
            server.__enter__()
        try:
            for n in range(rounds):
                order = list(sites) if n % 2 == 0 else list(reversed(sites))
                for kind in order:
                    name = f"{kind.replace('+', '-')}{n}"
                    run = crawl(command(f"{servers[kind].base_url}{LISTING}", work, name), work, name, servers[kind])
                    stats = json.loads((work / f"{name}.stats.json").read_text(encoding="utf-8"))
                    run["requests"] = stats.get("downloader/request_count", 0)
                    run["browsers"] = stats.get("playwright/browser_count", 0)
                    lines = (work / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
                    run["articles"] = sorted(json.loads(line)["url"].split("/", 3)[3] for line in lines)
                    runs[kind].append(run)
        finally:
            for server in servers.values():
                server.__exit__(None, None, None)
    expected = runs["api"][0]["articles"]
    for kind, done in runs.items():
        if any(run["articles"] != expected for run in done) or len(expected) != 13:
            sys.exit(f"{kind}: the crawl did not give the section's 13 articles: the comparison would be meaningless")
    print(f"\nsection: fixtures/sahm, 13 articles; {rounds} rounds, alternated\n")
    for kind, done in runs.items():
        print(f"{kind}:")
        print(f"  requests the site served: {summary([sum(r['hits'].values()) for r in done], '{:.0f}')}")
        print(f"  requests Scrapy made:     {summary([r['requests'] for r in done], '{:.0f}')}")
        print(f"  browser starts:           {summary([r['browsers'] for r in done], '{:.0f}')}")
        print(f"  crawl time (s):           {summary([r['seconds'] for r in done])}")
        print(f"  wall time (s):            {summary([r['wall'] for r in done])}")
        print(f"  CPU, all processes (s):   {summary([r['cpu'] for r in done])}")
        print(f"  peak memory, crawl (MB):  {summary([r['crawl_peak_mb'] for r in done], '{:.0f}')}")
        print(f"  peak memory, others (MB): {summary([r['worker_peak_mb'] for r in done], '{:.0f}')}")
    api = statistics.median(r["wall"] for r in runs["api"])
    for kind in ("render+api", "browser"):
        print(f"wall time, {kind} / api: {statistics.median(r['wall'] for r in runs[kind]) / api:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bench(args.rounds)


if __name__ == "__main__":
    main()
