"""Case-bank test helpers: a small bank in tmp_path built from the model case bnk-001."""

from __future__ import annotations

import copy
import pytest
import yaml

from casebank_helpers import MODEL_CASE, write_case


@pytest.fixture
def model_data():
    """The model case as a mutable mapping (a fresh copy per test), without its role-play
    reference (a tmp bank has no scripts unless a test writes one)."""
    data = copy.deepcopy(yaml.safe_load(MODEL_CASE.read_text(encoding="utf-8")))
    data["roleplay"] = None
    return data


@pytest.fixture
def tmp_bank(tmp_path, monkeypatch, model_data):
    """An empty bank root ($TIAOJIE_CASEBANK) with cases/ and roleplays/, plus one valid case
    bnk-901 (the model case under another id) that every bad-input test expects to survive."""
    root = tmp_path / "bank"
    (root / "cases").mkdir(parents=True)
    (root / "roleplays").mkdir()
    monkeypatch.setenv("TIAOJIE_CASEBANK", str(root))
    good = dict(model_data, id="bnk-901")
    write_case(root / "cases" / "banking", good)
    return root
