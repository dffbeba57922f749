"""案例库浏览 app driven through its widgets (no browser): filter, open, toggle, escaping."""

from __future__ import annotations

import ipywidgets as W

from tiaojie.apps.casebank_explorer import build_app, case_html
from tiaojie.casebank import api

from casebank_helpers import write_case
from widget_tree import find


def test_filter_open_and_toggle(tmp_bank, model_data):
    ins = dict(model_data, id="ins-901", sector="insurance", title="保险测试案例")
    write_case(tmp_bank / "cases" / "insurance", ins)
    from tiaojie.core.identity import TRAINER, Viewer

    trainee_app = build_app()                 # a trainee has no trainer view to switch to
    assert [v for _, v in find(trainee_app, "tj-view-toggle").options] == ["trainee"]
    app = build_app(viewer=Viewer("培训师甲", TRAINER))
    assert isinstance(app, W.Widget)
    results, view, toggle = find(app, "tj-results"), find(app, "tj-case-view"), find(app, "tj-view-toggle")
    assert [v for _, v in results.options] == ["bnk-901", "ins-901"]
    find(app, "tj-filter-sector").value = "insurance"
    assert [v for _, v in results.options] == ["ins-901"]
    results.value = "ins-901"
    secret = model_data["confidential"]["institution"]["facts"][1]["text"]
    for heading in ("基本案情", "当事人", "证据", "适用规则", "程序要点（期限由规则计算）", "典型意义", "讨论题"):
        assert heading in view.value
    assert "本案例人物、机构均为虚构" in view.value and secret not in view.value
    toggle.value = "trainer"
    assert secret in view.value and "书面纠纷解决意见" in view.value and "培训师备注" in view.value
    toggle.value = "trainee"
    assert secret not in view.value


def test_case_text_is_escaped(tmp_bank, model_data):
    data = dict(model_data, id="bnk-907", facts_known_to_all="<script>alert(1)</script>刘某琴的案情")
    write_case(tmp_bank / "cases" / "banking", data)
    html = case_html(api.load(checks=False).get("bnk-907"), trainer=True)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_explorer_fills_rule_placeholders_from_the_configuration_in_force(config_data, make_config):
    from tiaojie.core.settings import Settings, use_settings

    default = case_html(api.get("lf-001"), trainer=True)
    assert "委托调解期限7日" in default and "{rule:" not in default
    config_data["court"]["court_entrusted"]["simple"]["days"] = 12
    path, _ = make_config(config_data)
    with use_settings(Settings.load(config_file=path)):
        other = case_html(api.get("lf-001"), trainer=True)
    assert "委托调解期限12日" in other and "2026年6月1日期限届满前" in other   # 5月30日 is a Saturday
    assert "委托调解期限7日" not in other and "只有12日" in other
