"""What keeping the pages costs a crawl: the full spider with its WARC files (the default) against the
same spider with ``HUNAWORLD_WARC=off``, on a generated section served on 127.0.0.1 (the server and
crawl of ``crawl_throughput.py``), in alternated pairs; and the disk the pages take beside the
database.

For each pair it takes the ratio on / off of the CPU time (the crawl process plus its extraction
worker) and of the crawl's own wall time, and prints the median of the ratios with every run; then
the same CPU ratio with the machine's drift taken out (divided by the worker's own ratio: the worker
does the same work in both runs, so its ratio is how much the machine's speed moved between them;
it also takes out whatever slowing the WARC writing causes the worker beside it, so the crawl's
cost lies between the two ratios); then the bytes per article of the WARC files (gzip) and of the
SQLite file (with its search index) of the runs with WARC on.

CPU time on a shared machine moves with whatever else runs on it. ``--instructions`` counts instead
the instructions the crawl process executes (``crawl_instructions.py``: valgrind, two sizes, the
difference per article), with WARC on and off: the process that writes the WARC files.
``--records`` counts the instructions of the archiving middleware alone, writing the template page's
records, gzipped by warcio's own writer (zlib, level 9) and by the project's (ISA-L, ``GZIP_LEVEL``),
and times the same writes (CPU per page, the median of five runs each, alternated) with glibc's free
memory given back to the system before each page (``malloc_trim``), as a crawl's allocator does
between pages: a compressor's state is then faulted in again.

    python benchmarks/warc_cost.py [--articles 2000] [--rounds 5]
    python benchmarks/warc_cost.py --instructions [--sizes 100 300]   # needs valgrind (Debian: valgrind)
    python benchmarks/warc_cost.py --records [--sizes 100 300]        # needs valgrind and glibc
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawl_throughput import ROOT, TEMPLATE, FastServer, crawl, full_command, summary

from hunaworld.capture.synthetic import synthetic_section


def bench(articles: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        total = synthetic_section(work / "site", articles, TEMPLATE.read_text(encoding="utf-8"))
        runs: dict[str, list[dict]] = {"on": [], "off": []}
        disk: list[tuple[int, int]] = []
        with FastServer(work / "site") as server:
            start = f"{server.base_url}/world"
            for n in range(rounds):
                for kind in (("on", "off") if n % 2 == 0 else ("off", "on")):
                    # A folder of its own each run: every run stores all the articles and writes all the pages.
                    folder = work / f"{kind}{n}"
                    folder.mkdir()
                    command = full_command(start, folder, n)
                    if kind == "off":
                        command += ["-s", "HUNAWORLD_WARC=off"]
                    runs[kind].append(crawl(command, folder, kind, server))
                    if kind == "on":
                        pages = sum(f.stat().st_size for f in folder.glob(f"bench{n}-warc/*.warc.gz"))
                        database = sum(f.stat().st_size for f in folder.glob(f"bench{n}.sqlite3*"))
                        disk.append((pages, database))
    on, off = runs["on"], runs["off"]
    if any(run["hits"] != on[0]["hits"] or run["items"] != articles for run in on + off):
        sys.exit("the crawls did not fetch the same pages or store every article: the comparison would be meaningless")
    cpu = [a["cpu"] / b["cpu"] for a, b in zip(on, off, strict=True)]
    wall = [a["seconds"] / b["seconds"] for a, b in zip(on, off, strict=True)]
    extra = [(a["cpu"] - b["cpu"]) / articles * 1000 for a, b in zip(on, off, strict=True)]
    # The worker does the same work in both crawls, alongside the crawl process: how far its ratio
    # strays from 1 is how much the machine's own speed moved between the two runs of a pair (a fifth
    # either way on a shared machine), and dividing by it takes that drift out of the pair's ratio
    # (with any slowing of the worker that the WARC writing beside it causes: a lower bound).
    worker = [a["worker_cpu"] / b["worker_cpu"] for a, b in zip(on, off, strict=True)]
    corrected = [ratio / drift for ratio, drift in zip(cpu, worker, strict=True)]
    print(f"\nsite: {articles} articles, {total} pages; {rounds} pairs, alternated")
    print(f"CPU s, WARC on:   {summary([r['cpu'] for r in on], '{:.1f}')}")
    print(f"CPU s, WARC off:  {summary([r['cpu'] for r in off], '{:.1f}')}")
    print(f"CPU ratio on / off, crawl + worker (target <= 1.05): {summary(cpu, '{:.3f}')}")
    print(f"wall ratio on / off:                                 {summary(wall, '{:.3f}')}")
    print(f"extra CPU per article, ms:                           {summary(extra, '{:.3f}')}")
    print(f"worker CPU on / off (the same work: the machine's drift): {summary(worker, '{:.3f}')}")
    print(f"CPU ratio on / off, the drift taken out (a lower bound): {summary(corrected, '{:.3f}')}")
    print(f"disk per article, bytes: WARC (gzip) {statistics.median(p for p, _ in disk) / articles:,.0f},"
          f" SQLite with its index {statistics.median(d for _, d in disk) / articles:,.0f}")


def count_instructions(small: int, large: int) -> None:
    from crawl_instructions import instructions_per_article

    def warc_off(start: str, work: Path, n: int) -> list[str]:
        return [*full_command(start, work, n, "off"), "-s", "HUNAWORLD_WARC=off"]

    per = instructions_per_article({"on": (full_command, ROOT), "off": (warc_off, ROOT)}, small, large)
    print(f"per article, crawl process: WARC on {per['on'] / 1e6:.2f} M instructions, off {per['off'] / 1e6:.2f} M;"
          f" ratio {per['on'] / per['off']:.3f}, extra {(per['on'] - per['off']) / 1e6:.2f} M")


class _Passthrough:
    """What warcio's own gzip writer writes its members to."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def write_records(pages: int, gzip: str, trim: bool = False) -> float:
    """The middleware writing ``pages`` article pages (the template's), gzipped by ``gzip``
    (``warcio`` or ``project``): ``--records``' subject. The CPU seconds the writes took."""
    import ctypes

    from scrapy import Request
    from scrapy.http import HtmlResponse
    from warcio.warcwriter import WARCWriter

    from hunaworld.warc import files
    from hunaworld.warc.archiving import ArchiveMiddleware

    release = ctypes.CDLL(None).malloc_trim if trim else None
    body = TEMPLATE.read_bytes()
    cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = files.WarcFolder(Path(tmp), Path(tmp))
        middleware = ArchiveMiddleware(folder)
        for n in range(pages):
            request = Request(f"http://127.0.0.1/news/{n}/slug", meta={"page_type": "article"},
                              headers={"User-Agent": "hunaworld", "Accept-Encoding": "gzip, deflate"})
            response = HtmlResponse(request.url, body=body, request=request, headers={
                "Content-Type": "text/html; charset=utf-8", "Date": "Sat, 06 Sep 2025 07:30:00 GMT"})
            if n == 0 and gzip == "warcio":
                folder._rotate()
                folder.current.members = _Passthrough()
                folder.current.writer = WARCWriter(folder.current.members, gzip=True)
            if release is not None:
                release(0)
            started = time.process_time()
            middleware.process_response(request, response)
            cpu += time.process_time() - started
        middleware.close()
    return cpu


