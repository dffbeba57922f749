"""Stopping a child process politely, then firmly."""

from __future__ import annotations

import subprocess


def stop_process(proc: "subprocess.Popen | None", grace: float = 20) -> None:
    """SIGTERM ``proc`` and wait up to ``grace`` seconds, then SIGKILL; nothing if already gone."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def die_with_parent() -> None:
    """For ``Popen(preexec_fn=...)``: the child gets SIGTERM when its parent dies, even by SIGKILL
    (Linux ``prctl(PR_SET_PDEATHSIG)``; elsewhere nothing). Only for single-threaded parents."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)   # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
