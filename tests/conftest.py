"""Shared fixtures: a copy of the practice configuration that a test may edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from tiaojie.core.settings import DEFAULT_CONFIG
from tiaojie.rules import parse_config


@pytest.fixture
def config_data():
    """The default configuration as a mutable mapping."""
    return yaml.safe_load(Path(DEFAULT_CONFIG).read_text(encoding="utf-8"))


@pytest.fixture
def make_config(tmp_path):
    """Write a (changed) configuration mapping to a file and return (path, parsed config)."""

    def _make(data, name="practice.yaml"):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path, parse_config(data, str(path))

    return _make


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh data directory for this test (records, attempts, crash reports stay in it)."""
    d = tmp_path / "data"
    monkeypatch.setenv("TIAOJIE_DATA", str(d))
    return d


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test reads the settings anew (a test may point TIAOJIE_* at its own folders)."""
    from tiaojie.core.settings import set_settings

    set_settings(None)
    yield
    set_settings(None)


CHROMIUM = os.environ.get("TIAOJIE_CHROMIUM", "/usr/bin/chromium")
# Outside hosts cannot even be resolved (no route interception: it would hold up Voilà's page-close
# beacon while a page unloads); browser tests still record every request and fail on an outside one.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-dev-shm-usage",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium under Playwright, one per test process: Playwright's sync API allows only
    one running instance per thread, so every browser test (Voilà apps, JupyterLab, formgrader)
    shares this one."""
    import shutil

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def installed_package(tmp_path_factory):
    """This checkout installed non-editable into a fresh venv (``installed_helpers``), once per test
    process: the packaging tests and the JupyterHub test use the same copy."""
    from installed_helpers import install

    return install(tmp_path_factory.mktemp("installed"))


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server for the test process (``postgres_helpers.cluster``); its URL."""
    from postgres_helpers import cluster

    with cluster() as url:
        yield url
