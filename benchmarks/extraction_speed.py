"""Single-page extraction speed: ``hunaworld.extract_article`` against trafilatura, same pages, one process.

Pages: the fixtures (the site's capture and the single-page cases) and, when the folder is beside
the checkout, the real Arabic pages of other publishers in ``../shared/realworld``. Each page is
extracted ``--repeat`` times by both; the script prints per-page medians and the ratio of the
summed medians (target: hunaworld >= 10x faster). trafilatura is the benchmark extra:
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

import trafilatura

from hunaworld import extract_article

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT.parent / "shared" / "realworld"


def pages() -> list[tuple[str, str, bytes]]:
    found = []
    for folder in (ROOT / "fixtures" / "huna" / "capture", ROOT / "fixtures" / "huna" / "pages"):
        for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            name = entry.get("file", "")
            if name.endswith(".html") and (folder / name).with_suffix(".expected.json").is_file():
                found.append((name, entry["url"], (folder / name).read_bytes()))
    if (REALWORLD / "cases.json").is_file():
        for case in json.loads((REALWORLD / "cases.json").read_text(encoding="utf-8")):
            found.append((Path(case["file"]).name, case["url"], (REALWORLD / case["file"]).read_bytes()))
    return found


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ours_total = theirs_total = 0.0
    print(f"{'page':48} {'hunaworld ms':>12} {'trafilatura ms':>14} {'ratio':>6}")
    for name, url, body in pages():
        ours = median_seconds(lambda b=body, u=url: extract_article(b, u), args.repeat)
        theirs = median_seconds(
            lambda b=body, u=url: trafilatura.bare_extraction(b, url=u, with_metadata=True), args.repeat)
        ours_total += ours
        theirs_total += theirs
        print(f"{name[:48]:48} {ours * 1000:12.2f} {theirs * 1000:14.2f} {theirs / ours:6.1f}")
    print(f"total of medians: hunaworld {ours_total * 1000:.1f} ms, trafilatura {theirs_total * 1000:.1f} ms; "
          f"hunaworld is {theirs_total / ours_total:.1f}x faster (target >= 10x)")


if __name__ == "__main__":
    main()
