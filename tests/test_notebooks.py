"""Every text notebook (curriculum, simulations, Voilà apps) executes headless without error."""

from __future__ import annotations

import pytest

from tiaojie.core.settings import CHECKOUT_ROOT as REPO_ROOT
from tiaojie.core.notebooks import execute_notebook, text_notebooks

# Course pages (curriculum/NN-slug/module.md, curriculum/home.md) run in tests/course/test_modules.py,
# which also checks what they record; running them here too would double the CI time.
NOTEBOOKS = [p for p in text_notebooks()
             if not (p.parent.name == "curriculum" and p.name == "home.md")
             and not (p.name == "module.md" and p.parts[-3] == "curriculum")]


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
