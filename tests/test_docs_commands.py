"""Every command shown in README.md and docs/*.md works as written on a fresh clone, or is marked.

The commands are the lines of the pages' fenced ``bash`` blocks (a line ending in ``\\`` goes on
on the next). Each page runs in a scratch folder of its own holding a copy of the project (its
package, fixtures, benchmarks, ``scrapy.cfg``, ``pyproject.toml``), its commands one after the
other in the page's order, since later ones use what earlier ones wrote. A command passes when it
exits 0 (and prints no ``"status": "error"`` answer of scrapyd's API, which comes with HTTP 200).
A trailing comment marks a command that is treated otherwise:

- ``# needs a real host``: it reaches a live news site or a machine of the reader's; not run.
- ``# runs until stopped``: a server. Started in the background; the test waits for the port it
  listens on (its ``--port N``; scrapyd's is scrapy.cfg's), runs the page's later commands, then
  checks that it is still running and stops it with everything it started.
- ``# takes minutes``: an install, the whole suite, a benchmark. Not run; the test checks that the
  extras it installs exist, that the suite command is the one ``.ci/run`` runs, and that a
  benchmark script exists and declares the options given.

Ports a page names (``--port N``, ``127.0.0.1:N``, and scrapyd's 6800) are replaced by free ones,
the same throughout the page. Shell commands belong in ``bash`` blocks only; the convention is
also described at the top of docs/architecture.md.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.redisserver import free_port

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# What a scratch folder holds: the project as a fresh clone has it, less the tests.
PROJECT = ("hunaworld", "fixtures", "benchmarks", "scrapy.cfg", "pyproject.toml", "README.md", "docs")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
# Languages of blocks that are not run: output, configuration, SQL, Python.
NOT_SHELL = {"text", "cron", "ini", "yaml", "sql", "python"}
REAL_HOST, SERVER, SLOW = "needs a real host", "runs until stopped", "takes minutes"
MARKER = re.compile(rf"#\s*({REAL_HOST}|{SERVER}|{SLOW})\b")
PORT = re.compile(r"(--port |127\.0\.0\.1:|localhost:)(\d{2,5})\b")
SCRAPYD_PORT = "6800"
PLACEHOLDER_HOST = re.compile(r"\b[A-Z]+-HOST\b")
COMMAND_TIMEOUT = 120
SERVER_START_TIMEOUT = 30


@dataclass
class Command:
    page: Path
    line: int
    text: str

    @property
    def marker(self) -> str | None:
        found = MARKER.search(self.text)
        return found.group(1) if found else None

    def __str__(self) -> str:
        return f"{self.page.name}:{self.line}: {self.text}"


def blocks(page: Path) -> Iterator[tuple[str, int, list[str]]]:
    """The fenced blocks of a page: (language, line number of the first line, lines), indentation removed."""
    lines = page.read_text(encoding="utf-8").splitlines()
    n = 0
    while n < len(lines):
        opening = FENCE.match(lines[n])
        n += 1
        if not opening:
            continue
        indent, language, body = len(opening.group(1)), opening.group(2), []
        start = n + 1
        while n < len(lines) and not FENCE.match(lines[n]):
            body.append(lines[n][indent:])
            n += 1
        n += 1
        yield language, start, body


def commands(page: Path) -> list[Command]:
    """The shell commands of a page's ``bash`` blocks, in order."""
    found: list[Command] = []
    for language, start, body in blocks(page):
        if language != "bash":
            continue
        text, first = "", start
        for offset, line in enumerate(body):
            if not text:
                first = start + offset
            if line.rstrip().endswith("\\"):
                text += line.rstrip()[:-1] + " "
                continue
            text += line
            if text.strip() and not text.lstrip().startswith("#"):
                found.append(Command(page, first, text.strip()))
            text = ""
    return found


@dataclass
class PageRun:
    """What running one page's commands found: failures, and how many ran or were marked."""

    failures: list[str] = field(default_factory=list)
    ran: int = 0
    marked: int = 0


