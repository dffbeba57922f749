"""Helpers for browser tests (imported by test modules; fixtures live in conftest.py)."""

from __future__ import annotations


def assert_cjk_rendered(page, selector: str, chars: str = "调解期限") -> None:
    """Missing glyphs render as identical "tofu" boxes; a real CJK font draws each character
    differently. Draw ``chars`` in the font of ``selector`` and require distinct pixels."""
    glyphs = page.evaluate(
        """([sel, chars]) => { const font = getComputedStyle(document.querySelector(sel) || document.body).fontFamily;
                   return Array.from(chars).map(ch => {
                     const c = document.createElement('canvas'); c.width = 40; c.height = 40;
                     const x = c.getContext('2d'); x.font = '32px ' + font; x.fillText(ch, 2, 32);
                     return c.toDataURL(); }); }""", [selector, chars])
    assert len(set(glyphs)) == len(chars), "CJK characters render as identical boxes: no CJK font"


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
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
