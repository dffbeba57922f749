"""Browser-test harness: real Voilà on 127.0.0.1, driven by Debian's Chromium via Playwright.

Fixtures
- ``voila_url``: base URL of a Voilà server started once per test session with exactly the
  command line `tiaojie serve` uses (``tiaojie.serving.server.voila_argv``), on a free port,
  with ``TIAOJIE_DATA`` pointing at a fresh temporary folder.
- ``page``: a new Playwright page in Chromium. Every request is recorded; any request to a host
  other than 127.0.0.1 is aborted and makes the test fail at teardown.
- ``open_app(page, name)``: open ``voila/render/<name>.ipynb`` and wait for its widgets.

No Chromium means failure, not a skip: install it with `apt-get install chromium fonts-noto-cjk`
(the README's test command does).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_helpers import stop, wait_until_up

from tiaojie.serving import server

CHROMIUM = os.environ.get("TIAOJIE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-dev-shm-usage"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
APP_READY = ".widget-button, .jupyter-button, .widget-dropdown"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("tiaojie-data")
    prepared = server.prepare()
    port = _free_port()
    env = server.voila_env(prepared.share_dir)
    env["TIAOJIE_DATA"] = str(data_dir)
    log = (tmp_path_factory.mktemp("voila-log") / "voila.log").open("w")
    proc = subprocess.Popen(server.voila_argv(port, prepared.apps_dir), env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(proc, url, log.name, "Voilà")
    yield url
    stop(proc)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class RequestLog:
    def __init__(self):
        self.urls: list[str] = []
        self.outside: list[str] = []
        self.console_errors: list[str] = []

    def check(self, route):
        url = route.request.url
        self.urls.append(url)
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture
def requests_log():
    return RequestLog()


@pytest.fixture
def page(browser, requests_log):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.route("**/*", requests_log.check)
    pg = context.new_page()
    pg.on("console", lambda m: requests_log.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("websocket", lambda ws: requests_log.urls.append(ws.url) or (
        requests_log.outside.append(ws.url) if urlparse(ws.url).hostname not in LOCAL_HOSTS else None))
    yield pg
    context.close()
    assert not requests_log.outside, f"requests left 127.0.0.1: {requests_log.outside}"


@pytest.fixture
def open_app(voila_url):
    def _open(pg, name: str, timeout: float = 90_000):
        pg.goto(f"{voila_url}voila/render/{name}.ipynb", timeout=timeout)
        pg.wait_for_selector(APP_READY, timeout=timeout)
        return pg

    return _open

