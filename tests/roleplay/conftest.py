"""Shared fixtures: the real bnk-001 case, a small valid script, writing scripts to tmp_path."""

from __future__ import annotations

import copy

import pytest
import yaml
from roleplay_fixtures import tiny_script

from tiaojie.casebank.loader import load_bank


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture
def case(bank):
    return bank.cases["bnk-001"]


@pytest.fixture
def tiny():
    return copy.deepcopy(tiny_script())


@pytest.fixture
def write_script(tmp_path):
    def _write(data: dict, name: str = "bnk-001") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path
    return _write
