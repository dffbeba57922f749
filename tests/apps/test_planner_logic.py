"""人员规划 app logic without a browser: progress, binding in words, save/compare/export.
(The browser test drives the same app in real Voilà.)"""

import base64

from tiaojie.apps.staffing_planner import PlannerApp


def test_planner_search_progress_binding_and_exports():
    app = PlannerApp()
    app.widget()
    app.preset.value = "city"
    app.reps.value = 8
    before = app.erlang_out.value
    app.share.value = 0.8                       # absence raises the load shown at once
    assert app.erlang_out.value != before and "可办案工时比例 80%" in app.erlang_out.value
    app.save()
    assert "请先" in app.status.value           # nothing to save yet
    app.run_staff()
    assert "轮候选" in app.progress_text.value and app.progress.value == app.progress.max
    assert "95% 置信区间下限须达到目标" in app.binding.value
    assert all(s.max >= s.value for s in app.ft)
    app.save()
    app.run_sim()
    assert "期限内办结率" in app.results.value and "仿真" in app.progress_text.value
    app.save()
    assert app.compare_out.value.count("<tr") == 3             # header + two saved scenarios
    app.export_csv()
    href = app.export_out.value.split("href='")[1].split("'")[0]
    text = base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("情景名称") and len(text.splitlines()) == 3
    app.export_png()
    assert "data:image/png;base64," in app.export_out.value


def test_planner_surge_mode_reports_temporary_staff():
    app = PlannerApp()
    app.preset.value = "city"
    app.reps.value = 3
    app.ft[0].value = max(0, app.ft[0].value - 2)
    app.vary.value = "surge"
    app.window.value = (70, 434)                 # on duty for the whole measured year
    app.run_staff()
    assert "tj-error" not in app.status.value, app.status.value
    assert "冲击期临时" in app.results.value
