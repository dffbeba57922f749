"""Shared fixtures: a copy of the practice configuration that a test may edit."""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test reads the settings anew (a test may point TIAOJIE_* at its own folders)."""
    from tiaojie.core.settings import set_settings

    set_settings(None)
    yield
    set_settings(None)
