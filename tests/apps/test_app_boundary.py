from __future__ import annotations

import ipywidgets as W

from tiaojie.apps.boundary import Alerts, guard, html_notifier
from tiaojie.core.errors import RulesInputError


def test_user_errors_show_one_escaped_line_naming_the_field():
    box = W.HTML()

    def bad():
        raise RulesInputError("start", "“<script>”不是有效日期")

    assert guard(bad, html_notifier(box))() is None
    assert "start" in box.value and "&lt;script&gt;" in box.value and "<script>" not in box.value
    assert 'role="alert"' in box.value and 'data-field="start"' in box.value


def test_a_labelled_field_is_named_as_the_form_names_it():
    box = W.HTML()

    def bad():
        raise RulesInputError("amount", "不能为负数")

    guard(bad, html_notifier(box), {"amount": "标的金额"})()
    assert "输入有误（标的金额）：不能为负数" in box.value and ">amount" not in box.value


def test_alerts_clear_an_old_error_but_keep_a_result():
    area = W.HTML()
    alerts = Alerts(area)
    calls = []

    def flaky(fail):
        calls.append(fail)
        if fail:
            raise RulesInputError("start", "请选择起算日")
        area.value = "结果"

    alerts.wrap(flaky)(True)
    assert "tj-error" in area.value
    alerts.wrap(flaky)(False)
    assert area.value == "结果"
    alerts.wrap(lambda: None)()
    assert area.value == "结果" and calls == [True, False]


def test_a_bug_is_reported_with_a_saved_report(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path))
    seen = []

    def buggy(x):
        return {}[x]

    guard(buggy, lambda message, field: seen.append(message))("missing")
    assert len(seen) == 1 and "内部错误" in seen[0] and "KeyError" in seen[0]
    reports = list((tmp_path / "crash-reports").glob("*.txt"))
    assert len(reports) == 1 and "KeyError" in reports[0].read_text(encoding="utf-8")


def test_a_good_callback_passes_its_result_through():
    assert guard(lambda a, b=1: a + b, lambda m, f: None)(2, b=3) == 5
