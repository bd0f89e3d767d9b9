"""Crawl throughput: the full ``hunaworld`` spider against a no-op spider on the same local site.

Generates a section of N articles (default 2,000) in the fixtures' template and serves it on
127.0.0.1, then crawls it with two ``scrapy`` subprocesses, alternated ``--rounds`` times: the full
spider (extraction workers, item loaders, all pipelines, SQLite and JSON Lines on) and
``noop_spider.py``, which requests the same pages (checked: the server counts every path each crawl
fetched) with the project's settings and yields nothing. The no-op gets no extraction worker
(``HUNAWORLD_WORKERS=0``): it parses nothing, and an idle worker would only add its start-up to the
baseline.

For each pair it takes the ratio full / no-op of the wall time (the crawl's own clock, engine start
to close) and of the CPU time (the crawl process plus its workers: the children this script waited
for), and the extra CPU per article; it prints the median of the per-pair ratios and every run.
Peak memory is each process's kernel high-water mark (VmHWM, polled from /proc while the crawl runs;
the worker also reports its own at exit), summed over the processes of the crawl, which run side by
side. Several sizes (``--articles 2000 10000``) also give the CPU per article and the memory per
1,000 articles between them. The guard: the wall ratio at most 1.5 and the CPU ratio at most 2.0.

``--against CHECKOUT`` takes as the baseline the full crawl of the project checked out in another
folder (``git worktree add ../without-it <commit>``) instead of the no-op: the CPU ratio is then what
a change costs (above 1) or saves (below 1) of the crawl's CPU.

The server must never be what the crawl waits for: it answers from memory on one asyncio thread
(no thread per connection, no disk read per page, a listen backlog of 1,024), its CPU time is
printed beside each crawl, and the kernel's count of dropped connections (``ListenOverflows``)
must not move. ``--server threaded`` serves with the project's ``CaptureServer`` instead, to check
that the no-op's throughput does not depend on the server.

    python benchmarks/crawl_throughput.py [--articles 2000 [10000]] [--rounds 5] [--server fast|threaded]
                                          [--against CHECKOUT]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.capture.server import CaptureServer
from hunaworld.capture.synthetic import synthetic_section

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "fixtures" / "huna" / "capture" / "news_52817_الرئيس-الصيني-شي-جينبينغ-يعقد-مباحثات.html"
SETTINGS = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
    "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "LOG_LEVEL": "INFO",
    "HUNAWORLD_PROGRESS_INTERVAL": 0,
}
MB = 2**20


def setting_args(settings: dict[str, Any]) -> list[str]:
    """``settings`` as ``scrapy`` command-line options."""
    return [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


def full_command(start: str, work: Path, n: int, name: str = "bench") -> list[str]:
    """The crawl as scheduled runs it: workers, pipelines, SQLite with its index, a JSON Lines feed."""
    return [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={start}", "-a", "site=huna",
            "-a", "full=1", "-O", str(work / f"{name}.jsonl"), "-s", f"HUNAWORLD_SQLITE={work / f'{name}{n}.sqlite3'}"]


def noop_command(start: str, work: Path, n: int) -> list[str]:
    """The baseline: the same pages, nothing done with them (no extraction worker to start either)."""
    return [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "benchmarks" / "noop_spider.py"),
            "-a", f"start_url={start}", "-a", "site=huna", "-s", "HUNAWORLD_WORKERS=0",
            "-s", f"HUNAWORLD_SQLITE={work / f'noop{n}.sqlite3'}"]


COMMANDS = {"full": full_command, "noop": noop_command}


class FastServer:
    """The capture folder's pages, answered from memory by one asyncio thread with HTTP/1.1 keep-alive.

    Every response but its Date line is built before the crawl starts; a request costs a dict
    lookup and one write. It counts the paths it served, so two crawls can be compared page by page.
    """

    def __init__(self, folder: Path) -> None:
        self.responses: dict[str, tuple[bytes, bytes]] = {}
        for entry in load_manifest(folder):
            body = (folder / entry["file"]).read_bytes()
            head = f"HTTP/1.1 {entry.get('status', 200)} OK\r\n" + "".join(
                f"{name}: {value}\r\n" for name, value in entry.get("headers", {}).items())
            self.responses[route_key(entry["url"])] = (
                head.encode("latin-1"), f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.hits: dict[str, int] = {}
        self.loop = asyncio.new_event_loop()
        self.server = self.loop.run_until_complete(
            self.loop.create_server(self._protocol, "127.0.0.1", 0, backlog=1024))
        self.base_url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._date = (0, b"")

    def _date_line(self) -> bytes:
        # The spider reads relative dates against the Date header: it is sent, computed once a second.
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, f"Date: {formatdate(now, usegmt=True)}\r\n".encode("ascii"))
        return self._date[1]

    def _protocol(self) -> asyncio.Protocol:
        server = self

        class Connection(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                self.transport = transport
                self.buffer = b""

            def data_received(self, data: bytes) -> None:
                self.buffer += data
                while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
                    request, self.buffer = self.buffer[:end], self.buffer[end + 4:]
                    path = request.split(b" ", 2)[1].decode("latin-1")
                    key = route_key(path)
                    server.hits[key] = server.hits.get(key, 0) + 1
                    head, rest = server.responses.get(
                        key, (b"HTTP/1.1 404 Not Found\r\n", b"Content-Length: 0\r\n\r\n"))
                    self.transport.write(head + server._date_line() + rest)

        return Connection()

    def __enter__(self) -> FastServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.server.close()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    """This process's CPU: the server, the memory poller and nothing else while a crawl runs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def listen_overflows() -> int:
    """The kernel's count of connections dropped from a full listen queue (all sockets), or -1."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return -1
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split(), values.split(), strict=True)).get("ListenOverflows", -1))
    return -1


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
    return found


def _hwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def crawl(command: list[str], workdir: Path, name: str, server: Any, cwd: Path = ROOT) -> dict[str, Any]:
    """One crawl by ``command``, run in ``cwd`` (whose ``hunaworld`` package it runs), and its figures."""
    log, stats_file = workdir / f"{name}.log", workdir / f"{name}.stats.json"
    settings = setting_args(SETTINGS)
    server.hits = {}
    overflows, cpu_started, own_started = listen_overflows(), _children_cpu(), _own_cpu()
    started = time.perf_counter()
    process = subprocess.Popen([*command, *settings, "-s", f"LOG_FILE={log}",
                                "-s", f"HUNAWORLD_STATS_FILE={stats_file}"], cwd=cwd)
    # VmHWM only grows: the last value read of each process is its peak, up to the last poll.
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in _descendants(process.pid):
            if (hwm := _hwm(pid)) is not None:
                peaks[pid] = hwm
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    cpu, server_cpu = _children_cpu() - cpu_started, _own_cpu() - own_started
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    worker_peak = stats.get("hunaworld/workers/max_rss", 0)
    crawl_peak = peaks.get(process.pid, 0)
    others = sum(v for pid, v in peaks.items() if pid != process.pid)
    return {"pages": stats["response_received_count"], "items": stats.get("item_scraped_count", 0),
            # The crawl's own clock (engine start to close): interpreter start-up is in ``wall``.
            "seconds": stats["elapsed_time_seconds"], "wall": elapsed, "cpu": cpu,
            "worker_cpu": stats.get("hunaworld/workers/cpu_seconds", 0.0),
            # The worker's own report is exact; polling may miss its last moments.
            "peak_mb": (crawl_peak + max(others, worker_peak)) / MB, "crawl_peak_mb": crawl_peak / MB,
            "worker_peak_mb": max(others, worker_peak) / MB, "server_cpu": server_cpu,
            "overflows": listen_overflows() - overflows, "hits": dict(server.hits)}


def summary(values: list[float], fmt: str = "{:.2f}") -> str:
    """The median of ``values`` and every one of them, in ``fmt``."""
    return f"median {fmt.format(statistics.median(values))} (runs: {', '.join(fmt.format(v) for v in values)})"


def bench(articles: int, rounds: int, server_kind: str, against: Path | None = None) -> dict[str, float]:
    """Alternated pairs of the full crawl and its baseline: the no-op spider, or with ``against`` the
    full crawl of the project checked out there."""
    base = "no-op" if against is None else "baseline"
    baseline = (noop_command, ROOT) if against is None else (
        lambda start, work, n: full_command(start, work, n, "baseline"), against)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = work / "site"
        total = synthetic_section(site, articles, TEMPLATE.read_text(encoding="utf-8"))
        server = FastServer(site) if server_kind == "fast" else CaptureServer(site)
        fulls, noops = [], []
        with server:
            start = f"{server.base_url}/world"
            for n in range(rounds):
                # Which spider goes first alternates too: neither always follows the other's page cache.
                order = ("full", "noop") if n % 2 == 0 else ("noop", "full")
                for kind in order:
                    # A fresh database each round: every round stores all the articles.
                    runs, (command, cwd) = (fulls, (full_command, ROOT)) if kind == "full" else (noops, baseline)
                    runs.append(crawl(command(start, work, n), work, f"{kind}{n}", server, cwd))
    for run in fulls + noops:
        if run["hits"] != fulls[0]["hits"]:
            sys.exit("the crawls did not fetch the same pages: the comparison would be meaningless")
        if run["overflows"] > 0:
            print(f"warning: {run['overflows']} connection(s) dropped from a full listen queue during a crawl")
    items = [r["items"] for r in fulls]
    wall = [f["seconds"] / n["seconds"] for f, n in zip(fulls, noops, strict=True)]
    cpu = [f["cpu"] / n["cpu"] for f, n in zip(fulls, noops, strict=True)]
    extra = [(f["cpu"] - n["cpu"]) / articles * 1000 for f, n in zip(fulls, noops, strict=True)]
    print(f"\nsite: {articles} articles, {total} pages, every one fetched by each crawl; {rounds} pairs, alternated;"
          f" server: {server_kind}")
    print(f"{base} pages/s:  {summary([n['pages'] / n['seconds'] for n in noops], '{:.0f}')}")
    print(f"full pages/s:   {summary([f['pages'] / f['seconds'] for f in fulls], '{:.0f}')}; items {items}")
    print(f"{base} CPU s:    {summary([n['cpu'] for n in noops], '{:.1f}')}")
    print(f"full CPU s:     {summary([f['cpu'] for f in fulls], '{:.1f}')}"
          f" (worker {summary([f['worker_cpu'] for f in fulls], '{:.1f}')})")
    print(f"server CPU s:   {base} {summary([n['server_cpu'] for n in noops], '{:.1f}')},"
          f" full {summary([f['server_cpu'] for f in fulls], '{:.1f}')}")
    print(f"wall ratio full / {base} (guard against the no-op <= 1.5):   {summary(wall)}")
    print(f"CPU ratio full / {base}, crawl + workers (guard <= 2.0):     {summary(cpu)}")
    print(f"extra CPU per article over the {base}, ms:                   {summary(extra)}")
    peaks = summary([f["peak_mb"] for f in fulls], "{:.0f}")
    print(f"peak memory MB, all processes (target <= 150 at 10,000):     {peaks}"
          f"; crawl {summary([f['crawl_peak_mb'] for f in fulls], '{:.0f}')},"
          f" worker {summary([f['worker_peak_mb'] for f in fulls], '{:.0f}')};"
          f" {base} {summary([n['peak_mb'] for n in noops], '{:.0f}')}")
    return {"cpu_per_article": statistics.median(f["cpu"] / articles * 1000 for f in fulls),
            "extra": statistics.median(extra), "peak": statistics.median(f["peak_mb"] for f in fulls)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[2000])
    parser.add_argument("--rounds", type=int, default=5, help="pairs of crawls (full, no-op), alternated")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="the baseline is the full crawl of the project checked out in this folder (another"
                             " commit, a change taken out) instead of the no-op: what the difference costs or saves")
    parser.add_argument("--server", choices=("fast", "threaded"), default="fast",
                        help="fast: this script's in-memory asyncio server; threaded: the project's CaptureServer")
    args = parser.parse_args()
    results = {n: bench(n, args.rounds, args.server, args.against) for n in args.articles}
    if len(results) > 1:
        (small, a), (large, b) = min(results.items()), max(results.items())
        print(f"\nfrom {small} to {large} articles: full CPU per article {a['cpu_per_article']:.2f} -> "
              f"{b['cpu_per_article']:.2f} ms, extra over the no-op {a['extra']:.2f} -> {b['extra']:.2f} ms; "
              f"peak memory {a['peak']:.0f} -> {b['peak']:.0f} MB, "
              f"{(b['peak'] - a['peak']) / (large - small) * 1000:.1f} MB per 1,000 articles")


if __name__ == "__main__":
    main()
