"""Shared helpers: fixture paths, throwaway replay sites, and real ``scrapy crawl`` runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SITE = FIXTURES / "site"
PAGES = FIXTURES / "pages"
REALWORLD = ROOT.parent / "shared" / "realworld"
HOST = "https://www.huna.example"
SERVED = "Sat, 06 Sep 2025 07:30:00 GMT"


@dataclass
class Crawl:
    returncode: int
    items: list[dict[str, Any]]
    log: str
    db: Path

    def stat(self, key: str) -> int:
        """A counter from the stats Scrapy dumps at the end of the log (0 when absent)."""
        match = re.search(rf"'{re.escape(key)}': (\d+)", self.log)
        return int(match.group(1)) if match else 0


def run_crawl(tmp_path: Path, *args: str, site: Path = SITE, db: Path | None = None,
              out: str = "articles.jsonl", timeout: float = 120, **settings: Any) -> Crawl:
    """``scrapy crawl hunaworld`` in a subprocess, replaying ``site``; items read from the JSON Lines feed."""
    db = db or tmp_path / "hunaworld.sqlite3"
    feed = tmp_path / out
    log = tmp_path / f"{out}.log"
    base = {"HUNAWORLD_REPLAY": site, "HUNAWORLD_SQLITE": db, "LOG_FILE": log, "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False, "HUNAWORLD_SQLITE_COMMIT_INTERVAL": 0.05}
    base.update(settings)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-O", str(feed), *args]
    for key, value in base.items():
        cmd += ["-s", f"{key}={value}"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONUTF8": "1"})
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()] if feed.exists() else []
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return Crawl(proc.returncode, items, text + proc.stderr, db)


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


def site_manifest() -> list[dict[str, Any]]:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def realworld() -> Path:
    if not (REALWORLD / "cases.json").is_file():
        pytest.skip("the real-world pages are not beside this checkout")
    return REALWORLD
