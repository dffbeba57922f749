"""What an app's notebook cell shows when the app cannot be built: the page's message area with
one line naming the file and field (a broken configuration), or, for a bug, where its report went
— never the server's generic error page with nothing to act on."""

from __future__ import annotations

import yaml

from app_errors_helpers import assert_bug_reported, boom, crash_reports, shown_error
from tiaojie.apps import deadline_calculator, trainer_dashboard
from tiaojie.apps.access import trainer_only
from tiaojie.apps.boundary import app_page
from tiaojie.core.identity import Viewer


def test_a_broken_configuration_is_named_on_the_page(config_data, tmp_path, data_dir, monkeypatch):
    config_data["court"]["court_assigned"]["days"] = True          # a boolean is not a number
    path = tmp_path / "我的配置.yaml"
    path.write_text(yaml.safe_dump(config_data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("TIAOJIE_CONFIG", str(path))
    text = shown_error(app_page(deadline_calculator.build_app))
    assert str(path) in text and "court.court_assigned.days" in text and not crash_reports(data_dir)


def test_a_bug_while_building_says_where_the_report_is(data_dir, monkeypatch):
    monkeypatch.setattr(trainer_dashboard, "cohort_html", boom)
    monkeypatch.setattr("tiaojie.apps.access.current_viewer", lambda _env=None: Viewer("王某", "trainer"))
    assert_bug_reported(app_page(trainer_only, trainer_dashboard.build_app), data_dir)


def test_an_app_that_builds_is_returned_as_it_is(data_dir):
    page = app_page(deadline_calculator.build_app)
    assert "tj-error" not in str(page.children[0].value) and len(page.children) == 3
