"""The execution limits and the sandbox on their own, outside nbgrader: one small notebook."""

from __future__ import annotations

import os

import nbformat

from tiaojie.grading.execute import SandboxedExecute


def test_notebook_deadline_identity_and_rlimits(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in (
        "import os, resource\n"
        "print(os.getuid(), os.getcwd(), resource.getrlimit(resource.RLIMIT_NPROC)[0],"
        " sum(f.startswith('.kernel-') for f in os.listdir('.')))",
        "import time\ntime.sleep(2)",
        "time.sleep(30)",
        "print('never')",
    )], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    ex = SandboxedExecute(timeout=20, notebook_timeout=6)
    nb, resources = ex.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    uid, cwd, nproc, sockets = nb.cells[0].outputs[0].text.split()
    assert int(sockets) == 5    # its five channels are Unix sockets in its scratch directory: no TCP port to race for
    if os.geteuid() == 0:   # root: another uid, a process limit, a scratch directory of its own
        assert int(uid) >= 100_000 and int(nproc) == 64
    assert cwd != str(tmp_path) and "tiaojie-kernel-" in cwd and not os.path.exists(cwd)
    assert not nb.cells[1].outputs                     # ran within the limits
    assert nb.cells[2].outputs[-1].ename == "CellTimeoutError"   # cut to the time left
    assert nb.cells[3].outputs[0].ename == "NotebookDeadline"
    assert "CellTimeoutError" in resources["tiaojie_limits"] and "NotebookDeadline" in resources["tiaojie_limits"]
