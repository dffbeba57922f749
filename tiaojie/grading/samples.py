"""Sample submissions made from the released notebook, as a trainee fills it in.

Used by the tests, the benchmark and demonstrations: right answers come from the source
notebook (literal solutions) or the variants (computed for the trainee), never typed here.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat

from .build import TRAINEE_ID
from .variants import answer as variant_answer

_SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def solutions(course, assignment: str, trainee: str) -> dict[str, str]:
    """Right answers for ``trainee``: literal ones from the source notebook, variants computed."""
    nb = nbformat.read(course.source / assignment / f"{assignment}.ipynb", as_version=4)
    out = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        m = _SOLUTION.search(cell.source) if cell.cell_type == "code" else None
        if not m or gid == TRAINEE_ID:
            continue
        last = m[1].strip().splitlines()[-1]
        value = ast.parse(last).body[0].value
        if isinstance(value, ast.Call):   # 变体答案("name", 学员编号)
            out[gid] = variant_answer(value.args[0].value, trainee)
        else:
            out[gid] = ast.literal_eval(value)
    return out


def release(course, assignment: str):
    return nbformat.read(course.release / assignment / f"{assignment}.ipynb", as_version=4)


def filled(course, assignment: str, trainee: str, answers: dict[str, str], declared: str | None = None):
    """The released notebook with values written on the answer lines (as a trainee does)."""
    nb = copy.deepcopy(release(course, assignment))
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == TRAINEE_ID:
            cell.source = f'学员编号 = "{declared or trainee}"'
        elif gid in answers:
            cell.source = f"答案_{gid} = {answers[gid]!r}"
    return nb


def wrong(answers: dict[str, str]) -> dict[str, str]:
    """Well-formed but wrong answers (same kind, another value)."""
    out = {}
    for gid, value in answers.items():
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            out[gid] = "2026-01-01" if value != "2026-01-01" else "2026-01-02"
        elif value.isdigit():
            out[gid] = str(int(value) + 1)
        elif value in ("是", "否"):
            out[gid] = "否" if value == "是" else "是"
        else:
            out[gid] = "D" if value != "D" else "A"
    return out


def write(folder: Path, trainee: str, assignment: str, nb=None, raw: bytes | None = None) -> Path:
    dest = folder / trainee / assignment
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / f"{assignment}.ipynb"
    if raw is not None:
        path.write_bytes(raw)
    else:
        nbformat.write(nb, path)
    return path