def copy_project(into: Path) -> None:
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, into / name)


def port_map(cmds: list[Command]) -> dict[str, str]:
    ports = {SCRAPYD_PORT} | {match.group(2) for cmd in cmds for match in PORT.finditer(cmd.text)}
    return {port: str(free_port()) for port in sorted(ports)}


def with_ports(text: str, ports: dict[str, str]) -> str:
    return PORT.sub(lambda m: m.group(1) + ports.get(m.group(2), m.group(2)), text)


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def tail(path: Path, lines: int = 30) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def check_slow(cmd: Command) -> str | None:
    """Why a command marked as taking minutes is wrong, or None: its parts are checked, not run."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for part in MARKER.split(cmd.text)[0].rstrip(" #").split("&&"):
        part = part.strip()
        if part in ("python3 -m venv .venv", ". .venv/bin/activate"):
            continue
        install = re.fullmatch(r'pip install -e "\.\[([\w,]+)\]"', part)
        if install:
            unknown = set(install.group(1).split(",")) - set(extras)
            if unknown:
                return f"no extra {sorted(unknown)} in pyproject.toml"
            continue
        if part == "python -m pytest -q":
            if part not in (line.strip() for line in ci):
                return ".ci/run does not run this test command"
            continue
        bench = re.fullmatch(r"python (benchmarks/\w+\.py)((?: \S+)*)", part)
        if bench:
            script = ROOT / bench.group(1)
            if not script.is_file():
                return f"no {bench.group(1)}"
            declared = set(re.findall(r"add_argument\(\s*\"(--[\w-]+)\"", script.read_text(encoding="utf-8")))
            undeclared = set(re.findall(r"--[\w-]+", bench.group(2))) - declared
            if undeclared:
                return f"{bench.group(1)} takes no option {sorted(undeclared)}"
            continue
        return f"the test does not know how to check {part!r} (run it, or check it here)"
    return None


def run_page(page: Path, scratch: Path) -> PageRun:
    cmds = commands(page)
    result = PageRun()
    ports = port_map(cmds)
    copy_project(scratch)
    config = scratch / "scrapy.cfg"
    config.write_text(config.read_text(encoding="utf-8").replace(SCRAPYD_PORT, ports[SCRAPYD_PORT]), encoding="utf-8")
    # The copy's package is the one imported, as a fresh clone's is: a command that writes into
    # hunaworld/sites/ (scrapy profile draft) writes into the copy.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               SCRAPYD_HTTP_PORT=ports[SCRAPYD_PORT], PYTHONPATH=str(scratch))
    servers: list[tuple[Command, subprocess.Popen[bytes], Path]] = []
    try:
        for n, cmd in enumerate(cmds):
            text = with_ports(cmd.text, ports)
            if cmd.marker == REAL_HOST:
                result.marked += 1
                continue
            if cmd.marker == SLOW:
                result.marked += 1
                problem = check_slow(cmd)
                if problem:
                    result.failures.append(f"{cmd}\n  {problem}")
                continue
            result.ran += 1
            if cmd.marker == SERVER:
                log = scratch / f"server-{n}.log"
                with open(log, "wb") as out:
                    proc = subprocess.Popen(["bash", "-c", text], cwd=scratch, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
                servers.append((cmd, proc, log))
                port = re.search(r"--port (\d+)", text)
                wanted = port.group(1) if port else ports[SCRAPYD_PORT] if "scrapyd" in text.split() else None
                problem = wait_listening(proc, int(wanted)) if wanted else None
                if problem:
                    result.failures.append(f"{cmd}\n  {problem}\n{tail(log)}")
                    return result
                continue
            try:
                done = subprocess.run(["bash", "-c", text], cwd=scratch, env=env, capture_output=True, text=True,
                                      timeout=COMMAND_TIMEOUT)
            except subprocess.TimeoutExpired:
                result.failures.append(f"{cmd}\n  still running after {COMMAND_TIMEOUT} s")
                return result
            if done.returncode != 0 or '"status": "error"' in done.stdout:
                output = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
                result.failures.append(f"{cmd}\n  exit status {done.returncode}\n{output}")
                return result
        for cmd, proc, log in servers:
            if proc.poll() is not None:
                result.failures.append(f"{cmd}\n  stopped by itself (exit status {proc.returncode})\n{tail(log)}")
    finally:
        for _, proc, _ in servers:
            stop(proc)
    return result


def wait_listening(proc: subprocess.Popen[bytes], port: int) -> str | None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            return f"exited with status {proc.returncode} before listening on port {port}"
        if listening(port):
            return None
        if time.monotonic() > deadline:
            return f"not listening on port {port} after {SERVER_START_TIMEOUT} s"
        time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server and everything it started (its process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=15)
    # What the server started may outlive it (a job scrapyd launched): nothing of the group stays.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)


@pytest.fixture(scope="module")
def page_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PageRun]:
    """Every page run once, three at a time (each in its own folder, with its own ports)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {page.name: pool.submit(run_page, page, tmp_path_factory.mktemp(page.stem)) for page in PAGES}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_command_of_the_page_runs_or_is_marked(page: Path, page_runs: dict[str, PageRun]) -> None:
    run = page_runs[page.name]
    assert not run.failures, "\n\n".join(run.failures)
    assert run.ran + run.marked == len(commands(page))


