"""Every text notebook (curriculum, simulations, Voilà apps) executes headless without error."""

from __future__ import annotations

import pytest

from tiaojie.core.settings import CHECKOUT_ROOT as REPO_ROOT
from tiaojie.core.notebooks import execute_notebook, text_notebooks

NOTEBOOKS = text_notebooks()


def test_there_are_notebooks_to_run():
    assert any(p.parts[-2] == "voila_apps" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(REPO_ROOT)) for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = execute_notebook(path, timeout=600)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
