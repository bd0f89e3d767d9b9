"""``scrapy profile draft`` and ``scrapy profile check`` end to end.

The two sections built for discovery (``fixtures/nabd``, ``fixtures/marsad``) are drafted from
their captures through the real engine, in a copy of the project (a draft is written into its
``hunaworld/sites/``). Each drafted profile, as written, passes ruff and loads; crawls the section,
served on 127.0.0.1, as discovery crawls it (the same pages, each once, its sitemap and feed
included; the same articles, field for field, but the site's key); and ``scrapy profile check``
finds no difference between it and the generic layers on the capture. ``check`` of a profile whose
rule is wrong, or of a hand-written one, prints each differing field with both values.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hunaworld.capture.manifest import load_manifest
from hunaworld.capture.server import CaptureServer
from hunaworld.discovery.urlshape import url_id
from hunaworld.drafting.check import Difference, is_html, side_by_side
from hunaworld.drafting.draft import load
from hunaworld.extraction.loader import load_article
from hunaworld.html.decoding import page_encoding
from hunaworld.html.parsing import parse_page
from hunaworld.sites import get_profile
from tests.conftest import FIXTURES, ROOT, SADA, Crawl, crawl_job, run_crawl

NABD, MARSAD = FIXTURES / "nabd" / "capture", FIXTURES / "marsad" / "capture"
# Each section: its capture, its URL on the site, its path on a local server, its clock.
SECTIONS = {
    "nabd": (NABD, "https://www.nabd.example/sections/world", "/sections/world", "Etc/GMT-2"),
    "marsad": (MARSAD, "http://www.marsad.example/index.php?section=world", "/index.php?section=world", "Etc/GMT-3"),
}


def scrapy(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """A scrapy command in ``project``, whose package (``python -m`` puts the folder first) it uses."""
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=project, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONUTF8": "1"})


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "hunaworld", copy / "hunaworld", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "scrapy.cfg", copy)
    return copy


@pytest.fixture(scope="module")
def drafted(project: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    return {key: scrapy(project, "profile", "draft", url, "--key", key, "-s", f"HUNAWORLD_REPLAY={capture}")
            for key, (capture, url, _, _) in SECTIONS.items()}


def test_each_draft_is_written_passes_ruff_and_loads_as_written(project: Path,
                                                               drafted: dict[str, subprocess.CompletedProcess[str]]
                                                               ) -> None:
    for key, done in drafted.items():
        assert done.returncode == 0, done.stderr[-3000:]
        path = project / "hunaworld" / "sites" / f"{key}.py"
        assert done.stdout.startswith(f"Wrote {path}, drafted from 3 listing page(s) and ")
        lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"),
                               str(path)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout
        profile = load(path.read_text(encoding="utf-8"), key)
        _, url, _, zone = SECTIONS[key]
        (section,) = profile.sections
        assert (profile.names, section.key, section.title, section.start_urls) == \
            ({"nabd": ("نبض",), "marsad": ("المرصد",)}[key], "world", "العالم", (url,))
        assert profile.timezone == zone and profile.listing is not None and len(profile.layouts) == 1
        # The project's registry loads it as written.
        sites = scrapy(project, "sites")
        assert sites.returncode == 0 and key in sites.stdout
    nabd = load((project / "hunaworld" / "sites" / "nabd.py").read_text(encoding="utf-8"), "nabd")
    assert nabd.sections[0].feeds == ("https://www.nabd.example/sections/world/feed",)
    assert nabd.sections[0].sitemaps == ("https://www.nabd.example/sitemap.xml",)
    assert nabd.id_of("https://www.nabd.example/node/48213") == "48213"
    assert nabd.id_of("https://www.nabd.example/world/2025/09/14/geneva-climate-finance-talks") is None
    marsad = load((project / "hunaworld" / "sites" / "marsad.py").read_text(encoding="utf-8"), "marsad")
    assert marsad.sections[0].sitemaps == ("http://www.marsad.example/sitemap-news.xml",)
    assert marsad.id_of("http://www.marsad.example/article.php?id=93871") == "93871"


def crawl_in(project: Path, tmp_path: Path, start: str, key: str) -> Crawl:
    job = crawl_job(tmp_path, start_url=start, profile=key, LOG_LEVEL="DEBUG")
    done = subprocess.run(job.cmd, cwd=project, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONUTF8": "1"})
    return job.result(done.returncode, done.stderr)


@pytest.mark.parametrize("key", list(SECTIONS))
def test_a_drafted_profile_crawls_the_section_as_discovery_did(tmp_path: Path, project: Path,
                                                                drafted: dict[str, subprocess.CompletedProcess[str]],
                                                                key: str) -> None:
    assert drafted[key].returncode == 0, drafted[key].stderr[-3000:]
    capture, _, path, _ = SECTIONS[key]
    with CaptureServer(capture) as server:
        start = server.base_url + path
        (tmp_path / "discovery").mkdir()
        discovery = run_crawl(tmp_path / "discovery", start_url=start, site=None, profile=None)
        found, server.hits = dict(server.hits), {}
        (tmp_path / "profile").mkdir()
        profiled = crawl_in(project, tmp_path / "profile", start, key)
        hits = dict(server.hits)
    assert discovery.returncode == profiled.returncode == 0, profiled.log[-3000:]
    assert "discovery mode" in discovery.log and "discovery mode" not in profiled.log
    assert f"Crawling {key}/world from {start}" in profiled.log
    # The same pages, each once: robots.txt, the listing pages, the sitemaps and feeds, the articles.
    assert hits == found and max(hits.values()) == 1
    assert any(re.search(r"sitemap|feed", page) for page in hits)
    # The same articles, field for field, but the site's key and the time of extraction.
    assert len(profiled.items) == len(discovery.items) == {"nabd": 15, "marsad": 16}[key]

    def by_url(crawl: Crawl) -> dict[str, dict]:
        return {item["url"]: {k: v for k, v in item.items() if k not in ("site", "scraped_at")} for item in crawl.items}

    assert by_url(profiled) == by_url(discovery)
    assert {item["site"] for item in profiled.items} == {key}


def pages_of(capture: Path) -> tuple[int, int]:
    """The capture's HTML pages, and of those its articles."""
    html = [entry["url"] for entry in load_manifest(capture) if entry.get("status", 200) == 200 and is_html(
        (capture / entry["file"]).read_bytes(), entry.get("headers", {}).get("Content-Type", ""))]
    return len(html), sum(bool(re.search(r"\.example/(?:node|world|article\.php)", url)) for url in html)


