"""Instructions per article in the crawl process: the full crawl against the no-op, counted by valgrind.

Wall and CPU time on a shared machine move with whatever else runs on it; the number of
instructions a process executes does not. Each crawl of ``crawl_throughput.py`` (same site, server,
settings and command lines) runs once at two sizes under ``valgrind --tool=callgrind``; the
difference between the sizes is the cost per article, start-up excluded. Only the crawl process is
counted (its extraction worker runs natively, beside it): this is the process that bounds the
crawl's throughput (``worker_instructions.py`` counts the worker's job). About 50 times slower
than a normal crawl, so the sizes are small.

``--against CHECKOUT`` takes as the baseline the full crawl of the project checked out in another
folder instead of the no-op: what a change costs or saves of the crawl process's work, whatever else
the machine runs.

    python benchmarks/crawl_instructions.py [--articles 100 300] [--against CHECKOUT]   # needs valgrind
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from crawl_throughput import ROOT, SETTINGS, TEMPLATE, FastServer, full_command, noop_command, setting_args

from hunaworld import settings as defaults
from hunaworld.capture.synthetic import synthetic_section

# How many times slower a crawl runs under valgrind's callgrind.
SLOWDOWN = 50


def instructions(command: list[str], out: Path, cwd: Path = ROOT) -> int:
    """Instructions the command's own process executed (callgrind's total), children not counted."""
    settings = setting_args({**SETTINGS, "LOG_LEVEL": "WARNING"})
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command, *settings,
                    # Everything runs ~50 times slower under valgrind: no download may time out, and
                    # the store's commit interval is stretched alike, so that its batches fill as
                    # they do in a crawl at full speed.
                    "-s", "DOWNLOAD_TIMEOUT=600",
                    "-s", f"HUNAWORLD_SQLITE_COMMIT_INTERVAL={defaults.HUNAWORLD_SQLITE_COMMIT_INTERVAL * SLOWDOWN}"],
                   cwd=cwd, check=True, stderr=subprocess.DEVNULL)
    return total_instructions(out)


# A crawl to count: its command line for (start URL, work folder, run number), and the folder it runs in.
Crawl = tuple[Callable[[str, Path, int], list[str]], Path]


def instructions_per_article(crawls: dict[str, Crawl], small: int, large: int) -> dict[str, float]:
    """Each crawl's instructions per article: run under valgrind on generated sections of two sizes,
    the difference divided by theirs (start-up excluded)."""
    counts: dict[tuple[str, int], int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (small, large):
            work = Path(tmp) / str(size)
            synthetic_section(work / "site", size, TEMPLATE.read_text(encoding="utf-8"))
            with FastServer(work / "site") as server:
                for kind, (command, cwd) in crawls.items():
                    counts[kind, size] = instructions(command(f"{server.base_url}/world", work, 0),
                                                      work / f"callgrind.{kind}", cwd)
                    print(f"{kind} crawl of {size} articles: {counts[kind, size] / 1e9:.3f} G instructions", flush=True)
    return {kind: (counts[kind, large] - counts[kind, small]) / (large - small) for kind in crawls}


def total_instructions(out: Path) -> int:
    """The instruction count of a callgrind output file."""
    found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    if found is None:
        sys.exit(f"no instruction count in {out}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs=2, default=[100, 300], metavar=("SMALL", "LARGE"))
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="the baseline is the full crawl of the project checked out in this folder")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    small, large = sorted(args.articles)
    base = "no-op" if args.against is None else "baseline"
    crawls = {"full": (full_command, ROOT),
              base: (noop_command, ROOT) if args.against is None else (
                  lambda start, work, n: full_command(start, work, n, "baseline"), args.against)}
    per_article = instructions_per_article(crawls, small, large)
    print(f"per article, crawl process: full {per_article['full'] / 1e6:.2f} M instructions, {base}"
          f" {per_article[base] / 1e6:.2f} M; ratio {per_article['full'] / per_article[base]:.3f},"
          f" extra {(per_article['full'] - per_article[base]) / 1e6:.2f} M")


if __name__ == "__main__":
    main()
