"""Every text notebook (curriculum, simulations, Voilà apps) executes headless without error."""

from __future__ import annotations

from pathlib import Path

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


def test_headless_kernels_use_unix_sockets_in_a_folder_removed_afterwards(tmp_path):
    """No TCP port race between kernels started at once: the kernel runs on IPC sockets in its own
    temporary folder, which is gone after the run."""
    import glob
    import tempfile

    import nbformat

    pattern = str(Path(tempfile.gettempdir()) / "tj-kernel-*")
    before = set(glob.glob(pattern))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipykernel.kernelapp as k; a = k.IPKernelApp.instance(); print(a.transport, a.ip)")])
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    transport, ip = execute_notebook(path, timeout=120).cells[0].outputs[0]["text"].split()
    assert transport == "ipc" and "tj-kernel-" in ip
    assert not list(tmp_path.glob("kernel-ipc*"))              # nothing beside the notebook
    assert set(glob.glob(pattern)) <= before                     # its folder was removed
