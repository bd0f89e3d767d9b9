"""docs/errors.md's table of bad input, run: each command exits with its status and prints its line,
and none prints a traceback.

The commands run as a reader would type them, in a folder laid out like a clone after the quick
start's crawl, several at a time (most wait on nothing but Scrapy's start-up).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT, SITE, run_crawl

TABLE = ROOT / "docs" / "errors.md"
ROW = re.compile(r"^\| `(?P<command>.+)` \| (?P<exit>\d) \| (?P<prints>.+) \|$")
# `hunaworld serve --port 8001` is run while this port is taken.
BUSY_PORT = 8001


def table() -> list[tuple[str, int, str]]:
    text = TABLE.read_text(encoding="utf-8")
    body = text.split("<!-- bad-input-table -->", 1)[1].split("<!-- end of bad-input-table -->", 1)[0]
    rows = [ROW.match(line) for line in body.strip().splitlines()[2:]]
    assert all(rows), "a row of the table is not | `command` | exit | prints |"
    return [(m["command"], int(m["exit"]), m["prints"]) for m in rows if m]


ROWS = table()


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("clone")
    for name in ("scrapy.cfg", "README.md"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("docs", "fixtures"):
        (folder / name).symlink_to(ROOT / name)
    quick_start = run_crawl(folder, site=SITE, db=folder / "hunaworld.sqlite3")
    assert quick_start.returncode == 0, quick_start.log[-2000:]
    env = {**os.environ, "PYTHONUTF8": "1", "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}

    def run(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, shell=True, cwd=folder, capture_output=True, text=True, timeout=120, env=env)

    with socket.socket() as busy:
        # Taken by this test unless something else already listens there: busy either way.
        try:
            busy.bind(("127.0.0.1", BUSY_PORT))
            busy.listen()
        except OSError:
            pass
        with ThreadPoolExecutor(max_workers=4) as pool:
            done = dict(zip(ROWS, pool.map(run, [command for command, _, _ in ROWS]), strict=True))
    return {command: result for (command, _, _), result in done.items()}


def test_the_table_covers_every_kind_of_bad_input() -> None:
    assert len(ROWS) >= 45
    commands = [command.split()[1] if command.startswith("scrapy") else command.split()[0] for command, _, _ in ROWS]
    for kind in ("crawl", "runs", "store", "extract", "fixture", "profile", "hunaworld", "python"):
        assert kind in commands


@pytest.mark.parametrize(("command", "status", "prints"), ROWS, ids=[row[0] for row in ROWS])
def test_bad_input_gets_its_exit_status_and_one_line(results: dict[str, subprocess.CompletedProcess[str]],
                                                    command: str, status: int, prints: str) -> None:
    result = results[command]
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == status, output
    assert prints in output, output
    if status in (1, 2):
        # Scrapy's first log line and a usage text may come before it; the message itself is one line.
        assert len([line for line in output.splitlines() if prints in line]) == 1, output