def count_records(small: int, large: int) -> None:
    for gzip in ("warcio", "project"):
        counts = []
        for pages in (small, large):
            with tempfile.NamedTemporaryFile() as out:
                subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}", sys.executable,
                                __file__, "--write-records", str(pages), gzip],
                               check=True, stderr=subprocess.DEVNULL)
                counts.append(int(re.search(r"^(?:summary|totals): (\d+)", Path(out.name).read_text(),
                                            re.MULTILINE).group(1)))
        print(f"gzip by {gzip}: {(counts[1] - counts[0]) / (large - small) / 1e6:.2f} M instructions a page")
    times: dict[str, list[float]] = {"warcio": [], "project": []}
    for n in range(5):
        for gzip in (("warcio", "project") if n % 2 == 0 else ("project", "warcio")):
            times[gzip].append(write_records(large, gzip, trim=True) / large * 1e6)
    for gzip, runs in times.items():
        print(f"gzip by {gzip}: CPU a page, microseconds: {summary(runs, '{:.0f}')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="pairs of crawls (WARC on, off), alternated")
    parser.add_argument("--instructions", action="store_true", help="count the crawl process's instructions")
    parser.add_argument("--records", action="store_true", help="count the middleware's instructions a page")
    parser.add_argument("--sizes", type=int, nargs=2, default=[100, 300], metavar=("SMALL", "LARGE"))
    parser.add_argument("--write-records", nargs=2, metavar=("PAGES", "GZIP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_records:
        write_records(int(args.write_records[0]), args.write_records[1])
    elif (args.instructions or args.records) and shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    elif args.records:
        count_records(*sorted(args.sizes))
    elif args.instructions:
        count_instructions(*sorted(args.sizes))
    else:
        bench(args.articles, args.rounds)


if __name__ == "__main__":
    main()
