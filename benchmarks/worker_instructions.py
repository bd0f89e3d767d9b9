"""Instructions per page of the extraction worker's job, counted by valgrind.

The job as a worker does it for the crawl (the page parsed, its article extracted and loaded with
its search-index entry, the result pickled), on the pages of ``crawl_throughput.py``'s generated
site, run under ``valgrind --tool=callgrind`` at two numbers of pages: the difference is the cost per
page, start-up excluded. Together with ``crawl_instructions.py`` (the crawl process) it gives the
crawl's work per article in instructions, which no other load on the machine changes.

``--against CHECKOUT`` counts the same job of the project checked out in another folder too: what a
change costs or saves of the worker's work.

    python benchmarks/worker_instructions.py [--pages 20 120] [--against CHECKOUT]   # needs valgrind
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "fixtures" / "huna" / "capture" / "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html"


def run_jobs(pages: int) -> None:
    """The worker's job on ``pages`` pages, with the ``hunaworld`` of the current directory."""
    sys.path.insert(0, os.getcwd())
    from hunaworld.capture.synthetic import article_html, article_path
    from hunaworld.crawling.workers import load
    from hunaworld.html.parsing import parse_page

    template = TEMPLATE.read_text(encoding="utf-8")
    tz = ZoneInfo("Asia/Riyadh")
    now = datetime(2026, 1, 15, 12, 0, tzinfo=tz)
    for n in range(pages):
        url = f"http://127.0.0.1{article_path(n)}"
        article = load(parse_page(article_html(template, n).encode(), "utf-8", url), url, "huna", tz=tz, now=now)
        pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)


def instructions(checkout: Path, pages: int, out: Path) -> int:
    # Imported here: the valgrind child (--run) must import the hunaworld of its checkout only.
    from crawl_instructions import total_instructions

    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
                    "--run", str(pages)], cwd=checkout, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return total_instructions(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs=2, default=[20, 120], metavar=("SMALL", "LARGE"))
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="count the job of the project checked out in this folder too")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run is not None:
        run_jobs(args.run)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    small, large = sorted(args.pages)
    checkouts = {"this checkout": ROOT} | ({"baseline": args.against.resolve()} if args.against else {})
    per_page = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, checkout in checkouts.items():
            counts = [instructions(checkout, size, Path(tmp) / f"callgrind.{size}") for size in (small, large)]
            per_page[label] = (counts[1] - counts[0]) / (large - small)
            print(f"{label}: {per_page[label] / 1e6:.3f} M instructions per page", flush=True)
    if args.against:
        print(f"ratio this checkout / baseline: {per_page['this checkout'] / per_page['baseline']:.3f}")


if __name__ == "__main__":
    main()
