"""Kernel socket folders stay short enough for Unix socket paths, whatever TMPDIR is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

from tiaojie.core.ipc import MAX_SOCKET_PATH, fits, socket_folder

VOILA_NAME = len("kernel--ipc") + 36


def test_a_short_root_is_used_and_a_long_one_falls_back_to_tmp(tmp_path):
    root = tempfile.mkdtemp(prefix="r", dir="/tmp")      # pytest's own tmp_path is already too long
    short = socket_folder("voila_", VOILA_NAME, root)
    long_root = tmp_path / ("d" * 20)
    long_root.mkdir()
    moved = socket_folder("voila_", VOILA_NAME, str(long_root))
    try:
        assert os.path.dirname(short) == root and fits(short, VOILA_NAME)
        assert os.path.dirname(moved) == "/tmp" and fits(moved, VOILA_NAME)
        assert not fits(os.path.join(str(long_root), "voila_abcdefgh"), VOILA_NAME)
        assert oct(os.stat(moved).st_mode & 0o777) == "0o700"
    finally:
        shutil.rmtree(root), shutil.rmtree(moved)


PROBE = textwrap.dedent("""
    import nbformat, pathlib, sys
    from tiaojie.core.notebooks import execute_notebook
    p = pathlib.Path(sys.argv[1]) / "probe.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, p)
    print(execute_notebook(p, timeout=120).cells[0].outputs[0].text.strip())
""")


def test_a_headless_kernel_starts_under_a_long_tmpdir(tmp_path):
    long_tmp = tmp_path / ("t" * (MAX_SOCKET_PATH - len(str(tmp_path)) - 20))
    long_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(long_tmp)}
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip().endswith("42"), out.stderr[-2000:]
