"""Replay from WARC files: ``HUNAWORLD_REPLAY`` answers a crawl from a WARC file (or a folder of
them) written by Debian's ``wget --warc-file``, by ``HUNAWORLD_RECORD=FILE.warc.gz``, or by a crawl's
own archive, as it answers from a capture folder."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hunaworld.capture.manifest import load_manifest, route_key
from tests.conftest import ROOT, SITE, run_crawl
from tests.faultsite import FaultServer


def articles(items: list[dict]) -> dict[str, str]:
    """The crawl's articles: content hash by the article's id."""
    return {item["article_id"]: item["content_hash"] for item in items}


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The bundled capture's articles, replayed from its folder."""
    crawl = run_crawl(tmp_path_factory.mktemp("folder"))
    assert crawl.returncode == 0, crawl.log[-3000:]
    return articles(crawl.items)


def local_crawl(tmp_path: Path, url: str, replay: Path | None, **settings: object):
    """A crawl of the local site at ``url``: from the network, or replayed from ``replay``."""
    return run_crawl(tmp_path, "-a", f"start_url={url}", "-a", "site=huna", site=replay, **settings)


def warcio_check(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)], capture_output=True,
                          text=True, timeout=120)


def test_a_wget_warc_of_a_served_site_replays_as_the_capture_does(
        tmp_path: Path, serve: Callable[..., FaultServer], expected: dict[str, str]) -> None:
    wget = shutil.which("wget")
    if wget is None:
        pytest.skip("wget is not installed (Debian package wget)")
    site = serve(SITE)
    urls = [site.url(route_key(entry["url"])) for entry in load_manifest(SITE)]
    fetched = subprocess.run([wget, "--quiet", "--warc-file", str(tmp_path / "site"), "-O", "/dev/null", *urls],
                             capture_output=True, text=True, timeout=120)
    assert fetched.returncode == 0, fetched.stderr
    warc = tmp_path / "site.warc.gz"
    with gzip.open(warc) as file:
        assert b"WARC-Type: warcinfo" in file.read(4096) and b"Wget" in file.read()
    start = site.url("/world")
    site.__exit__(None, None, None)  # nothing is served any more: every page comes from the WARC file

    crawl = local_crawl(tmp_path / "crawl", start, warc)
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert "Replaying" in crawl.log and "Connection was refused" not in crawl.log
    assert articles(crawl.items) == expected


def test_a_crawl_recorded_into_a_warc_file_replays_from_it_and_its_folder(
        tmp_path: Path, serve: Callable[..., FaultServer], expected: dict[str, str]) -> None:
    site = serve(SITE)
    start = site.url("/world")
    recorded = tmp_path / "record" / "site.warc.gz"
    live = local_crawl(tmp_path / "live", start, None, HUNAWORLD_RECORD=recorded)
    assert live.returncode == 0, live.log[-3000:]
    assert articles(live.items) == expected
    assert f"into {recorded}" in live.log
    check = warcio_check(recorded)
    assert check.returncode == 0, check.stdout + check.stderr
    site.__exit__(None, None, None)

    for replay in (recorded, recorded.parent):
        again = local_crawl(tmp_path / f"replay-{replay.name}", start, replay)
        assert again.returncode == 0, again.log[-3000:]
        assert articles(again.items) == expected
        # robots.txt was recorded too: nothing is answered with a 404.
        assert "Not in the replayed capture" not in again.log


def test_a_crawls_own_warc_folder_replays_its_pages(tmp_path: Path, expected: dict[str, str]) -> None:
    first = run_crawl(tmp_path / "first")
    assert first.returncode == 0
    again = run_crawl(tmp_path / "again", site=tmp_path / "first" / "hunaworld-warc")
    assert again.returncode == 0, again.log[-3000:]
    assert articles(again.items) == expected


@pytest.mark.parametrize(("given", "prints"), [
    ("notes.txt", "neither a capture folder nor a WARC file (.warc.gz)"),
    ("missing.warc.gz", "no such file"),
    ("garbage.warc.gz", "holds no HTTP response (not a WARC file?)"),
])
def test_a_replay_that_is_no_warc_file_is_refused_in_one_line(tmp_path: Path, given: str, prints: str) -> None:
    (tmp_path / "notes.txt").write_text("notes\n")
    (tmp_path / "garbage.warc.gz").write_bytes(gzip.compress(b"not a WARC record\r\n\r\n"))
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-s",
                           f"HUNAWORLD_REPLAY={tmp_path / given}", "-s", f"HUNAWORLD_SQLITE={tmp_path / 'db.sqlite3'}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == f"hunaworld: HUNAWORLD_REPLAY={tmp_path / given}: {prints}"
