"""情景演练 behind the error boundary: the start button, the choice buttons and the PDF button
show one escaped Chinese line in the app's message area; a bug leaves a crash report; a choice
made in another tab refreshes this one and says so; the same holds on a practice page and for
the bare role-play widget of the curriculum notebooks."""

from __future__ import annotations

import sqlite3

import pytest
from app_errors_helpers import assert_bug_reported, boom, crash_reports, shown_error
from widget_tree import find

from tiaojie.apps import roleplay_app
from tiaojie.apps.practice_page import practice_page
from tiaojie.apps.roleplay_app import RoleplayApp
from tiaojie.core.identity import Viewer
from tiaojie.roleplay.practice import Practice
from tiaojie.roleplay.store import Store
from tiaojie.roleplay.widget import RoleplayWidget


@pytest.fixture
def store(data_dir):
    return Store(data_dir / "roleplay.sqlite")


def _app(store, name="甲某"):
    return RoleplayApp(store, case_ids=["bnk-001"], viewer=Viewer(name))


def _choose(app):
    """Click the first choice button on screen, as a trainee would."""
    app.stage.children[0].choice_box.children[0].click()


def test_starting_without_a_case_names_the_case_field(store, data_dir):
    app = _app(store)
    app.case.options = []
    app.start_btn.click()
    assert shown_error(app.alerts.area) == "请先选择案例。"
    assert 'data-field="case"' in app.alerts.area.value and not crash_reports(data_dir)
    app.restart_btn.click()
    assert shown_error(app.alerts.area) == "请先选择案例。"


def test_a_bug_on_start_is_one_line_with_a_report(store, data_dir, monkeypatch):
    app = _app(store)
    monkeypatch.setattr(roleplay_app, "RoleplayWidget", boom)
    app.start_btn.click()
    assert_bug_reported(app.alerts.area, data_dir)
    assert app.stage.children == ()


def test_a_database_error_on_a_choice_is_one_line_and_the_step_is_not_lost(store, data_dir, monkeypatch):
    app = _app(store)
    app.start_btn.click()
    real = Store.add_step

    def locked(self, *args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "add_step", locked)
    _choose(app)
    assert shown_error(app.alerts.area).startswith("数据库错误") and not crash_reports(data_dir)
    assert len(app.stage.children[0].practice.state.steps) == 0
    monkeypatch.setattr(Store, "add_step", real)
    _choose(app)                                         # the same choice again, now saved
    assert app.alerts.area.value == "" and store.unfinished("甲某", "bnk-001").steps == 1


def test_a_choice_made_in_another_tab_refreshes_this_one_and_says_so(store, data_dir):
    first, second = _app(store), _app(store)
    first.start_btn.click()
    second.start_btn.click()                             # resumes the same attempt
    _choose(first)
    _choose(second)
    text = shown_error(second.alerts.area)
    assert "另一个窗口" in text and "未保存" in text and not crash_reports(data_dir)
    assert second.stage.children[0].chat.value == first.stage.children[0].chat.value   # redrawn
    assert store.unfinished("甲某", "bnk-001").steps == 1


def test_a_failing_pdf_is_reported_and_the_button_works_again(store, data_dir, monkeypatch):
    app = _app(store)
    app.start_btn.click()
    widget = app.stage.children[0]
    while not widget.practice.over:
        _choose(app)
    from tiaojie.apps import debrief_pdf

    monkeypatch.setattr(debrief_pdf, "debrief_pdf", boom)   # the app imports it when asked for a PDF
    button = find(app.pdf_box, "tj-pdf")
    button.click()
    assert_bug_reported(app.alerts.area, data_dir)
    assert not button.disabled and button.description == "生成复盘 PDF"


def test_the_bare_widget_of_a_curriculum_notebook_shows_errors_itself(store, data_dir, monkeypatch):
    app = _app(store)
    case, script = app.cases["bnk-001"]
    widget = RoleplayWidget(Practice.begin(script, case, store, "乙某", None))
    monkeypatch.setattr(Practice, "choose", boom)
    widget.choice_box.children[0].click()
    assert_bug_reported(find(widget, "tj-messages"), data_dir)


def test_a_practice_page_shows_errors_in_its_role_play_area(data_dir, monkeypatch):
    app = find(practice_page("bnk-001"), RoleplayApp)
    monkeypatch.setattr(roleplay_app, "RoleplayWidget", boom)
    app.start_btn.click()
    assert_bug_reported(app.alerts.area, data_dir)


@pytest.mark.parametrize("typed", ["-1", "abc", "4294967296", "1.5"])
def test_a_bad_variant_seed_is_refused_before_anything_is_abandoned(store, data_dir, typed):
    app = _app(store)
    app.start_btn.click()
    first = store.unfinished("甲某", "bnk-001").id
    app.seed.value = typed
    app.ask_restart()
    app.confirm.children[1].click()                      # 确定放弃
    assert shown_error(app.alerts.area).startswith("输入有误（变体种子）")
    assert store.unfinished("甲某", "bnk-001").id == first and not crash_reports(data_dir)
    app.seed.value = "7"
    app.start_btn.click()                                # resumes; the good seed is accepted
    assert app.alerts.area.value == "" and "已恢复" in app.message.value


def test_an_attempt_whose_script_changed_is_closed_and_the_trainee_told(store, data_dir, monkeypatch):
    from tiaojie.core.errors import EngineError

    app = _app(store)
    app.start_btn.click()
    _choose(app)
    first = store.unfinished("甲某", "bnk-001").id

    def changed(*_args):
        raise EngineError("choice 'x' is not available at node 'opening'")

    monkeypatch.setattr(Practice, "resume", changed)
    later = _app(store)                                  # e.g. the page reloaded after an update
    later.start_btn.click()
    assert f"未完成的演练 #{first} 因演练脚本已更新无法恢复，已关闭" in later.message.value
    assert store.attempt(first).ending_type == "abandoned"
    assert store.unfinished("甲某", "bnk-001").id != first and later.alerts.area.value == ""


def test_a_huge_pasted_value_gives_a_short_line(store, data_dir):
    from tiaojie.core.widget_boundary import MAX_SHOWN

    app = _app(store)
    app.seed.value = "<b>" * 100_000
    app.start_btn.click()
    text = shown_error(app.alerts.area)
    assert text.startswith("输入有误（变体种子）") and len(text) == MAX_SHOWN and text.endswith("…")
    assert "<b>" not in app.alerts.area.value