def test_check_finds_no_difference_between_a_draft_and_the_generic_layers(
        project: Path, drafted: dict[str, subprocess.CompletedProcess[str]]) -> None:
    for key, (capture, _, _, _) in SECTIONS.items():
        done = scrapy(project, "profile", "check", key, "--capture", str(capture))
        assert done.returncode == 0, done.stdout + done.stderr[-2000:]
        pages, articles = pages_of(capture)
        assert articles == {"nabd": 15, "marsad": 16}[key]
        assert done.stdout.strip().splitlines() == [
            f"Checked {key} on {articles} article(s) of {pages} page(s) in {capture}: no difference"]


def test_check_prints_each_field_a_wrong_rule_changes_with_both_values(
        tmp_path: Path, project: Path, drafted: dict[str, subprocess.CompletedProcess[str]]) -> None:
    path = project / "hunaworld" / "sites" / "marsad.py"
    source = path.read_text(encoding="utf-8")
    assert 'headline = Text("h1")' in source
    path.write_text(source.replace('headline = Text("h1")', 'headline = Text("div.artSec")'), encoding="utf-8")
    try:
        done = scrapy(project, "profile", "check", "marsad", "--capture", str(MARSAD))
    finally:
        path.write_text(source, encoding="utf-8")
    assert done.returncode == 3
    lines = done.stdout.splitlines()
    assert lines[-1].endswith("32 difference(s) on 16 article(s)")
    # The headline the wrong rule reads, the one the page has; and the text's digest with it.
    assert lines[0] == "http://www.marsad.example/article.php?id=93871"
    headline = "رئيس وزراء كندا يدعو إلى انتخابات مبكرة في أكتوبر المقبل"
    assert lines[1] == f"  headline: profile 'العالم' | generic '{headline}'"
    assert lines[2].startswith("  content_hash: profile '")


def test_check_of_a_hand_written_profile_shows_where_its_layout_reads_otherwise() -> None:
    done = subprocess.run([sys.executable, "-m", "scrapy", "profile", "check", "sada"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 3
    profile = get_profile("sada")
    printed: dict[str, list[str]] = {}
    url = ""
    for line in done.stdout.splitlines()[:-1]:
        if line.startswith("  "):
            printed[url].append(line)
        else:
            url = line
            printed[url] = []
    # Each page's lines are every field the two extractions differ on, with both values.
    pages = {entry["url"]: entry for entry in load_manifest(SADA)}
    assert printed and set(printed) <= set(pages)
    for url, lines in printed.items():
        entry = pages[url]
        body = (SADA / entry["file"]).read_bytes()
        sel = parse_page(body, page_encoding(body, entry["headers"].get("Content-Type", "")), url)
        mine, _ = load_article(sel, url, profile)
        theirs, _ = load_article(sel, url, None, tz=profile.timezone)
        theirs["article_id"] = url_id(theirs["url"])
        assert lines == [side_by_side(Difference(url, name, mine[name], theirs[name])) for name in mine
                         if name not in ("site", "scraped_at") and mine[name] != theirs[name]]
    assert done.stdout.splitlines()[-1] == (f"Checked sada on 26 article(s) of {pages_of(SADA)[0]} page(s) in"
                                            f" fixtures/sada/capture: {sum(map(len, printed.values()))} difference(s)"
                                            f" on {len(printed)} article(s)")
