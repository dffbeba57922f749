"""期限计算器 behind the error boundary: a field error names the field by its label on the form;
a bug shows one line and leaves a crash report; the next good click shows the result again."""

from __future__ import annotations

import ipywidgets as W
from app_errors_helpers import assert_bug_reported, boom, crash_reports, shown_error

from tiaojie import rules
from tiaojie.apps.deadline_calculator import build_app


def _tab(app, title: str) -> W.VBox:
    tabs = next(c for c in app.children if isinstance(c, W.Tab))
    return tabs.children[[tabs.get_title(i) for i in range(len(tabs.children))].index(title)]


def _button_and_out(tab: W.VBox) -> tuple[W.Button, W.HTML]:
    button = next(c for c in tab.children if isinstance(c, W.Button))
    return button, tab.children[-1]


def test_a_field_error_names_the_field_in_chinese_and_escapes(data_dir, monkeypatch):
    tab = _tab(build_app(), "程序分流")
    button, out = _button_and_out(tab)
    tab.children[0].value = -5                                      # 标的金额
    button.click()
    text = shown_error(out)
    assert text.startswith("输入有误（标的金额）") and "amount" not in text
    assert 'data-field="amount"' in out.value

    def hostile(_attrs):
        raise rules.RulesInputError("sector", "<script>alert(1)</script>不是已知领域")

    monkeypatch.setattr(rules, "assign_track", hostile)
    tab.children[0].value = 3000
    button.click()
    assert shown_error(out).startswith("输入有误（领域）：<script>")   # shown as text ...
    assert "&lt;script&gt;" in out.value and "<script>" not in out.value   # ... never as markup
    assert not crash_reports(data_dir)


def test_a_missing_start_date_is_a_field_error(data_dir):
    tab = _tab(build_app(), "调解期限")
    button, out = _button_and_out(tab)
    next(c for c in tab.children if isinstance(c, W.DatePicker)).value = None
    button.click()
    assert shown_error(out) == "输入有误（起算日）：请选择起算日"
    assert 'data-field="start"' in out.value


def test_a_bug_is_one_line_with_a_report_and_the_next_click_recovers(data_dir, monkeypatch):
    tab = _tab(build_app(), "程序分流")
    button, out = _button_and_out(tab)
    real = rules.assign_track
    monkeypatch.setattr(rules, "assign_track", boom)
    button.click()
    assert_bug_reported(out, data_dir)
    monkeypatch.setattr(rules, "assign_track", real)
    button.click()
    assert "tj-error" not in out.value and "小额快速" in out.value


def test_an_expected_os_error_is_one_line_without_a_report(data_dir, monkeypatch):
    tab = _tab(build_app(), "小额与司法确认")
    button, out = _button_and_out(tab)

    def disk_full(_day):
        raise OSError(28, "No space left on device", "/data/holidays.yaml")

    monkeypatch.setattr(rules, "proposal_deadline", disk_full)
    button.click()
    text = shown_error(out)
    assert text.startswith("文件或目录操作失败") and "/data/holidays.yaml" in text
    assert not crash_reports(data_dir)
