"""Discovery against the profile: the generated section crawled with no profile and with the first
site's, in alternated pairs.

The site, its server and the measurement are ``crawl_throughput.py``'s: a section of N articles
(default 2,000) in the first site's template served on 127.0.0.1, each crawl a ``scrapy crawl``
subprocess with every pipeline on. The profile crawl is given ``-a site=huna``; the discovery crawl
only the start URL, so it learns the article links, the next page and the clock from the pages and
the generic layers read the articles. The section has a sitemap (named in robots.txt) and a feed
(linked from its listing pages), which discovery reads and the profile, naming none, does not.
Both must otherwise fetch exactly the same pages, each once (the server counts them): discovery
makes no request beyond the listing pages, the sitemap, the feed and one per article.

It prints, as medians of the per-pair ratios with every run, discovery's throughput over the
profile's (pages per second of the crawl's own clock; target >= 0.9) and its CPU over the
profile's (the crawl process and its workers, and each apart), and each crawl's pages per second.

    python benchmarks/discovery_throughput.py [--articles 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from crawl_throughput import TEMPLATE, FastServer, crawl, summary

from hunaworld.capture.synthetic import synthetic_section


def command(start: str, work: Path, name: str, profile: str | None) -> list[str]:
    site = ["-a", f"site={profile}"] if profile else []
    return [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={start}", *site, "-a", "full=1",
            "-O", str(work / f"{name}.jsonl"), "-s", f"HUNAWORLD_SQLITE={work / f'{name}.sqlite3'}"]


KINDS = {"profile": "huna", "discovery": None}
# What discovery reads beside the listing pages and the articles: the crawls obey no robots.txt
# (crawl_throughput.py's settings), but discovery reads it for its Sitemap lines.
SOURCES = ("/robots.txt", "/sitemap-news.xml", "/world/feed")


def bench(articles: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = work / "site"
        pages = synthetic_section(site, articles, TEMPLATE.read_text(encoding="utf-8"), sources=True)
        runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        with FastServer(site) as server:
            start = f"{server.base_url}/world"
            for n in range(rounds):
                order = list(KINDS) if n % 2 == 0 else list(reversed(KINDS))
                for kind in order:
                    name = f"{kind}{n}"
                    runs[kind].append(crawl(command(start, work, name, KINDS[kind]), work, name, server))
    profile, discovery = runs["profile"], runs["discovery"]
    for run in profile + discovery:
        expected = profile[0]["hits"] | (dict.fromkeys(SOURCES, 1) if run in discovery else {})
        if run["hits"] != expected or max(run["hits"].values()) != 1:
            sys.exit("discovery and the profile did not fetch the same pages: the comparison would be meaningless")
        if run["items"] != articles:
            sys.exit(f"a crawl gave {run['items']} articles of {articles}")
    throughput = [p["seconds"] / d["seconds"] for p, d in zip(profile, discovery, strict=True)]
    cpu = [d["cpu"] / p["cpu"] for p, d in zip(profile, discovery, strict=True)]
    print(f"\nsite: {articles} articles, {pages} pages, every one fetched once by each crawl, the same by both"
          " (but the sitemap and the feed, which discovery alone reads);"
          f" {rounds} pairs, alternated")
    print(f"profile pages/s:    {summary([r['pages'] / r['seconds'] for r in profile], '{:.0f}')}")
    print(f"discovery pages/s:  {summary([r['pages'] / r['seconds'] for r in discovery], '{:.0f}')}")
    print(f"throughput discovery / profile (target >= 0.9): {summary(throughput)}")
    print(f"CPU discovery / profile, crawl + workers:       {summary(cpu)}")
    print(f"crawl process CPU s: profile {summary([r['cpu'] - r['worker_cpu'] for r in profile], '{:.1f}')},"
          f" discovery {summary([r['cpu'] - r['worker_cpu'] for r in discovery], '{:.1f}')}")
    print(f"worker CPU s: profile {summary([r['worker_cpu'] for r in profile], '{:.1f}')},"
          f" discovery {summary([r['worker_cpu'] for r in discovery], '{:.1f}')}")
    print(f"peak memory MB: profile {statistics.median(r['peak_mb'] for r in profile):.0f},"
          f" discovery {statistics.median(r['peak_mb'] for r in discovery):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="pairs of crawls (profile, discovery), alternated")
    args = parser.parse_args()
    bench(args.articles, args.rounds)


if __name__ == "__main__":
    main()
