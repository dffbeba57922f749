"""``tiaojie course build``: text sources → nbgrader source notebooks → release.

A source is ``grading/source/<assignment>/<assignment>.md`` (jupytext MyST, Chinese) plus its
``questions.yaml``. In the text, an answer line is a code cell with ``:grade_id: q1`` holding
``答案_q1 = ""``; a prose task is a markdown cell after ``+++ {"manual": "m1"}``; the prose may
use ``{{q1.name}}`` placeholders filled from the question file and the computed context. The
builder adds nbgrader metadata, the check cell under every answer (visible format check,
hidden test with the computed answer), the rubric before every prose task and one manually
graded task cell per further rubric criterion, then runs nbgrader's ``generate_assignment``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..core.notebooks import read_notebook
from . import answers
from .nbconfig import api, enable_wal, write_config_file
from .paths import Course, sources_dir
from .spec import Assignment, Item, ManualTask, SpecError, assignment_dirs, load_spec

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\.([a-z_]+)\s*\}\}")
TRAINEE_VAR = "学员编号"
TRAINEE_ID = "trainee_id"


def nbmeta(grade_id: str, *, grade=False, solution=False, locked=False, task=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = float(points)
    return {"nbgrader": meta}


def _fill(text: str, contexts: dict[str, dict], where: str) -> str:
    def sub(m: re.Match) -> str:
        qid, key = m[1], m[2]
        if qid not in contexts or key not in contexts[qid]:
            raise SpecError(where, f"{{{{{qid}.{key}}}}}",
                            f"占位符无值；{qid} 可用：{', '.join(sorted(contexts.get(qid, {}))) or '（无此题）'}")
        return contexts[qid][key]
    return PLACEHOLDER.sub(sub, text)


def _answer_literal(item: Item, answer: str | None) -> str:
    if item.variant:
        return f"{item.var} = 变体答案({item.variant!r}, {TRAINEE_VAR})"
    return f"{item.var} = {answer!r}"


def answer_cell(item: Item, written: str, answer: str | None):
    expected = f'{item.var} = ""'
    first = written.strip().splitlines()[0] if written.strip() else ""
    if first.replace(" ", "") != expected.replace(" ", ""):
        raise SpecError(item.id, "answer line", f"答题行应为 {expected}，得到 {first!r}")
    source = (f'{expected}  # 在引号内填写{answers_label(item)}\n### BEGIN SOLUTION\n'
              + ("from tiaojie.grading.check import 变体答案\n" if item.variant else "")
              + f"{_answer_literal(item, answer)}\n### END SOLUTION")
    return nbformat.v4.new_code_cell(source, metadata=nbmeta(item.id, solution=True))


def answers_label(item: Item) -> str:
    return {"date": "日期", "choice": "选项字母", "number": "数字", "yesno": "是或否"}[item.kind]


def test_cell(item: Item, answer: str | None):
    expected = (f"_变体答案({item.variant!r}, {TRAINEE_VAR})" if item.variant else repr(answer))
    lines = ["# 运行本格检查格式（只检查格式，不显示对错）",
             "from tiaojie.grading.check import 检查格式",
             f"检查格式({item.var}, {item.kind!r})",
             "### BEGIN HIDDEN TESTS",
             "from tiaojie.grading.check import 规范 as _规范, 变体答案 as _变体答案",
             f"assert _规范({item.var}, {item.kind!r}) == {expected}",
             "### END HIDDEN TESTS"]
    return nbformat.v4.new_code_cell("\n".join(lines), metadata=nbmeta(
        f"{item.id}_test", grade=True, locked=True, points=item.points))


def variant_cell(item: Item):
    src = f"from tiaojie.grading.check import 显示变体\n显示变体({item.variant!r}, {TRAINEE_VAR})"
    return nbformat.v4.new_code_cell(src, metadata=nbmeta(f"{item.id}_show", locked=True))


def trainee_cell():
    src = (f'{TRAINEE_VAR} = ""  # 在引号内填写你的学员编号（与登录名一致）\n'
           f'### BEGIN SOLUTION\n{TRAINEE_VAR} = "示范答卷"\n### END SOLUTION')
    return nbformat.v4.new_code_cell(src, metadata=nbmeta(TRAINEE_ID, solution=True))


def manual_cells(task: ManualTask, written: str) -> list:
    rubric = [f"**评分标准：{task.title}**（共 {task.points:g} 分，由培训师人工评分）", "",
              "| 评分项 | 分值 |", "|---|---|"]
    rubric += [f"| {n}. {c.text} | {c.points:g} |" for n, c in enumerate(task.criteria, start=1)]
    cells = [nbformat.v4.new_markdown_cell("\n".join(rubric), metadata=nbmeta(f"{task.id}_rubric", locked=True)),
             nbformat.v4.new_markdown_cell(written, metadata=nbmeta(
                 task.id, grade=True, solution=True, points=task.criteria[0].points))]
    for n, c in enumerate(task.criteria[1:], start=2):
        cells.append(nbformat.v4.new_markdown_cell(
            f"评分项 {n}：{c.text}（{c.points:g} 分，培训师评分）",
            metadata=nbmeta(f"{task.id}_c{n}", grade=True, task=True, points=c.points)))
    return cells


def source_notebook(folder: Path, spec: Assignment):
    """The nbgrader source notebook (with solutions and hidden tests) for one assignment."""
    text_path = folder / f"{spec.id}.md"
    if not text_path.is_file():
        raise SpecError(folder, "(notebook)", f"缺少题目文本 {text_path.name}")
    computed = {it.id: answers.compute(it, spec.id) for it in spec.items if not it.variant}
    contexts = {qid: ctx for qid, (_, ctx) in computed.items()}
    nb = read_notebook(text_path)
    cells, seen = [], set()
    for n, cell in enumerate(nb.cells):
        if n == 1 and spec.variant_seeded:   # after the title and introduction
            cells.append(trainee_cell())
        gid, manual = cell.metadata.get("grade_id"), cell.metadata.get("manual")
        if cell.cell_type == "code" and gid:
            item = spec.item(gid)
            if item.variant:
                cells.append(variant_cell(item))
            answer = computed.get(gid, (None, None))[0]
            cells += [answer_cell(item, cell.source, answer), test_cell(item, answer)]
            seen.add(gid)
        elif cell.cell_type == "markdown" and manual:
            cells += manual_cells(spec.task(manual), _fill(cell.source, contexts, str(text_path)))
            seen.add(manual)
        else:
            src = _fill(cell.source, contexts, str(text_path)) if cell.cell_type == "markdown" else cell.source
            new = (nbformat.v4.new_markdown_cell if cell.cell_type == "markdown" else nbformat.v4.new_code_cell)
            cells.append(new(src, metadata=nbmeta(f"text_{n:02d}", locked=True)))
    missing = {i.id for i in spec.items} | {m.id for m in spec.manual}
    if missing - seen:
        raise SpecError(text_path, "(cells)", f"题目文本缺少答题格：{', '.join(sorted(missing - seen))}")
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    return out


def build(course: Course | None = None, only: list[str] | None = None, root: Path | None = None,
          progress=None) -> list[str]:
    """Build source notebooks and run ``generate_assignment`` for each; return assignment ids."""
    course = (course or Course.default()).ensure()
    root = root or sources_dir()
    folders = [d for d in assignment_dirs(root) if not only or d.name in only]
    unknown = set(only or ()) - {d.name for d in folders}
    if unknown:
        raise SpecError(root / "source", "assignment", f"没有作业：{', '.join(sorted(unknown))}")
    write_config_file(course)
    built = []
    for folder in folders:
        spec = load_spec(folder / "questions.yaml")
        dest = course.source / spec.id / f"{spec.id}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(folder, spec), dest)
        built.append(spec.id)
    nb_api = api(course)
    for aid in (progress(built) if progress else built):
        result = nb_api.generate_assignment(aid, force=True, create=True)
        if not result["success"]:
            log = [ln for ln in (result.get("log") or "").splitlines() if "ERROR" in ln or "Error" in ln]
            raise SpecError(course.source / aid, "generate_assignment", "; ".join(log[-5:]) or result.get("error", ""))
    enable_wal(course)
    return built
