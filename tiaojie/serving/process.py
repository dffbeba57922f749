"""A served suite in a child process, for tests, the load test and the benchmark.

``ServerProcess`` starts exactly the command ``tiaojie serve`` runs (``server.voila_argv``) on a
free loopback port with its own data directory, waits until it answers, and reports its kernels
(child processes) and memory, so what is measured is what users get.
"""

from __future__ import annotations

import atexit
import re
import socket
import subprocess
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import psutil

from ..core.processes import stop_process
from . import server

KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, data_dir: Path, options: "server.ServeOptions | None" = None, log: "Path | None" = None,
                 apps_dir: "Path | None" = None, extra_argv: "list[str] | None" = None):
        self.data_dir = Path(data_dir)
        self.apps_dir, self.extra_argv = apps_dir, list(extra_argv or [])
        self.options = replace(options or server.ServeOptions(), port=free_port())
        self.log_path = log or self.data_dir / "voila.log"
        self.proc: "subprocess.Popen | None" = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.options.port}/"

    def start(self, timeout: float = 180) -> "ServerProcess":
        prepared = server.prepare()
        env = server.voila_env(prepared.share_dir)
        env["TIAOJIE_DATA"] = str(self.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        opts = replace(self.options, secret_file=self.options.secret_file or self.data_dir / "cookie_secret")
        self._log = self.log_path.open("w")
        argv = server.voila_argv(opts, self.apps_dir or prepared.apps_dir) + self.extra_argv
        self.proc = subprocess.Popen(argv, env=env,
                                     stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url + "tiaojie/static/roleplay.svg", timeout=5)
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the server did not start on {self.url}; see {self.log_path}")
                time.sleep(0.3)

    def kernels(self) -> list[psutil.Process]:
        """Live kernel processes started by this server."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [c for c in children if _is_kernel(c)]

    def kernel_ids(self) -> set[str]:
        """Ids of the live kernel processes (from their connection-file names)."""
        ids = set()
        for k in self.kernels():
            try:
                ids.update(m.group(1) for part in k.cmdline() for m in [KERNEL_FILE.search(part)] if m)
            except psutil.NoSuchProcess:
                pass
        return ids

    def wait_gone(self, kernel_id: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while kernel_id in self.kernel_ids():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.25)
        return True

    def rss(self) -> int:
        """Resident memory of the server process itself, bytes."""
        return psutil.Process(self.proc.pid).memory_info().rss

    def kernel_rss(self) -> list[int]:
        out = []
        for k in self.kernels():
            try:
                out.append(k.memory_info().rss)
            except psutil.NoSuchProcess:
                pass
        return out

    def wait_kernels(self, at_most: int, timeout: float) -> int:
        """Wait until at most ``at_most`` kernels live; return the count then."""
        deadline = time.monotonic() + timeout
        while True:
            n = len(self.kernels())
            if n <= at_most or time.monotonic() > deadline:
                return n
            time.sleep(0.25)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_process(self.proc)
        if getattr(self, "_log", None):
            self._log.close()


def _is_kernel(p: psutil.Process) -> bool:
    try:
        return any("ipykernel" in part for part in p.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def users_file(path: Path, accounts: dict[str, tuple[str, str]]) -> Path:
    """Write a users file {name: (role, password)} with jupyter_server hashes (tests, demos)."""
    from .identity import add_user

    for name, (role, password) in accounts.items():
        add_user(path, name, role, password)
    return path




# A class of three for tests and demos: two trainees and a trainer (fictional names).
CLASS = {"张某": ("trainee", "zhang-pw-1"), "李某": ("trainee", "li-pw-2"), "王某": ("trainer", "wang-pw-3"),
         "赵某": ("trainee", "zhao-pw-4")}
_class_server: "ServerProcess | None" = None


def class_server(root: Path, **overrides) -> ServerProcess:
    """One served suite with a users file per test session, shared by the browser and server tests."""
    global _class_server
    if _class_server is None:
        root.mkdir(parents=True, exist_ok=True)        # the data directory; the users file beside its data
        users = users_file(root / "users.yaml", CLASS)
        options = server.ServeOptions(users_file=users, max_kernels=16, max_kernels_per_user=4, **overrides)
        _class_server = ServerProcess(root, options, log=root.parent / f"{root.name}-voila.log").start()
        atexit.register(_class_server.stop)
    return _class_server
