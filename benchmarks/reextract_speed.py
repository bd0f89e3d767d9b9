"""How fast ``hunaworld reextract`` reads an archive again: pages per second on 1 and 2 processes, and
against trafilatura on the same stored records.

Crawls a generated section (default 2,000 articles, served on 127.0.0.1 as ``crawl_throughput.py``
serves it) once, keeping its pages in WARC files, then, in alternated rounds:

- ``hunaworld reextract --jobs 1`` and ``--jobs 2`` over the whole archive (the command as a user
  runs it: records read and decompressed, pages extracted, compared with the stored rows; nothing
  changes, so nothing is written): articles per second of wall time, and CPU of all its processes;
- in this process, over the same records, each page read from its record and then extracted by
  the command's own step (``reextract_one``) or by ``trafilatura.bare_extraction`` (with metadata,
  as ``extraction_speed.py`` calls it): pages per second of CPU, and their ratio.

    python benchmarks/reextract_speed.py [--articles 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trafilatura
from crawl_throughput import TEMPLATE, FastServer, crawl, full_command, summary

from hunaworld.capture.synthetic import synthetic_section
from hunaworld.warc.files import Pointer
from hunaworld.warc.records import read_page
from hunaworld.warc.reextract import Job, reextract_one, selected_jobs


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_run(db: Path, jobs: int) -> tuple[float, float, str]:
    """``hunaworld reextract --jobs N``: its wall seconds, the CPU seconds of its processes, its summary."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "hunaworld.analysis", "reextract", "--db", str(db),
                           "--jobs", str(jobs)], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, _children_cpu() - cpu, done.stdout.splitlines()[0]


def in_process(db: Path, jobs: list[Job], extract: str) -> float:
    """CPU seconds to read every record and extract its page, by our step or by trafilatura."""
    started = time.process_time()
    for job in jobs:
        if extract == "hunaworld":
            outcome = reextract_one(db.parent, job)
            assert outcome.kind == "same", outcome
        else:
            page = read_page(db.parent / job.pointer.file, job.pointer.offset)
            trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True)
    return time.process_time() - started


def bench(articles: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        synthetic_section(work / "site", articles, TEMPLATE.read_text(encoding="utf-8"))
        with FastServer(work / "site") as server:
            run = crawl(full_command(f"{server.base_url}/world", work, 0), work, "crawl", server)
        db = work / "bench0.sqlite3"
        assert run["items"] == articles, run
        with sqlite3.connect(db) as con:
            jobs = list(selected_jobs(con, "1", {}))
        assert len(jobs) == articles and all(isinstance(job.pointer, Pointer) for job in jobs)
        warc = sum(f.stat().st_size for f in (work / "bench0-warc").glob("*.warc.gz"))
        rates: dict[str, list[float]] = {"jobs 1": [], "jobs 2": [], "hunaworld": [], "trafilatura": []}
        cpus: dict[str, list[float]] = {"jobs 1": [], "jobs 2": []}
        line = ""
        for n in range(rounds):
            for jobs_n in ((1, 2) if n % 2 == 0 else (2, 1)):
                wall, cpu, line = command_run(db, jobs_n)
                rates[f"jobs {jobs_n}"].append(articles / wall)
                cpus[f"jobs {jobs_n}"].append(cpu)
            for name in (("hunaworld", "trafilatura") if n % 2 == 0 else ("trafilatura", "hunaworld")):
                rates[name].append(articles / in_process(db, jobs, name))
    ratio = [ours / theirs for ours, theirs in zip(rates["hunaworld"], rates["trafilatura"], strict=True)]
    print(f"\narchive: {articles} articles, WARC {warc / articles:,.0f} bytes per article; {rounds} rounds, alternated")
    print(f"last summary: {line}")
    for jobs_n in (1, 2):
        key = f"jobs {jobs_n}"
        print(f"hunaworld reextract --jobs {jobs_n}: articles/s (wall) {summary(rates[key], '{:.0f}')};"
              f" CPU s {summary(cpus[key], '{:.1f}')}")
    print(f"in one process, pages/s of CPU: hunaworld {summary(rates['hunaworld'], '{:.0f}')},"
          f" trafilatura {summary(rates['trafilatura'], '{:.0f}')}")
    print(f"hunaworld / trafilatura on the same records (target >= 10): {summary(ratio, '{:.1f}')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bench(args.articles, args.rounds)


if __name__ == "__main__":
    main()
