"""人员规划, 培训师看板 and the course self-check behind the error boundary: each callback that
fails shows one escaped Chinese line in the page's message area; a bug leaves a crash report."""

from __future__ import annotations

import pytest
from app_errors_helpers import assert_bug_reported, boom, crash_reports, shown_error

from tiaojie.apps import trainer_dashboard
from tiaojie.apps.staffing_planner import PlannerApp
from tiaojie.core.errors import CalendarCoverageError, ContentError, RulesInputError
from tiaojie.course import page
from tiaojie.records import Records
from tiaojie.sim import planning


@pytest.fixture
def planner(data_dir):
    app = PlannerApp()
    app.widget()
    return app


def test_planner_field_error_is_named_by_its_control(planner, data_dir, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise RulesInputError("productive_share", "应在 0 与 1 之间（得到 <1.5>）")

    monkeypatch.setattr(planning, "run_replications", refuse)
    planner.run_btn.click()
    assert shown_error(planner.status) == "输入有误（可办案工时比例）：应在 0 与 1 之间（得到 <1.5>）"
    assert "&lt;1.5&gt;" in planner.status.value and "仿真中" not in planner.status.value
    assert not crash_reports(data_dir)


def test_planner_bug_on_a_slider_is_reported_then_cleared(planner, data_dir, monkeypatch):
    real = planning.erlang_table
    monkeypatch.setattr(planning, "erlang_table", boom)
    planner.demand.value = 1.5
    assert_bug_reported(planner.status, data_dir)
    monkeypatch.setattr(planning, "erlang_table", real)
    planner.demand.value = 1.2
    assert planner.status.value == "" and "Erlang C" in planner.erlang_out.value


@pytest.fixture
def dashboard(data_dir):
    records = Records()
    for name in ("甲某", "乙某"):
        records.module_opened(name, "01-orientation")
    app = trainer_dashboard.build_app()
    pick = next(c for c in app.children if getattr(c, "description", "") == "学员")
    return app, pick, next(c for c in app.children if "tj-messages" in c._dom_classes)


def test_dashboard_file_error_names_file_and_field(dashboard, data_dir, monkeypatch):
    _app, pick, area = dashboard

    def broken(*_):
        raise ContentError("grading/outcomes.jsonl", "score", "应为数字，得到“<满分>”")

    monkeypatch.setattr(trainer_dashboard, "trainee_html", broken)
    pick.value = "乙某" if pick.value == "甲某" else "甲某"
    assert shown_error(area) == "grading/outcomes.jsonl: score: 应为数字，得到“<满分>”"
    assert "&lt;满分&gt;" in area.value and not crash_reports(data_dir)


def test_dashboard_bug_is_reported(dashboard, data_dir, monkeypatch):
    _app, pick, area = dashboard
    monkeypatch.setattr(trainer_dashboard, "trainee_html", boom)
    pick.value = "乙某" if pick.value == "甲某" else "甲某"
    assert_bug_reported(area, data_dir)


@pytest.fixture
def question(data_dir):
    panel = page.self_check("08-small-claims", trainee="学员甲", records=Records())
    return panel.children[1]


def test_selfcheck_question_error_shows_as_feedback(question, data_dir, monkeypatch):
    def uncovered(self):
        raise CalendarCoverageError("start", "2031 年的节假日安排尚未收录<请更新配置>")

    monkeypatch.setattr(type(question.question), "expected", uncovered)
    question.input.value = question.input.options[0]
    question.button.click()
    assert shown_error(question.feedback) == "start: 2031 年的节假日安排尚未收录<请更新配置>"
    assert "&lt;请更新配置&gt;" in question.feedback.value
    assert not crash_reports(data_dir)


def test_selfcheck_record_bug_is_reported(question, data_dir, monkeypatch):
    monkeypatch.setattr(Records, "selfcheck", boom)
    question.input.value = question.input.options[0]
    question.button.click()
    assert_bug_reported(question.feedback, data_dir)


class KernelShell:
    """What an ``ipywidgets.Output`` context sees of IPython inside a kernel: a shell that prints a
    traceback into the output (the Output then swallows the exception)."""

    def __init__(self):
        self.tracebacks = []

    def showtraceback(self, exc_tuple, tb_offset=0):
        self.tracebacks.append(exc_tuple)


def test_planner_chart_failure_reaches_the_boundary_not_the_output(planner, data_dir, monkeypatch):
    import ipywidgets.widgets.widget_output as widget_output

    from tiaojie.sim import plots

    shell = KernelShell()
    monkeypatch.setattr(widget_output, "get_ipython", lambda: shell)
    monkeypatch.setattr(plots, "compliance_curve", boom)
    planner.reps.value = 2
    planner.staff_btn.click()
    assert_bug_reported(planner.status, data_dir)
    assert shell.tracebacks == [] and planner.charts.outputs == ()
