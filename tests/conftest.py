"""Shared helpers: fixture paths, throwaway replay sites, and real ``scrapy crawl`` runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.capture.synthetic import synthetic_section
from tests.faultsite import FaultServer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SITE = FIXTURES / "huna" / "capture"
# The article page synthetic sections are made of (hunaworld.capture.synthetic).
TEMPLATE = SITE / "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html"
PAGES = FIXTURES / "huna" / "pages"
SADA = FIXTURES / "sada" / "capture"
REALWORLD = ROOT.parent / "shared" / "realworld"
HOST = "https://www.huna.example"
SERVED = "Sat, 06 Sep 2025 07:30:00 GMT"


@dataclass
class Crawl:
    returncode: int
    items: list[dict[str, Any]]
    log: str
    db: Path
    # The run's final stats (HUNAWORLD_STATS_FILE); empty when the crawl never started.
    stats: dict[str, Any]

    def stat(self, key: str) -> int:
        """A counter of the run's final stats (0 when absent)."""
        return int(self.stats.get(key, 0))

    def requested(self) -> list[str]:
        """The URLs fetched, in order (needs LOG_LEVEL=DEBUG)."""
        return re.findall(r"Crawled \(\d+\) <GET ([^>]+)>", self.log)


@dataclass
class CrawlJob:
    """One ``scrapy crawl hunaworld`` command line and the files it writes."""

    cmd: list[str]
    feed: Path
    log: Path
    db: Path
    stats: Path

    def start(self) -> subprocess.Popen[bytes]:
        """The crawl as a running process (stderr into ``<log>.stderr``), for tests that signal it."""
        with open(self.log.with_suffix(".stderr"), "wb") as stderr:
            return subprocess.Popen(self.cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, env=_env())

    def run(self, timeout: float = 120) -> Crawl:
        """The crawl run to its end."""
        proc = subprocess.run(self.cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=_env())
        return self.result(proc.returncode, proc.stderr)

    def result(self, returncode: int, stderr: str | None = None) -> Crawl:
        if stderr is None:
            errors = self.log.with_suffix(".stderr")
            stderr = errors.read_text(encoding="utf-8", errors="replace") if errors.exists() else ""
        lines = self.feed.read_text(encoding="utf-8").splitlines() if self.feed.exists() else []
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        stats = json.loads(self.stats.read_text(encoding="utf-8")) if self.stats.exists() else {}
        return Crawl(returncode, [json.loads(line) for line in lines], text + stderr, self.db, stats)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1"}


def crawl_job(tmp_path: Path, *args: str, site: Path | None = SITE, db: Path | None = None,
              out: str = "articles.jsonl", start_url: str | None = None, append: bool = False,
              profile: str | None = "huna", **settings: Any) -> CrawlJob:
    """The command of ``run_crawl``; with ``start_url`` the crawl goes to that URL instead of replaying.

    A local server's host has no profile of its own: the crawl of ``start_url`` is given the
    ``profile`` (``-a site=...``) unless ``args`` name one; None crawls it in discovery mode.

    ``append`` writes the feed with ``-o`` (append) instead of ``-O``; a setting given as None is left out.
    The log is ``<out>.log`` unless ``LOG_FILE`` is given.
    """
    db = db or tmp_path / "hunaworld.sqlite3"
    feed = tmp_path / out
    log = Path(settings["LOG_FILE"]) if settings.get("LOG_FILE") else tmp_path / f"{out}.log"
    stats = log.with_suffix(".stats.json")
    base = {"HUNAWORLD_REPLAY": None if start_url else site, "HUNAWORLD_SQLITE": db, "LOG_FILE": log,
            "HUNAWORLD_STATS_FILE": stats,
            "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "HUNAWORLD_SQLITE_COMMIT_INTERVAL": 0.05}
    base.update(settings)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-o" if append else "-O", str(feed), *args]
    if start_url:
        cmd += ["-a", f"start_url={start_url}"]
        if profile and not any(arg.startswith("site=") for arg in args):
            cmd += ["-a", f"site={profile}"]
    for key, value in base.items():
        if value is not None:
            cmd += ["-s", f"{key}={value}"]
    return CrawlJob(cmd, feed, log, db, stats)


def run_crawl(tmp_path: Path, *args: str, site: Path | None = SITE, db: Path | None = None,
              out: str = "articles.jsonl", timeout: float = 120, **settings: Any) -> Crawl:
    """``scrapy crawl hunaworld`` in a subprocess, replaying ``site``; items read from the JSON Lines feed.

    Keyword arguments of ``crawl_job`` (``start_url``, ``append``) and settings pass through.
    """
    return crawl_job(tmp_path, *args, site=site, db=db, out=out, **settings).run(timeout)


def make_site(folder: Path, entries: list[dict[str, Any]]) -> Path:
    """A replay capture in ``folder``: each entry is ``{url, file?, body?, status?, headers?}``.

    ``file`` may point anywhere (fixture pages are referenced, not copied); ``body`` is written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for n, entry in enumerate(entries):
        record = {"url": entry["url"], "status": entry.get("status", 200),
                  "headers": entry.get("headers", {"Content-Type": "text/html; charset=utf-8", "Date": SERVED})}
        if "body" in entry:
            name = f"page{n}.html"
            data = entry["body"]
            (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            record["file"] = name
        elif "file" in entry:
            record["file"] = str(Path(entry["file"]).resolve())
        manifest.append(record)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def synthetic_site(folder: Path, articles: int) -> Path:
    """A generated section of ``articles`` articles in ``folder``, every one the template page."""
    synthetic_section(folder, articles, TEMPLATE.read_text(encoding="utf-8"))
    return folder


def copy_capture(folder: Path, bodies: dict[str, str | bytes], capture: Path = SITE) -> Path:
    """A capture in ``folder`` like ``capture``, with the page at each path of ``bodies`` replaced.

    Unchanged pages are referenced (absolute paths in the manifest), replaced ones written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for n, entry in enumerate(load_manifest(capture)):
        record = dict(entry)
        key = route_key(entry["url"])
        if key in bodies:
            body = bodies[key]
            record["file"] = f"page{n}.html"
            (folder / record["file"]).write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        elif entry.get("file"):
            record["file"] = str((capture / entry["file"]).resolve())
        manifest.append(record)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def site_manifest() -> list[dict[str, Any]]:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def realworld() -> Path:
    if not (REALWORLD / "cases.json").is_file():
        pytest.skip("the real-world pages are not beside this checkout")
    return REALWORLD


@pytest.fixture
def serve() -> Iterator[Callable[..., FaultServer]]:
    """Start a ``FaultServer`` (or a subclass, ``kind``) on 127.0.0.1, default: the bundled capture;
    all stopped at teardown."""
    started: list[FaultServer] = []

    def start(folder: Path = SITE, kind: type[FaultServer] = FaultServer) -> FaultServer:
        server = kind(folder).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


@pytest.fixture
def spawn() -> Iterator[Callable[[CrawlJob], subprocess.Popen[bytes]]]:
    """Start crawls as processes; any still running at teardown is killed."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(job: CrawlJob) -> subprocess.Popen[bytes]:
        proc = job.start()
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
