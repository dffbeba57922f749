"""Fork kernels from a warm process instead of starting Python for every notebook.

Starting a kernel costs ~1–1.5 s, nearly all of it importing ipykernel and the course helpers.
Each grading worker keeps one *zygote*: a child process that imports them once, then forks a
kernel on request. The forked child runs :func:`tiaojie.grading.sandbox_launch.main` (session,
scratch directory, rlimits, privilege drop, kernel loop) exactly as a freshly started launcher
would. The zygote has made no threads and no ZeroMQ context, so forking it is safe; it ignores
SIGCHLD so finished kernels are reaped at once, and exits when its worker goes away (EOF on
its stdin).

Protocol: one JSON line per request ``{"argv": […], "env": {…}, "cwd": "…"}``, answered with
``{"pid": N}``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

_ZYGOTE: dict = {}


class ForkedKernel:
    """The ``Popen`` surface jupyter_client's LocalProvisioner uses, for a forked pid."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def _alive(self) -> bool:
        try:
            with open(f"/proc/{self.pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
        except (OSError, IndexError):
            return False

    def poll(self):
        if self.returncode is None and not self._alive():
            self.returncode = 0
        return self.returncode

    def wait(self, timeout=None):
        import time

        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired("kernel", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def fork_kernel(argv: list[str], env: dict, cwd: str) -> ForkedKernel | None:
    """Ask this process's zygote for a kernel; None if there is no working zygote."""
    z = _ZYGOTE.get(os.getpid())
    if z is None:
        try:
            proc = subprocess.Popen([sys.executable, "-m", "tiaojie.grading.zygote"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
        except OSError:
            return None
        z = _ZYGOTE[os.getpid()] = {"proc": proc, "lock": threading.Lock()}
    with z["lock"]:
        try:
            z["proc"].stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
            z["proc"].stdin.flush()
            reply = z["proc"].stdout.readline()
            return ForkedKernel(int(json.loads(reply)["pid"]))
        except (OSError, ValueError, KeyError):
            _ZYGOTE.pop(os.getpid(), None)
            return None


def _child(request: dict) -> None:
    from .sandbox_launch import main

    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:
        main(request["argv"])
    finally:
        os._exit(0)


def serve() -> None:
    from ipykernel.kernelapp import IPKernelApp  # noqa: F401  (the cost being saved)

    from .sandbox_launch import _preload

    _preload(True)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # forked kernels are reaped by the kernel
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        sys.stdout.write(json.dumps({"pid": pid}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
