"""The throughput benchmark's comparison is only as honest as its baseline: the no-op crawl must fetch
exactly the pages the crawl fetches, with the same extensions doing their work, and fail nowhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.capture.synthetic import synthetic_section

# The benchmarks are scripts in a folder, not a package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import crawl_throughput as bench


def test_the_baseline_fetches_the_pages_the_crawl_fetches_and_logs_no_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    synthetic_section(site, 30, bench.TEMPLATE.read_text(encoding="utf-8"))
    with bench.FastServer(site) as server:
        start = f"{server.base_url}/world"
        runs = {kind: bench.crawl(command(start, tmp_path, 0), tmp_path, kind, server)
                for kind, command in bench.COMMANDS.items()}
    every_page = {route_key(entry["url"]) for entry in load_manifest(site)}
    assert runs["full"]["items"] == 30
    assert runs["noop"]["items"] == 0
    assert set(runs["full"]["hits"]) == every_page
    assert runs["noop"]["hits"] == runs["full"]["hits"]
    for kind in bench.COMMANDS:
        log = (tmp_path / f"{kind}.log").read_text(encoding="utf-8")
        assert " ERROR: " not in log and "Traceback" not in log, kind


def test_discovery_fetches_the_pages_the_profile_fetches_and_the_section_s_sources(tmp_path: Path) -> None:
    import discovery_throughput

    site = tmp_path / "site"
    synthetic_section(site, 45, bench.TEMPLATE.read_text(encoding="utf-8"), sources=True)
    with bench.FastServer(site) as server:
        start = f"{server.base_url}/world"
        runs = {kind: bench.crawl(discovery_throughput.command(start, tmp_path, kind, profile), tmp_path, kind, server)
                for kind, profile in discovery_throughput.KINDS.items()}
    # No request beyond robots.txt, the listing pages, the sitemap robots.txt names, the feed the
    # listing links and one per article: every page of the site, each once. The profile names no
    # sitemap or feed, and the benchmark's crawls obey no robots.txt: the same pages but those three.
    every_page = {route_key(entry["url"]) for entry in load_manifest(site)}
    assert set(discovery_throughput.SOURCES) < every_page
    assert runs["discovery"]["hits"] == dict.fromkeys(every_page, 1)
    assert runs["profile"]["hits"] == dict.fromkeys(every_page - set(discovery_throughput.SOURCES), 1)
    assert runs["discovery"]["items"] == runs["profile"]["items"] == 45


def test_the_warc_and_reextract_benchmarks_run_and_check_their_runs() -> None:
    for script, args, expected in (
            ("warc_cost.py", ["--articles", "30", "--rounds", "1"], "CPU ratio on / off"),
            ("reextract_speed.py", ["--articles", "30", "--rounds", "1"], "hunaworld / trafilatura")):
        done = subprocess.run([sys.executable, script, *args], cwd=Path(__file__).resolve().parents[1] / "benchmarks",
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert expected in done.stdout
