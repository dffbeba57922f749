"""Server processes the tests start: wait until one answers, stop it (terminate, then kill)."""

from __future__ import annotations


def wait_until_up(proc, url: str, log_name: str, what: str, timeout: float = 120) -> None:
    """Poll ``url`` until the server answers; fail (killing it) if it exits or times out."""
    import time
    import urllib.request

    import pytest

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"{what} did not start on {url}; see {log_name}")
            time.sleep(0.3)


def stop(proc, grace: float = 15) -> None:
    from tiaojie.core.processes import stop_process

    stop_process(proc, grace)
