"""Static checks on small notebooks, without running anything."""

from __future__ import annotations

import copy

import nbformat
import pytest

from tiaojie.grading.tamper import inspect, is_value_only


@pytest.mark.parametrize("source,ok", [
    ('答案_q1 = ""', True), ('答案_q1 = "B"  # 我选B', True), ("答案_q1 = -3", True),
    ('答案_q1 = 2026 - 10 - 19', False),   # arithmetic, not a value: reads as code
    ('答案_q1 = "B"\nprint(答案_q1)', False), ("import os", False), ('答案_q1 = open("x").read()', False),
    ('答案_q1 = "B', True),   # a syntax error fails when run, like a wrong answer
])
def test_value_only(source, ok):
    assert is_value_only(source) is ok


def _release():
    meta = lambda gid, **kw: {"nbgrader": {"grade_id": gid, "grade": False, "locked": False,   # noqa: E731
                                           "solution": False, "schema_version": 3, **kw}}
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("题目", metadata=meta("text_00", locked=True)),
        nbformat.v4.new_code_cell('答案_q1 = ""', metadata=meta("q1", solution=True)),
        nbformat.v4.new_code_cell("检查格式(答案_q1, 'date')", metadata=meta("q1_test", grade=True, locked=True,
                                                                              points=1.0)),
    ])


def _check(tmp_path, nb, trainee="t1"):
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, path)
    return inspect(path, _release(), trainee, seeded=False)


def test_clean_submission_has_no_findings(tmp_path):
    f = _check(tmp_path, _release())
    assert f.runnable and not f.reject and not f.notes


def test_added_markdown_is_fine_but_added_code_is_rejected(tmp_path):
    nb = _release()
    nb.cells.append(nbformat.v4.new_markdown_cell("我的笔记"))
    assert not _check(tmp_path, nb).reject
    nb.cells.append(nbformat.v4.new_code_cell("import shutil"))
    f = _check(tmp_path, nb)
    assert f.runnable and any("新增了含代码的单元" in r for r in f.reject)


def test_duplicate_ids_and_deleted_answer_cells_block_execution(tmp_path):
    nb = _release()
    nb.cells.append(copy.deepcopy(nb.cells[2]))
    f = _check(tmp_path, nb)
    assert not f.runnable and any("单元编号重复" in r for r in f.reject)
    nb = _release()
    del nb.cells[1]
    f = _check(tmp_path, nb)
    assert not f.runnable and any("答题或题目单元被删除：q1" in r for r in f.reject)


def test_not_a_notebook(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_text('{"just": "json"}', encoding="utf-8")
    f = inspect(path, _release(), "t1", seeded=False)
    assert not f.runnable and any("缺少单元列表" in r for r in f.reject)
