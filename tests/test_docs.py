"""The commands in the README and the examples in docs/ are run, as a reader would run them.

Convention (docs/how-to/write-docs.md): a fenced ``bash`` block that holds a ``tiaojie`` or
``./run.sh`` command is preceded by exactly one of

* ``<!-- run -->`` — executed here: the block runs with ``bash -e`` in a scratch folder that
  links the repository's content (``tiaojie/``, ``casebank/``, ``simulations/`` …), with
  ``tiaojie`` and ``python`` on ``PATH`` meaning this checkout, and ``TIAOJIE_DATA`` in the
  scratch folder; every command must succeed (a ``grep`` in the block checks an output);
* ``<!-- norun: reason -->`` — not executed, for the reason written (it starts a server, runs the
  whole suite, waits for a person at the keyboard…).

A block with neither fails the test: nothing is skipped silently.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tiaojie.core.settings import CHECKOUT_ROOT as ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINKED = ("tiaojie", "casebank", "simulations", "voila_apps", "curriculum", "grading")
_BLOCK = re.compile(r"(?:<!--\s*(run|norun:[^>]*?)\s*-->\s*\n)?```bash\n(.*?)```", re.S)
_COMMAND = re.compile(r"^\s*(?:[A-Z_]+=\S+\s+)*(tiaojie|\./run\.sh)\b", re.M)


def blocks(path: Path) -> list[tuple[str | None, str, int]]:
    """(mark, code, line) for every fenced bash block that is marked or holds a suite command."""
    text = path.read_text(encoding="utf-8")
    out = []
    for m in _BLOCK.finditer(text):
        if m.group(1) or _COMMAND.search(m.group(2)):
            out.append((m.group(1), m.group(2), text.count("\n", 0, m.start(2)) + 1))
    return out


RUN = [pytest.param(path, id=str(path.relative_to(ROOT)))
       for path in DOCS if any(mark == "run" for mark, _, _ in blocks(path))]


def test_every_command_block_is_marked_run_or_norun_with_a_reason():
    unmarked = [f"{p.relative_to(ROOT)}:{line}" for p in DOCS for mark, _, line in blocks(p) if mark is None]
    assert not unmarked, f"bash blocks without <!-- run --> or <!-- norun: reason -->: {unmarked}"
    reasonless = [f"{p.relative_to(ROOT)}:{line}" for p in DOCS for mark, _, line in blocks(p)
                  if mark and mark.startswith("norun") and not mark.partition(":")[2].strip()]
    assert not reasonless, f"norun blocks must say why: {reasonless}"


def test_the_readme_command_line_sections_are_run():
    ids = {p.id for p in RUN}
    assert "README.md" in ids and "docs/tutorials/follow-a-number.md" in ids
    readme = [code for mark, code, _ in blocks(ROOT / "README.md") if mark == "run"]
    assert any("tiaojie rules deadline" in c for c in readme) and any("tiaojie cases" in c for c in readme)


@pytest.fixture
def scratch(tmp_path) -> tuple[Path, dict]:
    """A fresh folder per document: its blocks run in order and may build on each other."""
    work = tmp_path
    for name in LINKED:
        if (ROOT / name).exists():
            (work / name).symlink_to(ROOT / name)
    bin_dir = work / ".bin"
    bin_dir.mkdir()
    for name, target in (("tiaojie", f'"{sys.executable}" -m tiaojie.cli'), ("python", f'"{sys.executable}"')):
        shim = bin_dir / name
        shim.write_text(f"#!/bin/sh\nexec {target} \"$@\"\n", encoding="utf-8")
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIAOJIE_")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT),
               TIAOJIE_DATA=str(work / "data"), PYTHONUNBUFFERED="1")
    return work, env


@pytest.mark.slow
@pytest.mark.parametrize("path", RUN)
def test_documented_commands_run(path, scratch):
    """Every <!-- run --> block of one document, in order, in one scratch folder."""
    work, env = scratch
    for mark, code, line in blocks(path):
        if mark != "run":
            continue
        proc = subprocess.run(["bash", "-e", "-c", code], cwd=work, env=env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, (
            f"{path.relative_to(ROOT)}:{line} failed ({proc.returncode}):\n{code}\n"
            f"--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}")
