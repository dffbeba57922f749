"""Course tests: a fresh data directory per test, so records never leak between tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("TIAOJIE_DATA", str(d))
    return d