def test_a_broken_command_fails_its_page(tmp_path: Path) -> None:
    page = tmp_path / "broken.md"
    page.write_text("```bash\nscrapy sites\n"
                    "scrapy crawl hunaworld -a max_pages=abc -s HUNAWORLD_REPLAY=fixtures/huna/capture\n"
                    "scrapy runs\n```\n", encoding="utf-8")
    run = run_page(page, tmp_path / "scratch")
    assert run.ran == 2, "the page stops at its first failure"
    assert len(run.failures) == 1
    assert "max_pages=abc" in run.failures[0] and "exit status 1" in run.failures[0]


def test_a_server_that_does_not_start_fails_its_page(tmp_path: Path) -> None:
    page = tmp_path / "server.md"
    page.write_text("```bash\npython -m hunaworld.capture.server no-such-capture --port 8000   # runs until stopped\n"
                    "scrapy sites\n```\n", encoding="utf-8")
    run = run_page(page, tmp_path / "scratch")
    # Found at its start, or (should another process take its free port meanwhile) at the page's end.
    assert len(run.failures) == 1
    assert "no-such-capture" in run.failures[0] and "No such file or directory" in run.failures[0]


def test_a_wrong_slow_command_fails_its_page(tmp_path: Path) -> None:
    page = tmp_path / "slow.md"
    page.write_text('```bash\npip install -e ".[no-such-extra]"   # takes minutes\n'
                    "python benchmarks/crawl_throughput.py --no-such-option 1   # takes minutes\n```\n",
                    encoding="utf-8")
    run = run_page(page, tmp_path / "scratch")
    assert len(run.failures) == 2
    assert "no-such-extra" in run.failures[0] and "--no-such-option" in run.failures[1]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_shell_commands_are_only_in_bash_blocks(page: Path) -> None:
    for language, start, _ in blocks(page):
        assert language == "bash" or language in NOT_SHELL, f"{page.name}:{start}: block of language {language!r}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_a_placeholder_host_is_marked(page: Path) -> None:
    for cmd in commands(page):
        if PLACEHOLDER_HOST.search(cmd.text):
            assert cmd.marker == REAL_HOST, f"{cmd}: names a placeholder host but is not marked '# {REAL_HOST}'"


def anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_links_to_files_and_headings_resolve(page: Path) -> None:
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+://", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: link to missing {target}"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: no heading #{anchor} in {linked.name}"


def test_the_readme_is_for_a_newcomer_and_each_docs_page_says_who_it_is_for() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 300
    for page in PAGES[1:]:
        text = [line for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert text[0].startswith("# ") and text[1].startswith("For "), f"{page.name} does not open with its reader"
