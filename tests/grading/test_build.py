"""The built course: answers from the rules and the case bank, releases without solutions."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from tiaojie.casebank.deadlines import mediation_deadline
from tiaojie.grading import variants
from tiaojie.grading.spec import SpecError, load_spec

ASSIGNMENTS = ("a01-framework", "a02-ethics", "a03-procedure", "a04-technique", "a05-communication",
               "a06-law", "a07-confirmation", "a08-small-claims", "a09-improvement", "a10-outreach",
               "a11-online", "a12-agents", "a13-institution", "a14-planning", "a15-trainer")


def _cells(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def _expected(course, assignment, item):
    nb = nbformat.read(course.source / assignment / f"{assignment}.ipynb", as_version=4)
    m = re.search(r"assert _规范\(.*?\) == '(.*?)'", _cells(nb)[f"{item}_test"].source)
    return m[1]


def test_every_assignment_built_into_source_and_release(course):
    built = sorted(p.name for p in course.release.iterdir())
    assert built == list(ASSIGNMENTS) and len(built) >= 8


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_hidden_tests_or_answers(course, assignment):
    release = nbformat.read(course.release / assignment / f"{assignment}.ipynb", as_version=4)
    text = nbformat.writes(release)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "_规范" not in text
    for gid, cell in _cells(release).items():
        meta = cell.metadata["nbgrader"]
        if meta.get("solution") and cell.cell_type == "code":
            assert re.fullmatch(r'(答案_\w+|学员编号) = ""  # .*\n?', cell.source), cell.source
        if meta.get("solution") and cell.cell_type == "markdown":
            assert "双击本格" in cell.source


def test_manual_tasks_have_points_per_criterion(course):
    release = nbformat.read(course.release / "a07-confirmation" / "a07-confirmation.ipynb", as_version=4)
    cells = _cells(release)
    criteria = [cells["m1"]] + [cells[f"m1_c{n}"] for n in (2, 3, 4)]
    assert [c.metadata["nbgrader"]["points"] for c in criteria] == [3.0, 4.0, 2.0, 3.0]
    assert all(c.metadata["nbgrader"].get("task") for c in criteria[1:])
    assert "评分标准" in cells["m1_rubric"].source


def test_answers_come_from_the_rules_and_the_case_bank(course):
    from tiaojie.casebank import api
    from tiaojie.rules import compute_deadline, proposal_deadline

    assert _expected(course, "a03-procedure", "q1") == compute_deadline(
        "委托", "2026-09-28", court_procedure="简易").due_date.isoformat()
    assert _expected(course, "a08-small-claims", "q1") == proposal_deadline("2026-03-02").due_date.isoformat()
    assert _expected(course, "a04-technique", "q5") == mediation_deadline(api.get("sec-001")).due_date.isoformat()


def test_changed_configuration_changes_the_built_answer(tmp_path, settings_in_force):
    from tiaojie.core.settings import get_settings, use_settings
    from tiaojie.grading.build import source_notebook
    from tiaojie.grading.paths import sources_dir

    data = yaml.safe_load(open(get_settings().config_file, encoding="utf-8"))
    data["court"]["court_entrusted"]["simple"]["days"] += 20   # past the National Day holiday
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    folder = sources_dir() / "source" / "a03-procedure"
    before = _cells(source_notebook(folder, load_spec(folder / "questions.yaml")))["q1_test"].source
    with use_settings(get_settings().model_copy(update={"config_file": path})):
        after = _cells(source_notebook(folder, load_spec(folder / "questions.yaml")))["q1_test"].source
    assert before != after


def test_source_notebooks_pass_their_own_hidden_tests(course):
    """Every solution satisfies its hidden test: all nine source notebooks, run in one kernel."""
    from nbclient import NotebookClient

    from tiaojie.core.notebooks import ipc_kernel_config

    cells = []
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(course.source / assignment / f"{assignment}.ipynb", as_version=4)
        for c in nb.cells:
            if c.cell_type == "code":
                c.metadata["assignment"] = assignment
                cells.append(c)
    combined = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    with ipc_kernel_config() as config:
        NotebookClient(combined, timeout=60, allow_errors=True, config=config).execute()
    errors = [(c.metadata["assignment"], c.metadata["nbgrader"]["grade_id"], o.get("evalue"))
              for c in combined.cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert sum(1 for c in combined.cells if "BEGIN HIDDEN TESTS" in c.source) == 74   # every autograded item


def test_variants_differ_by_trainee_and_answers_follow_the_facts():
    from tiaojie.rules import compute_deadline

    texts = {t: variants.render("self_received_deadline", t) for t in ("甲01", "乙02", "丙03")}
    assert len(set(texts.values())) == 3
    for trainee, text in texts.items():
        y, m, d = map(int, re.search(r"于(\d{4})年(\d+)月(\d+)日受理", text).groups())
        track = re.search(r"按(\S+?)调解程序", text)[1]
        due = compute_deadline("自收", f"{y}-{m:02d}-{d:02d}", track=track).due_date.isoformat()
        assert variants.answer("self_received_deadline", trainee) == due
        assert "某" in text and "（虚构）" in text
    with pytest.raises(ValueError, match="学员编号为空"):
        variants.answer("track_choice", " ")


def _question_file(tmp_path, aid: str, item: dict):
    folder = tmp_path / aid
    folder.mkdir()
    (folder / "questions.yaml").write_text(yaml.safe_dump(
        {"id": aid, "title": "坏", "module": "x", "items": [{"id": "q1", "points": 1, **item}]},
        allow_unicode=True), encoding="utf-8")
    return folder


def test_bad_question_file_names_file_and_field(tmp_path):
    folder = _question_file(tmp_path, "a99-bad", {"kind": "date", "competency": "cooking", "answer": {"deadline": {}}})
    with pytest.raises(SpecError) as err:
        load_spec(folder / "questions.yaml")
    assert "questions.yaml" in str(err.value) and "items.0" in err.value.field and "cooking" in err.value.message


def test_unknown_placeholder_and_missing_answer_cell_are_reported(tmp_path):
    from tiaojie.grading.build import source_notebook

    folder = _question_file(tmp_path, "a98-bad", {"kind": "choice", "competency": "law", "options": ["甲", "乙"],
                                                  "answer": {"key": "A"}})
    head = "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n---\n"
    (folder / "a98-bad.md").write_text(head + "\n# 题\n\n{{q1.nothing}}\n", encoding="utf-8")
    spec = load_spec(folder / "questions.yaml")
    with pytest.raises(SpecError, match="q1.nothing"):
        source_notebook(folder, spec)
    (folder / "a98-bad.md").write_text(head + "\n# 题\n\n{{q1.options}}\n", encoding="utf-8")
    with pytest.raises(SpecError, match="缺少答题格：q1"):
        source_notebook(folder, spec)


def test_every_assignment_is_an_assessment_of_the_course_file_with_its_module():
    from tiaojie.course.loader import load_course
    from tiaojie.grading.paths import sources_dir
    from tiaojie.grading.spec import load_all

    declared = {a.id: a.module for a in load_course().assessments}
    built = {aid: spec.module for aid, spec in load_all(sources_dir()).items()}
    assert {aid: declared.get(aid) for aid in built} == built
    assert set(declared) == set(built)   # every assessment the course file names can be built
