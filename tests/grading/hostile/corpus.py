"""Hostile and broken submissions: each kind, how it is made, and the outcome it must get.

Every kind is made from the released notebook of the assignment under test by a trainee who
knows where the course lives (``{course}``) and who the other trainees are (``{victim}``).
``expect`` is (status, reason fragments that must appear in the JSON reasons).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

import nbformat

CODE = "答题单元含有代码"


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable   # (ctx) -> notebook node or raw bytes
    status: str
    reasons: tuple[str, ...]


def _answer_code(code: str, *, right: bool = False):
    """Put ``code`` (a trainee's 'answer') into the first answer cell."""
    def make(ctx):
        nb = ctx.filled(right=right)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1")
        cell.source = code.format(course=ctx.course_root, victim=ctx.victim, assignment=ctx.assignment)
        return nb
    return make


def _cells(fn, right: bool = True):
    def make(ctx):
        nb = ctx.filled(right=right)
        fn(nb)
        return nb
    return make


def _delete_tests(nb):
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_test")]


def _retype_test(nb):
    i = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "q2_test")
    old = nb.cells[i]
    nb.cells[i] = nbformat.v4.new_markdown_cell(old.source, metadata=copy.deepcopy(old.metadata))


def _edit_locked(nb):
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_test"):
            c.source = "pass  # 测试已被改为总是通过"


def _old_format(ctx):
    return nbformat.writes(nbformat.convert(ctx.filled(right=True), 3), version=3).encode()


def _mismatch(ctx):
    return ctx.filled(right=True, as_victim=True)


KINDS = [
    Kind("infinite_loop", _answer_code("while True:\n    pass"), "rejected", (CODE, "单元执行超时")),
    Kind("spawn_children", _answer_code(
        'import subprocess\nkids = [subprocess.Popen(["sleep", "307"]) for _ in range(3)]\n答案_q1 = "A"'),
        "rejected", (CODE,)),
    Kind("memory_hog", _answer_code("x = bytearray(6 * 1024 ** 3)"), "rejected", (CODE, "超出内存限制")),
    Kind("enormous_output", _answer_code('for i in range(200000):\n    print("输出" * 40)'),
         "rejected", (CODE, "输出过大")),
    Kind("kill_kernel", _answer_code("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
         "rejected", (CODE, "内核已终止")),
    Kind("read_others", _answer_code(
        'print(open("{course}/submitted/{victim}/{assignment}/{assignment}.ipynb").read()[:2000])'),
        "rejected", (CODE,)),
    Kind("read_source", _answer_code('print(open("{course}/source/{assignment}/{assignment}.ipynb").read())'),
         "rejected", (CODE,)),
    Kind("write_gradebook", _answer_code('open("{course}/gradebook.db", "ab").write(b"x" * 4096)'),
         "rejected", (CODE,)),
    Kind("edit_locked", _cells(_edit_locked, right=False), "graded", ("锁定单元被修改",)),
    Kind("delete_tests", _cells(_delete_tests), "rejected", ("测试单元被删除",)),
    Kind("change_cell_type", _cells(_retype_test), "rejected", ("单元类型被修改",)),
    Kind("invalid_json", lambda ctx: b'{"cells": [ not json', "rejected", ("JSON 无法解析",)),
    Kind("old_nbformat", _old_format, "graded", ("nbformat 3",)),
    Kind("patch_traceback", _answer_code(
        '答案_q1 = "2026-01-01"\nget_ipython().showtraceback = lambda *a, **k: None'), "rejected", (CODE,)),
    Kind("patch_assert", _answer_code(
        'import tiaojie.grading.check as c\nclass Any(str):\n    __eq__ = lambda s, o: True\n'
        '    __hash__ = str.__hash__\nc.规范 = lambda v, k: Any("x")\n答案_q1 = "x"'), "rejected", (CODE,)),
    Kind("trainee_mismatch", _mismatch, "rejected", ("学员编号",)),
]
