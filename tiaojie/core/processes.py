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
