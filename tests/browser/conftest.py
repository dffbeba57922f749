"""Browser-test harness: the served suite on 127.0.0.1, driven by Debian's Chromium via Playwright.

Fixtures
- ``served``: one server per test session, started with exactly the command line `tiaojie serve
  --users FILE` uses (``tiaojie.serving.process.class_server``): trainees 张某, 李某 and 赵某,
  trainer 王某, a fresh data directory. The server tests (tests/serving) share the same process.
- ``voila_url``: its base URL.
- ``page``: a Chromium page logged in as the trainee 张某; ``page_as(name)`` for another user.
  Every request is recorded; Chromium cannot resolve any host but 127.0.0.1, and any request to
  another host fails the test, and so does any console error. Pages are closed the way a user closes a tab (``beforeunload`` runs,
  so Voilà's page-close shutdown is exercised by every test).
- ``open_app(page, name)``: open ``voila/render/<name>.ipynb`` and wait for its widgets.
- ``shot(page, name)``: keep a screenshot under ``<data dir>/_build/screenshots/`` (a test artefact).

No Chromium means failure, not a skip: install it with `apt-get install chromium fonts-noto-cjk`
(the README's test command does).
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tiaojie.core.settings import get_settings
from tiaojie.serving import process

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
APP_READY = ".widget-button, .jupyter-button, .widget-dropdown"
SHOTS = get_settings().build_dir / "screenshots"


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    return process.class_server(tmp_path_factory.mktemp("tiaojie-data"))


@pytest.fixture(scope="session")
def voila_url(served):
    return served.url


@pytest.fixture(scope="session")
def browser(chromium_browser):
    return chromium_browser


class RequestLog:
    def __init__(self):
        self.urls: list[str] = []
        self.outside: list[str] = []
        self.console_errors: list[str] = []

    def check(self, request):
        url = request.url
        self.urls.append(url)
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            self.outside.append(url)

    def watch(self, pg) -> None:
        pg.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: self.console_errors.append(str(e)))
        pg.on("websocket", lambda ws: self.urls.append(ws.url) or (
            self.outside.append(ws.url) if urlparse(ws.url).hostname not in LOCAL_HOSTS else None))


@pytest.fixture(scope="session")
def login_state(browser, served):
    """Log each user in once per session (the real login form) and keep the cookies."""
    cache: dict[str, dict] = {}

    def state(name: str) -> dict:
        if name not in cache:
            ctx = browser.new_context(locale="zh-CN")
            pg = ctx.new_page()
            pg.goto(served.url + "login")
            pg.fill("#username", name)
            pg.fill("#password", process.CLASS[name][1])
            pg.click("button[type=submit]")
            pg.wait_for_selector(".tj-gallery", timeout=30_000)
            cache[name] = ctx.storage_state()
            ctx.close()
        return cache[name]

    return state


@pytest.fixture
def requests_log():
    return RequestLog()


@pytest.fixture
def opened_kernels():
    """Kernel ids of the app pages a test opened (each page's jupyter-config-data)."""
    return []


@pytest.fixture
def page_as(browser, login_state, requests_log, opened_kernels, served):
    contexts = []

    def make(name: str):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  storage_state=login_state(name) if name else None)
        ctx.on("request", requests_log.check)
        pg = ctx.new_page()
        requests_log.watch(pg)
        contexts.append(ctx)
        return pg

    yield make
    for ctx in contexts:
        for pg in ctx.pages:
            pg.goto("about:blank")              # leaving the page: Voilà's page-close beacon
    left = _wait_kernels_gone(served, opened_kernels, [p for c in contexts for p in c.pages], timeout=60)
    for ctx in contexts:
        ctx.close()
    assert not requests_log.outside, f"requests left 127.0.0.1: {requests_log.outside}"
    assert not requests_log.console_errors, f"console errors: {requests_log.console_errors}"
    log = [line for line in served.log().splitlines() if "shutdown" in line or any(k in line for k in left)]
    assert not left, f"kernels outlived their closed pages: {left}; server log: {log[-12:]}"


def _wait_kernels_gone(served, kernel_ids, pages, timeout: float) -> list[str]:
    """Wait for the kernels to go while Playwright keeps dispatching its events."""
    deadline = time.monotonic() + timeout
    while True:
        alive = served.kernel_ids()
        left = [k for k in kernel_ids if k in alive]
        if not left or time.monotonic() > deadline:
            return left
        if pages:
            pages[0].wait_for_timeout(250)
        else:
            time.sleep(0.25)


@pytest.fixture
def page(page_as):
    return page_as("张某")


KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


@pytest.fixture
def open_app(voila_url, opened_kernels):
    def _open(pg, name: str, query: str = "", timeout: float = 120_000):
        pg.goto(f"{voila_url}voila/render/{name}.ipynb{query}", timeout=timeout)
        pg.wait_for_selector(APP_READY, timeout=timeout)
        opened_kernels.append(pg.evaluate(KERNEL_ID))
        return pg

    return _open


@pytest.fixture
def shot():
    def _shot(pg, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=False)
        return path

    return _shot
