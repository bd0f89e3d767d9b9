"""Single-page extraction speed: ``hunaworld.extract_article`` against a bare ``lxml.html.fromstring``
and against trafilatura, same pages, one process.

Pages: the fixtures (the site's capture and the single-page cases) and, when the folder is beside
the checkout, the real Arabic pages of other publishers in ``../shared/realworld``. The site's own
pages are extracted with its profile, as a crawl extracts them; the other publishers' with the
generic layers. Each page is parsed ``--repeat`` times by each of the three, in turn, and the
script prints every page's medians, then, for the site's template pages (the capture's article
pages) and for all pages, the ratios of the summed medians. Targets: hunaworld costs at most 3x
the bare parse and is at least 10x faster than trafilatura. trafilatura is the benchmark extra:
``pip install -e ".[bench]"``.

    python benchmarks/extraction_speed.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import lxml.html
import trafilatura

from hunaworld import extract_article

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT.parent / "shared" / "realworld"
CAPTURE = ROOT / "fixtures" / "huna" / "capture"
SITE = "huna"


class Page(NamedTuple):
    name: str
    url: str
    body: bytes
    site: str | None
    template: bool  # one of the site's template pages: an article page of its capture


def pages() -> list[Page]:
    found = []
    for folder in (CAPTURE, ROOT / "fixtures" / "huna" / "pages"):
        for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            name = entry.get("file", "")
            if name.endswith(".html") and (folder / name).with_suffix(".expected.json").is_file():
                found.append(Page(name, entry["url"], (folder / name).read_bytes(), SITE, folder == CAPTURE))
    if (REALWORLD / "cases.json").is_file():
        for case in json.loads((REALWORLD / "cases.json").read_text(encoding="utf-8")):
            found.append(Page(Path(case["file"]).name, case["url"], (REALWORLD / case["file"]).read_bytes(), None,
                              False))
    return found


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Timing(NamedTuple):
    ours: float
    lxml: float
    trafilatura: float


def time_page(page: Page, repeat: int) -> Timing:
    """Medians of ``repeat`` runs of each, the three interleaved so that a busy moment of the
    machine falls on all of them alike."""
    runs: dict[str, list[float]] = {"ours": [], "lxml": [], "trafilatura": []}
    jobs = {
        "ours": lambda: extract_article(page.body, page.url, site=page.site),
        "lxml": lambda: lxml.html.fromstring(page.body),
        "trafilatura": lambda: trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True),
    }
    for _ in range(repeat):
        for name, job in jobs.items():
            runs[name].append(median_seconds(job, 1))
    return Timing(*(statistics.median(runs[name]) for name in ("ours", "lxml", "trafilatura")))


def summary(label: str, timings: list[Timing]) -> str:
    ours, bare, theirs = (sum(t[i] for t in timings) for i in range(3))
    return (f"{label} ({len(timings)} pages), total of medians: hunaworld {ours * 1000:.2f} ms, "
            f"lxml.html.fromstring {bare * 1000:.2f} ms, trafilatura {theirs * 1000:.2f} ms; "
            f"hunaworld costs {ours / bare:.2f}x the bare parse (target <= 3) and is "
            f"{theirs / ours:.1f}x faster than trafilatura (target >= 10)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    found = pages()
    for page in found[:3]:  # imports and first-use caches are no part of a page's cost
        time_page(page, 1)
    print(f"{'page':44} {'site':5} {'hunaworld ms':>12} {'lxml ms':>8} {'trafilatura ms':>14} "
          f"{'x lxml':>7} {'traf/ours':>9}")
    timings: list[tuple[Page, Timing]] = []
    for page in found:
        timing = time_page(page, args.repeat)
        timings.append((page, timing))
        print(f"{page.name[:44]:44} {page.site or '-':5} {timing.ours * 1000:12.2f} {timing.lxml * 1000:8.2f} "
              f"{timing.trafilatura * 1000:14.2f} {timing.ours / timing.lxml:7.2f} "
              f"{timing.trafilatura / timing.ours:9.1f}")
    print(summary("site's template pages", [t for page, t in timings if page.template]))
    print(summary("all pages", [t for _, t in timings]))


if __name__ == "__main__":
    main()
