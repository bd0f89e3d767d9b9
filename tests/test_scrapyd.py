"""Deployment on scrapyd 1.6: a real scrapyd on 127.0.0.1 in a temporary folder, the egg built from
this project and deployed through scrapy.cfg's target, replay crawls scheduled and polled to the end.

scrapyd lists every job as "finished", whatever its health; the outcome is in the ``runs`` table
and on the job log's last line.
"""

from __future__ import annotations

import configparser
import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hunaworld.deployment.egg import build_egg
from tests.conftest import ROOT, SITE
from tests.distributedcrawl import Stored
from tests.redisserver import free_port


@dataclass
class Scrapyd:
    url: str
    folder: Path

    def call(self, endpoint: str, **fields: Any) -> dict[str, Any]:
        """A scrapyd API call: GET without fields, else POST (a list value repeats the field)."""
        data = None
        if fields:
            pairs = [(name, item) for name, value in fields.items()
                     for item in (value if isinstance(value, list) else [value])]
            data = urllib.parse.urlencode(pairs).encode()
        with urllib.request.urlopen(f"{self.url}{endpoint}", data=data, timeout=30) as response:
            answer = json.loads(response.read())
        assert answer["status"] == "ok", answer
        return answer


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    # scrapyd reads scrapyd.conf from its working folder; eggs, logs and its databases stay in it.
    (folder / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\neggs_dir = eggs\n"
        "logs_dir = logs\ndbs_dir = dbs\nitems_dir =\nmax_proc = 2\n", encoding="utf-8")
    with open(folder / "scrapyd.out", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    server = Scrapyd(f"http://127.0.0.1:{port}/", folder)
    deadline = time.monotonic() + 30
    while True:
        try:
            server.call("daemonstatus.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"scrapyd did not start:\n{(folder / 'scrapyd.out').read_text()}")
            time.sleep(0.1)
    yield server
    proc.terminate()
    proc.wait(timeout=30)


def deploy(server: Scrapyd, tmp_path: Path) -> None:
    """Build the egg outside the tree and deploy it with scrapyd-deploy to scrapy.cfg's target."""
    before = sorted(path.name for path in ROOT.iterdir())
    egg = build_egg(ROOT, tmp_path / "hunaworld.egg")
    assert sorted(path.name for path in ROOT.iterdir()) == before, "the egg build wrote into the project"
    config = configparser.ConfigParser()
    config.read(ROOT / "scrapy.cfg")
    assert dict(config["deploy"]) == {"url": "http://127.0.0.1:6800/", "project": "hunaworld"}
    # The same target, at this test's port.
    config["deploy"]["url"] = server.url
    project = tmp_path / "deploy"
    project.mkdir()
    with open(project / "scrapy.cfg", "w", encoding="utf-8") as file:
        config.write(file)
    done = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "--egg", str(egg), "-v", "1"],
                          cwd=project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["spiders"] == 1


def wait_finished(server: Scrapyd, jobs: set[str], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = {job["id"] for job in server.call("listjobs.json?project=hunaworld")["finished"]}
        if jobs <= finished:
            return
        time.sleep(0.5)
    pytest.fail(f"scrapyd jobs not finished after {timeout} s")


def last_line(server: Scrapyd, job: str) -> str:
    log = server.folder / "logs" / "hunaworld" / "hunaworld" / f"{job}.log"
    return log.read_text(encoding="utf-8").splitlines()[-1]


def test_a_deployed_crawl_records_its_outcome_where_scrapyd_users_look(scrapyd: Scrapyd, tmp_path: Path) -> None:
    deploy(scrapyd, tmp_path)
    healthy_db, failing_db = tmp_path / "healthy.sqlite3", tmp_path / "failing.sqlite3"
    replay = f"HUNAWORLD_REPLAY={SITE}"
    healthy = scrapyd.call("schedule.json", project="hunaworld", spider="hunaworld",
                           setting=[replay, f"HUNAWORLD_SQLITE={healthy_db}"])["jobid"]
    failing = scrapyd.call("schedule.json", project="hunaworld", spider="hunaworld",
                           setting=[replay, f"HUNAWORLD_SQLITE={failing_db}",
                                    'HUNAWORLD_HEALTH_COVERAGE={"image_caption": 0.9}'])["jobid"]
    wait_finished(scrapyd, {healthy, failing})

    assert last_line(scrapyd, healthy).endswith(
        "INFO: Run outcome: healthy. Articles: 13 new, 0 updated, 0 failed")
    assert last_line(scrapyd, failing).endswith(
        "ERROR: Run outcome: failed: image_caption: coverage 0.31 < 0.90 (4 of 13 articles)."
        " Articles: 13 new, 0 updated, 0 failed")
    stored = Stored.read(healthy_db, tmp_path / "no-feed")
    assert len(stored.rows) == 13
    assert [(run["finish_reason"], run["health"], run["articles_new"]) for run in stored.runs] == [
        ("finished", "healthy", 13)]
    (run,) = Stored.read(failing_db, tmp_path / "no-feed").runs
    assert run["health"] == "failed: image_caption: coverage 0.31 < 0.90 (4 of 13 articles)"

    listed = subprocess.run([sys.executable, "-m", "scrapy", "runs", "--db", str(failing_db)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split() == ["id", "site/section", "started", "finished", "new", "updated", "failed", "status"]
    assert row.split()[4:8] == ["13", "0", "0", "failed:"]
    assert row.endswith("failed: image_caption: coverage 0.31 < 0.90 (4 of 13 articles)")


def test_a_crawl_scheduled_for_a_named_version_runs_it(scrapyd: Scrapyd, tmp_path: Path) -> None:
    """scrapyd passes ``_version`` on to the spider as an argument, besides running that version's egg."""
    deploy(scrapyd, tmp_path)
    db = tmp_path / "db.sqlite3"
    job = scrapyd.call("schedule.json", project="hunaworld", spider="hunaworld", _version="1",
                       setting=[f"HUNAWORLD_REPLAY={SITE}", f"HUNAWORLD_SQLITE={db}"])["jobid"]
    wait_finished(scrapyd, {job})
    assert last_line(scrapyd, job).endswith("INFO: Run outcome: healthy. Articles: 13 new, 0 updated, 0 failed")
    assert len(Stored.read(db, tmp_path / "no-feed").rows) == 13
