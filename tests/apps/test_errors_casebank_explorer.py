"""案例库浏览 behind the error boundary: opening a case that cannot be shown says so in the app's
message area, one escaped Chinese line; a bug also leaves a crash report."""

from __future__ import annotations

import pytest
from app_errors_helpers import assert_bug_reported, boom, crash_reports, shown_error
from widget_tree import find

from tiaojie.apps import casebank_explorer
from tiaojie.core.errors import ContentError, RulesInputError


@pytest.fixture
def explorer(data_dir):
    app = casebank_explorer.build_app()
    return app, find(app, "tj-results"), find(app, "tj-messages")


def _open_first(results):
    results.value = None
    results.value = results.options[0][1]


def test_a_case_file_error_names_file_and_field(explorer, data_dir, monkeypatch):
    _app, results, area = explorer

    def broken(case, trainer=False):
        raise ContentError("casebank/bnk-001.yaml", "facts_known_to_all", "<i>不能为空</i>")

    monkeypatch.setattr(casebank_explorer, "case_html", broken)
    _open_first(results)
    text = shown_error(area)
    assert text == "casebank/bnk-001.yaml: facts_known_to_all: <i>不能为空</i>"
    assert "&lt;i&gt;" in area.value and 'data-field="facts_known_to_all"' in area.value
    assert not crash_reports(data_dir)


def test_a_bug_is_reported_and_cleared_by_the_next_good_action(explorer, data_dir, monkeypatch):
    app, results, area = explorer
    real = casebank_explorer.case_html
    monkeypatch.setattr(casebank_explorer, "case_html", boom)
    _open_first(results)
    assert_bug_reported(area, data_dir)
    monkeypatch.setattr(casebank_explorer, "case_html", real)
    results.value = results.options[1][1]
    assert area.value == "" and results.value in find(app, "tj-case-view").value


def test_a_refused_filter_value_is_one_line_naming_the_filter(explorer, data_dir, monkeypatch):
    app, _results, area = explorer
    bank_type = type(casebank_explorer.api.load(checks=False))

    def refuse(self, **_):
        raise RulesInputError("competency", "未知取值“火星”；可选：…")

    monkeypatch.setattr(bank_type, "filter", refuse)
    find(app, "tj-filter-sector").value = find(app, "tj-filter-sector").options[1][1]
    assert shown_error(area) == "输入有误（能力）：未知取值“火星”；可选：…" and not crash_reports(data_dir)
